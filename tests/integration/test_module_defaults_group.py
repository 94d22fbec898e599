"""`module_defaults: group/intune.graph.graph` sets the authentication and connection options once
for every module of the collection."""

from __future__ import annotations

from pathlib import Path

import yaml

from graphsim import seed
from playbook import REPO, run_many, sim_defaults

# The smallest useful task of each module; a new module must be added here (and to the group).
TASKS = {
    "managed_device_action": {"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID]},
    "managed_device_info": {"device_ids": [seed.WINDOWS_DEVICE_ID]},
}


def modules():
    return sorted(path.stem for path in (REPO / "plugins" / "modules").glob("*.py")
                  if path.stem != "__init__")


def test_every_module_is_in_the_group():
    runtime = yaml.safe_load(Path(REPO / "meta" / "runtime.yml").read_text())
    assert sorted(runtime["action_groups"]["graph"]) == modules() == sorted(TASKS)


def test_group_defaults_reach_every_module(sim, tmp_path):
    tasks = [("intune.graph." + name, TASKS[name]) for name in modules()]
    results, _done = run_many(tmp_path, tasks, defaults=sim_defaults(sim))
    for (name, _args), result in zip(tasks, results):
        assert result.get("failed") is not True, (name, result.get("msg"))
        assert result["auth_method"] == "client_secret", name
    token_requests = [e for e in sim.log.entries() if e["path"].endswith("/token")]
    assert len(token_requests) == len(tasks)
    assert all(e["body"]["client_id"] == sim.client_id for e in token_requests)
