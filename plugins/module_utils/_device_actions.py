# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Intune bulk action catalog as data, and the pure logic around it.

Which Graph action each `action` is, which parameters it takes, the request bodies,
device id normalisation, chunking and the accounting of Graph's result buckets.
Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

import re

# option name -> (Graph body field, option type)
PARAMETERS = {
    "keep_enrollment_data": ("keepEnrollmentData", "bool"),
    "keep_user_data": ("keepUserData", "bool"),
    "persist_esim_data_plan": ("persistEsimDataPlan", "bool"),
    "notification_title": ("notificationTitle", "str"),
    "notification_body": ("notificationBody", "str"),
    "device_name": ("deviceName", "str"),
    "carrier_url": ("carrierUrl", "str"),
    "deprovision_reason": ("deprovisionReason", "str"),
    "organizational_unit_path": ("organizationalUnitPath", "str"),
}

# action -> (Graph actionName, parameters it takes, parameters it requires)
ACTIONS = {
    "retire": ("retire", (), ()),
    "delete": ("delete", (), ()),
    "full_scan": ("fullScan", (), ()),
    "quick_scan": ("quickScan", (), ()),
    "signature_update": ("signatureUpdate", (), ()),
    "wipe": ("wipe", ("keep_enrollment_data", "keep_user_data", "persist_esim_data_plan"), ()),
    "custom_text_notification": ("customTextNotification",
                                 ("notification_title", "notification_body"),
                                 ("notification_title", "notification_body")),
    "reboot_now": ("rebootNow", (), ()),
    "set_device_name": ("setDeviceName", ("device_name",), ("device_name",)),
    "sync_device": ("syncDevice", (), ()),
    "deprovision": ("deprovision", ("deprovision_reason",), ("deprovision_reason",)),
    "disable": ("disable", (), ()),
    "reenable": ("reenable", (), ()),
    "move_device_to_organizational_unit": ("moveDeviceToOrganizationalUnit",
                                           ("organizational_unit_path",),
                                           ("organizational_unit_path",)),
    "activate_device_esim": ("activateDeviceEsim", ("carrier_url",), ("carrier_url",)),
    "collect_diagnostics": ("collectDiagnostics", (), ()),
    "initiate_mobile_device_management_key_recovery": (
        "initiateMobileDeviceManagementKeyRecovery", (), ()),
    "initiate_on_demand_proactive_remediation": ("initiateOnDemandProactiveRemediation", (), ()),
    "initiate_device_attestation": ("initiateDeviceAttestation", (), ()),
}

MAX_BATCH = 100
BUCKETS = ("successful", "failed", "not_found", "not_supported", "unreported", "skipped")
# Graph's response list for each bucket it reports.
GRAPH_BUCKETS = (
    ("failed", "failedDeviceIds"),
    ("not_supported", "notSupportedDeviceIds"),
    ("not_found", "notFoundDeviceIds"),
    ("successful", "successfulDeviceIds"),
)

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def build_body(action, params):
    """The executeAction body without deviceIds: actionName and only the fields `action` uses.

    Raises ValueError naming every parameter the action does not take or misses.
    """
    name, allowed, required = ACTIONS[action]
    given = [option for option in PARAMETERS if params.get(option) is not None]
    unused = [option for option in given if option not in allowed]
    if unused:
        takes = ", ".join(allowed) if allowed else "no parameters"
        raise ValueError("action=%s does not use %s (it takes %s)"
                         % (action, ", ".join(unused), takes))
    missing = [option for option in required if params.get(option) in (None, "")]
    if missing:
        raise ValueError("action=%s requires %s" % (action, ", ".join(missing)))
    body = {"actionName": name}
    for option in allowed:
        if params.get(option) is not None:
            body[PARAMETERS[option][0]] = params[option]
    return body


def normalise_device_ids(values):
    """Strip spaces and braces, check each is a GUID, drop case-insensitive duplicates.

    Returns (ids in first-seen order, the values that are not GUIDs).
    """
    ids, bad, seen = [], [], set()
    for value in values or []:
        text = str(value).strip() if value is not None else ""
        if text.startswith("{") and text.endswith("}"):  # the registry's {GUID} form
            text = text[1:-1].strip()
        if not _GUID.match(text):
            bad.append(value)
            continue
        if text.lower() not in seen:
            seen.add(text.lower())
            ids.append(text)
    return ids, bad


def bad_ids_message(bad):
    return ("device_ids must be Intune managed device ids (GUIDs); these are not: %s"
            % ", ".join(repr(value) for value in bad))


def chunks(ids, size):
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def result_lists(body):
    """The four lists of a bulkManagedDeviceActionResult, top level or wrapped in `value`."""
    if isinstance(body.get("value"), dict):
        body = body["value"]
    return {bucket: list(body.get(key) or []) for bucket, key in GRAPH_BUCKETS}


class Accounting:
    """Puts every requested id in exactly one bucket, in the order it was requested."""

    def __init__(self, requested):
        self.requested = list(requested)
        self._bucket = {}  # lower-case id -> bucket
        self.failed_for_good = []  # (ids, reason) of requests that failed outright

    def add_response(self, chunk, lists):
        """Record Graph's answer for `chunk`; ids Graph did not mention stay unreported."""
        wanted = {device_id.lower() for device_id in chunk}
        for bucket, _key in GRAPH_BUCKETS:  # the first list naming an id wins: worst first
            for device_id in lists.get(bucket, []):
                key = str(device_id).lower()
                if key in wanted and key not in self._bucket:
                    self._bucket[key] = bucket

    def move(self, device_ids, bucket):
        """Put ids in another bucket: skipped before sending, or failed after waiting."""
        for device_id in device_ids:
            self._bucket[device_id.lower()] = bucket

    def add_failure(self, chunk, reason):
        for device_id in chunk:
            self._bucket[device_id.lower()] = "failed"
        self.failed_for_good.append((list(chunk), reason))

    def buckets(self):
        out = {bucket: [] for bucket in BUCKETS}
        for device_id in self.requested:
            out[self._bucket.get(device_id.lower(), "unreported")].append(device_id)
        return out
