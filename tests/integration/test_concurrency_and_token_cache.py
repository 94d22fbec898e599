"""Chunks sent in parallel, and one token shared by many tasks through token_cache."""

from __future__ import annotations

import json
import os
import stat
import threading

from graphsim import seed
from playbook import run, run_many, sim_defaults

MODULE = "intune.graph.managed_device_action"
EXECUTE = "/beta/deviceManagement/managedDevices/executeAction"
BUCKETS = ("successful", "failed", "not_found", "not_supported", "unreported", "skipped")


def executes(sim):
    return [e for e in sim.log.entries() if e["path"] == EXECUTE]


def token_requests(sim):
    return [e for e in sim.log.entries() if e["path"].endswith("/oauth2/v2.0/token")]


def test_concurrent_chunks_give_the_same_buckets_as_sequential(sim, tmp_path):
    known = [d["id"] for d in sim.store.list_devices()][:300]
    unknown = ["00000000-0000-4000-8000-%012d" % n for n in range(50)]
    ids = known[:150] + unknown + known[150:]
    args = {"action": "sync_device", "device_ids": ids, "batch_size": 50, "fail_on": []}
    (sequential, parallel), _done = run_many(tmp_path, [
        (MODULE, dict(args, concurrency=1)), (MODULE, dict(args, concurrency=8))],
        defaults=sim_defaults(sim))
    for bucket in BUCKETS:
        assert sequential[bucket + "_device_ids"] == parallel[bucket + "_device_ids"], bucket
    assert sequential["not_found_device_ids"] == unknown
    assert sequential["failed_device_ids"] and sequential["not_supported_device_ids"]
    assert len(executes(sim)) == 2 * 7
    # the request ids are listed in chunk order whatever order the answers came in
    by_request = {e["request_id"]: e["body"]["deviceIds"][0] for e in executes(sim)}
    assert [by_request[r] for r in parallel["request_ids"]] == ids[::50]


def test_a_429_in_one_worker_pauses_them_all(sim, tmp_path):
    sim.configure(throttle={"writes": (2, 2.0)})
    ids = [d["id"] for d in sim.store.list_devices(filter="operatingSystem eq 'Windows'")][:60]
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids,
                                           "batch_size": 10, "concurrency": 2, "fail_on": []},
                        defaults=sim_defaults(sim))
    assert not result.get("failed") and result["unreported_device_ids"] == []
    assert sorted(result["successful_device_ids"] + result["failed_device_ids"]) == sorted(ids)
    log = executes(sim)
    throttled = [e for e in log if e["status"] == 429]
    # 6 chunks, 2 per 2 s: the window forces a 429 on the two chunks sent early in each of the
    # later windows, and no more - a worker that did not get the 429 waits too.
    assert len([e for e in log if e["status"] == 200]) == 6
    assert len(throttled) <= 4
    first_429 = min(e["time"] for e in throttled)
    later = [e["time"] for e in log if e["time"] > first_429 and e["status"] == 200]
    assert min(later) >= first_429 + 1.9  # both workers waited out Retry-After: 2


def test_token_cache_one_token_for_many_tasks_with_a_private_file(sim, tmp_path):
    cache = tmp_path / "tokens" / "graph.json"
    cache.parent.mkdir(mode=0o700)
    args = {"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID],
            "token_cache": str(cache)}
    results, done = run_many(tmp_path, [(MODULE, args)] * 10, defaults=sim_defaults(sim),
                             verbosity=3)
    assert all(r["changed"] for r in results)
    assert len(token_requests(sim)) == 1
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600
    entries = json.loads(cache.read_text())
    assert len(entries) == 1
    token = next(iter(entries.values()))["access_token"]
    assert token not in done.stdout + done.stderr


def test_token_cache_shared_by_two_processes_at_once(sim, tmp_path):
    cache = tmp_path / "graph-token.json"
    args = {"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID],
            "token_cache": str(cache)}
    sim.configure(latency={"seconds": 0.5, "tokens": True, "path": "/oauth2/"})
    outcomes = []

    def play(name):
        (tmp_path / name).mkdir()
        outcomes.append(run(tmp_path / name, MODULE, args, defaults=sim_defaults(sim))[0])

    threads = [threading.Thread(target=play, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r["changed"] for r in outcomes] == [True, True]
    assert len(token_requests(sim)) == 1  # the second process waited for the first one's token
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600


def test_token_cache_is_not_used_for_another_client_or_tenant(sim, tmp_path):
    cache = tmp_path / "graph-token.json"
    other = sim.register_app()
    base = {"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID], "token_cache": str(cache)}
    defaults = sim_defaults(sim)
    results, _done = run_many(tmp_path, [
        (MODULE, base),
        (MODULE, dict(base, client_id=other.client_id, client_secret=other.secrets[0])),
        (MODULE, dict(base, tenant_id=sim.info()["tenant_domain"])),
        (MODULE, base),
    ], defaults=defaults)
    assert all(r["changed"] for r in results)
    assert len(token_requests(sim)) == 3  # the last task reused the first one's token
    assert len(json.loads(cache.read_text())) == 3
