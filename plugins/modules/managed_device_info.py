#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: managed_device_info
short_description: Look up Intune managed devices
version_added: 0.1.0
description:
  - Looks up Intune managed devices through Microsoft Graph, by id, name, serial number,
    OData filter or user, or lists them all.
  - Read-only; never reports a change. Use it to look before acting with
    M(intune.graph.managed_device_action).
author:
  - intune.graph maintainers (@intune-graph)
extends_documentation_fragment:
  - intune.graph.graph
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: The module only reads, so check mode changes nothing about what it does.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: N/A
  action_group:
    description: Use C(group/intune.graph.graph) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - intune.graph.graph
options:
  device_ids:
    description:
      - Managed device ids (GUIDs), looked up through C($batch), 20 per request.
      - Ids that do not exist are listed in RV(not_found_device_ids).
    type: list
    elements: str
    default: []
  device_names:
    description:
      - Device names (Graph compares them ignoring case). Every device of each name is returned;
        names that match none are listed in RV(not_found_device_names).
    type: list
    elements: str
    default: []
  serial_numbers:
    description: Serial numbers; those that match no device are listed in RV(not_found_serial_numbers).
    type: list
    elements: str
    default: []
  filter:
    description:
      - An OData C($filter) on managedDevices, passed to Graph as it is, for example
        C(complianceState eq 'noncompliant').
    type: str
  user:
    description:
      - A user id or user principal name. Only that user's devices are returned.
      - Alone, it lists all of the user's devices.
    type: str
  properties:
    description:
      - The managedDevice properties to return (Graph's names, sent as C($select)).
      - V(all) returns every property.
      - Defaults to a useful small set - id, deviceName, operatingSystem, osVersion,
        serialNumber, userPrincipalName, complianceState, managementState, lastSyncDateTime,
        model and manufacturer.
    type: list
    elements: str
  limit:
    description: Stop after this many devices.
    type: int
notes:
  - With no selector at all, every device of the tenant is listed, 1000 per page.
  - Needs C(DeviceManagementManagedDevices.Read.All).
seealso:
  - module: intune.graph.managed_device_action
"""

EXAMPLES = r"""
- name: Find a laptop by name
  intune.graph.managed_device_info:
    device_names: [LAPTOP-0042]
  register: laptop

- name: Every non-compliant Windows device, with a few properties
  intune.graph.managed_device_info:
    filter: "operatingSystem eq 'Windows' and complianceState eq 'noncompliant'"
    properties: [id, deviceName, userPrincipalName, lastSyncDateTime]
  register: noncompliant

- name: Everything about one user's devices
  intune.graph.managed_device_info:
    user: jane.doe@contoso.com
    properties: [all]
"""

RETURN = r"""
devices:
  description: The devices found, with Graph's property names, in the order the selectors found them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0b9b3c2a-4a1e-4d1b-9d0e-2f1a3b4c5d6e
      deviceName: LAPTOP-0042
      operatingSystem: Windows
      osVersion: 10.0.22631.3447
      serialNumber: 5CG1234XYZ
      userPrincipalName: adele.vance@contoso.com
      complianceState: compliant
      managementState: managed
      lastSyncDateTime: "2025-06-01T08:30:00Z"
      model: Surface Laptop 5
      manufacturer: Microsoft Corporation
count:
  description: How many devices were returned.
  returned: always
  type: int
  sample: 1
not_found_device_ids:
  description: Ids in O(device_ids) that do not exist (or are not O(user)'s).
  returned: always
  type: list
  elements: str
  sample: []
not_found_device_names:
  description: Names in O(device_names) that matched no device.
  returned: always
  type: list
  elements: str
  sample: []
not_found_serial_numbers:
  description: Serial numbers in O(serial_numbers) that matched no device.
  returned: always
  type: list
  elements: str
  sample: []
auth_method:
  description: How the token was obtained.
  returned: always
  type: str
  sample: client_secret
"""

from ansible_collections.intune.graph.plugins.module_utils import _device_actions as catalog
from ansible_collections.intune.graph.plugins.module_utils import _targets as targets
from ansible_collections.intune.graph.plugins.module_utils._auth import AuthError
from ansible_collections.intune.graph.plugins.module_utils._client import GraphError
from ansible_collections.intune.graph.plugins.module_utils._module import GraphModule

DEFAULT_PROPERTIES = ["id", "deviceName", "operatingSystem", "osVersion", "serialNumber",
                      "userPrincipalName", "complianceState", "managementState",
                      "lastSyncDateTime", "model", "manufacturer"]


def selected_properties(properties):
    """The $select list (None for every property); id is always there."""
    if properties is None:
        return DEFAULT_PROPERTIES
    if "all" in properties:
        return None
    return ["id"] + [name for name in properties if name != "id"]


def find(module, ids, properties):
    """Devices and what matched nothing, in the order the selectors found them."""
    params = module.params
    client, user, limit = module.client, params["user"], params["limit"]
    # The owner's properties are needed to narrow id look-ups to the user; removed again below.
    wanted = properties if properties is None or not (user and ids) else \
        list(dict.fromkeys(properties + ["userId", "userPrincipalName"]))
    found = targets.Resolution()
    not_found_ids = []
    if ids:
        devices, errors = targets.by_ids(client, ids, wanted)
        if errors:
            raise targets.TargetError("looking devices up failed: " + targets.failures(errors))
        for device_id in ids:
            device = devices.get(device_id)
            if device is None or not targets.owned_by(device, user):
                not_found_ids.append(device_id)
            else:
                found.add(device_id, device)
    names = list(dict.fromkeys(params["device_names"]))
    serials = list(dict.fromkeys(params["serial_numbers"]))
    odata_filter = params["filter"]
    if not (ids or names or serials or odata_filter):  # no selector: every device (of the user)
        for device in targets.by_filter(client, None, user, wanted, limit):
            found.add(device["id"], device)
    targets.resolve(client, found, names, serials, odata_filter, user, "all", wanted, limit)
    devices = [clean(found.devices[i.lower()], properties) for i in found.ids]
    return devices[:limit] if limit else devices, {
        "ids": not_found_ids, "names": found.not_found_device_names,
        "serials": found.not_found_serial_numbers}


def clean(device, properties):
    """Graph's annotations out, and only the properties asked for."""
    return {key: value for key, value in device.items()
            if not key.startswith("@odata") and (properties is None or key in properties)}


def main():
    module = GraphModule(argument_spec=dict(
        device_ids=dict(type="list", elements="str", default=[]),
        device_names=dict(type="list", elements="str", default=[]),
        serial_numbers=dict(type="list", elements="str", default=[]),
        filter=dict(type="str"),
        user=dict(type="str"),
        properties=dict(type="list", elements="str"),
        limit=dict(type="int"),
    ), supports_check_mode=True)
    if module.params["limit"] is not None and module.params["limit"] < 1:
        module.fail_json(msg="limit must be 1 or more, got %d" % module.params["limit"])
    ids, bad = catalog.normalise_device_ids(module.params["device_ids"])
    if bad:
        module.fail_json(msg=catalog.bad_ids_message(bad))
    targets.clean_selectors(module)
    properties = selected_properties(module.params["properties"])
    try:
        devices, not_found = find(module, ids, properties)
    except (GraphError, AuthError, targets.TargetError) as exc:
        module.fail_json(msg=str(exc), auth_method=module.auth_method)
    module.exit_json(changed=False, devices=devices, count=len(devices),
                     not_found_device_ids=not_found["ids"],
                     not_found_device_names=not_found["names"],
                     not_found_serial_numbers=not_found["serials"],
                     auth_method=module.auth_method)


if __name__ == "__main__":
    main()
