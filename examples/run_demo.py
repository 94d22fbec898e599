"""`make demo`: start the Graph simulator, run the example playbooks against it, stop it.

By default the playbooks and the collection come from this source tree. With
`--collections-path DIR`, both come from the copy of intune.graph installed under DIR (for example
by `ansible-galaxy collection install -p DIR`), and DIR is the only collections path."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from graphsim import seed  # noqa: E402  (the simulator lives with the tests)

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"

SCENARIOS = [
    ("Find the non-compliant Android devices, then preview a sync of them", "find_devices.yml",
     {"device_filter": "operatingSystem eq 'Android' and complianceState eq 'noncompliant'"}),
    ("Preview a wipe (check mode: nothing is sent)", "preview_wipe.yml",
     {"target_device_ids": [seed.WINDOWS_DEVICE_ID, seed.IOS_DEVICE_ID, UNKNOWN_ID]}),
    ("Sync three devices", "sync_devices.yml",
     {"target_device_ids": [seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID, seed.MACOS_DEVICE_ID]}),
    ("Retire: one device, one unknown id, one ChromeOS device that cannot be retired",
     "retire_devices.yml",
     {"target_device_ids": [seed.NONCOMPLIANT_DEVICE_ID, UNKNOWN_ID, seed.CHROMEOS_DEVICE_ID]}),
    ("Wipe a lost phone, wait until Intune reports it done, then re-run: nothing is re-sent",
     "wipe_and_wait.yml",
     {"target_device_ids": [seed.UNSUPERVISED_IOS_DEVICE_ID], "wipe_poll_interval": 2}),
    ("Notify one user's devices (the Windows device is someone else's)", "notify_user.yml",
     {"target_user": seed.APOSTROPHE_USER_UPN,
      "target_device_ids": [seed.APOSTROPHE_DEVICE_ID, seed.WINDOWS_DEVICE_ID]}),
]


def collection_source(argv):
    """(collections path, folder of the example playbooks) for this run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections-path", type=Path,
                        help="run the playbooks of the intune.graph installed under this path")
    args = parser.parse_args(argv)
    if args.collections_path:
        installed = args.collections_path.resolve() / "ansible_collections" / "intune" / "graph"
        if not (installed / "MANIFEST.json").is_file():
            parser.error("no installed intune.graph collection under %s" % args.collections_path)
        return args.collections_path.resolve(), installed / "examples"
    work = Path(tempfile.mkdtemp(prefix="intune-graph-demo-"))
    collections = work / "ansible_collections" / "intune"
    collections.mkdir(parents=True)
    (collections / "graph").symlink_to(ROOT, target_is_directory=True)
    return work, ROOT / "examples"


def main(argv=None):
    work, examples = collection_source(argv)
    simulator = subprocess.Popen([sys.executable, "-m", "graphsim"], cwd=ROOT, text=True,
                                 stdout=subprocess.PIPE,
                                 env=dict(os.environ, PYTHONPATH=str(ROOT / "tests")))
    try:
        sim = json.loads(simulator.stdout.readline())
        print("Graph simulator at %s (tenant %s)" % (sim["graph_url"], sim["tenant_id"]))
        print("Playbooks from %s, collections path %s\n" % (examples, work))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work),
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
                   AZURE_TENANT_ID=sim["tenant_id"], AZURE_CLIENT_ID=sim["client_id"],
                   AZURE_CLIENT_SECRET=sim["client_secret"])
        common = {"intune_graph_url": sim["graph_url"], "intune_authority_url": sim["authority_url"],
                  "intune_ca_path": sim["ca_path"]}
        failures = 0
        for title, playbook, extra in SCENARIOS:
            print("=" * 78 + "\n" + title + "\n" + "=" * 78, flush=True)
            done = subprocess.run(
                [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,",
                 "-c", "local", str(examples / playbook), "-e", json.dumps(dict(common, **extra))],
                env=env, cwd=work, check=False)
            failures += done.returncode != 0
        return 1 if failures else 0
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
