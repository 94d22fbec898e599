"""The collection as users get it: a tarball built by ansible-galaxy from this tree, and that
tarball installed into an empty collections path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def ansible(command, *args, collections_path=None, **kwargs):
    """Run an ansible command of this venv; with `collections_path` as the only collections path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_NOCOLOR="1", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    if collections_path:
        env["ANSIBLE_COLLECTIONS_PATH"] = str(collections_path)
    return subprocess.run([str(BIN / command), *map(str, args)], capture_output=True, text=True,
                          env=env, check=False, timeout=300, **kwargs)


@pytest.fixture(scope="session")
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    done = ansible("ansible-galaxy", "collection", "build", "--output-path", out, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("intune-graph-*.tar.gz")
    return built


@pytest.fixture(scope="session")
def installed(tmp_path_factory, tarball):
    """An empty collections path into which the tarball was installed."""
    path = tmp_path_factory.mktemp("installed")
    done = ansible("ansible-galaxy", "collection", "install", "--offline", "-p", path, tarball,
                   collections_path=path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (path / "ansible_collections" / "intune" / "graph" / "MANIFEST.json").is_file()
    return path
