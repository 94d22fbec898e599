#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: managed_device_action
short_description: Run an Intune remote action on managed devices
version_added: 0.1.0
description:
  - Runs one Microsoft Intune remote action (retire, wipe, sync, reboot, rename, notification,
    scans, ...) on a list of managed devices, through Microsoft Graph's bulk
    C(POST /beta/deviceManagement/managedDevices/executeAction), 100 devices per request at most.
  - Every requested device id is reported in exactly one result list (successful,
    failed, not found, not supported, or unreported when Graph did not mention it).
  - The task is V(changed) when any device succeeded, and fails when a list named in
    O(fail_on) is not empty, or when a device's outcome is unknown.
  - Parameters an action does not use, and device ids that are not GUIDs, are refused before
    any request is sent.
author:
  - intune.graph maintainers (@intune-graph)
extends_documentation_fragment:
  - intune.graph.graph
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details:
      - Sends no action. Resolves the selectors, looks each device up (through C($batch), 20 per
        request) and returns RV(would_act_device_ids) and RV(not_found_device_ids), with each
        target's name, operating system and user in RV(targets).
      - Needs C(DeviceManagementManagedDevices.Read.All).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: none
  action_group:
    description: Use C(group/intune.graph.graph) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - intune.graph.graph
options:
  action:
    description:
      - The remote action. The result's RV(graph_action) gives Graph's name for it.
      - V(full_scan), V(quick_scan) and V(signature_update) apply to Windows; V(deprovision), V(disable)
        and V(reenable) to ChromeOS. Devices of another platform are reported not supported.
    type: str
    required: true
    choices:
      - retire
      - delete
      - full_scan
      - quick_scan
      - signature_update
      - wipe
      - custom_text_notification
      - reboot_now
      - set_device_name
      - sync_device
      - deprovision
      - disable
      - reenable
      - move_device_to_organizational_unit
      - activate_device_esim
      - collect_diagnostics
      - initiate_mobile_device_management_key_recovery
      - initiate_on_demand_proactive_remediation
      - initiate_device_attestation
  device_ids:
    description:
      - Intune managed device ids (GUIDs). Surrounding spaces and braces are removed and
        duplicates dropped, case-insensitively, keeping the first order.
      - Ids listed here are deliberate and do not count toward O(max_devices).
      - When no device is selected at all, the task does nothing and sends nothing.
    type: list
    elements: str
    default: []
  device_names:
    description:
      - Device names, each looked up in Graph (names compare as Graph does, ignoring case).
      - A name that matches no device is reported in RV(not_found_device_names) and counts as
        not found for O(fail_on). A name that matches several devices fails the task, listing
        them, unless O(on_multiple_matches=all).
    type: list
    elements: str
    default: []
  serial_numbers:
    description:
      - Serial numbers, each looked up like O(device_names); unmatched ones are reported in
        RV(not_found_serial_numbers).
    type: list
    elements: str
    default: []
  filter:
    description:
      - An OData C($filter) on managedDevices, passed to Graph as it is, for example
        C(operatingSystem eq 'Windows' and complianceState eq 'noncompliant').
      - String literals are in single quotes, with a quote inside doubled (C('Bob''s iPad')).
    type: str
  user:
    description:
      - A user id or user principal name. Every selector is narrowed to that user's devices and
        the action goes to C(/users/{user}/managedDevices/executeAction); other devices are
        reported not found.
    type: str
  on_multiple_matches:
    description:
      - What to do when one device name or serial number matches several devices.
      - V(error) fails the task before anything is sent, listing the devices (id, serial, user,
        last sync); V(all) acts on all of them.
    type: str
    choices: [error, all]
    default: error
  max_devices:
    description:
      - The most devices that O(device_names), O(serial_numbers) and O(filter) together may
        select. When they find more, the task fails before anything is sent, saying how many
        matched. This guards a wipe against a filter typo. Applies in check mode too.
      - Ids in O(device_ids) are not counted.
    type: int
    default: 100
  keep_enrollment_data:
    description: With O(action=wipe), keep the enrollment data.
    type: bool
  keep_user_data:
    description: With O(action=wipe), keep the user's data.
    type: bool
  persist_esim_data_plan:
    description: With O(action=wipe), keep the eSIM data plan.
    type: bool
  notification_title:
    description: With O(action=custom_text_notification) (required there), the notification's title.
    type: str
  notification_body:
    description: With O(action=custom_text_notification) (required there), the notification's text.
    type: str
  device_name:
    description:
      - With O(action=set_device_name) (required there), the new device name.
      - Windows names have at most 15 characters, letters, digits and hyphens, and not only digits.
    type: str
  carrier_url:
    description: With O(action=activate_device_esim) (required there), the carrier's activation URL.
    type: str
  deprovision_reason:
    description: With O(action=deprovision) (required there), why the ChromeOS device is deprovisioned.
    type: str
  organizational_unit_path:
    description:
      - With O(action=move_device_to_organizational_unit) (required there), the target
        organizational unit's path.
    type: str
  fail_on:
    description:
      - Which result lists make the task fail when they are not empty.
      - Devices whose request failed for good, or that Graph did not report, always fail the task.
    type: list
    elements: str
    choices: [failed, not_found, not_supported]
    default: [failed]
  batch_size:
    description: How many device ids go into one request (1 to 100).
    type: int
    default: 100
