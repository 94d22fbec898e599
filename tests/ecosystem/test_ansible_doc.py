"""ansible-doc lists and renders every module and plugin of the installed collection."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, ansible

# plugins/ folders that hold no documented plugins of their own
NOT_DOCUMENTED = {"module_utils", "doc_fragments", "action"}


def plugins():
    """(ansible-doc type, name) of every plugin in the source tree."""
    found = []
    for folder in sorted(p for p in (REPO / "plugins").iterdir() if p.is_dir()):
        if folder.name in NOT_DOCUMENTED or folder.name.startswith("__"):
            continue
        kind = "module" if folder.name == "modules" else folder.name
        found += [(kind, path.stem) for path in sorted(folder.glob("*.py"))
                  if path.stem != "__init__"]
    return found


def test_list_names_every_module(installed):
    done = ansible("ansible-doc", "-l", "intune.graph", collections_path=installed)
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.strip()}
    assert listed == {"intune.graph." + name for kind, name in plugins() if kind == "module"}


@pytest.mark.parametrize("kind, name", plugins())
def test_renders(installed, kind, name):
    fqcn = "intune.graph." + name
    done = ansible("ansible-doc", "-t", kind, fqcn, collections_path=installed)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    assert fqcn in done.stdout and "EXAMPLES:" in done.stdout
    as_json = ansible("ansible-doc", "-t", kind, "--json", fqcn, collections_path=installed)
    doc = json.loads(as_json.stdout)[fqcn]
    assert doc["doc"]["short_description"] and doc["examples"]
    if kind == "module":
        assert doc["return"]
        assert "tenant_id" in doc["doc"]["options"]  # the shared doc fragment is merged in
