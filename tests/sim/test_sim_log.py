"""The request log: complete enough to assert on, and free of secrets and tokens."""

import json

from graphsim.client import msal_app

LIST = "/beta/deviceManagement/managedDevices"


def test_log_records_requests_without_secrets(sim, http, device_ids):
    token = msal_app(sim).acquire_token_for_client([sim.scope])["access_token"]
    auth = {"Authorization": "Bearer " + token}
    http.post(sim.graph_url + LIST + "/executeAction", headers=auth,
              json={"actionName": "syncDevice", "deviceIds": device_ids[:2]})
    http.get(sim.graph_url + LIST, headers=auth, params={"$top": "2", "$select": "deviceName"})
    entries = http.get(sim.control_url + "/log").json()["value"]
    text = json.dumps(entries)
    assert sim.client_secret not in text
    assert token not in text and token.split(".")[2] not in text
    token_request, action, listing = entries[-3:]
    assert token_request["body"]["client_secret"] == "<redacted>"
    assert token_request["body"]["scope"] == sim.scope
    assert action["headers"]["authorization"] == "Bearer <redacted>"
    assert action["body"] == {"actionName": "syncDevice", "deviceIds": device_ids[:2]}
    assert (action["method"], action["path"], action["status"]) == (
        "POST", LIST + "/executeAction", 200)
    assert listing["query"] == {"$top": "2", "$select": "deviceName"}
    assert listing["request_id"]


def test_log_can_be_read_since_a_point_and_reset(sim, http, auth):
    http.get(sim.graph_url + LIST + "?$top=1", headers=auth)
    last = sim.log.entries()[-1]["seq"]
    http.get(sim.graph_url + LIST + "?$top=2", headers=auth)
    newer = http.get(sim.control_url + "/log", params={"since": last}).json()["value"]
    assert [e["query"]["$top"] for e in newer] == ["2"]
    http.post(sim.control_url + "/reset", json={"reseed": False})
    assert http.get(sim.control_url + "/log").json()["value"] == []
