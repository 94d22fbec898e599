"""managed_device_action under throttling, faults and expiring tokens, against the simulator."""

from __future__ import annotations

import time

from graphsim import seed
from playbook import run, sim_defaults

MODULE = "intune.graph.managed_device_action"
EXECUTE = "/beta/deviceManagement/managedDevices/executeAction"
IDS = [seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID]


def statuses(sim, path=EXECUTE):
    return [e["status"] for e in sim.log.entries() if e["method"] == "POST" and e["path"] == path]


def token_requests(sim):
    return [e for e in sim.log.entries() if e["path"].endswith("/oauth2/v2.0/token")]


def sync(sim, tmp_path, **extra):
    """Two chunks of one device, sent one after the other so the log's order is the story."""
    args = dict(action="sync_device", device_ids=IDS, batch_size=1, concurrency=1)
    return run(tmp_path, MODULE, dict(args, **extra), defaults=sim_defaults(sim))


def test_throttled_then_success_honours_retry_after(sim, tmp_path):
    sim.configure(throttle={"writes": (1, 1.0)})
    result, _done = sync(sim, tmp_path)
    assert statuses(sim) == [200, 429, 200]
    throttled, retried = [e for e in sim.log.entries() if e["path"] == EXECUTE][1:]
    assert retried["time"] - throttled["time"] >= 0.9  # waited for Retry-After: 1
    assert result["successful_device_ids"] == IDS and not result.get("failed")


def test_throttled_without_retry_after_backs_off(sim, tmp_path):
    sim.configure(throttle={"writes": (1, 1.0), "retry_after": False})
    result, _done = sync(sim, tmp_path)
    assert statuses(sim)[0] == 200 and statuses(sim)[-1] == 200
    assert 429 in statuses(sim)
    assert result["successful_device_ids"] == IDS and not result.get("failed")


def test_503_then_success(sim, tmp_path):
    sim.configure(faults=[{"kind": "status", "status": 503, "count": 1, "path": "executeAction"}])
    result, _done = sync(sim, tmp_path)
    assert statuses(sim) == [503, 200, 200]
    assert result["successful_device_ids"] == IDS


def test_throttled_for_good_reports_the_chunk_failed_with_the_reason(sim, tmp_path):
    sim.configure(faults=[{"kind": "status", "status": 503, "count": None, "retry_after": 1,
                           "path": "executeAction"}])
    result, _done = sync(sim, tmp_path, max_retries=1)
    assert statuses(sim) == [503, 503, 503, 503]  # each chunk: one try, one retry
    assert result["failed"] is True
    assert result["failed_device_ids"] == IDS
    assert "HTTP 503 ServiceUnavailable" in result["msg"] and "request-id" in result["msg"]


def test_504_on_an_action_is_not_sent_again(sim, tmp_path):
    sim.configure(faults=[{"kind": "status", "status": 504, "count": 1, "path": "executeAction"}])
    result, _done = sync(sim, tmp_path)
    assert statuses(sim) == [504, 200]
    assert result["failed_device_ids"] == [IDS[0]]
    assert result["successful_device_ids"] == [IDS[1]]
    assert result["failed"] is True
    assert "outcome unknown: executeAction syncDevice failed: HTTP 504" in result["msg"]


def test_outcome_unknown_counts_as_changed(sim, tmp_path):
    sim.configure(faults=[{"kind": "status", "status": 504, "count": 1, "path": "executeAction"}])
    result, _done = run(tmp_path, MODULE, {"action": "wipe", "device_ids": IDS},
                        defaults=sim_defaults(sim))
    assert result["successful_device_ids"] == [] and result["failed_device_ids"] == IDS
    assert result["changed"] is True and result["failed"] is True  # the wipe may have happened


def test_look_ups_are_retried_after_a_dropped_connection(sim, tmp_path):
    sim.configure(faults=[{"kind": "drop", "count": 1, "path": "$batch"}])
    result, _done = run(tmp_path, MODULE, {"action": "wipe", "device_ids": IDS},
                        defaults=sim_defaults(sim), check=True)
    assert [e["status"] for e in sim.log.entries() if e["path"] == "/beta/$batch"] == [None, 200]
    assert result["would_act_device_ids"] == IDS and not result.get("failed")


def test_a_tls_failure_is_not_an_unknown_outcome(sim, tmp_path):
    token, _expires = sim.issue_token()
    result, _done = run(tmp_path, MODULE, {
        "action": "wipe", "device_ids": IDS, "access_token": token, "graph_url": sim.graph_url,
        "ca_path": "/etc/ssl/certs/ca-certificates.crt"})
    assert result["failed"] is True and result["changed"] is False
    assert "outcome unknown" not in result["msg"]
    assert "CERTIFICATE_VERIFY_FAILED" in result["msg"] and "set ca_path" in result["msg"]
    assert statuses(sim) == []


def test_dropped_connection_after_send_is_outcome_unknown_and_not_resent(sim, tmp_path):
    sim.configure(faults=[{"kind": "drop", "count": 1, "path": "executeAction"}])
    result, _done = run(tmp_path, MODULE, {"action": "wipe", "device_ids": IDS},
                        defaults=sim_defaults(sim))
    assert len(statuses(sim)) == 1  # one POST, never a second wipe
    assert result["failed"] is True
    assert result["failed_device_ids"] == IDS
    assert "outcome unknown" in result["msg"]
    # the simulator carried the wipe out: that is why it must not be sent twice
    assert sim.store.get_device(IDS[0])["managementState"] == "wipePending"


def test_response_slower_than_timeout_is_outcome_unknown(sim, tmp_path):
    sim.configure(faults=[{"kind": "slow", "seconds": 3, "count": 1, "path": "executeAction"}])
    result, _done = run(tmp_path, MODULE, {"action": "retire", "device_ids": IDS, "timeout": 1},
                        defaults=sim_defaults(sim))
    deadline = time.monotonic() + 10
    while not statuses(sim) and time.monotonic() < deadline:  # the late answer is logged when sent
        time.sleep(0.1)
    assert statuses(sim) == [200]
    assert result["failed_device_ids"] == IDS and "outcome unknown" in result["msg"]


def test_expired_token_mid_run_gets_one_fresh_token(sim, tmp_path):
    # The first answer comes late, after the token has expired: the second chunk gets a 401.
    sim.configure(token_lifetime=1, faults=[{"kind": "slow", "seconds": 1.5, "count": 1,
                                             "path": "executeAction"}])
    result, _done = sync(sim, tmp_path)
    assert statuses(sim) == [200, 401, 200]
    assert len(token_requests(sim)) == 2
    assert result["successful_device_ids"] == IDS
