"""Choosing devices by name, serial number, filter and user, against the simulator."""

from __future__ import annotations

from graphsim import seed
from playbook import run, run_many, sim_defaults

ACTION = "intune.graph.managed_device_action"
INFO = "intune.graph.managed_device_info"
EXECUTE = "/beta/deviceManagement/managedDevices/executeAction"


def executed(sim):
    return [e["body"]["deviceIds"] for e in sim.log.entries() if e["path"] == EXECUTE]


def batches(sim):
    return [e for e in sim.log.entries() if e["path"] == "/beta/$batch"]


def device(sim, device_id):
    return sim.store.get_device(device_id)


def test_each_selector_alone_and_combined_without_duplicates(sim, tmp_path):
    windows = device(sim, seed.WINDOWS_DEVICE_ID)
    android = device(sim, seed.ANDROID_DEVICE_ID)
    results, _done = run_many(tmp_path, [
        (ACTION, {"action": "sync_device", "device_names": [windows["deviceName"].lower()]}),
        (ACTION, {"action": "sync_device", "serial_numbers": [android["serialNumber"]]}),
        (ACTION, {"action": "sync_device", "filter": "deviceName eq '%s'" % windows["deviceName"]}),
        (ACTION, {"action": "sync_device", "device_ids": [seed.MACOS_DEVICE_ID, seed.WINDOWS_DEVICE_ID],
                  "device_names": [windows["deviceName"]], "serial_numbers": [android["serialNumber"]],
                  "filter": "serialNumber eq '%s'" % android["serialNumber"]}),
    ], defaults=sim_defaults(sim))
    assert [r["successful_device_ids"] for r in results] == [
        [seed.WINDOWS_DEVICE_ID], [seed.ANDROID_DEVICE_ID], [seed.WINDOWS_DEVICE_ID],
        [seed.MACOS_DEVICE_ID, seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID]]
    assert executed(sim)[-1] == [seed.MACOS_DEVICE_ID, seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID]


def test_names_with_an_apostrophe_and_non_ascii(sim, tmp_path):
    result, _done = run(tmp_path, ACTION, {
        "action": "sync_device", "device_names": [seed.APOSTROPHE_NAME, " %s " % seed.NON_ASCII_NAME]},
        defaults=sim_defaults(sim))
    assert result["successful_device_ids"] == [seed.APOSTROPHE_DEVICE_ID, seed.NON_ASCII_DEVICE_ID]
    filters = [r["url"] for r in batches(sim)[0]["body"]["requests"]]
    assert "O%27%27Brien" in filters[0]  # the quote doubled, then URL-encoded


def test_unknown_name_and_serial_are_reported_and_count_as_not_found(sim, tmp_path):
    args = {"action": "sync_device", "device_names": ["NO-SUCH-PC", seed.APOSTROPHE_NAME],
            "serial_numbers": ["NOSERIAL"]}
    results, _done = run_many(tmp_path, [(ACTION, args), (ACTION, dict(args, fail_on=["not_found"]))],
                              defaults=sim_defaults(sim))
    for result in results:
        assert result["not_found_device_names"] == ["NO-SUCH-PC"]
        assert result["not_found_serial_numbers"] == ["NOSERIAL"]
        assert result["successful_device_ids"] == [seed.APOSTROPHE_DEVICE_ID]
    assert not results[0].get("failed")
    assert results[1]["failed"] is True
    assert results[0]["msg"].endswith("; matched no device: NO-SUCH-PC, NOSERIAL")


def test_ambiguous_name_is_an_error_listing_the_devices_unless_all(sim, tmp_path):
    args = {"action": "retire", "device_names": [seed.AMBIGUOUS_NAME]}
    results, _done = run_many(tmp_path, [(ACTION, args), (ACTION, dict(args, on_multiple_matches="all"))],
                              defaults=sim_defaults(sim))
    refused, acted = results
    assert refused["failed"] is True
    assert "'%s' matches 2 devices" % seed.AMBIGUOUS_NAME in refused["msg"]
    for kiosk in seed.KIOSK_DEVICE_IDS:
        info = device(sim, kiosk)
        assert kiosk in refused["msg"] and info["serialNumber"] in refused["msg"]
    assert "last sync" in refused["msg"] and "on_multiple_matches: all" in refused["msg"]
    assert executed(sim) == [list(seed.KIOSK_DEVICE_IDS)]  # only the second task acted
    assert sorted(acted["successful_device_ids"]) == sorted(seed.KIOSK_DEVICE_IDS)


