"""The simulator's device store: lookups, executeAction buckets, validation, platform rules and
how action state moves on with the clock."""

import threading

import pytest

from graphsim import devices, seed

START = 1_750_000_000.0  # 2025-06-15T15:06:40Z
START_ISO = "2025-06-15T15:06:40Z"
DONE_AFTER = 5.0


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(clock):
    return devices.DeviceStore.from_file(devices.default_seed_path(), action_done_after=DONE_AFTER, clock=clock)


def run(store, action, ids, user=None, **params):
    return store.execute_action({"actionName": action, "deviceIds": list(ids), **params}, user=user)


def bucket_of(result, device_id):
    (bucket,) = [name for name, ids in result.items() if device_id in ids]
    return bucket


def refused(call, *args, **kwargs):
    with pytest.raises(devices.GraphRequestError) as caught:
        call(*args, **kwargs)
    return caught.value


# -- reading -----------------------------------------------------------------------------


def test_get_device_ignores_id_case_and_returns_none_when_unknown(store):
    device = store.get_device(seed.WINDOWS_DEVICE_ID.upper())
    assert device["deviceName"] == "LAPTOP-0042"
    assert store.get_device("00000000-0000-0000-0000-000000000000") is None


def test_returned_devices_are_snapshots(store):
    device = store.get_device(seed.WINDOWS_DEVICE_ID)
    device["deviceName"] = "changed"
    device.pop("managementState")
    run(store, "retire", [seed.WINDOWS_DEVICE_ID])
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceName"] == "LAPTOP-0042"
    assert "managementState" not in device  # the retire did not reach the earlier snapshot


def test_simulator_markers_are_never_returned(store):
    everything = store.list_devices()
    assert len(everything) == seed.SHIPPED_COUNT
    assert not [k for d in everything for k in d if k.startswith("_sim")]
    assert "_simFailActions" not in store.get_device(seed.FAILING_DEVICE_ID)


def test_list_keeps_seed_order(store):
    ids = [d["id"] for d in store.list_devices()]
    assert ids[:2] == [seed.WINDOWS_DEVICE_ID, seed.HYBRID_DEVICE_ID]
    assert ids == [d["id"] for d in store.list_devices()]


@pytest.mark.parametrize("user", [seed.USER_UPN, seed.USER_UPN.upper(), seed.USER_ID, seed.USER_ID.upper()])
def test_list_one_users_devices_by_id_or_upn(store, user):
    mine = store.list_devices(user=user)
    assert {seed.WINDOWS_DEVICE_ID, seed.IOS_DEVICE_ID} <= {d["id"] for d in mine}
    assert all(d["userPrincipalName"] == seed.USER_UPN for d in mine)


def test_list_by_user_and_filter_together(store):
    found = store.list_devices(filter="operatingSystem eq 'iOS'", user=seed.USER_UPN)
    assert seed.IOS_DEVICE_ID in [d["id"] for d in found]
    assert all(d["operatingSystem"] == "iOS" and d["userId"] == seed.USER_ID for d in found)


def test_unknown_user_is_404(store):
    error = refused(store.list_devices, user="nobody@contoso.com")
    assert (error.status, error.code) == (404, "Request_ResourceNotFound")
    assert error.message == ("Resource 'nobody@contoso.com' does not exist or one of its queried "
                             "reference-property objects are not present.")


# -- executeAction buckets ---------------------------------------------------------------


def test_each_bucket(store):
    unknown = "00000000-0000-4000-8000-000000000000"
    result = run(store, "retire", [seed.WINDOWS_DEVICE_ID, seed.FAILING_DEVICE_ID, unknown, seed.CHROMEOS_DEVICE_ID])
    assert result == {
        "successfulDeviceIds": [seed.WINDOWS_DEVICE_ID],
        "failedDeviceIds": [seed.FAILING_DEVICE_ID],
        "notFoundDeviceIds": [unknown],
        "notSupportedDeviceIds": [seed.CHROMEOS_DEVICE_ID],
    }


