"""Throttling: a sliding window of writes (and optionally of all requests) per app per tenant."""

import time

from graphsim.client import msal_app
from graphsim.throttle import Throttle

LIST = "/beta/deviceManagement/managedDevices"


def sync(sim, http, auth, device_id):
    return http.post(sim.graph_url + LIST + "/" + device_id + "/syncDevice", headers=auth)


def test_writes_over_the_limit_get_429_with_retry_after(sim, http, auth, device_ids):
    sim.configure(throttle={"writes": (3, 1)})
    statuses = [sync(sim, http, auth, device_ids[0]).status_code for _attempt in range(3)]
    assert statuses == [204, 204, 204]
    refused = sync(sim, http, auth, device_ids[0])
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "TooManyRequests"
    assert refused.headers["Retry-After"] == "1"
    # Reads do not count against the write limit.
    assert http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code == 200
    time.sleep(1.0)
    assert sync(sim, http, auth, device_ids[0]).status_code == 204


def test_mode_without_retry_after(sim, http, auth, device_ids):
    sim.configure(throttle={"writes": (1, 5), "retry_after": False})
    assert sync(sim, http, auth, device_ids[0]).status_code == 204
    refused = sync(sim, http, auth, device_ids[0])
    assert refused.status_code == 429
    assert "Retry-After" not in refused.headers


def test_limit_is_per_app(sim, http, auth, device_ids):
    sim.configure(throttle={"writes": (1, 30)})
    assert sync(sim, http, auth, device_ids[0]).status_code == 204
    assert sync(sim, http, auth, device_ids[0]).status_code == 429
    other = sim.register_app()
    token = msal_app(sim, other.secrets[0], client_id=other.client_id).acquire_token_for_client(
        [sim.scope])["access_token"]
    assert sync(sim, http, {"Authorization": "Bearer " + token}, device_ids[0]).status_code == 204


def test_reads_limit(sim, http, auth):
    sim.configure(throttle={"reads": (2, 30)})
    statuses = [http.get(sim.graph_url + LIST + "?$top=1", headers=auth).status_code
                for _attempt in range(3)]
    assert statuses == [200, 200, 429]


def test_retry_after_counts_down_with_the_window():
    now = [100.0]
    throttle = Throttle(clock=lambda: now[0])
    throttle.configure(writes=(2, 20))
    assert throttle.check("t", "a", "POST") is None
    now[0] += 5
    assert throttle.check("t", "a", "POST") is None
    now[0] += 1
    assert throttle.check("t", "a", "POST") == {"Retry-After": "14"}
    assert throttle.check("t", "a", "GET") is None          # reads are free by default
    now[0] += 14
    assert throttle.check("t", "a", "POST") is None          # the first slot has freed
    assert throttle.check("t", "a", "DELETE") == {"Retry-After": "5"}