def test_filter_follows_pages(sim, tmp_path):
    sim.configure(page_size=25)
    windows = sim.store.list_devices(filter="operatingSystem eq 'Windows'")
    result, _done = run(tmp_path, ACTION, {"action": "sync_device", "max_devices": 1000,
                                           "filter": "operatingSystem eq 'Windows'"},
                        defaults=sim_defaults(sim), check=True)
    pages = [e for e in sim.log.entries() if e["path"] == "/beta/deviceManagement/managedDevices"]
    assert len(pages) == -(-len(windows) // 25) > 3
    assert result["would_act_device_ids"] == [d["id"] for d in windows]


def test_max_devices_exceeded_sends_nothing(sim, tmp_path):
    count = len(sim.store.list_devices(filter="operatingSystem eq 'Windows'"))
    results, _done = run_many(tmp_path, [
        (ACTION, {"action": "wipe", "filter": "operatingSystem eq 'Windows'"}),
        (ACTION, {"action": "wipe", "filter": "operatingSystem eq 'Windows'", "max_devices": 10}),
    ], defaults=sim_defaults(sim))
    for result, limit in zip(results, (100, 10)):
        assert result["failed"] is True
        assert "match %d devices, more than max_devices (%d)" % (count, limit) in result["msg"]
        assert "raise max_devices to at least %d" % count in result["msg"]
        assert result["matched_device_count"] == count
    assert executed(sim) == []


def test_max_devices_applies_in_check_mode_but_not_to_explicit_ids(sim, tmp_path):
    ids = [d["id"] for d in sim.store.list_devices()][:5]
    results, _done = run_many(tmp_path, [
        (ACTION, {"action": "wipe", "filter": "operatingSystem eq 'iOS'", "max_devices": 2}),
        (ACTION, {"action": "wipe", "device_ids": ids, "max_devices": 2}),
    ], defaults=sim_defaults(sim), check=True)
    assert results[0]["failed"] is True and "max_devices (2)" in results[0]["msg"]
    assert results[1]["would_act_device_ids"] == ids


def test_user_narrows_every_selector(sim, tmp_path):
    windows = device(sim, seed.WINDOWS_DEVICE_ID)
    result, _done = run(tmp_path, ACTION, {
        "action": "sync_device", "user": seed.APOSTROPHE_USER_UPN,
        "device_names": [seed.APOSTROPHE_NAME, windows["deviceName"]]}, defaults=sim_defaults(sim))
    assert result["successful_device_ids"] == [seed.APOSTROPHE_DEVICE_ID]
    assert result["not_found_device_names"] == [windows["deviceName"]]
    urls = [r["url"] for r in batches(sim)[0]["body"]["requests"]]
    assert all(u.startswith("/users/%s/managedDevices?" % seed.APOSTROPHE_USER_UPN) for u in urls)


def test_check_mode_shows_name_os_and_user_of_each_target(sim, tmp_path):
    result, _done = run(tmp_path, ACTION, {
        "action": "wipe", "device_ids": [seed.WINDOWS_DEVICE_ID],
        "device_names": [seed.NON_ASCII_NAME]}, defaults=sim_defaults(sim), check=True)
    windows, ipad = device(sim, seed.WINDOWS_DEVICE_ID), device(sim, seed.NON_ASCII_DEVICE_ID)
    assert result["targets"] == [
        {key: d[key] for key in ("id", "deviceName", "operatingSystem", "userPrincipalName",
                                 "serialNumber")} for d in (windows, ipad)]
    assert executed(sim) == []


def test_a_thousand_names_cost_fifty_batches_and_one_token(sim, tmp_path):
    names = ["PC-%04d" % n for n in range(999)] + [device(sim, seed.WINDOWS_DEVICE_ID)["deviceName"]]
    result, _done = run(tmp_path, ACTION, {"action": "sync_device", "device_names": names},
                        defaults=sim_defaults(sim), check=True)
    assert len(batches(sim)) == 50
    assert len([e for e in sim.log.entries() if e["path"].endswith("/token")]) == 1
    # nothing else was sent: msal reads the authority's OpenID metadata, then asks for the token
    sent = [e for e in sim.log.entries() if "via" not in e]
    assert len(sent) == 52 and sent[0]["path"].endswith("/v2.0/.well-known/openid-configuration")
    assert result["would_act_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert len(result["not_found_device_names"]) == 999


def test_info_module_selectors_select_and_limit(sim, tmp_path):
    windows = device(sim, seed.WINDOWS_DEVICE_ID)
    unknown = "00000000-0000-4000-8000-000000000009"
    results, _done = run_many(tmp_path, [
        (INFO, {"device_ids": [seed.WINDOWS_DEVICE_ID, unknown]}),
        (INFO, {"device_names": [seed.APOSTROPHE_NAME, "NOPE"], "serial_numbers": ["NOSERIAL"],
                "properties": ["deviceName", "serialNumber"]}),
        (INFO, {"filter": "operatingSystem eq 'macOS'", "properties": ["all"], "limit": 2}),
        (INFO, {"user": seed.APOSTROPHE_USER_UPN}),
        (INFO, {"limit": 7}),
    ], defaults=sim_defaults(sim), check=True)
    by_id, by_name, macs, users, first = results
    assert [d["id"] for d in by_id["devices"]] == [seed.WINDOWS_DEVICE_ID]
    assert by_id["devices"][0]["deviceName"] == windows["deviceName"]
    assert "osVersion" in by_id["devices"][0] and "imei" not in by_id["devices"][0]
    assert by_id["not_found_device_ids"] == [unknown]
    assert by_name["devices"] == [{"id": seed.APOSTROPHE_DEVICE_ID, "deviceName": seed.APOSTROPHE_NAME,
                                   "serialNumber": device(sim, seed.APOSTROPHE_DEVICE_ID)["serialNumber"]}]
    assert by_name["not_found_device_names"] == ["NOPE"]
    assert by_name["not_found_serial_numbers"] == ["NOSERIAL"]
    assert macs["count"] == 2 and len(macs["devices"][0]) > 60  # every property
    assert all(d["operatingSystem"] == "macOS" for d in macs["devices"])
    owned = sim.store.list_devices(user=seed.APOSTROPHE_USER_UPN)
    assert [d["id"] for d in users["devices"]] == [d["id"] for d in owned]
    assert first["count"] == 7
    assert all(r["changed"] is False and not r.get("failed") for r in results)


def test_info_lists_every_device_with_the_largest_page(sim, tmp_path):
    sim.configure(page_size=100)
    result, _done = run(tmp_path, INFO, {"properties": ["id"]}, defaults=sim_defaults(sim))
    pages = [e for e in sim.log.entries() if e["path"] == "/beta/deviceManagement/managedDevices"]
    assert pages[0]["query"]["$top"] == "1000"
    assert len(pages) == 4  # 320 devices, the simulator capping pages at 100
    assert result["count"] == len(sim.store.list_devices()) == 320
