"""Re-running a playbook acts once (skip_pending); waiting for actions to finish (wait)."""

from __future__ import annotations

import pytest

from graphsim import seed
from playbook import run, run_many, sim_defaults

MODULE = "intune.graph.managed_device_action"
EXECUTE = "/beta/deviceManagement/managedDevices/executeAction"


def posts(sim):
    return [e["body"]["deviceIds"] for e in sim.log.entries() if e["path"] == EXECUTE]


def reads(sim):
    return [e for e in sim.log.entries() if e["path"].startswith("/beta/") and e["path"] != EXECUTE
            and "via" not in e]


@pytest.mark.parametrize("action, extra, reason", [
    ("retire", {}, "managementState is retirePending"),
    ("wipe", {"keep_user_data": True}, "managementState is wipePending"),
    ("delete", {}, "managementState is deletePending"),
    ("sync_device", {"skip_pending": True}, "syncDevice is already pending"),
])
def test_second_run_is_unchanged_and_sends_no_post(sim, tmp_path, action, extra, reason):
    sim.configure(action_done_after=60)
    ids = [seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID]
    args = dict(action=action, device_ids=ids, **extra)
    (first, second), _done = run_many(tmp_path, [(MODULE, args), (MODULE, args)],
                                      defaults=sim_defaults(sim))
    assert first["changed"] is True and first["successful_device_ids"] == ids
    assert posts(sim) == [ids]  # the second run sent nothing
    assert second["changed"] is False and not second.get("failed")
    assert second["skipped_device_ids"] == ids and second["successful_device_ids"] == []
    assert all(r.startswith(reason) for r in second["skip_reasons"].values())
    assert second["summary"]["skipped"] == 2


def test_second_rename_is_skipped_once_the_device_has_the_name(sim, tmp_path):
    sim.configure(action_done_after=0.5)
    args = {"action": "set_device_name", "device_ids": [seed.WINDOWS_DEVICE_ID],
            "device_name": "LAPTOP-4242", "wait": True, "poll_interval": 0.3}
    (first, second), _done = run_many(tmp_path, [(MODULE, args), (MODULE, args)],
                                      defaults=sim_defaults(sim))
    assert first["changed"] is True
    assert first["action_states"][seed.WINDOWS_DEVICE_ID]["state"] == "done"
    assert second["changed"] is False
    assert second["skip_reasons"] == {seed.WINDOWS_DEVICE_ID: "already named LAPTOP-4242"}
    assert len(posts(sim)) == 1


def test_mixed_run_skips_some_and_acts_on_the_rest(sim, tmp_path):
    ids = [seed.RETIRE_PENDING_DEVICE_ID, seed.WINDOWS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "retire", "device_ids": ids},
                        defaults=sim_defaults(sim))
    assert posts(sim) == [[seed.WINDOWS_DEVICE_ID]]
    assert result["skipped_device_ids"] == [seed.RETIRE_PENDING_DEVICE_ID]
    assert result["successful_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert result["changed"] is True
    lookups = [e for e in sim.log.entries() if e["path"] == "/beta/$batch"]
    assert len(lookups) == 1
    assert all("$select=id,managementState" in r["url"] for r in lookups[0]["body"]["requests"])


def test_check_mode_shows_what_would_be_skipped(sim, tmp_path):
    ids = [seed.RETIRE_PENDING_DEVICE_ID, seed.WINDOWS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "retire", "device_ids": ids},
                        defaults=sim_defaults(sim), check=True)
    assert result["would_act_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert result["skipped_device_ids"] == [seed.RETIRE_PENDING_DEVICE_ID]
    assert posts(sim) == []


def test_without_skip_pending_one_post_per_100_devices_and_no_read(sim, tmp_path):
    ids = [d["id"] for d in sim.store.list_devices(filter="operatingSystem eq 'Windows'")][:150]
    results, _done = run_many(tmp_path, [
        (MODULE, {"action": "retire", "device_ids": ids, "skip_pending": False}),
        (MODULE, {"action": "sync_device", "device_ids": ids}),  # off by default for sync
    ], defaults=sim_defaults(sim))
    assert sorted(len(chunk) for chunk in posts(sim)) == [50, 50, 100, 100]  # chunks go in parallel
    assert reads(sim) == []
    assert all(r["changed"] for r in results)


def test_empty_action_results_are_not_known_to_be_pending(sim, tmp_path):
    ids = [seed.NO_ACTION_RESULTS_DEVICE_ID]
    args = {"action": "sync_device", "device_ids": ids, "skip_pending": True}
    (first, second), _done = run_many(tmp_path, [(MODULE, args), (MODULE, args)],
                                      defaults=sim_defaults(sim))
    assert first["changed"] is True and second["changed"] is True
    assert posts(sim) == [ids, ids]


def test_wait_until_done(sim, tmp_path):
    sim.configure(action_done_after=1)
    ids = [seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID, seed.MACOS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids,
                                           "wait": True, "poll_interval": 0.4},
                        defaults=sim_defaults(sim))
    assert {i: s["state"] for i, s in result["action_states"].items()} == {i: "done" for i in ids}
    assert all(s["time"].endswith("Z") for s in result["action_states"].values())
    assert result["successful_device_ids"] == ids and result["changed"] is True
    assert not result.get("failed") and result["pending_device_ids"] == []