def test_ids_echo_as_sent_and_duplicates_count_once(store):
    sent = [seed.WINDOWS_DEVICE_ID.upper(), seed.WINDOWS_DEVICE_ID, "not-a-device", "NOT-A-DEVICE"]
    result = run(store, "syncDevice", sent)
    assert result["successfulDeviceIds"] == [seed.WINDOWS_DEVICE_ID.upper()]
    assert result["notFoundDeviceIds"] == ["not-a-device"]


@pytest.mark.parametrize("body", [
    {"actionName": "syncDevice", "deviceIds": []},
    {"actionName": "syncDevice"},
    {"actionName": "syncDevice", "deviceIds": None},
])
def test_no_device_ids_gives_empty_buckets(store, body):
    assert store.execute_action(body) == {
        "successfulDeviceIds": [], "failedDeviceIds": [], "notFoundDeviceIds": [], "notSupportedDeviceIds": []}


def test_failure_marker_can_name_single_actions():
    store = devices.DeviceStore([dict(seed.generate(1)[0], _simFailActions=["wipe"])])
    assert run(store, "wipe", [seed.WINDOWS_DEVICE_ID])["failedDeviceIds"] == [seed.WINDOWS_DEVICE_ID]
    assert run(store, "syncDevice", [seed.WINDOWS_DEVICE_ID])["successfulDeviceIds"] == [seed.WINDOWS_DEVICE_ID]


def test_user_scope_hides_other_users_devices(store):
    result = run(store, "syncDevice", [seed.WINDOWS_DEVICE_ID, seed.HYBRID_DEVICE_ID], user=seed.USER_UPN.upper())
    assert result["successfulDeviceIds"] == [seed.WINDOWS_DEVICE_ID]
    assert result["notFoundDeviceIds"] == [seed.HYBRID_DEVICE_ID]
    assert store.get_device(seed.HYBRID_DEVICE_ID)["deviceActionResults"] == []


def test_user_scope_with_unknown_user_is_404(store):
    error = refused(run, store, "syncDevice", [seed.WINDOWS_DEVICE_ID], user="ghost@contoso.com")
    assert (error.status, error.code) == (404, "Request_ResourceNotFound")


# -- body validation ---------------------------------------------------------------------


@pytest.mark.parametrize("body, fragment", [
    ({"deviceIds": []}, "actionName"),
    ({"actionName": "explode", "deviceIds": []}, "explode"),
    ({"actionName": "unknownFutureValue", "deviceIds": []}, "unknownFutureValue"),
    ({"actionName": ["retire"], "deviceIds": []}, "managedDeviceRemoteAction"),
    ({"actionName": "retire", "deviceIds": "53603ab2-20e7-4302-97ef-7e76c912626f"}, "deviceIds"),
    ({"actionName": "retire", "deviceIds": [42]}, "deviceIds"),
    ({"actionName": "retire", "deviceIds": [], "force": True}, "'force'"),
    ({"actionName": "retire", "deviceIds": [], "macOsUnlockCode": "123456"}, "'macOsUnlockCode'"),
    ({"actionName": "retire", "deviceIds": [], "keepUserData": True}, "keepUserData"),
    ({"actionName": "syncDevice", "deviceIds": [], "notificationTitle": "Hi"}, "notificationTitle"),
    ({"actionName": "wipe", "deviceIds": [], "deviceName": "NEW-NAME"}, "deviceName"),
    ({"actionName": "wipe", "deviceIds": [], "keepUserData": "yes"}, "Edm.Boolean"),
    ({"actionName": "setDeviceName", "deviceIds": [], "deviceName": 7}, "Edm.String"),
    ({"actionName": "retire", "deviceIds": ["x"] * 101}, "101"),
    ([], "JSON object"),
])
def test_bad_bodies_are_400(store, body, fragment):
    error = refused(store.execute_action, body)
    assert (error.status, error.code) == (400, "BadRequest")
    assert fragment in error.message
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["managementState"] == "managed"