seealso:
  - name: executeAction (Microsoft Graph beta)
    description: The bulk device action this module calls.
    link: https://learn.microsoft.com/en-us/graph/api/intune-devices-manageddevice-executeaction?view=graph-rest-beta
"""

EXAMPLES = r"""
- name: Sync three devices
  intune.graph.managed_device_action:
    action: sync_device
    device_ids:
      - 0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e
      - 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f
      - 2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a
    tenant_id: "{{ intune_tenant_id }}"
    client_id: "{{ intune_client_id }}"
    client_secret: "{{ intune_client_secret }}"

- name: Retire devices, tolerating ids that are already gone
  intune.graph.managed_device_action:
    action: retire
    device_ids: "{{ leavers_devices }}"
    fail_on: [failed, not_supported]

- name: Show which devices a wipe would hit, without wiping
  intune.graph.managed_device_action:
    action: wipe
    keep_enrollment_data: false
    keep_user_data: false
    device_ids: "{{ lost_devices }}"
  check_mode: true
  register: wipe_preview

- name: Send a notice to one user's devices
  intune.graph.managed_device_action:
    action: custom_text_notification
    user: jane.doe@contoso.com
    device_ids: "{{ jane_device_ids }}"
    notification_title: IT notice
    notification_body: Please restart your device today to finish the update.

- name: Sync every non-compliant Windows device, at most 500 of them
  intune.graph.managed_device_action:
    action: sync_device
    filter: "operatingSystem eq 'Windows' and complianceState eq 'noncompliant'"
    max_devices: 500

- name: Retire devices by name and serial number
  intune.graph.managed_device_action:
    action: retire
    device_names: [LAPTOP-0042, "Conor O'Brien's iPhone"]
    serial_numbers: [5CG1234XYZ]

- name: Set the credentials once for every module of the collection
  module_defaults:
    group/intune.graph.graph:
      tenant_id: "{{ intune_tenant_id }}"
      client_id: "{{ intune_client_id }}"
      client_certificate_path: /etc/intune/app.pem
  block:
    - name: Rename a laptop
      intune.graph.managed_device_action:
        action: set_device_name
        device_ids: [0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e]
        device_name: LAPTOP-0042
"""

RETURN = r"""
action:
  description: The action, as given.
  returned: always
  type: str
  sample: sync_device
graph_action:
  description: Graph's name of the action (C(actionName) in the request).
  returned: always
  type: str
  sample: syncDevice
requested_device_ids:
  description:
    - Every device the task was about, as ids, in order - O(device_ids) first, then what
      O(device_names), O(serial_numbers) and O(filter) found, without duplicates.
  returned: always
  type: list
  elements: str
  sample: [0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e, 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f]
successful_device_ids:
  description: Devices Graph accepted the action for.
  returned: always
  type: list
  elements: str
  sample: [0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e]
failed_device_ids:
  description:
    - Devices Graph reported failed, and devices whose request failed for good (the reason is
      in RV(msg); C(outcome unknown) when the connection broke after the request was sent).
  returned: always
  type: list
  elements: str
  sample: []
