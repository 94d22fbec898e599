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
  - Running it again does not repeat a retire, wipe, delete or rename already under way or done
    (O(skip_pending)), and O(wait) follows the actions until they end.
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
  concurrency:
    description:
      - How many requests are sent at once (1 to 16). The results are the same as one at a
        time; when Graph throttles one request (429), every request waits for C(Retry-After).
    type: int
    default: 4
  skip_pending:
    description:
      - Before acting, look the devices up (one C($batch) pass, 20 devices per request) and
        skip those where the action is already under way or done, so that running a playbook
        again does not send a second wipe or rename.
      - V(retire), V(wipe), V(delete) skip devices whose managementState is already
        C(retirePending)/C(retireIssued), C(wipePending)/C(wipeIssued) or C(deletePending);
        V(set_device_name) skips devices that already have the name; other actions skip
        devices whose deviceActionResults hold the action as C(pending) or C(active) (often
        empty in real tenants, which means "not known to be pending").
      - Skipped devices are listed in RV(skipped_device_ids) with reasons in RV(skip_reasons),
        are not sent, and do not make the task changed.
      - Defaults to V(true) for retire, wipe, delete and set_device_name, whose repeat does harm,
        and V(false) for the others, which then cost one request per 100 devices and nothing more.
      - Needs C(DeviceManagementManagedDevices.Read.All).
    type: bool
  wait:
    description:
      - After acting, poll the devices Graph accepted (through C($batch), one request per
        20 devices per poll) until each action ends, and report each device's state in
        RV(action_states).
      - An action ends when its deviceActionResults entry is C(done), C(failed), C(canceled) or
        C(notSupported); for retire, wipe and delete, when managementState leaves its pending
        state (a device that no longer exists counts as done).
      - Devices whose action ends failed or canceled move to RV(failed_device_ids), not supported
        to RV(not_supported_device_ids).
      - Devices still pending after O(wait_timeout) are listed in RV(pending_device_ids) and fail
        the task when O(fail_on) holds V(failed). Devices for which Intune reports no state at all
        are shown as C(unknown), with a warning, and do not fail the task.
    type: bool
    default: false
  wait_timeout:
    description: With O(wait), how many seconds to wait at most.
    type: int
    default: 600
  poll_interval:
    description: With O(wait), seconds between two polls.
    type: float
    default: 15
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

- name: Wipe a lost phone and wait until Intune reports the wipe done (at most 30 minutes)
  intune.graph.managed_device_action:
    action: wipe
    device_ids: [0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e]
    wait: true
    wait_timeout: 1800
    poll_interval: 30

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
skipped_device_ids:
  description: Devices not sent because the action is already under way or done there (see O(skip_pending)).
  returned: always
  type: list
  elements: str
  sample: [1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f]
skip_reasons:
  description: For each skipped device, why.
  returned: always
  type: dict
  sample:
    1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f: managementState is retirePending
action_states:
  description:
    - With O(wait), each accepted device's final or last-seen state (C(done), C(failed),
      C(canceled), C(notSupported), C(pending), C(active), C(unknown)) and its time.
  returned: when O(wait) is true
  type: dict
  sample:
    0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e:
      state: done
      time: "2025-06-02T08:31:05Z"
