# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's baseline: what ansible-playbook spends on a task that carries N device ids in
and a result of N ids per list out, with a module that does nothing else (no Graph, no token)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: echo_device_ids
short_description: Benchmark baseline, takes device ids and returns them
description:
  - Takes O(device_ids) as managed_device_action does and returns them twice, as
    C(requested_device_ids) and C(successful_device_ids), the size of that module's result.
  - Sends nothing. Fails when O(fail) is true, as that module does when a device failed.
author: intune.graph contributors
options:
  device_ids:
    description: Device ids.
    type: list
    elements: str
    required: true
  fail:
    description: End as a failed task, so the failed result is printed.
    type: bool
    default: false
"""

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(
        device_ids=dict(type="list", elements="str", required=True),
        fail=dict(type="bool", default=False)))
    ids = module.params["device_ids"]
    result = dict(changed=bool(ids), requested_device_ids=ids, successful_device_ids=list(ids),
                  msg="%d device ids carried" % len(ids))
    if module.params["fail"]:
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
