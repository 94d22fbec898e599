"""`ansible-builder create` makes a build context for an execution environment holding the
collection, and the collection declares the Python and system packages the image must get."""

from __future__ import annotations

import shutil
import subprocess

import yaml

from conftest import BIN, REPO


def test_build_context_installs_the_collection(tmp_path, tarball):
    definition = tmp_path / "ee" / "execution-environment.yml"
    definition.parent.mkdir()
    shutil.copy(REPO / "extensions" / "ee" / "execution-environment.yml", definition)
    shutil.copy(tarball, definition.parent / "intune-graph.tar.gz")
    context = tmp_path / "context"
    done = subprocess.run([str(BIN / "ansible-builder"), "create", "-f", str(definition),
                           "--context", str(context), "--output-filename", "Containerfile"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    containerfile = (context / "Containerfile").read_text()
    assert 'ANSIBLE_INSTALL_REFS="ansible-core>=2.19,<2.20 ansible-runner"' in containerfile
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect.py introspect" in containerfile   # collects the collections' requirements
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert requirements == {"collections": [{"name": "collections/intune-graph.tar.gz",
                                             "type": "file"}]}
    shipped = context / "_build" / "collections" / "intune-graph.tar.gz"
    assert shipped.read_bytes() == tarball.read_bytes()


def test_builder_finds_the_python_and_system_requirements(tmp_path, installed):
    # the step an image build runs over the installed collections, with builder's own script
    done = subprocess.run([str(BIN / "ansible-builder"), "introspect", "--sanitize",
                           str(installed)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    found = yaml.safe_load(done.stdout[done.stdout.index("python:"):])
    python = "\n".join(found["python"])
    for line in (REPO / "requirements.txt").read_text().splitlines():
        assert "%s  # from collection intune.graph" % line in python
    assert "ca-certificates [platform:rpm]  # from collection intune.graph" in found["system"]
