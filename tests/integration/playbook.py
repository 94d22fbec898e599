"""Run a one-task playbook of the collection with ansible-playbook, and read its result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def collections_path(base: Path) -> Path:
    """An ANSIBLE_COLLECTIONS_PATH whose intune.graph is this source tree."""
    link = base / "ansible_collections" / "intune" / "graph"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(REPO, target_is_directory=True)
    return base


def sim_defaults(sim) -> dict:
    """The connection options that point the modules at the simulator."""
    return {"graph_url": sim.graph_url, "authority_url": sim.authority_url,
            "ca_path": str(sim.ca_path), "tenant_id": sim.tenant_id,
            "client_id": sim.client_id, "client_secret": sim.client_secret}


def run(tmp_path: Path, module: str, args: dict, **kwargs):
    """Run `module` with `args` in a playbook; returns (registered result, completed process)."""
    results, done = run_many(tmp_path, [(module, args)], **kwargs)
    return results[0], done


def run_many(tmp_path: Path, tasks: list, *, defaults: dict | None = None, check: bool = False,
             verbosity: int = 0, env: dict | None = None):
    """Run each (module, args) as a task of one play; returns (their results, completed process)."""
    out = tmp_path / "results.json"
    play_tasks = [{"name": "task %d" % n, module: args, "register": "result_%d" % n,
                   "ignore_errors": True} for n, (module, args) in enumerate(tasks)]
    everything = "[%s]" % ", ".join("result_%d" % n for n in range(len(tasks)))
    play_tasks.append({"name": "save results", "ansible.builtin.copy": {
        "content": "{{ %s | to_json }}" % everything, "dest": str(out)}, "check_mode": False})
    play = {"hosts": "localhost", "gather_facts": False, "tasks": play_tasks}
    if defaults:
        play["module_defaults"] = {"group/intune.graph.graph": defaults}
    playbook = tmp_path / "play.yml"
    playbook.write_text(json.dumps([play]))  # JSON is YAML
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_"))}
    environ.update({
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path(tmp_path / "collections")),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "tmp"),
        "ANSIBLE_REMOTE_TEMP": str(tmp_path / "tmp"),
    })
    environ.update(env or {})
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,",
               "-c", "local", str(playbook)]
    if check:
        command.append("--check")
    if verbosity:
        command.append("-" + "v" * verbosity)
    done = subprocess.run(command, capture_output=True, text=True, env=environ, timeout=300,
                          check=False)
    if not out.exists():
        raise AssertionError("playbook did not run:\n%s\n%s" % (done.stdout, done.stderr))
    return json.loads(out.read_text()), done
