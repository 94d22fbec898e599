from __future__ import annotations

import pytest

from ansible_collections.intune.graph.plugins.module_utils import _auth


@pytest.mark.parametrize("cloud, graph, login, scope", [
    ("public", "https://graph.microsoft.com", "https://login.microsoftonline.com",
     "https://graph.microsoft.com/.default"),
    ("usgov", "https://graph.microsoft.us", "https://login.microsoftonline.us",
     "https://graph.microsoft.us/.default"),
    ("usgov_dod", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us",
     "https://dod-graph.microsoft.us/.default"),
    ("china", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn",
     "https://microsoftgraph.chinacloudapi.cn/.default"),
])
def test_each_cloud_has_its_graph_host_login_host_and_scope(cloud, graph, login, scope):
    assert _auth.endpoints(cloud) == (graph, login, scope)


def test_overrides_win_and_the_scope_follows_graph_url():
    assert _auth.endpoints("public", "https://127.0.0.1:8443/", "https://127.0.0.1:8443") == (
        "https://127.0.0.1:8443", "https://127.0.0.1:8443", "https://127.0.0.1:8443/.default")
    assert _auth.endpoints("usgov_dod", scope="https://graph.microsoft.us/.default")[2] == \
        "https://graph.microsoft.us/.default"


@pytest.mark.parametrize("env, cloud", [
    ("AzureCloud", "public"), ("AzureUSGovernment", "usgov"), ("azurechinacloud", "china")])
def test_cloud_from_azure_cloud_environment(monkeypatch, env, cloud):
    monkeypatch.setenv("AZURE_CLOUD_ENVIRONMENT", env)
    assert _auth.resolve_cloud(None) == cloud
    assert _auth.resolve_cloud("usgov_dod") == "usgov_dod"


def test_unknown_cloud_environment_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("AZURE_CLOUD_ENVIRONMENT", "Mars")
    with pytest.raises(_auth.AuthError, match="AZURE_CLOUD_ENVIRONMENT=Mars is not known"):
        _auth.resolve_cloud(None)


def test_auto_order_is_token_certificate_secret_managed_identity(monkeypatch):
    monkeypatch.delenv("IDENTITY_ENDPOINT", raising=False)
    monkeypatch.delenv("MSI_ENDPOINT", raising=False)
    full = {"access_token": "t", "client_certificate_path": "/c.pem", "client_secret": "s"}
    assert _auth.choose_auth_method(full) == "access_token"
    assert _auth.choose_auth_method(dict(full, access_token=None)) == "certificate"
    assert _auth.choose_auth_method({"client_secret": "s"}) == "client_secret"
    assert _auth.choose_auth_method({"auth_method": "client_secret"}) == "client_secret"
    with pytest.raises(_auth.AuthError, match="no credentials"):
        _auth.choose_auth_method({})
    monkeypatch.setenv("IDENTITY_ENDPOINT", "https://127.0.0.1:1/msi")
    assert _auth.choose_auth_method({}) == "managed_identity"


def test_missing_options_per_method():
    assert _auth.missing_options("client_secret", {"client_id": "x"}) == ["tenant_id", "client_secret"]
    assert _auth.missing_options("managed_identity", {}) == []


def test_unreadable_certificate_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN NONSENSE-----\n")
    with pytest.raises(_auth.AuthError, match="not a PEM file holding a private key"):
        _auth.load_certificate(str(bad))
    with pytest.raises(_auth.AuthError, match="cannot read client_certificate_path"):
        _auth.load_certificate(str(tmp_path / "absent.pem"))
