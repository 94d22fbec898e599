"""Graph's 401 and 403 answers: which tokens it accepts and which permissions each call needs."""

import time

from graphsim.apps import PRIVILEGED_OPERATIONS, READ_ALL
from graphsim.client import msal_app

LIST = "/beta/deviceManagement/managedDevices"
ACTION = LIST + "/executeAction"


def graph_error(answer, status):
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["innerError"]["request-id"] == answer.headers["request-id"]
    return error


def test_missing_token_is_401(sim, http):
    error = graph_error(http.get(sim.graph_url + LIST), 401)
    assert (error["code"], error["message"]) == ("InvalidAuthenticationToken",
                                                 "Access token is empty.")


def test_expired_token_is_401(sim, http):
    sim.configure(token_lifetime=1)
    token = msal_app(sim).acquire_token_for_client([sim.scope])["access_token"]
    headers = {"Authorization": "Bearer " + token}
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=headers).status_code == 200
    time.sleep(1.05)
    error = graph_error(http.get(sim.graph_url + LIST, headers=headers), 401)
    assert error["message"] == "Access token has expired or is not yet valid."


def test_token_for_another_graph_is_invalid_audience(sim, http):
    # Entra issues a token for the public cloud's Graph; this Graph is not that audience.
    result = msal_app(sim).acquire_token_for_client(["https://graph.microsoft.com/.default"])
    headers = {"Authorization": "Bearer " + result["access_token"]}
    error = graph_error(http.get(sim.graph_url + LIST, headers=headers), 401)
    assert error["message"].endswith("Invalid audience.")


def test_token_from_another_tenant_is_401(sim, http):
    other = sim.info()["other_tenant_id"]
    result = msal_app(sim, tenant=other).acquire_token_for_client([sim.scope])
    headers = {"Authorization": "Bearer " + result["access_token"]}
    error = graph_error(http.get(sim.graph_url + LIST, headers=headers), 401)
    assert error["code"] == "InvalidAuthenticationToken"


def test_tampered_token_is_401(sim, http, token):
    header, payload, signature = token.split(".")
    forged = ".".join([header, payload, signature[::-1]])
    answer = http.get(sim.graph_url + LIST, headers={"Authorization": "Bearer " + forged})
    assert graph_error(answer, 401)["code"] == "InvalidAuthenticationToken"


def app_headers(sim, roles):
    app = sim.register_app(roles=roles)
    result = msal_app(sim, app.secrets[0], client_id=app.client_id).acquire_token_for_client(
        [sim.scope])
    return {"Authorization": "Bearer " + result["access_token"]}


def test_action_without_privileged_operations_is_403_naming_it(sim, http, device_ids):
    headers = app_headers(sim, [READ_ALL, "DeviceManagementManagedDevices.ReadWrite.All"])
    answer = http.post(sim.graph_url + ACTION, headers=headers,
                       json={"actionName": "syncDevice", "deviceIds": device_ids[:1]})
    error = graph_error(answer, 403)
    assert error["code"] == "Forbidden"
    assert PRIVILEGED_OPERATIONS in error["message"]


def test_read_without_read_permission_is_403_naming_it(sim, http):
    headers = app_headers(sim, [PRIVILEGED_OPERATIONS])
    error = graph_error(http.get(sim.graph_url + LIST, headers=headers), 403)
    assert READ_ALL in error["message"]


def test_app_without_permissions_is_403(sim, http, device_ids):
    headers = app_headers(sim, [])
    answer = http.post(sim.graph_url + LIST + "/" + device_ids[0] + "/syncDevice",
                       headers=headers)
    assert PRIVILEGED_OPERATIONS in graph_error(answer, 403)["message"]


def test_401_carries_a_bearer_challenge(sim, http):
    answer = http.post(sim.graph_url + ACTION, json={"actionName": "retire"})
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_managed_identity_token_is_accepted(sim, http, monkeypatch, device_ids):
    import msal
    from graphsim.client import trusting_session
    monkeypatch.setenv("IDENTITY_ENDPOINT", sim.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", sim.identity_header)
    client = msal.ManagedIdentityClient(msal.SystemAssignedManagedIdentity(),
                                        http_client=trusting_session(sim))
    token = client.acquire_token_for_client(resource=sim.graph_url)["access_token"]
    answer = http.post(sim.graph_url + ACTION, headers={"Authorization": "Bearer " + token},
                       json={"actionName": "syncDevice", "deviceIds": device_ids[:1]})
    assert answer.status_code == 200
    assert answer.json()["successfulDeviceIds"] == device_ids[:1]