def test_wait_with_a_device_that_fails(sim, tmp_path):
    sim.configure(action_done_after=1)
    sim.store.fail_later(seed.ANDROID_DEVICE_ID)
    ids = [seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "wipe", "device_ids": ids, "wait": True,
                                           "poll_interval": 0.4}, defaults=sim_defaults(sim))
    assert result["action_states"][seed.WINDOWS_DEVICE_ID]["state"] == "done"
    assert result["action_states"][seed.ANDROID_DEVICE_ID]["state"] == "failed"
    assert result["successful_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert result["failed_device_ids"] == [seed.ANDROID_DEVICE_ID]
    assert result["failed"] is True and result["changed"] is True


def test_wait_timeout_names_the_devices_still_pending(sim, tmp_path):
    sim.configure(action_done_after=60)
    ids = [seed.WINDOWS_DEVICE_ID]
    args = {"action": "retire", "device_ids": ids, "wait": True, "wait_timeout": 1,
            "poll_interval": 0.4, "skip_pending": False}
    results, _done = run_many(tmp_path, [(MODULE, args), (MODULE, dict(args, fail_on=[]))],
                              defaults=sim_defaults(sim))
    timed_out, tolerated = results
    assert timed_out["failed"] is True
    assert timed_out["pending_device_ids"] == ids
    assert "still pending after 1s: %s" % seed.WINDOWS_DEVICE_ID in timed_out["msg"]
    assert timed_out["action_states"][seed.WINDOWS_DEVICE_ID]["state"] == "pending"
    assert not tolerated.get("failed") and tolerated["pending_device_ids"] == ids


def test_wait_on_empty_action_results(sim, tmp_path):
    sim.configure(action_done_after=1)
    ids = [seed.NO_ACTION_RESULTS_DEVICE_ID]
    results, done = run_many(tmp_path, [
        (MODULE, {"action": "sync_device", "device_ids": ids, "wait": True, "wait_timeout": 2,
                  "poll_interval": 0.5}),
        (MODULE, {"action": "retire", "device_ids": ids, "wait": True, "poll_interval": 0.4}),
    ], defaults=sim_defaults(sim))
    synced, retired = results
    assert synced["action_states"][ids[0]]["state"] == "unknown"
    assert not synced.get("failed") and synced["changed"] is True
    assert "Intune reported no state for %s" % ids[0] in done.stdout + done.stderr
    # retire is followed through managementState, which moves even without action results
    assert retired["action_states"][ids[0]]["state"] == "done"


def test_deleted_device_during_wait_counts_as_done(sim, tmp_path):
    sim.configure(action_done_after=1)
    ids = [seed.MACOS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "delete", "device_ids": ids, "wait": True,
                                           "poll_interval": 0.4}, defaults=sim_defaults(sim))
    assert result["action_states"][ids[0]]["state"] == "done"
    assert sim.store.get_device(ids[0]) is None
    assert not result.get("failed")


def test_polling_takes_one_request_per_20_devices(sim, tmp_path):
    sim.configure(action_done_after=60)
    ids = [d["id"] for d in sim.store.list_devices(filter="operatingSystem eq 'Windows'")
           if d["id"] != seed.FAILING_DEVICE_ID][:30]
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids, "wait": True,
                                           "wait_timeout": 1, "poll_interval": 0.5, "fail_on": []},
                        defaults=sim_defaults(sim))
    polls = [e for e in sim.log.entries() if e["path"] == "/beta/$batch"]
    assert len(polls) % 2 == 0 and len(polls) >= 2  # 30 devices: two requests per poll
    assert [len(e["body"]["requests"]) for e in polls[:2]] == [20, 10]
    states = {i: s["state"] for i, s in result["action_states"].items()}
    assert set(states) == set(ids) and set(states.values()) <= {"pending", "unknown"}
    assert result["pending_device_ids"] == [i for i in ids if states[i] == "pending"]
