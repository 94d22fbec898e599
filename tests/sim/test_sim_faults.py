"""Faults: latency, error answers, dropped connections and answers slower than the client."""

import time

import pytest
import requests

LIST = "/beta/deviceManagement/managedDevices"
ACTION = LIST + "/executeAction"


def test_latency_delays_graph_requests_only(sim, http, auth):
    sim.configure(latency=0.2)
    started = time.monotonic()
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code == 200
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    http.get(sim.authority_url + "/" + sim.tenant_id + "/v2.0/.well-known/openid-configuration")
    assert time.monotonic() - started < 0.2


def test_latency_can_include_token_requests(sim, http):
    sim.configure(latency={"seconds": 0.2, "tokens": True})
    started = time.monotonic()
    http.post(sim.authority_url + "/" + sim.tenant_id + "/oauth2/v2.0/token", data={})
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize("status", [503, 504])
def test_next_responses_fail_then_recover(sim, http, auth, device_ids, status):
    sim.faults.add("status", count=2, status=status, retry_after=3)
    body = {"actionName": "syncDevice", "deviceIds": device_ids[:1]}
    for _attempt in range(2):
        answer = http.post(sim.graph_url + ACTION, headers=auth, json=body)
        assert answer.status_code == status
        assert answer.headers["Retry-After"] == "3"
        assert answer.json()["error"]["innerError"]["request-id"] == answer.headers["request-id"]
    assert http.post(sim.graph_url + ACTION, headers=auth, json=body).status_code == 200


def test_fault_restricted_to_a_path(sim, http, auth, device_ids):
    sim.faults.add("status", count=None, status=503, path="executeAction")
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code == 200
    answer = http.post(sim.graph_url + ACTION, headers=auth,
                       json={"actionName": "syncDevice", "deviceIds": device_ids[:1]})
    assert answer.status_code == 503
    assert "Retry-After" not in answer.headers


def test_dropped_connection_after_the_action_was_carried_out(sim, http, auth, device_ids):
    sim.faults.add("drop", path="executeAction", method="POST")
    with pytest.raises(requests.ConnectionError):
        http.post(sim.graph_url + ACTION, headers=auth,
                  json={"actionName": "syncDevice", "deviceIds": device_ids[:1]})
    entry = sim.log.entries()[-1]
    assert entry["path"] == ACTION and entry["status"] is None   # carried out, never answered
    assert entry["fault"] == "drop"
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code == 200


def test_dropped_connection_without_carrying_out(sim, http, auth):
    sim.faults.add("drop", process=False)
    with pytest.raises(requests.ConnectionError):
        http.get(sim.graph_url + LIST + "?$top=1", headers=auth)


def test_slow_answer_times_the_client_out(sim, http, auth):
    sim.faults.add("slow", seconds=0.6)
    with pytest.raises(requests.ReadTimeout):
        http.get(sim.graph_url + LIST + "?$top=1", headers=auth, timeout=0.2)
    started = time.monotonic()
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth, timeout=2).status_code == 200
    assert time.monotonic() - started < 0.5


def test_token_requests_are_spared_unless_named(sim, http, auth):
    sim.faults.add("status", count=1, status=503, path="/oauth2/")
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code == 200
    answer = http.post(sim.authority_url + "/" + sim.tenant_id + "/oauth2/v2.0/token", data={})
    assert answer.status_code == 503
