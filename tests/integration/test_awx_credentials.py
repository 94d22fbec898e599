"""Both modules run with exactly the environment an AWX / Automation Platform credential injects:
the collection's custom credential type (secret, certificate, encrypted certificate) and the
built-in Microsoft Azure Resource Manager type, with or without a subscription id."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from awx_credentials import (azure_rm_environment, check_injectors, custom_environment,
                             custom_type)
from graphsim import seed
from playbook import run_many

TASKS = [("intune.graph.managed_device_action",
          {"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID]}),
         ("intune.graph.managed_device_info", {"device_ids": [seed.WINDOWS_DEVICE_ID]})]


def connection(sim):
    return {"graph_url": sim.graph_url, "authority_url": sim.authority_url,
            "ca_path": str(sim.ca_path)}


def run_with(sim, tmp_path, env, secrets):
    """Run both modules with `env` as the only AZURE_* variables; check they authenticated with
    it and that no secret shows in the output."""
    (action, info), done = run_many(tmp_path, TASKS, defaults=connection(sim), env=env,
                                    verbosity=3)
    assert action.get("failed") is not True, action["msg"]
    assert action["successful_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert [device["id"] for device in info["devices"]] == [seed.WINDOWS_DEVICE_ID]
    output = done.stdout + done.stderr
    for secret in secrets:
        assert secret not in output
    return action["auth_method"]


def encrypted_pem(pem_path: str, password: str) -> str:
    """The simulator's client certificate with its private key encrypted by `password`."""
    data = Path(pem_path).read_bytes()
    key = serialization.load_pem_private_key(data, None)
    cert = data[data.index(b"-----BEGIN CERTIFICATE-----"):]
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.BestAvailableEncryption(password.encode()))
            + cert).decode()


def test_custom_type_passes_awx_checks():
    inputs, injectors = custom_type()
    check_injectors(inputs, injectors)
    secret_fields = {field["id"] for field in inputs["fields"] if field.get("secret")}
    assert secret_fields == {"client_secret", "client_certificate", "client_certificate_password"}
    assert inputs["required"] == ["tenant_id", "client_id"]


def test_custom_type_with_client_secret(sim, tmp_path):
    inputs, injectors = custom_type()
    env = custom_environment(inputs, injectors, {
        "tenant_id": sim.tenant_id, "client_id": sim.client_id,
        "client_secret": sim.client_secret}, tmp_path)
    assert env["AZURE_CLIENT_CERTIFICATE_PATH"] == ""
    assert run_with(sim, tmp_path, env, [sim.client_secret]) == "client_secret"


def test_custom_type_with_certificate(sim, tmp_path):
    inputs, injectors = custom_type()
    pem = Path(sim.info()["client_cert_path"]).read_text()
    env = custom_environment(inputs, injectors, {
        "tenant_id": sim.tenant_id, "client_id": sim.client_id, "client_certificate": pem},
        tmp_path)
    assert env["AZURE_CLIENT_SECRET"] == ""
    assert Path(env["AZURE_CLIENT_CERTIFICATE_PATH"]).read_text() == pem
    assert run_with(sim, tmp_path, env, []) == "certificate"


def test_custom_type_with_encrypted_certificate_and_password(sim, tmp_path):
    inputs, injectors = custom_type()
    password = "awx-key-password"
    env = custom_environment(inputs, injectors, {
        "tenant_id": sim.tenant_id, "client_id": sim.client_id,
        "client_certificate": encrypted_pem(sim.info()["client_cert_path"], password),
        "client_certificate_password": password}, tmp_path)
    assert run_with(sim, tmp_path, env, [password]) == "certificate"


@pytest.mark.parametrize("subscription", ["", "22222222-2222-2222-2222-222222222222"])
def test_azure_resource_manager_credential(sim, tmp_path, subscription):
    env = azure_rm_environment(client=sim.client_id, secret=sim.client_secret,
                               tenant=sim.tenant_id, subscription=subscription)
    assert run_with(sim, tmp_path, env, [sim.client_secret]) == "client_secret"
