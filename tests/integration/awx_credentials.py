"""The environment AWX / Automation Platform gives a job for a credential, rendered the way AWX
renders it: the custom credential type in extensions/awx/, and the built-in Microsoft Azure
Resource Manager type."""

from __future__ import annotations

from pathlib import Path

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

EXTENSIONS = Path(__file__).resolve().parents[2] / "extensions" / "awx"


def custom_type():
    """(inputs, injectors) of the collection's custom credential type."""
    return (yaml.safe_load((EXTENSIONS / "credential_type_inputs.yml").read_text()),
            yaml.safe_load((EXTENSIONS / "credential_type_injectors.yml").read_text()))


def check_injectors(inputs, injectors):
    """What AWX checks when the credential type is saved: every template renders with every
    field set, names only defined fields, and no variable is one AWX refuses to inject."""
    namespace = {field["id"]: "EXAMPLE" for field in inputs["fields"]}
    namespace["tower"] = {"filename": "EXAMPLE_FILENAME"}
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind, templates in injectors.items():
        assert kind in ("env", "file", "extra_vars"), kind
        for name, template in templates.items():
            assert not name.upper().startswith("ANSIBLE_"), name
            sandbox.from_string(template).render(namespace)


def custom_environment(inputs, injectors, values, private_dir: Path):
    """The job environment for a credential of the custom type holding `values`: the file
    template is written to a file in `private_dir`, then each variable is rendered. Fields the
    credential leaves empty render as empty strings, as in AWX."""
    known = {field["id"] for field in inputs["fields"]}
    assert set(values) <= known, set(values) - known
    missing = [name for name in inputs.get("required", []) if not values.get(name)]
    assert not missing, "AWX refuses a credential without %s" % missing
    sandbox = ImmutableSandboxedEnvironment()
    namespace = dict(values, tower={})
    for label, template in injectors.get("file", {}).items():
        assert label == "template", "one unnamed file template expected"
        path = private_dir / "credential_file"
        path.write_text(sandbox.from_string(template).render(namespace))
        path.chmod(0o600)
        namespace["tower"] = {"filename": str(path)}
    return {name: sandbox.from_string(template).render(namespace)
            for name, template in injectors.get("env", {}).items()}


def azure_rm_environment(client, secret, tenant, subscription="", cloud_environment=None):
    """What the built-in "Microsoft Azure Resource Manager" credential injects for a service
    principal (AWX's azure_rm injector)."""
    env = {"AZURE_SUBSCRIPTION_ID": subscription, "AZURE_CLIENT_ID": client,
           "AZURE_TENANT": tenant, "AZURE_SECRET": secret}
    if cloud_environment:
        env["AZURE_CLOUD_ENVIRONMENT"] = cloud_environment
    return env
