"""The demo playbooks run from the installed copy of the collection, not from the source tree."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def test_demo_runs_from_the_installed_copy(installed):
    done = subprocess.run([sys.executable, str(REPO / "examples" / "run_demo.py"),
                           "--collections-path", str(installed)],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    examples = installed / "ansible_collections" / "intune" / "graph" / "examples"
    assert "Playbooks from %s, collections path %s" % (examples, installed) in done.stdout
    assert done.stdout.count("PLAY RECAP") == len(list(examples.glob("*.yml")))
    assert re.search(r"failed=[1-9]", done.stdout) is None
