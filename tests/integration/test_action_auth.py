"""How managed_device_action gets its token, and what it says when it cannot, against the simulator."""

from __future__ import annotations

import pytest

from graphsim import seed
from graphsim.apps import READ_ALL
from playbook import run, run_many, sim_defaults

MODULE = "intune.graph.managed_device_action"
EXECUTE = "/beta/deviceManagement/managedDevices/executeAction"
SYNC = {"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID]}


def connection(sim):
    return {"graph_url": sim.graph_url, "authority_url": sim.authority_url,
            "ca_path": str(sim.ca_path)}


def executed(sim):
    return [e for e in sim.log.entries() if e["path"] == EXECUTE]


@pytest.mark.parametrize("key", ["client_cert_path", "client_cert_pfx_path"])
def test_certificate_auth_pem_and_pfx(sim, tmp_path, key):
    args = dict(SYNC, tenant_id=sim.tenant_id, client_id=sim.client_id,
                client_certificate_path=sim.info()[key])
    result, _done = run(tmp_path, MODULE, args, defaults=connection(sim))
    assert result["auth_method"] == "certificate"
    assert result["successful_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    token_body = [e for e in sim.log.entries() if e["path"].endswith("/token")][0]["body"]
    assert "client_assertion" in token_body and "client_secret" not in token_body


def test_certificate_from_environment_wins_over_secret_in_auto(sim, tmp_path):
    env = {"AZURE_TENANT_ID": sim.tenant_id, "AZURE_CLIENT_ID": sim.client_id,
           "AZURE_CLIENT_SECRET": sim.client_secret,
           "AZURE_CLIENT_CERTIFICATE_PATH": sim.info()["client_cert_path"]}
    result, _done = run(tmp_path, MODULE, SYNC, defaults=connection(sim), env=env)
    assert result["auth_method"] == "certificate" and result["changed"] is True


def test_azure_rm_credential_variables_work(sim, tmp_path):
    # What AWX's "Microsoft Azure Resource Manager" credential injects; no subscription needed.
    env = {"AZURE_CLIENT_ID": sim.client_id, "AZURE_SECRET": sim.client_secret,
           "AZURE_TENANT": sim.tenant_id, "AZURE_SUBSCRIPTION_ID": ""}
    result, _done = run(tmp_path, MODULE, SYNC, defaults=connection(sim), env=env)
    assert result["auth_method"] == "client_secret" and result["changed"] is True


def test_managed_identity(sim, tmp_path):
    env = {"IDENTITY_ENDPOINT": sim.identity_endpoint, "IDENTITY_HEADER": sim.identity_header}
    result, _done = run(tmp_path, MODULE, SYNC, defaults=connection(sim), env=env)
    assert result["auth_method"] == "managed_identity"
    assert result["successful_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert any(e["path"] == "/msi/token" for e in sim.log.entries())


def test_access_token(sim, tmp_path):
    token, _expires = sim.issue_token()
    result, done = run(tmp_path, MODULE, dict(SYNC, access_token=token), defaults=connection(sim),
                       verbosity=4)
    assert result["auth_method"] == "access_token" and result["changed"] is True
    assert not [e for e in sim.log.entries() if "token" in e["path"]]
    assert token not in done.stdout + done.stderr


def test_expired_access_token_says_to_supply_a_fresh_one(sim, tmp_path):
    token, _expires = sim.issue_token(lifetime=-10)
    result, _done = run(tmp_path, MODULE, dict(SYNC, access_token=token), defaults=connection(sim))
    assert result["failed"] is True
    assert "HTTP 401 InvalidAuthenticationToken" in result["msg"]
    assert "access_token given to the module may have expired" in result["msg"]
    assert len([e for e in sim.log.entries() if e["path"] == EXECUTE]) == 1


def test_client_secret_never_appears_in_output_at_vvvv(sim, tmp_path):
    env = {"AZURE_TENANT_ID": sim.tenant_id, "AZURE_CLIENT_ID": sim.client_id}
    # one run that succeeds, one whose secret is wrong: neither secret may show
    wrong = sim.client_secret[::-1]
    results, done = run_many(tmp_path, [
        (MODULE, dict(SYNC, client_secret=sim.client_secret)),
        (MODULE, dict(SYNC, client_secret=wrong)),
    ], defaults=connection(sim), env=env, verbosity=4)
    assert results[0]["changed"] is True and results[1]["failed"] is True
    output = done.stdout + done.stderr
    assert "client_secret" in output  # the options were shown, masked
    assert sim.client_secret not in output and wrong not in output


AADSTS_CASES = [
    ({"client_id": "11111111-2222-4333-8444-555555555555"}, "AADSTS700016",
     "is not registered in this tenant"),
    ({"client_secret": "not-the-secret"}, "AADSTS7000215", "the client secret is wrong"),
    ({"tenant_id": "99999999-9999-4999-8999-999999999999"}, "AADSTS90002", "tenant was not found"),
    ({"scope": "https://graph.microsoft.com/User.Read"}, "AADSTS70011", "the scope is not valid"),
]


def test_each_token_error_is_explained(sim, tmp_path):
    base = dict(SYNC, tenant_id=sim.tenant_id, client_id=sim.client_id,
                client_secret=sim.client_secret)
    results, _done = run_many(tmp_path, [(MODULE, dict(base, **change)) for change, _c, _w in AADSTS_CASES],
                              defaults=connection(sim))
    for (_change, code, words), result in zip(AADSTS_CASES, results):
        assert result["failed"] is True
        assert code in result["msg"] and words in result["msg"], result["msg"]
        assert result["failed_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert executed(sim) == []


def test_unregistered_certificate_is_explained(sim, tmp_path):
    other = sim.ca.make_client_cert("not-registered")
    result, _done = run(tmp_path, MODULE, dict(SYNC, tenant_id=sim.tenant_id, client_id=sim.client_id,
                                               client_certificate_path=other.pem_path),
                        defaults=connection(sim))
    assert result["failed"] is True
    assert "AADSTS700027" in result["msg"] and "certificate is not registered" in result["msg"]


def test_403_names_the_permission_to_grant(sim, tmp_path):
    app = sim.register_app(roles=[READ_ALL])
    result, _done = run(tmp_path, MODULE, dict(SYNC, tenant_id=sim.tenant_id, client_id=app.client_id,
                                               client_secret=app.secrets[0]),
                        defaults=connection(sim))
    assert result["failed"] is True
    assert "HTTP 403" in result["msg"]
    assert "DeviceManagementManagedDevices.PrivilegedOperations.All" in result["msg"]
    assert "request-id" in result["msg"]


def test_ca_path_is_used_for_token_and_graph_requests(sim, tmp_path):
    # REQUESTS_CA_BUNDLE points at the system's CAs, which do not know the simulator's CA:
    # success proves ca_path reached both the token request and the Graph request.
    env = {"REQUESTS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt",
           "CURL_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt"}
    defaults = sim_defaults(sim)
    without_ca = {k: v for k, v in defaults.items() if k != "ca_path"}
    results, _done = run_many(tmp_path, [
        (MODULE, dict(SYNC, **defaults)),
        (MODULE, dict(SYNC, **without_ca)),
        (MODULE, dict(SYNC, validate_certs=False, **without_ca)),
    ], env=env)
    assert results[0]["changed"] is True
    assert results[1]["failed"] is True and "CERTIFICATE_VERIFY_FAILED" in results[1]["msg"]
    assert results[2]["changed"] is True
