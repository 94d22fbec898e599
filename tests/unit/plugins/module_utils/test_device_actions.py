from __future__ import annotations

import pytest

from ansible_collections.intune.graph.plugins.module_utils import _device_actions as catalog

A = "0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e"
B = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
C = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"


def test_every_graph_action_member_but_the_sentinel_has_an_action():
    members = {"retire", "delete", "fullScan", "quickScan", "signatureUpdate", "wipe",
               "customTextNotification", "rebootNow", "setDeviceName", "syncDevice",
               "deprovision", "disable", "reenable", "moveDeviceToOrganizationalUnit",
               "activateDeviceEsim", "collectDiagnostics",
               "initiateMobileDeviceManagementKeyRecovery",
               "initiateOnDemandProactiveRemediation", "initiateDeviceAttestation"}
    assert {graph_name for graph_name, _takes, _needs in catalog.ACTIONS.values()} == members


def test_body_carries_only_the_fields_the_action_uses():
    assert catalog.build_body("sync_device", {}) == {"actionName": "syncDevice"}
    assert catalog.build_body("wipe", {"keep_user_data": True, "keep_enrollment_data": False}) == {
        "actionName": "wipe", "keepUserData": True, "keepEnrollmentData": False}
    assert catalog.build_body("set_device_name", {"device_name": "LAPTOP-1"}) == {
        "actionName": "setDeviceName", "deviceName": "LAPTOP-1"}


def test_parameter_of_another_action_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"action=sync_device does not use keep_user_data, device_name"):
        catalog.build_body("sync_device", {"keep_user_data": False, "device_name": "X"})


@pytest.mark.parametrize("action, missing", [
    ("custom_text_notification", "notification_title, notification_body"),
    ("set_device_name", "device_name"),
    ("activate_device_esim", "carrier_url"),
    ("deprovision", "deprovision_reason"),
    ("move_device_to_organizational_unit", "organizational_unit_path"),
])
def test_required_parameters(action, missing):
    with pytest.raises(ValueError, match="action=%s requires %s" % (action, missing)):
        catalog.build_body(action, {})


def test_ids_are_stripped_deduplicated_and_bad_ones_named():
    ids, bad = catalog.normalise_device_ids([" {%s} " % A.upper(), A, B, "nope", "", B.upper(),
                                             "{{%s" % C, None])
    assert ids == [A.upper(), B]
    assert bad == ["nope", "", "{{%s" % C, None]


def test_chunks_of_at_most_the_batch_size():
    assert [len(c) for c in catalog.chunks([str(n) for n in range(250)], 100)] == [100, 100, 50]


def test_both_response_shapes_are_read():
    top = {"successfulDeviceIds": [A], "notFoundDeviceIds": [B]}
    assert catalog.result_lists(top) == catalog.result_lists({"value": top})
    assert catalog.result_lists(top)["successful"] == [A]


def test_accounting_puts_every_id_in_exactly_one_bucket():
    acc = catalog.Accounting([A, B, C])
    # Graph answers in another case, names B twice and forgets C.
    acc.add_response([A, B, C], {"successful": [A.upper(), B], "failed": [B], "not_found": [],
                                 "not_supported": []})
    assert acc.buckets() == {"successful": [A], "failed": [B], "not_found": [],
                             "not_supported": [], "unreported": [C], "skipped": []}


def test_accounting_moves_skipped_and_later_failed_ids():
    acc = catalog.Accounting([A, B, C])
    acc.move([C], "skipped")
    acc.add_response([A, B], {"successful": [A, B]})
    acc.move([B], "failed")
    assert acc.buckets()["successful"] == [A]
    assert acc.buckets()["failed"] == [B]
    assert acc.buckets()["skipped"] == [C]


def test_accounting_ignores_ids_it_did_not_ask_for_and_records_failures():
    acc = catalog.Accounting([A, B])
    acc.add_response([A], {"successful": [A, C]})
    acc.add_failure([B], "outcome unknown")
    assert acc.buckets()["successful"] == [A]
    assert acc.buckets()["failed"] == [B]
    assert acc.failed_for_good == [([B], "outcome unknown")]