@pytest.mark.parametrize("action, params", [
    ("customTextNotification", {"notificationTitle": "Hi"}),
    ("customTextNotification", {"notificationBody": "Please restart"}),
    ("setDeviceName", {}),
    ("setDeviceName", {"deviceName": ""}),
    ("activateDeviceEsim", {}),
    ("deprovision", {}),
    ("moveDeviceToOrganizationalUnit", {"organizationalUnitPath": None}),
])
def test_missing_required_parameter_is_400(store, action, params):
    error = refused(run, store, action, [seed.WINDOWS_DEVICE_ID], **params)
    assert error.status == 400 and "requires" in error.message


def test_default_values_of_unused_fields_are_accepted(store):
    # Microsoft's SDK sends the three wipe flags as false with every action.
    body = {"@odata.type": "#microsoft.graph.executeAction", "actionName": "syncDevice",
            "deviceIds": [seed.WINDOWS_DEVICE_ID], "keepEnrollmentData": False, "keepUserData": False,
            "persistEsimDataPlan": False, "notificationTitle": None, "deviceName": None}
    assert store.execute_action(body)["successfulDeviceIds"] == [seed.WINDOWS_DEVICE_ID]


def test_wipe_takes_its_flags(store):
    result = run(store, "wipe", [seed.WINDOWS_DEVICE_ID], keepUserData=True, keepEnrollmentData=True,
                 persistEsimDataPlan=True)
    assert result["successfulDeviceIds"] == [seed.WINDOWS_DEVICE_ID]


def test_one_hundred_ids_is_the_limit_not_an_error(store):
    ids = [d["id"] for d in store.list_devices()[:100]]
    result = run(store, "syncDevice", ids)
    assert sum(len(v) for v in result.values()) == 100


# -- platform rules ----------------------------------------------------------------------

NOTE = {"notificationTitle": "IT notice", "notificationBody": "Please restart today."}


