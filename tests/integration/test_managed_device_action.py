"""managed_device_action, run by ansible-playbook against the Graph simulator."""

from __future__ import annotations

import pytest

from graphsim import seed
from playbook import run, run_many, sim_defaults

MODULE = "intune.graph.managed_device_action"
UNKNOWN = "00000000-0000-4000-8000-000000000001"
EXECUTE = "/beta/deviceManagement/managedDevices/executeAction"


def posts(sim, path=EXECUTE):
    return [e for e in sim.log.entries() if e["method"] == "POST" and e["path"] == path]


def graph_requests(sim):
    return [e for e in sim.log.entries() if e["path"].startswith("/beta/")]


# action, device it applies to, parameters, the body fields Graph must receive besides the two
EACH_ACTION = [
    ("sync_device", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("reboot_now", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("full_scan", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("quick_scan", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("signature_update", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("collect_diagnostics", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("initiate_mobile_device_management_key_recovery", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("initiate_on_demand_proactive_remediation", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("initiate_device_attestation", seed.WINDOWS_DEVICE_ID, {}, {}),
    ("activate_device_esim", seed.WINDOWS_DEVICE_ID, {"carrier_url": "https://carrier.example/activate"},
     {"carrierUrl": "https://carrier.example/activate"}),
    ("set_device_name", seed.WINDOWS_DEVICE_ID, {"device_name": "LAPTOP-4242"},
     {"deviceName": "LAPTOP-4242"}),
    ("custom_text_notification", seed.IOS_DEVICE_ID,
     {"notification_title": "IT", "notification_body": "Bob's laptop: please restart ✓"},
     {"notificationTitle": "IT", "notificationBody": "Bob's laptop: please restart ✓"}),
    ("deprovision", seed.CHROMEOS_DEVICE_ID, {"deprovision_reason": "retiring_device"},
     {"deprovisionReason": "retiring_device"}),
    ("move_device_to_organizational_unit", seed.CHROMEOS_DEVICE_ID,
     {"organizational_unit_path": "/Schools/North"}, {"organizationalUnitPath": "/Schools/North"}),
    ("disable", seed.CHROMEOS_DEVICE_ID, {}, {}),
    ("reenable", seed.CHROMEOS_DEVICE_ID, {}, {}),
    ("wipe", seed.ANDROID_DEVICE_ID, {"keep_enrollment_data": True, "keep_user_data": False,
                                      "persist_esim_data_plan": True},
     {"keepEnrollmentData": True, "keepUserData": False, "persistEsimDataPlan": True}),
    ("retire", seed.MACOS_DEVICE_ID, {}, {}),
    ("delete", seed.IOS_DEVICE_ID, {}, {}),
]


def test_each_action_sends_exactly_its_fields_and_succeeds(sim, tmp_path):
    tasks = [(MODULE, dict(action=action, device_ids=[device], **params))
             for action, device, params, _fields in EACH_ACTION]
    results, done = run_many(tmp_path, tasks, defaults=sim_defaults(sim))
    bodies = [e["body"] for e in posts(sim)]
    assert len(bodies) == len(EACH_ACTION), done.stdout
    for (action, device, _params, fields), result, body in zip(EACH_ACTION, results, bodies):
        assert result["successful_device_ids"] == [device], (action, result["msg"])
        assert result["changed"] is True and not result.get("failed")
        assert body == dict(actionName=result["graph_action"], deviceIds=[device], **fields)
    assert {r["auth_method"] for r in results} == {"client_secret"}


@pytest.mark.parametrize("shape", ["top", "value"])
def test_buckets_from_both_response_shapes(sim, tmp_path, shape):
    sim.configure(response_shape=shape)
    ids = [seed.WINDOWS_DEVICE_ID, UNKNOWN, seed.CHROMEOS_DEVICE_ID, seed.FAILING_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids,
                                           "fail_on": []}, defaults=sim_defaults(sim))
    assert result["successful_device_ids"] == [seed.WINDOWS_DEVICE_ID]
    assert result["not_found_device_ids"] == [UNKNOWN]
    assert result["not_supported_device_ids"] == [seed.CHROMEOS_DEVICE_ID]
    assert result["failed_device_ids"] == [seed.FAILING_DEVICE_ID]
    assert result["unreported_device_ids"] == []
    assert result["summary"] == {"requested": 4, "successful": 1, "failed": 1, "not_found": 1,
                                 "not_supported": 1, "unreported": 0, "skipped": 0}
    assert result["changed"] is True
    # fail_on: [] keeps the task green even though a device failed in Graph
    assert not result.get("failed")


def test_fail_on_decides_which_buckets_fail_the_task(sim, tmp_path):
    ids = [seed.WINDOWS_DEVICE_ID, UNKNOWN]
    results, _done = run_many(tmp_path, [
        (MODULE, {"action": "sync_device", "device_ids": ids}),
        (MODULE, {"action": "sync_device", "device_ids": ids, "fail_on": ["not_found"]}),
    ], defaults=sim_defaults(sim))
    assert not results[0].get("failed") and results[0]["changed"]
    assert results[1]["failed"] is True
    assert results[1]["msg"] == ("sync_device: 1 successful, 0 failed, 1 not found, "
                                 "0 not supported, 0 unreported")


def test_150_ids_make_exactly_two_posts_and_merged_buckets(sim, tmp_path):
    known = [d["id"] for d in sim.store.list_devices(filter="operatingSystem eq 'Windows'")][:140]
    unknown = ["00000000-0000-4000-8000-%012d" % n for n in range(10)]
    ids = known + unknown
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids,
                                           "fail_on": ["not_found"]}, defaults=sim_defaults(sim))
    sent = sorted(posts(sim), key=lambda e: -len(e["body"]["deviceIds"]))  # sent concurrently
    assert [len(e["body"]["deviceIds"]) for e in sent] == [100, 50]
    assert sent[0]["body"]["deviceIds"] + sent[1]["body"]["deviceIds"] == ids
    assert result["not_found_device_ids"] == unknown
    assert len(result["request_ids"]) == 2
    assert sorted(result["request_ids"]) == sorted(e["request_id"] for e in sent)
    everything = sum((result[b + "_device_ids"] for b in
                      ("successful", "failed", "not_found", "not_supported", "unreported")), [])
    assert sorted(everything) == sorted(ids)
    assert result["failed"] is True


def test_batch_size_sets_the_chunk_size(sim, tmp_path):
    ids = [seed.WINDOWS_DEVICE_ID, seed.ANDROID_DEVICE_ID, seed.MACOS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids,
                                           "batch_size": 2}, defaults=sim_defaults(sim))
    assert sorted(e["body"]["deviceIds"] for e in posts(sim)) == sorted([ids[:2], ids[2:]])
    assert result["successful_device_ids"] == ids


def test_check_mode_looks_up_and_sends_no_action(sim, tmp_path):
    ids = [seed.WINDOWS_DEVICE_ID, UNKNOWN, seed.IOS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "wipe", "device_ids": ids},
                        defaults=sim_defaults(sim), check=True)
    assert posts(sim) == []
    batches = [e for e in sim.log.entries() if e["path"] == "/beta/$batch"]
    assert len(batches) == 1 and len(batches[0]["body"]["requests"]) == 3
    assert all(r["method"] == "GET" for r in batches[0]["body"]["requests"])
    assert result["would_act_device_ids"] == [seed.WINDOWS_DEVICE_ID, seed.IOS_DEVICE_ID]
    assert result["not_found_device_ids"] == [UNKNOWN]
    assert result["changed"] is True and not result.get("failed")
    assert sim.store.get_device(seed.WINDOWS_DEVICE_ID)["managementState"] == "managed"


def test_check_mode_with_user_counts_other_users_devices_as_not_found(sim, tmp_path):
    ids = [seed.APOSTROPHE_DEVICE_ID, seed.WINDOWS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {"action": "sync_device", "device_ids": ids,
                                           "user": seed.APOSTROPHE_USER_UPN.upper()},
                        defaults=sim_defaults(sim), check=True)
    assert result["would_act_device_ids"] == [seed.APOSTROPHE_DEVICE_ID]
    assert result["not_found_device_ids"] == [seed.WINDOWS_DEVICE_ID]


def test_user_scope_posts_to_the_users_devices(sim, tmp_path):
    ids = [seed.APOSTROPHE_DEVICE_ID, seed.WINDOWS_DEVICE_ID]
    result, _done = run(tmp_path, MODULE, {
        "action": "custom_text_notification", "user": seed.APOSTROPHE_USER_UPN, "device_ids": ids,
        "notification_title": "IT", "notification_body": "Restart, please"},
        defaults=sim_defaults(sim))
    path = "/beta/users/%s/managedDevices/executeAction" % seed.APOSTROPHE_USER_UPN
    assert len(posts(sim, path)) == 1 and posts(sim) == []
    assert result["successful_device_ids"] == [seed.APOSTROPHE_DEVICE_ID]
    assert result["not_found_device_ids"] == [seed.WINDOWS_DEVICE_ID]


def test_no_devices_sends_nothing_not_even_a_token_request(sim, tmp_path):
    result, _done = run(tmp_path, MODULE, {"action": "wipe", "device_ids": []},
                        defaults=sim_defaults(sim))
    assert result["changed"] is False and not result.get("failed")
    assert result["msg"] == "wipe: no devices to act on"
    assert sim.log.entries() == []


BAD_INPUTS = [
    ({"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID], "keep_user_data": True},
     "action=sync_device does not use keep_user_data (it takes no parameters)"),
    ({"action": "wipe", "device_ids": [seed.WINDOWS_DEVICE_ID], "device_name": "X"},
     "action=wipe does not use device_name (it takes keep_enrollment_data, keep_user_data, "
     "persist_esim_data_plan)"),
    ({"action": "set_device_name", "device_ids": [seed.WINDOWS_DEVICE_ID]},
     "action=set_device_name requires device_name"),
    ({"action": "custom_text_notification", "device_ids": [seed.IOS_DEVICE_ID],
      "notification_title": "only a title"}, "action=custom_text_notification requires notification_body"),
    ({"action": "retire", "device_ids": [seed.WINDOWS_DEVICE_ID, "LAPTOP-0042", "1234"]},
     "these are not: 'LAPTOP-0042', '1234'"),
    ({"action": "retire", "device_ids": [seed.WINDOWS_DEVICE_ID], "batch_size": 101},
     "batch_size must be between 1 and 100, got 101"),
    ({"action": "retire", "device_ids": [seed.WINDOWS_DEVICE_ID], "batch_size": 0},
     "batch_size must be between 1 and 100, got 0"),
    ({"action": "retire", "device_ids": [seed.WINDOWS_DEVICE_ID], "fail_on": ["everything"]},
     "fail_on"),
    ({"action": "restart", "device_ids": [seed.WINDOWS_DEVICE_ID]}, "action"),
    ({"action": "retire", "device_ids": [seed.WINDOWS_DEVICE_ID], "graph_url": "http://127.0.0.1:1"},
     "graph_url must be an https:// URL"),
    ({"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID], "user": " "},
     "user must not be empty"),
    ({"action": "sync_device", "device_names": ["LAPTOP-0042", " "]},
     "device_names must not hold empty values"),
    ({"action": "wipe", "filter": ""}, "filter must not be empty"),
    ({"action": "set_device_name", "device_ids": [seed.WINDOWS_DEVICE_ID, seed.IOS_DEVICE_ID],
      "device_name": "SAME-NAME"}, "set_device_name gives every device it acts on the same name"),
    ({"action": "set_device_name", "device_ids": [seed.WINDOWS_DEVICE_ID], "device_name": "  "},
     "device_name must not be empty"),
    ({"action": "sync_device", "device_ids": [seed.WINDOWS_DEVICE_ID], "concurrency": 17},
     "concurrency must be between 1 and 16, got 17"),
]


def test_bad_input_is_refused_clearly_before_any_request(sim, tmp_path):
    tasks = [(MODULE, args) for args, _message in BAD_INPUTS]
    results, _done = run_many(tmp_path, tasks, defaults=sim_defaults(sim))
    for (args, message), result in zip(BAD_INPUTS, results):
        assert result["failed"] is True, args
        assert message in result["msg"], (args, result["msg"])
    assert sim.log.entries() == []


def test_missing_credentials_are_named(sim, tmp_path):
    result, _done = run(tmp_path, MODULE, {
        "action": "retire", "device_ids": [seed.WINDOWS_DEVICE_ID], "auth_method": "client_secret",
        "graph_url": sim.graph_url, "authority_url": sim.authority_url, "client_id": sim.client_id})
    assert result["failed"] is True
    assert "auth_method=client_secret needs tenant_id, client_secret" in result["msg"]
    assert sim.log.entries() == []
