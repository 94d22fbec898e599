# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where an action stands on a device: already done or under way (to skip it), or finished
(to wait for it).

Two signals exist: managementState, dependable for retire, wipe and delete; and
deviceActionResults, often empty in real tenants, where empty means "not known", never an error.
Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from ansible_collections.intune.graph.plugins.module_utils import _targets as targets

# Actions whose repeat does harm, so that skip_pending defaults to true for them.
SKIP_BY_DEFAULT = ("retire", "wipe", "delete", "set_device_name")
# managementState values meaning the action is already under way or carried out.
UNDER_WAY_STATES = {
    "retire": ("retirePending", "retireIssued"),
    "wipe": ("wipePending", "wipeIssued"),
    "delete": ("deletePending",),
}
# managementState values while the action is still pending, and how it can end otherwise.
PENDING_STATES = {"retire": "retirePending", "wipe": "wipePending", "delete": "deletePending"}
ENDED_STATES = {"retireFailed": "failed", "wipeFailed": "failed",
                "retireCanceled": "canceled", "wipeCanceled": "canceled"}
IN_FLIGHT = ("pending", "active")
FINAL = ("done", "failed", "canceled", "notSupported")
WAIT_PROPERTIES = ("id", "managementState", "deviceActionResults")


def skip_properties(action):
    """What the skip look-up needs to $select."""
    if action in UNDER_WAY_STATES:
        return ("id", "managementState")
    if action == "set_device_name":
        return ("id", "deviceName")
    return ("id", "deviceActionResults")


def latest_result(device, graph_action):
    """The device's newest deviceActionResults entry for the action, or None."""
    entries = [entry for entry in device.get("deviceActionResults") or ()
               if str(entry.get("actionName", "")).lower() == graph_action.lower()]
    return max(entries, key=lambda entry: entry.get("lastUpdatedDateTime") or "", default=None)


def skip_reason(action, graph_action, device, params):
    """Why the action need not be sent to this device again, or None."""
    if action in UNDER_WAY_STATES:
        state = device.get("managementState")
        return "managementState is %s" % state if state in UNDER_WAY_STATES[action] else None
    if action == "set_device_name":
        name = device.get("deviceName")
        return "already named %s" % name if name == params["device_name"] else None
    entry = latest_result(device, graph_action)
    if entry and entry.get("actionState") in IN_FLIGHT:
        return "%s is already %s (since %s)" % (graph_action, entry["actionState"],
                                                entry.get("startDateTime"))
    return None


def state_of(action, graph_action, device):
    """(state, time) of the action on a device; device None means it no longer exists."""
    if device is None:
        # retired, wiped or deleted devices leave Intune; another action's device vanished
        return ("done" if action in PENDING_STATES else "gone"), None
    entry = latest_result(device, graph_action)
    when = entry.get("lastUpdatedDateTime") if entry else None
    if action in PENDING_STATES:
        management = device.get("managementState")
        if management == PENDING_STATES[action]:
            return "pending", when
        return ENDED_STATES.get(management, "done"), when
    if entry is None:
        return "unknown", None
    return entry.get("actionState") or "unknown", when


def wait_for(client, action, graph_action, ids, timeout, interval,
             sleep=time.sleep, clock=time.monotonic):
    """Poll the devices (through $batch) until each action ends or `timeout` passes.

    Returns {id: {"state", "time"}} with each device's final or last-seen state.
    """
    deadline = clock() + timeout
    states, waiting = {}, list(ids)
    while waiting:
        sleep(max(0.0, min(interval, deadline - clock())))
        found, errors = targets.by_ids(client, waiting, WAIT_PROPERTIES)
        if errors:
            raise targets.TargetError("waiting: looking devices up failed: " + targets.failures(errors))
        seen = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for device_id in waiting:
            state, when = state_of(action, graph_action, found.get(device_id))
            states[device_id] = {"state": state, "time": when or seen}
        waiting = [i for i in waiting if states[i]["state"] not in FINAL + ("gone",)]
        if clock() >= deadline:
            break
    return states