pending_device_ids:
  description: With O(wait), the devices whose action was still pending when O(wait_timeout) passed.
  returned: when O(wait) is true
  type: list
  elements: str
  sample: []
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
    skipped: 0
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
from ansible_collections.intune.graph.plugins.module_utils import _execute as execute
from ansible_collections.intune.graph.plugins.module_utils import _progress as progress
from ansible_collections.intune.graph.plugins.module_utils import _targets as targets
from ansible_collections.intune.graph.plugins.module_utils._auth import AuthError
from ansible_collections.intune.graph.plugins.module_utils._client import GraphError
from ansible_collections.intune.graph.plugins.module_utils._module import GraphModule

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
        concurrency=dict(type="int", default=4),
        skip_pending=dict(type="bool"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        poll_interval=dict(type="float", default=15),
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
    if not 1 <= params["concurrency"] <= execute.MAX_CONCURRENCY:
        module.fail_json(msg="concurrency must be between 1 and %d, got %d" % (
            execute.MAX_CONCURRENCY, params["concurrency"]))
    if params["max_devices"] < 1:
        module.fail_json(msg="max_devices must be 1 or more, got %d" % params["max_devices"])
    if params["wait_timeout"] < 1 or params["poll_interval"] <= 0:
        module.fail_json(msg="wait_timeout must be 1 or more and poll_interval more than 0")
    try:
        body = catalog.build_body(params["action"], params)
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    ids, bad = catalog.normalise_device_ids(params["device_ids"])
    if bad:
        module.fail_json(msg=catalog.bad_ids_message(bad))
    targets.clean_selectors(module)
    if params["action"] == "set_device_name":
        if not params["device_name"].strip():
            module.fail_json(msg="device_name must not be empty")
        if len(ids) + len(params["device_names"]) + len(params["serial_numbers"]) > 1 \
                or params["filter"]:
            module.fail_json(msg="set_device_name gives every device it acts on the same name: "
                                 "select exactly one device (loop over devices to rename several)")
    return body, ids


def resolve(module, ids):
    """Selectors to device ids; fails, before any action is sent, past max_devices."""
    params = module.params
    names = list(dict.fromkeys(params["device_names"]))
    serials = list(dict.fromkeys(params["serial_numbers"]))
    resolution = targets.Resolution()
    for device_id in ids:
        resolution.add(device_id)
    if not (names or serials or params["filter"]):
        return resolution
    try:
        targets.resolve(module.client, resolution, names, serials, params["filter"],
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


def skipping(module):
    """skip_pending as given, else on for the actions whose repeat does harm."""
    if module.params["skip_pending"] is None:
        return module.params["action"] in progress.SKIP_BY_DEFAULT
    return module.params["skip_pending"]


def find_skips(module, client, ids, graph_action):
    """The ids whose action is already under way or done, each with the reason."""
    found, errors = targets.by_ids(client, ids, progress.skip_properties(module.params["action"]))
    if errors:
        raise targets.TargetError(
            "skip_pending: looking the devices up failed, nothing was sent (set skip_pending: "
            "false to act without looking): " + targets.failures(errors))
    reasons = {}
    for device_id in ids:
        device = found.get(device_id)
        reason = device and progress.skip_reason(module.params["action"], graph_action, device,
                                                 module.params)
        if reason:
            reasons[device_id] = reason
    return reasons


def preview(module, client, resolution, graph_action):
    """Check mode: what exists (and is `user`'s), what would be skipped, what would be acted on."""
    skip = skipping(module)
    properties = tuple(dict.fromkeys(targets.SUMMARY_PROPERTIES + (
        progress.skip_properties(module.params["action"]) if skip else ())))
    lookup = resolution.ids if skip else [i for i in resolution.ids if i.lower() not in resolution.devices]
    found, errors = targets.by_ids(client, lookup, properties) if lookup else ({}, {})
    buckets = {name: [] for name in catalog.BUCKETS}
    shown, skipped = [], {}

    def skip_reason(device):
        return progress.skip_reason(module.params["action"], graph_action, device, module.params)

    for device_id in resolution.ids:
        device = found.get(device_id) or resolution.devices.get(device_id.lower())
        if device_id in errors:
            buckets["failed"].append(device_id)
        elif device is None or not targets.owned_by(device, module.params["user"]):
            buckets["not_found"].append(device_id)
        elif skip and (reason := skip_reason(device)):
            skipped[device_id] = reason
            buckets["skipped"].append(device_id)
        else:
            shown.append({key: device.get(key) for key in TARGET_PROPERTIES})
    reasons = ["look-up of %s failed: %s" % item for item in errors.items()]
    return buckets, shown, skipped, reasons


def wait(module, client, graph_action, accounting, result):
    """Poll the accepted devices until their action ends; failures move to failed."""
    params = module.params
    accepted = accounting.buckets()["successful"]
    states = progress.wait_for(client, params["action"], graph_action, accepted,
                               params["wait_timeout"], params["poll_interval"]) if accepted else {}
    result["action_states"] = states
    by_state = {}
    for device_id, state in states.items():
        by_state.setdefault(state["state"], []).append(device_id)
    accounting.move(by_state.get("failed", []) + by_state.get("canceled", []), "failed")
    accounting.move(by_state.get("notSupported", []), "not_supported")
    result["pending_device_ids"] = [i for i in accepted
                                    if states[i]["state"] in progress.IN_FLIGHT]
    if by_state.get("unknown"):
        module.warn("Intune reported no state for %s within wait_timeout (%ss): its "
                    "deviceActionResults stayed empty, so the outcome is unknown, not failed"
                    % (", ".join(by_state["unknown"]), params["wait_timeout"]))


def run_check_mode(module, resolution, graph_action, result):
    buckets, shown, skipped, reasons = preview(module, module.client, resolution, graph_action)
    result.update(would_act_device_ids=[device["id"] for device in shown], targets=shown,
                  skip_reasons=skipped, changed=bool(shown))
    result["msg"] = "%s (check mode): %d would be acted on, %d not found, %d skipped" % (
        module.params["action"], len(shown), len(buckets["not_found"]), len(skipped))
    return buckets, reasons


def run_action(module, ids, body, result):
    client, reasons = module.client, []
    skipped = find_skips(module, client, ids, body["actionName"]) if skipping(module) else {}
    accounting = catalog.Accounting(ids)
    accounting.move(skipped, "skipped")
    result["skip_reasons"] = skipped  # not "skipped": Ansible reads that key as a skipped task
    result["request_ids"], outcome_unknown = execute.execute(
        client, targets.devices_path(module.params["user"]) + "/executeAction", body,
        [i for i in ids if i not in skipped], module.params["batch_size"],
        module.params["concurrency"], accounting)
    # An action whose outcome is unknown may have been carried out.
    result["changed"] = bool(accounting.buckets()["successful"]) or outcome_unknown
    if module.params["wait"]:
        try:
            wait(module, client, body["actionName"], accounting, result)
        except (GraphError, AuthError, targets.TargetError) as exc:
            reasons.append("the action was sent, but waiting for it failed: %s" % exc)
    buckets = accounting.buckets()
    result["msg"] = summarise(module.params["action"], buckets)
    if result.get("pending_device_ids"):
        result["msg"] += "; still pending after %ss: %s" % (
            module.params["wait_timeout"], ", ".join(result["pending_device_ids"]))
    reasons += [reason for _chunk, reason in accounting.failed_for_good]
    return buckets, reasons


def main():
    module = GraphModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    action = params["action"]
    body, ids = validate(module)
    result = dict(changed=False, action=action, graph_action=body["actionName"],
                  request_ids=[], skip_reasons={}, auth_method=module.auth_method)
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
            buckets, reasons = run_check_mode(module, resolution, body["actionName"], result)
        else:
            buckets, reasons = run_action(module, ids, body, result)
    except (GraphError, AuthError, targets.TargetError) as exc:
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
    not_found_selectors = result.get("not_found_device_names", []) + result.get("not_found_serial_numbers", [])
    if not_found_selectors:
        result["msg"] += "; matched no device: %s" % ", ".join(not_found_selectors)
    if reasons:
        result["msg"] += "; " + "; ".join(dict.fromkeys(reasons))

    failing = [name for name in params["fail_on"]
               if buckets[name] or (name == "not_found" and not_found_selectors)]
    if "failed" in params["fail_on"] and result.get("pending_device_ids"):
        failing.append("pending")
    if reasons or buckets["unreported"] or failing:
        module.fail_json(**result)
    module.exit_json(**result)


def summarise(action, buckets):
    """One line of counts; skipped devices only when there are some."""
    names = [name for name in catalog.BUCKETS if name != "skipped" or buckets[name]]
    return "%s: %s" % (action, ", ".join(
        "%d %s" % (len(buckets[name]), name.replace("_", " ")) for name in names))


if __name__ == "__main__":
    main()
