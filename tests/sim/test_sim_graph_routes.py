"""Graph's device routes over HTTPS: paging, $select/$top/$filter, single devices, a user's
devices, executeAction in both answer shapes, per-device actions and request ids."""

import uuid

LIST = "/beta/deviceManagement/managedDevices"


def test_list_pages_through_next_links(sim, http, auth):
    sim.configure(page_size=100)
    url, seen, pages = sim.graph_url + LIST + "?$select=id,deviceName", [], 0
    while url:
        body = http.get(url, headers=auth).json()
        assert body["@odata.context"].endswith("managedDevices(id,deviceName)")
        assert all(set(d) == {"id", "deviceName"} for d in body["value"])
        seen += [d["id"] for d in body["value"]]
        url, pages = body.get("@odata.nextLink"), pages + 1
        assert url is None or url.startswith(sim.graph_url + LIST + "?")
    assert pages == -(-len(sim.store.list_devices()) // 100)
    assert seen == [d["id"] for d in sim.store.list_devices()]


def test_top_sets_page_size_and_is_capped(sim, http, auth):
    sim.configure(page_size=50)
    body = http.get(sim.graph_url + LIST + "?$top=7", headers=auth).json()
    assert len(body["value"]) == 7
    assert "$top=7" in body["@odata.nextLink"]
    assert len(http.get(sim.graph_url + LIST + "?$top=999", headers=auth).json()["value"]) == 50


def test_filter_is_passed_to_the_store(sim, http, auth):
    body = http.get(sim.graph_url + LIST, headers=auth,
                    params={"$filter": "operatingSystem eq 'macOS'"}).json()
    assert body["value"] and {d["operatingSystem"] for d in body["value"]} == {"macOS"}
    bad = http.get(sim.graph_url + LIST, headers=auth, params={"$filter": "bogus ~~ 1"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "BadRequest"


def test_unknown_select_property_is_400(sim, http, auth):
    answer = http.get(sim.graph_url + LIST + "?$select=noSuchThing", headers=auth)
    assert answer.status_code == 400


def test_single_device_and_404(sim, http, auth, device_ids):
    body = http.get(sim.graph_url + LIST + "/" + device_ids[0] + "?$select=deviceName",
                    headers=auth).json()
    assert body["id"] == device_ids[0] and set(body) == {"@odata.context", "id", "deviceName"}
    answer = http.get(sim.graph_url + LIST + "/" + str(uuid.uuid4()), headers=auth)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "ResourceNotFound"


def test_user_devices_by_upn(sim, http, auth):
    device = next(d for d in sim.store.list_devices() if d.get("userPrincipalName"))
    upn = device["userPrincipalName"]
    body = http.get(sim.graph_url + "/beta/users/" + upn + "/managedDevices", headers=auth).json()
    assert body["value"] and {d["userId"] for d in body["value"]} == {device["userId"]}
    missing = http.get(sim.graph_url + "/beta/users/nobody@example.com/managedDevices",
                       headers=auth)
    assert missing.status_code == 404


def action(sim, http, auth, body, prefix=LIST):
    return http.post(sim.graph_url + prefix + "/executeAction", headers=auth, json=body)


def test_execute_action_top_level_shape(sim, http, auth, device_ids):
    missing = str(uuid.uuid4())
    answer = action(sim, http, auth, {"actionName": "syncDevice",
                                      "deviceIds": [device_ids[0], missing]})
    assert answer.status_code == 200
    body = answer.json()
    assert body["@odata.context"].endswith("#microsoft.graph.bulkManagedDeviceActionResult")
    assert body["successfulDeviceIds"] == [device_ids[0]]
    assert body["notFoundDeviceIds"] == [missing]


def test_execute_action_value_shape(sim, http, auth, device_ids):
    sim.configure(response_shape="value")
    body = action(sim, http, auth, {"actionName": "syncDevice",
                                    "deviceIds": device_ids[:1]}).json()
    assert body["value"]["successfulDeviceIds"] == device_ids[:1]
    assert "successfulDeviceIds" not in body


def test_execute_action_for_a_user(sim, http, auth):
    device = next(d for d in sim.store.list_devices() if d.get("userPrincipalName"))
    stranger = next(d for d in sim.store.list_devices()
                    if d.get("userId") and d["userId"] != device["userId"])
    body = action(sim, http, auth, {"actionName": "syncDevice",
                                    "deviceIds": [device["id"], stranger["id"]]},
                  prefix="/beta/users/" + device["userPrincipalName"] + "/managedDevices").json()
    assert device["id"] in body["successfulDeviceIds"] + body["notSupportedDeviceIds"]
    assert body["notFoundDeviceIds"] == [stranger["id"]]


def test_bad_action_body_is_400(sim, http, auth):
    assert action(sim, http, auth, {"actionName": "explode"}).status_code == 400
    answer = http.post(sim.graph_url + LIST + "/executeAction", headers=auth, data="{not json")
    assert answer.status_code == 400
    assert "JSON" in answer.json()["error"]["message"]


def test_execute_action_is_beta_only(sim, http, auth, device_ids):
    answer = http.post(sim.graph_url + "/v1.0/deviceManagement/managedDevices/executeAction",
                       headers=auth, json={"actionName": "syncDevice", "deviceIds": device_ids[:1]})
    assert answer.status_code == 400


def test_per_device_action_is_204(sim, http, auth, device_ids):
    answer = http.post(sim.graph_url + LIST + "/" + device_ids[0] + "/syncDevice", headers=auth)
    assert (answer.status_code, answer.content) == (204, b"")
    missing = http.post(sim.graph_url + LIST + "/" + str(uuid.uuid4()) + "/syncDevice",
                        headers=auth)
    assert missing.status_code == 404


def test_request_ids_are_new_and_client_ids_echoed(sim, http, auth):
    first = http.get(sim.graph_url + LIST + "?$top=1", headers=auth)
    second = http.get(sim.graph_url + LIST + "?$top=1",
                      headers=dict(auth, **{"client-request-id": "my-id"}))
    assert first.headers["request-id"] != second.headers["request-id"]
    uuid.UUID(first.headers["request-id"])
    assert first.headers["client-request-id"] == first.headers["request-id"]
    assert second.headers["client-request-id"] == "my-id"


def test_unknown_route_is_400_in_graph_form(sim, http, auth):
    answer = http.get(sim.graph_url + "/beta/deviceManagement/nothingHere", headers=auth)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "Resource not found for the segment 'nothingHere'."


def test_connection_is_kept_alive(sim, http, auth):
    for _attempt in range(3):
        http.get(sim.graph_url + LIST + "?$top=1", headers=auth)
    assert {e["headers"].get("connection") for e in sim.log.entries()} == {"keep-alive"}
    pool = http.get_adapter(sim.graph_url).poolmanager
    assert sum(p.num_connections for p in pool.pools._container.values()) == 1


def test_chunked_request_body(sim, http, auth, device_ids):
    body = ('{"actionName": "syncDevice", "deviceIds": ["%s"]}' % device_ids[0]).encode()
    answer = http.post(sim.graph_url + LIST + "/executeAction", data=iter([body[:9], body[9:]]),
                       headers=dict(auth, **{"Content-Type": "application/json"}))
    assert answer.json()["successfulDeviceIds"] == device_ids[:1]
    assert sim.log.entries()[-1]["headers"]["transfer-encoding"] == "chunked"
