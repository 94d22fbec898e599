"""Start-up costs: ansible-playbook with a task that runs no module, with the smallest module
(ping), and with our module given no device (its arguments validated, nothing sent); and what
importing our module costs (`python -X importtime`)."""

import os
import subprocess

import figures
from contenders import VENV_BIN

MODULE = "ansible_collections.intune.graph.plugins.modules.managed_device_action"
# Imports that would be heavy before anything is sent: the HTTP and token stacks.
HEAVY = ("msal", "requests", "urllib3", "cryptography", "jwt", "concurrent.futures")


def measure(runner, runs, latency):
    cases = {
        "debug": ("startup_debug.yml", {}),
        "ping": ("startup_ping.yml", {}),
        "module_no_devices": ("module_sync.yml", dict(
            device_ids=[], batch_size=100, concurrency=runner.settings["concurrency"])),
    }
    samples = {name: [] for name in cases}
    sent = 0
    for _run in range(runs):
        for name, (playbook, extra) in cases.items():
            runner.sim.prepare(latency)
            samples[name].append(runner.playbook("startup-" + name, playbook, extra))
            sent += len(runner.sim.log())
    result = {name: {"wall_s": figures.spread([m["wall_s"] for m in ms]),
                     "process_s": figures.spread([m["process_s"] for m in ms])
                     if ms[0]["process_s"] is not None else None,
                     "peak_rss_mib": max((m["peak_rss_mib"] or 0) for m in ms)}
              for name, ms in samples.items()}
    result["module_no_devices"]["requests_sent"] = sent
    result["module_over_ping_s"] = round(
        result["module_no_devices"]["wall_s"]["median"] - result["ping"]["wall_s"]["median"], 3)
    result["imports"] = import_times(runner.collections)
    return result


def import_times(collections):
    """Cumulative import time (ms) of our module, and of the heavy packages it pulls in when
    imported (none should appear: they load when a request is about to be sent)."""
    env = dict(os.environ, PYTHONPATH=str(collections))
    done = subprocess.run([str(VENV_BIN / "python"), "-X", "importtime", "-c", "import " + MODULE],
                          env=env, capture_output=True, text=True, check=True)
    cumulative = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative_us, name = [part.strip() for part in line[len("import time:"):].split("|")]
        cumulative[name] = int(cumulative_us)
    return {
        "module_ms": round(cumulative.get(MODULE, 0) / 1000, 1),
        "ansible_basic_ms": round(cumulative.get("ansible.module_utils.basic", 0) / 1000, 1),
        "heavy_imported": {name: round(cumulative[name] / 1000, 1)
                           for name in HEAVY if name in cumulative},
    }