@pytest.mark.parametrize("action, device_id, params, bucket", [
    ("fullScan", seed.WINDOWS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("fullScan", seed.IOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("quickScan", seed.WINDOWS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("quickScan", seed.MACOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("signatureUpdate", seed.WINDOWS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("signatureUpdate", seed.ANDROID_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("collectDiagnostics", seed.WINDOWS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("collectDiagnostics", seed.IOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("deprovision", seed.CHROMEOS_DEVICE_ID, {"deprovisionReason": "retiring"}, "successfulDeviceIds"),
    ("deprovision", seed.WINDOWS_DEVICE_ID, {"deprovisionReason": "retiring"}, "notSupportedDeviceIds"),
    ("disable", seed.CHROMEOS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("disable", seed.ANDROID_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("reenable", seed.CHROMEOS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("reenable", seed.MACOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("moveDeviceToOrganizationalUnit", seed.CHROMEOS_DEVICE_ID, {"organizationalUnitPath": "/Staff"},
     "successfulDeviceIds"),
    ("moveDeviceToOrganizationalUnit", seed.WINDOWS_DEVICE_ID, {"organizationalUnitPath": "/Staff"},
     "notSupportedDeviceIds"),
    ("retire", seed.CHROMEOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("wipe", seed.ANDROID_DEVICE_ID, {}, "successfulDeviceIds"),
    ("delete", seed.CHROMEOS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("syncDevice", seed.MACOS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("rebootNow", seed.IOS_DEVICE_ID, {}, "successfulDeviceIds"),
    ("rebootNow", seed.UNSUPERVISED_IOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("rebootNow", seed.CHROMEOS_DEVICE_ID, {}, "notSupportedDeviceIds"),
    ("customTextNotification", seed.IOS_DEVICE_ID, NOTE, "successfulDeviceIds"),
    ("customTextNotification", seed.ANDROID_DEVICE_ID, NOTE, "successfulDeviceIds"),
    ("customTextNotification", seed.WINDOWS_DEVICE_ID, NOTE, "notSupportedDeviceIds"),
    ("activateDeviceEsim", seed.IOS_DEVICE_ID, {"carrierUrl": "https://carrier.example/esim"}, "successfulDeviceIds"),
    ("activateDeviceEsim", seed.ANDROID_DEVICE_ID, {"carrierUrl": "https://carrier.example/esim"},
     "notSupportedDeviceIds"),
    ("setDeviceName", seed.WINDOWS_DEVICE_ID, {"deviceName": "LAPTOP-0043"}, "successfulDeviceIds"),
    ("setDeviceName", seed.HYBRID_DEVICE_ID, {"deviceName": "DESKTOP-0001"}, "notSupportedDeviceIds"),
    ("setDeviceName", seed.IOS_DEVICE_ID, {"deviceName": "Adele's work iPhone"}, "successfulDeviceIds"),
    ("setDeviceName", seed.UNSUPERVISED_IOS_DEVICE_ID, {"deviceName": "Megan"}, "notSupportedDeviceIds"),
    ("setDeviceName", seed.MACOS_DEVICE_ID, {"deviceName": "Megan's Mac"}, "successfulDeviceIds"),
    ("setDeviceName", seed.ANDROID_DEVICE_ID, {"deviceName": "Diego"}, "notSupportedDeviceIds"),
])
def test_platform_rules(store, action, device_id, params, bucket):
    assert bucket_of(run(store, action, [device_id], **params), device_id) == bucket


@pytest.mark.parametrize("name, bucket", [
    ("LAPTOP-0043", "successfulDeviceIds"),
    ("A" * 15, "successfulDeviceIds"),
    ("A" * 16, "notSupportedDeviceIds"),       # too long
    ("LAPTOP 0043", "notSupportedDeviceIds"),  # space
    ("12345", "notSupportedDeviceIds"),        # digits only
    ("LAPTOP_0043", "notSupportedDeviceIds"),  # underscore
    ("LAPTOP-ÖL", "notSupportedDeviceIds"),    # non-ASCII letter
])
def test_windows_name_rules(store, name, bucket):
    result = run(store, "setDeviceName", [seed.WINDOWS_DEVICE_ID, seed.IOS_DEVICE_ID], deviceName=name)
    assert bucket_of(result, seed.WINDOWS_DEVICE_ID) == bucket
    assert bucket_of(result, seed.IOS_DEVICE_ID) == "successfulDeviceIds"  # not a Windows rule


# -- state over time ---------------------------------------------------------------------


def test_action_result_goes_from_pending_to_done_after_the_delay(store, clock):
    run(store, "syncDevice", [seed.WINDOWS_DEVICE_ID])
    pending = {"actionName": "syncDevice", "actionState": "pending", "startDateTime": START_ISO,
               "lastUpdatedDateTime": START_ISO}
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceActionResults"] == [pending]
    clock.advance(DONE_AFTER - 0.5)
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceActionResults"] == [pending]
    clock.advance(60)
    done = dict(pending, actionState="done", lastUpdatedDateTime="2025-06-15T15:06:45Z")
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceActionResults"] == [done]
    assert store.list_devices(filter="deviceName eq 'LAPTOP-0042'")[0]["deviceActionResults"] == [done]


def test_repeating_an_action_replaces_its_entry(store, clock):
    run(store, "syncDevice", [seed.WINDOWS_DEVICE_ID])
    clock.advance(DONE_AFTER + 1)
    run(store, "syncDevice", [seed.WINDOWS_DEVICE_ID])
    run(store, "rebootNow", [seed.WINDOWS_DEVICE_ID])
    results = store.get_device(seed.WINDOWS_DEVICE_ID)["deviceActionResults"]
    assert [(r["actionName"], r["actionState"]) for r in results] == [("syncDevice", "pending"), ("rebootNow", "pending")]


@pytest.mark.parametrize("action, pending, issued", [
    ("retire", "retirePending", "retireIssued"),
    ("wipe", "wipePending", "wipeIssued"),
])
def test_retire_and_wipe_move_the_management_state(store, clock, action, pending, issued):
    run(store, action, [seed.WINDOWS_DEVICE_ID])
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["managementState"] == pending
    clock.advance(DONE_AFTER)
    device = store.get_device(seed.WINDOWS_DEVICE_ID)
    assert device["managementState"] == issued
    assert device["deviceActionResults"][-1]["actionState"] == "done"


def test_delete_removes_the_device_when_done(store, clock):
    assert run(store, "delete", [seed.ANDROID_DEVICE_ID])["successfulDeviceIds"] == [seed.ANDROID_DEVICE_ID]
    assert store.get_device(seed.ANDROID_DEVICE_ID)["managementState"] == "deletePending"
    clock.advance(DONE_AFTER)
    assert store.get_device(seed.ANDROID_DEVICE_ID) is None
    assert seed.ANDROID_DEVICE_ID not in [d["id"] for d in store.list_devices()]
    assert run(store, "syncDevice", [seed.ANDROID_DEVICE_ID])["notFoundDeviceIds"] == [seed.ANDROID_DEVICE_ID]


def test_rename_applies_when_the_action_is_done(store, clock):
    run(store, "setDeviceName", [seed.WINDOWS_DEVICE_ID], deviceName="LAPTOP-9000")
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceName"] == "LAPTOP-0042"
    clock.advance(DONE_AFTER)
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceName"] == "LAPTOP-9000"
    assert [d["id"] for d in store.list_devices(filter="deviceName eq 'laptop-9000'")] == [seed.WINDOWS_DEVICE_ID]


def test_failing_device_fails_now_and_its_result_turns_failed(store, clock):
    assert run(store, "retire", [seed.FAILING_DEVICE_ID])["failedDeviceIds"] == [seed.FAILING_DEVICE_ID]
    device = store.get_device(seed.FAILING_DEVICE_ID)
    assert device["managementState"] == "managed"
    assert device["deviceActionResults"][-1]["actionState"] == "pending"
    clock.advance(DONE_AFTER)
    device = store.get_device(seed.FAILING_DEVICE_ID)
    assert device["deviceActionResults"][-1]["actionState"] == "failed"
    assert device["managementState"] == "managed"


def test_some_devices_never_show_action_results(store, clock):
    result = run(store, "retire", [seed.NO_ACTION_RESULTS_DEVICE_ID])
    assert result["successfulDeviceIds"] == [seed.NO_ACTION_RESULTS_DEVICE_ID]
    assert store.get_device(seed.NO_ACTION_RESULTS_DEVICE_ID)["deviceActionResults"] == []
    clock.advance(DONE_AFTER)
    device = store.get_device(seed.NO_ACTION_RESULTS_DEVICE_ID)
    assert device["deviceActionResults"] == []
    assert device["managementState"] == "retireIssued"  # the dependable signal still moves


def test_seeded_retire_pending_device_stays_pending(store, clock):
    clock.advance(3600)
    assert store.get_device(seed.RETIRE_PENDING_DEVICE_ID)["managementState"] == "retirePending"


def test_stores_do_not_share_state(clock):
    fleet = seed.generate(20)
    first = devices.DeviceStore(fleet, clock=clock)
    run(first, "retire", [seed.WINDOWS_DEVICE_ID])
    second = devices.DeviceStore(fleet, clock=clock)
    assert second.get_device(seed.WINDOWS_DEVICE_ID)["managementState"] == "managed"
    assert fleet[0]["managementState"] == "managed"


# -- per-device endpoints ----------------------------------------------------------------


def test_device_action_runs_one_action(store, clock):
    assert store.device_action(seed.WINDOWS_DEVICE_ID.upper(), "syncDevice") is None
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceActionResults"][-1]["actionName"] == "syncDevice"
    store.device_action(seed.WINDOWS_DEVICE_ID, "setDeviceName", {"deviceName": "LAPTOP-7"})
    clock.advance(DONE_AFTER)
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["deviceName"] == "LAPTOP-7"


def test_device_action_maps_per_device_endpoint_names(store):
    store.device_action(seed.WINDOWS_DEVICE_ID, "windowsDefenderScan", {"quickScan": True})
    store.device_action(seed.WINDOWS_DEVICE_ID, "windowsDefenderUpdateSignatures")
    names = [r["actionName"] for r in store.get_device(seed.WINDOWS_DEVICE_ID)["deviceActionResults"]]
    assert names[-2:] == ["quickScan", "signatureUpdate"]


def test_device_action_errors(store):
    error = refused(store.device_action, "00000000-0000-4000-8000-000000000000", "syncDevice")
    assert (error.status, error.code) == (404, "ResourceNotFound")
    error = refused(store.device_action, seed.IOS_DEVICE_ID, "fullScan")
    assert (error.status, error.code) == (400, "BadRequest")
    error = refused(store.device_action, seed.WINDOWS_DEVICE_ID, "selfDestruct")
    assert error.status == 400
    error = refused(store.device_action, seed.WINDOWS_DEVICE_ID, "setDeviceName")
    assert error.status == 400 and "deviceName" in error.message
    error = refused(store.device_action, seed.WINDOWS_DEVICE_ID, "retire", {"keepUserData": True})
    assert error.status == 400


def test_device_action_on_a_failing_device_is_accepted_then_fails(store, clock):
    store.device_action(seed.FAILING_DEVICE_ID, "syncDevice")
    clock.advance(DONE_AFTER)
    assert store.get_device(seed.FAILING_DEVICE_ID)["deviceActionResults"][-1]["actionState"] == "failed"


# -- scale and threads -------------------------------------------------------------------


def test_generated_store_starts_with_the_fixtures():
    store = devices.DeviceStore.generated(2000, seed=5)
    assert len(store.list_devices()) == 2000
    assert store.get_device(seed.CHROMEOS_DEVICE_ID)["operatingSystem"] == "ChromeOS"


def test_concurrent_actions_account_for_every_id(clock):
    store = devices.DeviceStore.generated(2000, seed=2, clock=clock)
    ids = [d["id"] for d in store.list_devices(filter="operatingSystem eq 'Windows'")][:800]
    results = []

    def worker(chunk):
        results.append(run(store, "syncDevice", chunk))

    threads = [threading.Thread(target=worker, args=(ids[i:i + 100],)) for i in range(0, len(ids), 100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reported = [i for result in results for bucket in result.values() for i in bucket]
    assert sorted(reported) == sorted(ids)
    with_results = [d for d in store.list_devices() if d["id"] in set(ids) and d["deviceActionResults"]]
    assert all(any(r["actionName"] == "syncDevice" for r in d["deviceActionResults"]) for d in with_results)
    assert len(with_results) > 700


def test_fail_later_accepts_the_action_then_fails_it(store, clock):
    store.fail_later(seed.WINDOWS_DEVICE_ID.upper())
    result = run(store, "retire", [seed.WINDOWS_DEVICE_ID])
    assert result["successfulDeviceIds"] == [seed.WINDOWS_DEVICE_ID]
    assert store.get_device(seed.WINDOWS_DEVICE_ID)["managementState"] == "retirePending"
    clock.advance(DONE_AFTER)
    device = store.get_device(seed.WINDOWS_DEVICE_ID)
    assert device["managementState"] == "retireFailed"
    assert [(e["actionName"], e["actionState"]) for e in device["deviceActionResults"]
            if e["actionName"] == "retire"] == [("retire", "failed")]
