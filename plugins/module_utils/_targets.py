# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn what an admin knows (device ids, names, serial numbers, a filter, a user) into devices.

Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

from urllib.parse import quote

READ_PERMISSION = "DeviceManagementManagedDevices.Read.All"
# What a person needs to tell devices apart, and what check mode shows.
SUMMARY_PROPERTIES = ("id", "deviceName", "serialNumber", "operatingSystem", "userPrincipalName",
                      "userId", "lastSyncDateTime")
PAGE_SIZE = 1000  # the largest page Graph serves for managedDevices


class TargetError(Exception):
    """The selectors cannot be resolved as asked; the message says what to change."""


def odata_string(value):
    """An OData string literal: single quotes, a quote inside doubled."""
    return "'%s'" % value.replace("'", "''")


def devices_path(user=None):
    """The managedDevices collection, or one user's (`user` is an id or a UPN)."""
    if user:
        return "/users/%s/managedDevices" % quote(user, safe="@")
    return "/deviceManagement/managedDevices"


def _select(properties):
    """The $select part of a URL's query, or nothing for every property (None)."""
    return "$select=" + ",".join(properties) if properties else ""


def by_ids(client, ids, properties=SUMMARY_PROPERTIES):
    """Look ids up through $batch; returns ({id: device}, {id: error text}) (404 = absent)."""
    lookups = [{"id": str(n), "method": "GET", "url": "/deviceManagement/managedDevices/%s%s"
                % (device_id, "?" + _select(properties) if properties else "")}
               for n, device_id in enumerate(ids)]
    answers = client.batch(lookups, what="device look-up", permission=READ_PERMISSION)
    found, errors = {}, {}
    for n, device_id in enumerate(ids):
        status, body = answers.get(str(n), (0, None))
        if status == 200:
            found[device_id] = body
        elif status != 404:
            errors[device_id] = _sub_error(status, body)
    return found, errors


def by_property(client, prop, values, user=None, properties=SUMMARY_PROPERTIES):
    """Devices whose `prop` equals each value, one filtered list per value through $batch.

    Returns {value: [devices]}; Graph decides what "equal" means (it ignores case).
    """
    base = devices_path(user)
    lookups = [{"id": str(n), "method": "GET", "url": "%s?$filter=%s&$top=%d%s" % (
        base, quote("%s eq %s" % (prop, odata_string(value)), safe=""), PAGE_SIZE,
        "&" + _select(properties) if properties else "")} for n, value in enumerate(values)]
    answers = client.batch(lookups, what="%s look-up" % prop, permission=READ_PERMISSION)
    matches = {}
    for n, value in enumerate(values):
        status, body = answers.get(str(n), (0, None))
        if status != 200:
            raise TargetError("looking up %s %r failed: %s" % (prop, value, _sub_error(status, body)))
        devices = list(body.get("value", []))
        link = body.get("@odata.nextLink")
        while link:  # many devices of one name: the rest of the pages, one by one
            page, _rid = client.call("GET", link, what="%s look-up" % prop, permission=READ_PERMISSION)
            devices.extend(page.get("value", []))
            link = page.get("@odata.nextLink")
        matches[value] = devices
    return matches


def by_filter(client, odata_filter, user=None, properties=SUMMARY_PROPERTIES, limit=None):
    """Every device an OData $filter selects (or all devices when it is empty), up to `limit`."""
    params = {"$top": str(min(limit or PAGE_SIZE, PAGE_SIZE))}
    if properties:
        params["$select"] = ",".join(properties)
    if odata_filter:
        params["$filter"] = odata_filter
    return client.get_all(devices_path(user), params=params, what="device list",
                          permission=READ_PERMISSION, limit=limit)


def clean_selectors(module):
    """Strip the selectors in place; fail on empty ones (an empty user would widen the scope)."""
    params = module.params
    for option in ("device_names", "serial_numbers"):
        params[option] = [str(value).strip() for value in params[option]]
        if not all(params[option]):
            module.fail_json(msg="%s must not hold empty values" % option)
    for option in ("user", "filter"):
        if params[option] is not None:
            params[option] = params[option].strip()
            if not params[option]:
                module.fail_json(msg="%s must not be empty: leave it out to mean no %s" % (option, option))


def owned_by(device, user):
    """Whether `device` is the user's (`user` is an id or a UPN; none means anyone's)."""
    if not user:
        return True
    return user.lower() in (str(device.get("userId")).lower(),
                            str(device.get("userPrincipalName")).lower())


def failures(errors):
    """The {id: error} of a look-up, as one line."""
    return "; ".join("%s: %s" % item for item in errors.items())


def _sub_error(status, body):
    error = body.get("error", {}) if isinstance(body, dict) else {}
    return "HTTP %s %s %s" % (status, error.get("code", ""), error.get("message", "")).rstrip()


def describe(device):
    """One line a person can tell a device by."""
    return "%s (name %s, serial %s, user %s, last sync %s)" % (
        device.get("id"), device.get("deviceName"), device.get("serialNumber"),
        device.get("userPrincipalName") or "none", device.get("lastSyncDateTime"))


class Resolution:
    """The outcome of resolving every selector: ids in order, what matched nothing, details."""

    def __init__(self):
        self.ids = []             # explicit ids first, then names, serials, filter; no duplicates
        self.selected = set()     # lower-case ids found by names, serials or filter (capped)
        self.devices = {}         # lower-case id -> the device's summary, where known
        self.not_found_device_names = []
        self.not_found_serial_numbers = []
        self._seen = set()

    def add(self, device_id, device=None, selected=False):
        key = device_id.lower()
        if key not in self._seen:
            self._seen.add(key)
            self.ids.append(device_id)
        if device is not None:
            self.devices[key] = device
        if selected:
            self.selected.add(key)


def resolve(client, result, names, serials, odata_filter, user=None, on_multiple_matches="error",
            properties=SUMMARY_PROPERTIES, limit=None):
    """Add what names, serials and filter select to `result` (a Resolution, first order kept).

    Raises TargetError when a name or serial matches several devices and that is an error.
    """
    for prop, values, not_found in (("deviceName", names, result.not_found_device_names),
                                    ("serialNumber", serials, result.not_found_serial_numbers)):
        if not values:
            continue
        ambiguous = []
        for value, devices in by_property(client, prop, values, user, properties).items():
            if not devices:
                not_found.append(value)
            elif len(devices) > 1 and on_multiple_matches == "error":
                ambiguous.append("%r matches %d devices: %s" % (
                    value, len(devices), "; ".join(describe(d) for d in devices)))
            else:
                for device in devices:
                    result.add(device["id"], device, selected=True)
        if ambiguous:
            raise TargetError("each %s must match one device (or set on_multiple_matches: all): %s"
                              % (prop, " | ".join(ambiguous)))
    if odata_filter:
        for device in by_filter(client, odata_filter, user, properties, limit):
            result.add(device["id"], device, selected=True)
    return result
