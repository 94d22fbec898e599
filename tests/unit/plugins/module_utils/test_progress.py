from __future__ import annotations

import pytest

from ansible_collections.intune.graph.plugins.module_utils import _progress as progress


def results(*entries):
    return {"deviceActionResults": [
        {"actionName": name, "actionState": state, "startDateTime": "s", "lastUpdatedDateTime": when}
        for name, state, when in entries]}


@pytest.mark.parametrize("action, state, skipped", [
    ("retire", "retirePending", True), ("retire", "retireIssued", True),
    ("retire", "wipePending", False), ("retire", "managed", False),
    ("wipe", "wipeIssued", True), ("delete", "deletePending", True), ("delete", "retirePending", False),
])
def test_skip_on_management_state_of_that_action(action, state, skipped):
    reason = progress.skip_reason(action, action, {"managementState": state}, {})
    assert bool(reason) is skipped


def test_skip_rename_only_when_the_name_is_already_there():
    params = {"device_name": "LAPTOP-1"}
    assert progress.skip_reason("set_device_name", "setDeviceName", {"deviceName": "LAPTOP-1"}, params)
    assert not progress.skip_reason("set_device_name", "setDeviceName", {"deviceName": "laptop-1"}, params)


def test_skip_other_actions_on_the_newest_in_flight_entry_only():
    busy = results(("syncDevice", "done", "2025-01-01"), ("SYNCDEVICE", "active", "2025-02-01"))
    done = results(("syncDevice", "active", "2025-01-01"), ("syncDevice", "done", "2025-02-01"))
    assert progress.skip_reason("sync_device", "syncDevice", busy, {}).startswith("syncDevice is already active")
    assert progress.skip_reason("sync_device", "syncDevice", done, {}) is None
    assert progress.skip_reason("sync_device", "syncDevice", {"deviceActionResults": None}, {}) is None


def test_state_follows_management_state_for_retire_wipe_delete():
    assert progress.state_of("retire", "retire", {"managementState": "retirePending"})[0] == "pending"
    assert progress.state_of("retire", "retire", {"managementState": "retireIssued"})[0] == "done"
    assert progress.state_of("wipe", "wipe", {"managementState": "wipeFailed"})[0] == "failed"
    assert progress.state_of("wipe", "wipe", {"managementState": "wipeCanceled"})[0] == "canceled"
    assert progress.state_of("delete", "delete", None)[0] == "done"


def test_state_of_other_actions_comes_from_action_results():
    assert progress.state_of("sync_device", "syncDevice", results(("syncDevice", "done", "t1"))) == ("done", "t1")
    assert progress.state_of("sync_device", "syncDevice", {"deviceActionResults": []}) == ("unknown", None)
    assert progress.state_of("sync_device", "syncDevice", None)[0] == "gone"