not_found_device_ids:
  description: Devices that do not exist (or, with O(user), are not that user's).
  returned: always
  type: list
  elements: str
  sample: [1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f]
not_supported_device_ids:
  description: Devices whose platform does not support the action.
  returned: always
  type: list
  elements: str
  sample: []
unreported_device_ids:
  description: Devices Graph's answer did not mention. They count as failed.
  returned: always
  type: list
  elements: str
  sample: []
not_found_device_names:
  description: Names in O(device_names) that matched no device (with O(user), none of the user's).
  returned: always
  type: list
  elements: str
  sample: [LAPTOP-9999]
not_found_serial_numbers:
  description: Serial numbers in O(serial_numbers) that matched no device.
  returned: always
  type: list
  elements: str
  sample: []
targets:
  description: In check mode, the devices that would be acted on, so a person can read exactly what would be hit.
  returned: check mode
  type: list
  elements: dict
  sample:
    - id: 0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e
      deviceName: LAPTOP-0042
      operatingSystem: Windows
      userPrincipalName: adele.vance@contoso.com
      serialNumber: 5CG1234XYZ
matched_device_count:
  description: When O(max_devices) stopped the task, how many devices the selectors matched.
  returned: when max_devices was exceeded
  type: int
  sample: 312
would_act_device_ids:
  description: In check mode, the devices that exist and would be acted on.
  returned: check mode
  type: list
  elements: str
  sample: [0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e]
summary:
  description: How many devices are in each result list.
  returned: always
  type: dict
  sample:
    requested: 3
    successful: 1
    failed: 0
    not_found: 1
    not_supported: 1
    unreported: 0
request_ids:
  description: Graph's C(request-id) of each action request (what Microsoft support asks for).
  returned: always
  type: list
  elements: str
  sample: [5e8c0b4e-2f1d-4c3b-9a8e-7d6c5b4a3f2e]
auth_method:
  description: How the token was obtained (the method O(auth_method=auto) chose).
  returned: always
  type: str
  sample: client_secret
msg:
  description: A one-line summary of the outcome, with the reason of any request that failed.
  returned: always
  type: str
  sample: "sync_device: 1 successful, 0 failed, 1 not found, 1 not supported, 0 unreported"
"""

from ansible_collections.intune.graph.plugins.module_utils import _device_actions as catalog
from ansible_collections.intune.graph.plugins.module_utils import _targets as targets
from ansible_collections.intune.graph.plugins.module_utils._auth import AuthError
from ansible_collections.intune.graph.plugins.module_utils._client import GraphError
from ansible_collections.intune.graph.plugins.module_utils._module import GraphModule

ACT_PERMISSION = "DeviceManagementManagedDevices.PrivilegedOperations.All"
# What check mode shows of each device it would act on.
TARGET_PROPERTIES = ("id", "deviceName", "operatingSystem", "userPrincipalName", "serialNumber")


def argument_spec():
    spec = dict(
        action=dict(type="str", required=True, choices=list(catalog.ACTIONS)),
        device_ids=dict(type="list", elements="str", default=[]),
        device_names=dict(type="list", elements="str", default=[]),
        serial_numbers=dict(type="list", elements="str", default=[]),
        filter=dict(type="str"),
        user=dict(type="str"),
        on_multiple_matches=dict(type="str", default="error", choices=["error", "all"]),
        max_devices=dict(type="int", default=100),
        fail_on=dict(type="list", elements="str", default=["failed"],
                     choices=["failed", "not_found", "not_supported"]),
        batch_size=dict(type="int", default=catalog.MAX_BATCH),
    )
    for option, (_field, option_type) in catalog.PARAMETERS.items():
        spec[option] = dict(type=option_type)
    return spec


def validate(module):
    """Everything that can be checked without Graph; returns (body, device ids). Fails on error."""
    params = module.params
    if not 1 <= params["batch_size"] <= catalog.MAX_BATCH:
        module.fail_json(msg="batch_size must be between 1 and %d, got %d" % (
            catalog.MAX_BATCH, params["batch_size"]))
    if params["max_devices"] < 1:
        module.fail_json(msg="max_devices must be 1 or more, got %d" % params["max_devices"])
    try:
        body = catalog.build_body(params["action"], params)
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    ids, bad = catalog.normalise_device_ids(params["device_ids"])
    if bad:
        module.fail_json(msg="device_ids must be Intune managed device ids (GUIDs); these are "
                             "not: %s" % ", ".join(repr(value) for value in bad))
    for option in ("device_names", "serial_numbers"):
        if any(not str(value).strip() for value in params[option]):
            module.fail_json(msg="%s must not hold empty values" % option)
    return body, ids


def resolve(module, ids):
    """Selectors to device ids; fails, before any action is sent, past max_devices."""
    params = module.params
    names = list(dict.fromkeys(params["device_names"]))
    serials = list(dict.fromkeys(params["serial_numbers"]))
    if not (names or serials or params["filter"]):
        resolution = targets.Resolution()
        for device_id in ids:
            resolution.add(device_id)
        return resolution
    try:
        resolution = targets.resolve(module.client, ids, names, serials, params["filter"],
                                     params["user"], params["on_multiple_matches"])
    except targets.TargetError as exc:
        module.fail_json(msg=str(exc))
    if len(resolution.selected) > params["max_devices"]:
        module.fail_json(
            msg="the device_names, serial_numbers and filter given match %d devices, more than "
                "max_devices (%d); nothing was sent. Check the selectors, or raise max_devices "
                "to at least %d if that many is intended"
                % (len(resolution.selected), params["max_devices"], len(resolution.selected)),
            matched_device_count=len(resolution.selected))
    return resolution


def act(module, client, ids, body):
    """POST the action in chunks; every id ends up in the accounting."""
    accounting = catalog.Accounting(ids)
    request_ids = []
    path = targets.devices_path(module.params["user"]) + "/executeAction"
    chunks = catalog.chunks(ids, module.params["batch_size"])
    for index, chunk in enumerate(chunks):
        try:
            answer, request_id = client.call("POST", path, body=dict(body, deviceIds=chunk),
                                             what="executeAction " + body["actionName"],
                                             permission=ACT_PERMISSION)
        except GraphError as exc:
            accounting.add_failure(chunk, str(exc))
            if exc.request_id:
                request_ids.append(exc.request_id)
            if exc.status in (401, 403):  # every other chunk would be refused the same way
                for rest in chunks[index + 1:]:
                    accounting.add_failure(rest, "not sent: " + str(exc))
                break
            continue
        except AuthError as exc:
            for rest in chunks[index:]:
                accounting.add_failure(rest, str(exc))
            break
        request_ids.append(request_id)
        accounting.add_response(chunk, catalog.result_lists(answer))
    return accounting, request_ids


def preview(module, client, resolution):
    """Check mode: which devices exist (and are `user`'s); returns (buckets, targets, reasons)."""
    unknown = [i for i in resolution.ids if i.lower() not in resolution.devices]
    found, errors = targets.by_ids(client, unknown) if unknown else ({}, {})
    buckets = {name: [] for name in catalog.BUCKETS}
    shown = []
    for device_id in resolution.ids:
        device = resolution.devices.get(device_id.lower()) or found.get(device_id)
        if device_id in errors:
            buckets["failed"].append(device_id)
        elif device is None or not targets.owned_by(device, module.params["user"]):
            buckets["not_found"].append(device_id)
        else:
            shown.append({key: device.get(key) for key in TARGET_PROPERTIES})
    reasons = ["look-up of %s failed: %s" % item for item in errors.items()]
    return buckets, shown, reasons


def main():
    module = GraphModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    action = params["action"]
    body, ids = validate(module)
    result = dict(changed=False, action=action, graph_action=body["actionName"],
                  request_ids=[], auth_method=module.auth_method)
    buckets = {name: [] for name in catalog.BUCKETS}
    reasons = []
    try:
        resolution = resolve(module, ids)
        result["not_found_device_names"] = resolution.not_found_device_names
        result["not_found_serial_numbers"] = resolution.not_found_serial_numbers
        ids = resolution.ids
        if not ids:
            result["msg"] = "%s: no devices to act on" % action
        elif module.check_mode:
            buckets, shown, reasons = preview(module, module.client, resolution)
            result["would_act_device_ids"] = [device["id"] for device in shown]
            result["targets"] = shown
            result["changed"] = bool(shown)
            result["msg"] = "%s (check mode): %d would be acted on, %d not found" % (
                action, len(shown), len(buckets["not_found"]))
        else:
            accounting, result["request_ids"] = act(module, module.client, ids, body)
            buckets = accounting.buckets()
            reasons = [reason for _chunk, reason in accounting.failed_for_good]
            result["changed"] = bool(buckets["successful"])
            result["msg"] = summarise(action, buckets)
    except (GraphError, AuthError) as exc:
        # Only look-ups get here, before any action was sent.
        buckets["failed"] = list(ids)
        reasons = [str(exc)]
        result["msg"] = "%s: looking the devices up failed, nothing was sent" % action

    result["requested_device_ids"] = ids
    for name in catalog.BUCKETS:
        result[name + "_device_ids"] = buckets[name]
    result["summary"] = dict(requested=len(ids), **{name: len(buckets[name]) for name in catalog.BUCKETS})
    if module.check_mode:
        result["summary"]["would_act"] = len(result.get("would_act_device_ids", []))
    if reasons:
        result["msg"] += "; " + "; ".join(dict.fromkeys(reasons))

    not_found_selectors = result.get("not_found_device_names") or result.get("not_found_serial_numbers")
    failing = [name for name in params["fail_on"]
               if buckets[name] or (name == "not_found" and not_found_selectors)]
    if reasons or buckets["unreported"] or failing:
        module.fail_json(**result)
    module.exit_json(**result)


def summarise(action, buckets):
    return "%s: %s" % (action, ", ".join(
        "%d %s" % (len(buckets[name]), name.replace("_", " ")) for name in catalog.BUCKETS))


if __name__ == "__main__":
    main()
