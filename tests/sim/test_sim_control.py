"""The control API, as a separate process (an ansible-playbook run) would use it."""

import jwt

from graphsim.client import msal_app

LIST = "/beta/deviceManagement/managedDevices"


def test_health_and_info(sim, http):
    assert http.get(sim.control_url + "/health").json() == {"status": "ok"}
    info = http.get(sim.control_url + "/info").json()
    assert info["graph_url"] == sim.graph_url and info["client_id"] == sim.client_id


def test_config_sets_shape_page_size_throttle_and_faults(sim, http, auth, device_ids):
    answer = http.post(sim.control_url + "/config", json={
        "response_shape": "value", "page_size": 5, "throttle": {"writes": [1, 30]},
        "faults": [{"kind": "status", "status": 504, "path": "/managedDevices/"}]})
    assert answer.status_code == 200
    assert answer.json()["throttle"]["writes"] == [1, 30]
    assert http.get(sim.graph_url + LIST + "/x", headers=auth).status_code == 504
    assert len(http.get(sim.graph_url + LIST, headers=auth).json()["value"]) == 5
    body = {"actionName": "syncDevice", "deviceIds": device_ids[:1]}
    first = http.post(sim.graph_url + LIST + "/executeAction", headers=auth, json=body)
    assert "value" in first.json()
    assert http.post(sim.graph_url + LIST + "/executeAction", headers=auth,
                     json=body).status_code == 429


def test_bad_config_is_400(sim, http):
    assert http.post(sim.control_url + "/config", json={"nonsense": 1}).status_code == 400
    assert http.post(sim.control_url + "/config",
                     json={"faults": [{"kind": "meltdown"}]}).status_code == 400


def test_register_app_with_read_only_permission(sim, http, device_ids):
    created = http.post(sim.control_url + "/apps", json={
        "roles": ["DeviceManagementManagedDevices.Read.All"]}).json()
    token = msal_app(sim, created["client_secret"], client_id=created["client_id"]
                     ).acquire_token_for_client([sim.scope])["access_token"]
    auth = {"Authorization": "Bearer " + token}
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code == 200
    answer = http.post(sim.graph_url + LIST + "/executeAction", headers=auth,
                       json={"actionName": "syncDevice", "deviceIds": device_ids[:1]})
    assert answer.status_code == 403


def test_minted_expired_token_is_refused(sim, http):
    minted = http.post(sim.control_url + "/tokens", json={"lifetime": -60}).json()
    assert jwt.decode(minted["access_token"], options={"verify_signature": False})["aud"] == \
        sim.graph_url
    answer = http.get(sim.graph_url + LIST,
                      headers={"Authorization": "Bearer " + minted["access_token"]})
    assert answer.status_code == 401


def test_reset_reseeds_the_store(sim, http, auth, device_ids):
    http.post(sim.graph_url + LIST + "/executeAction", headers=auth,
              json={"actionName": "retire", "deviceIds": device_ids[:1]})
    changed = sim.store.get_device(device_ids[0])
    http.post(sim.control_url + "/reset", json={})
    fresh = sim.store.get_device(device_ids[0])
    assert fresh != changed
    assert sim.faults.pending() == [] and sim.log.entries() == []
