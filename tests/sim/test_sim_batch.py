"""JSON batching: at most 20 requests, each answered as if sent alone, each throttled alone."""

import uuid

BATCH = "/beta/$batch"


def get_request(request_id, device_id):
    return {"id": request_id, "method": "GET",
            "url": "/deviceManagement/managedDevices/{}?$select=deviceName".format(device_id)}


def test_batch_answers_each_request(sim, http, auth, device_ids):
    missing = str(uuid.uuid4())
    requests = [get_request("1", device_ids[0]), get_request("2", missing),
                {"id": "3", "method": "POST", "url": "deviceManagement/managedDevices/executeAction",
                 "headers": {"Content-Type": "application/json"},
                 "body": {"actionName": "syncDevice", "deviceIds": device_ids[1:3]}}]
    answer = http.post(sim.graph_url + BATCH, headers=auth, json={"requests": requests})
    assert answer.status_code == 200
    responses = {r["id"]: r for r in answer.json()["responses"]}
    assert responses["1"]["status"] == 200
    assert responses["1"]["body"]["deviceName"] == sim.store.get_device(device_ids[0])["deviceName"]
    assert responses["2"]["status"] == 404
    assert responses["2"]["body"]["error"]["code"] == "ResourceNotFound"
    assert responses["3"]["status"] == 200
    assert responses["3"]["body"]["successfulDeviceIds"] == device_ids[1:3]
    via = [e for e in sim.log.entries() if e.get("via") == "$batch"]
    assert [e["status"] for e in via] == [200, 404, 200]


def test_batch_of_20_is_fine_and_21_is_400(sim, http, auth, device_ids):
    twenty = [get_request(str(i), device_ids[i]) for i in range(20)]
    answer = http.post(sim.graph_url + BATCH, headers=auth, json={"requests": twenty})
    assert [r["status"] for r in answer.json()["responses"]] == [200] * 20
    too_many = twenty + [get_request("20", device_ids[20])]
    answer = http.post(sim.graph_url + BATCH, headers=auth, json={"requests": too_many})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "BadRequest"


def test_batch_needs_a_token_and_content_type_for_bodies(sim, http, auth, device_ids):
    answer = http.post(sim.graph_url + BATCH, json={"requests": [get_request("1", device_ids[0])]})
    assert answer.status_code == 401
    no_type = {"id": "1", "method": "POST", "url": "/deviceManagement/managedDevices/executeAction",
               "body": {"actionName": "syncDevice", "deviceIds": device_ids[:1]}}
    answer = http.post(sim.graph_url + BATCH, headers=auth, json={"requests": [no_type]})
    assert answer.status_code == 400


def test_sub_requests_are_throttled_one_by_one(sim, http, auth, device_ids):
    sim.configure(throttle={"writes": (2, 30)})
    writes = [{"id": str(i), "method": "POST",
               "url": "/deviceManagement/managedDevices/{}/syncDevice".format(device_ids[i]),
               "headers": {"Content-Type": "application/json"}, "body": {}} for i in range(3)]
    answer = http.post(sim.graph_url + BATCH, headers=auth, json={"requests": writes})
    assert answer.status_code == 200   # the envelope itself is not a write
    statuses = [r["status"] for r in answer.json()["responses"]]
    assert statuses == [204, 204, 429]
    assert int(answer.json()["responses"][2]["headers"]["Retry-After"]) >= 1
