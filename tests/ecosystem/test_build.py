"""`ansible-galaxy collection build` ships what users need and none of the development files."""

from __future__ import annotations

import tarfile

from conftest import REPO

SHIPPED = {"MANIFEST.json", "FILES.json", "README.md", "CHANGELOG.md", "COPYING", "requirements.txt",
           "bindep.txt", "changelogs", "examples", "extensions", "meta", "plugins"}
NOT_SHIPPED = {"examples/run_demo.py", "changelogs/.plugin-cache.yaml"}


def names(tarball):
    with tarfile.open(tarball) as archive:
        return {member.name for member in archive.getmembers() if member.isfile()}


def source_files(*folders):
    """The files under `folders` in this tree, as the tarball would name them."""
    found = set()
    for folder in folders:
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(str(path.relative_to(REPO)))
    return found


def test_top_level_is_only_what_users_need(tarball):
    assert {name.split("/")[0] for name in names(tarball)} == SHIPPED


def test_every_plugin_example_and_extension_is_shipped(tarball):
    shipped = names(tarball)
    wanted = source_files("plugins", "meta", "examples", "extensions") - NOT_SHIPPED
    assert wanted - shipped == set()
    assert {"meta/runtime.yml", "meta/execution-environment.yml",
            "extensions/awx/credential_type_inputs.yml",
            "extensions/awx/credential_type_injectors.yml",
            "extensions/ee/execution-environment.yml",
            "changelogs/changelog.yaml", "changelogs/config.yaml"} <= shipped


def test_no_development_files(tarball):
    shipped = names(tarball)
    assert shipped & NOT_SHIPPED == set()
    assert [n for n in shipped if n.endswith((".pyc", ".tar.gz")) or "__pycache__" in n] == []
