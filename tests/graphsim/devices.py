"""The simulator's device store: managedDevices, ``$filter`` listing and remote actions.

Actions follow Graph's executeAction contract (see the platform table below). Their effects
play out over time without a background thread: each action schedules its completion
``action_done_after`` seconds later, and every call first applies whatever the clock says is
due. So a test with a fake clock sees pending turn into done exactly when it moves the clock.

What an accepted action does to a device:
  every action       a deviceActionResults entry (one per action name) pending, then done
  retire, wipe       managementState retirePending / wipePending at once, then ...Issued
  delete             managementState deletePending at once, then the device is gone
  setDeviceName      deviceName changes when done (the device renames itself when it gets the
                     action); managedDeviceName, Intune's own label, stays
Seed markers: a device with ``_simFailActions`` lands in failedDeviceIds at once, keeps its
managementState, and its entry turns failed; one with ``_simNoActionResults`` never shows
entries, though its managementState still moves. ``fail_later(id)`` marks a device whose
actions are accepted (successfulDeviceIds) and then fail: its entry turns failed, and a
retire or wipe ends in retireFailed / wipeFailed. States loaded from the seed (a device already
retirePending) stay as they are: only actions run by this store move on.

Returned devices are snapshots: a fresh top-level dict per device. Nested lists and dicts are
shared with the store but never changed in place by it (it replaces them), so a snapshot does
not move under its holder; callers must not change nested values either.
"""

import heapq
import itertools
import json
import pathlib
import re
import threading
import time

from . import odata
from . import seed as fleet


class GraphRequestError(Exception):
    """A request Graph refuses; the server answers ``status`` with a Graph error body."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# managedDeviceRemoteAction members a client may send (the enum's unknownFutureValue is a
# sentinel that Graph itself refuses).
ACTIONS = frozenset({
    "retire", "delete", "fullScan", "quickScan", "signatureUpdate", "wipe", "customTextNotification",
    "rebootNow", "setDeviceName", "syncDevice", "deprovision", "disable", "reenable",
    "moveDeviceToOrganizationalUnit", "activateDeviceEsim", "collectDiagnostics",
    "initiateMobileDeviceManagementKeyRecovery", "initiateOnDemandProactiveRemediation",
    "initiateDeviceAttestation",
})

# Optional body fields: field -> (JSON type, the one action that uses it).
PARAMETERS = {
    "keepEnrollmentData": (bool, "wipe"),
    "keepUserData": (bool, "wipe"),
    "persistEsimDataPlan": (bool, "wipe"),
    "notificationTitle": (str, "customTextNotification"),
    "notificationBody": (str, "customTextNotification"),
    "deviceName": (str, "setDeviceName"),
    "carrierUrl": (str, "activateDeviceEsim"),
    "deprovisionReason": (str, "deprovision"),
    "organizationalUnitPath": (str, "moveDeviceToOrganizationalUnit"),
}
REQUIRED_PARAMETERS = {
    "customTextNotification": ("notificationTitle", "notificationBody"),
    "setDeviceName": ("deviceName",),
    "activateDeviceEsim": ("carrierUrl",),
    "deprovision": ("deprovisionReason",),
    "moveDeviceToOrganizationalUnit": ("organizationalUnitPath",),
}
MAX_DEVICE_IDS = 100

# Platform rules: action -> the platforms (operatingSystem, lower case) where it is supported.
# An action not listed (delete) works everywhere; a device elsewhere lands in notSupportedDeviceIds.
# Extra per-device conditions:
#   rebootNow on iOS           supervised devices only
#   setDeviceName on iOS       supervised devices only
#   setDeviceName on Windows   not on hybrid joined devices, and the new name must be a valid
#                              Windows name (see WINDOWS_NAME). A bad name is refused per device,
#                              as notSupported, because the rule is Windows' and the same body
#                              may rename iPhones too.
_MANAGED = {"windows", "ios", "macos", "android"}  # the ChromeOS connector only does its own actions
PLATFORMS = {
    "retire": _MANAGED,
    "wipe": _MANAGED,
    "syncDevice": _MANAGED,
    "rebootNow": _MANAGED,
    "setDeviceName": {"windows", "ios", "macos"},
    "customTextNotification": {"ios", "android"},
    "activateDeviceEsim": {"ios", "windows"},
    "fullScan": {"windows"},
    "quickScan": {"windows"},
    "signatureUpdate": {"windows"},
    "collectDiagnostics": {"windows"},
    "initiateMobileDeviceManagementKeyRecovery": {"windows"},
    "initiateOnDemandProactiveRemediation": {"windows"},
    "initiateDeviceAttestation": {"windows"},
    "deprovision": {"chromeos"},
    "disable": {"chromeos"},
    "reenable": {"chromeos"},
    "moveDeviceToOrganizationalUnit": {"chromeos"},
}
# At most 15 characters; letters, digits and hyphens; not digits only (checked apart).
WINDOWS_NAME = re.compile(r"[A-Za-z0-9-]{1,15}")

# managementState while a retire/wipe/delete is pending, and once it has been carried out.
_PENDING_STATE = {"retire": "retirePending", "wipe": "wipePending", "delete": "deletePending"}
_ISSUED_STATE = {"retire": "retireIssued", "wipe": "wipeIssued"}
_FAILED_STATE = {"retire": "retireFailed", "wipe": "wipeFailed"}

# Per-device endpoints named differently from the executeAction member they match.
_DEVICE_ENDPOINTS = {
    "windowsDefenderUpdateSignatures": "signatureUpdate",
    "sendCustomNotificationToCompanyPortal": "customTextNotification",
    "createDeviceLogCollectionRequest": "collectDiagnostics",
}

_BUCKETS = ("successfulDeviceIds", "failedDeviceIds", "notFoundDeviceIds", "notSupportedDeviceIds")


def default_seed_path() -> pathlib.Path:
    return pathlib.Path(__file__).with_name("data") / "devices.json"


class DeviceStore:
    """The tenant's managed devices; every public method is safe to call from many threads."""

    def __init__(self, devices, *, action_done_after=5.0, clock=time.time):
        self._done_after = action_done_after
        self._clock = clock
        self._lock = threading.Lock()
        self._devices = {}  # lower-case id -> device, in seed order
        self._fail_actions = {}  # lower-case id -> action names (or "*") that fail there
        self._quiet = set()  # lower-case ids whose deviceActionResults stay empty
        self._fail_later = set()  # lower-case ids whose accepted actions end failed
        self._users = {}  # lower-case user id or UPN -> lower-case user id
        self._due = []  # heap of scheduled completions, see _run and _settle
        self._sequence = itertools.count()
        with fleet.gc_paused():
            self._index(devices)

    def _index(self, devices):
        """Take in the seed devices, moving the simulator markers (_sim*) out of them."""
        for raw in devices:
            device = dict(raw)  # the store changes its devices; leave the caller's dicts alone
            key = device["id"].lower()
            failing = device.pop("_simFailActions", None)
            if failing:
                self._fail_actions[key] = {failing} if isinstance(failing, str) else set(failing)
            if device.pop("_simNoActionResults", False):
                self._quiet.add(key)
            self._devices[key] = device
            user_id = device.get("userId")
            if user_id:
                self._users[user_id.lower()] = user_id.lower()
                if device.get("userPrincipalName"):
                    self._users[device["userPrincipalName"].lower()] = user_id.lower()

    @classmethod
    def from_file(cls, path, **kw):
        """A store of the devices in a JSON file holding a list of managedDevice dicts."""
        return cls(json.loads(pathlib.Path(path).read_text(encoding="utf-8")), **kw)

    @classmethod
    def generated(cls, count, seed=0, **kw):
        """A store of ``count`` generated devices (fixtures first), reproducible from ``seed``."""
        return cls(fleet.generate(count, seed), **kw)

    def list_devices(self, filter=None, user=None):
        """Snapshots of the devices matching ``filter`` (and owned by ``user``), in stable order."""
        predicate = _compile(filter) if filter and filter.strip() else None
        with self._lock:
            self._settle()
            devices = self._devices.values()
            if user is not None:
                owner = self._owner(user)
                devices = [d for d in devices if (d.get("userId") or "").lower() == owner]
            if predicate is not None:
                devices = [d for d in devices if predicate(d)]
            with fleet.gc_paused():  # a whole large fleet of snapshots at once
                return [dict(d) for d in devices]

    def get_device(self, device_id):
        with self._lock:
            self._settle()
            device = self._devices.get(device_id.lower())
            return dict(device) if device is not None else None

    def execute_action(self, body, user=None):
        """POST .../managedDevices/executeAction: sort the ids into Graph's four buckets."""
        action, device_ids, params = _parse_body(body)
        result = {bucket: [] for bucket in _BUCKETS}
        with self._lock:
            now = self._clock()
            self._settle(now)
            owner = self._owner(user) if user is not None else None
            seen = set()
            for device_id in device_ids:
                key = device_id.lower()
                if key in seen:
                    continue
                seen.add(key)
                device = self._devices.get(key)
                if device is None or (owner is not None and (device.get("userId") or "").lower() != owner):
                    result["notFoundDeviceIds"].append(device_id)
                else:
                    result[self._run(key, device, action, params, now)].append(device_id)
        return result

    def device_action(self, device_id, action, body=None):
        """POST .../managedDevices/{id}/{action}: one device, errors instead of buckets.

        ``body`` is the endpoint's own JSON body (deviceName for setDeviceName, the wipe
        flags, ...). windowsDefenderScan takes {"quickScan": bool}, as in Graph.
        """
        body = dict(body or {})
        if action == "windowsDefenderScan":
            action = "quickScan" if body.pop("quickScan", False) else "fullScan"
        action = _DEVICE_ENDPOINTS.get(action, action)
        if action not in ACTIONS:
            raise GraphRequestError(400, "BadRequest", f"Resource not found for the segment '{action}'.")
        _check_fields(body, allowed=PARAMETERS.keys(), operation=action)
        params = _parameters(body, action)
        with self._lock:
            now = self._clock()
            self._settle(now)
            key = device_id.lower()
            device = self._devices.get(key)
            if device is None:
                raise GraphRequestError(404, "ResourceNotFound", f"The managedDevice '{device_id}' was not found.")
            if self._run(key, device, action, params, now) == "notSupportedDeviceIds":
                raise GraphRequestError(
                    400, "BadRequest",
                    f"The action '{action}' is not supported on the {device.get('operatingSystem')} "
                    f"device '{device_id}'.")
        # A device marked to fail still accepts the request; its action result turns to failed.

    def fail_later(self, device_id):
        """From now on, actions on this device are accepted and then fail."""
        with self._lock:
            self._fail_later.add(device_id.lower())

    def _owner(self, user):
        """The lower-case id of ``user`` (an id or a UPN), or Graph's 404."""
        owner = self._users.get(user.lower())
        if owner is None:
            raise GraphRequestError(
                404, "Request_ResourceNotFound",
                f"Resource '{user}' does not exist or one of its queried reference-property objects "
                f"are not present.")
        return owner

    def _run(self, key, device, action, params, now):
        """Start ``action`` on one device and return the bucket it lands in."""
        if not _supported(action, device, params):
            return "notSupportedDeviceIds"
        marks = self._fail_actions.get(key, ())
        failing = "*" in marks or action in marks
        late = key in self._fail_later and not failing
        entry = None
        if key not in self._quiet:
            stamp = _iso(now)
            entry = {"actionName": action, "actionState": "pending", "startDateTime": stamp,
                     "lastUpdatedDateTime": stamp}
            # One entry per action name: a repeated action replaces the previous one.
            others = [e for e in device.get("deviceActionResults") or () if e.get("actionName") != action]
            device["deviceActionResults"] = others + [entry]
        if not failing and action in _PENDING_STATE:
            device["managementState"] = _PENDING_STATE[action]
        heapq.heappush(self._due, (now + self._done_after, next(self._sequence), key, action, entry,
                                   failing or late, params))
        return "failedDeviceIds" if failing else "successfulDeviceIds"

    def _settle(self, now=None):
        """Apply every completion that is due by ``now``, oldest first."""
        now = self._clock() if now is None else now
        while self._due and self._due[0][0] <= now:
            due, _order, key, action, entry, failing, params = heapq.heappop(self._due)
            device = self._devices.get(key)
            if device is None:  # deleted meanwhile
                continue
            if entry is not None:
                finished = dict(entry, actionState="failed" if failing else "done", lastUpdatedDateTime=_iso(due))
                # A newer run of the same action has replaced ``entry``: then this changes nothing.
                device["deviceActionResults"] = [finished if e is entry else e for e in device["deviceActionResults"]]
            if failing:
                if device.get("managementState") == _PENDING_STATE.get(action):  # failed later
                    device["managementState"] = _FAILED_STATE.get(action, "managed")
                continue
            if action == "delete":
                del self._devices[key]
            elif action in _ISSUED_STATE and device.get("managementState") == _PENDING_STATE[action]:
                device["managementState"] = _ISSUED_STATE[action]
            elif action == "setDeviceName":
                # The device renames itself when it carries the action out, not when it is sent.
                device["deviceName"] = params["deviceName"]


def _platform(device):
    """operatingSystem as a key of PLATFORMS: 'Windows' -> 'windows', 'iPadOS' -> 'ios'."""
    name = (device.get("operatingSystem") or "").replace(" ", "").lower()
    return "ios" if name == "ipados" else name


def _supported(action, device, params):
    platform = _platform(device)
    if action in PLATFORMS and platform not in PLATFORMS[action]:
        return False
    if platform == "ios" and action in ("rebootNow", "setDeviceName"):
        return bool(device.get("isSupervised"))
    if platform == "windows" and action == "setDeviceName":
        name = params["deviceName"]
        return (device.get("joinType") != "hybridAzureADJoined"
                and WINDOWS_NAME.fullmatch(name) is not None and not name.isdigit())
    return True


def _parse_body(body):
    """Validate an executeAction body; return (action, device ids, parameters it uses)."""
    if not isinstance(body, dict):
        raise GraphRequestError(400, "BadRequest", "The request body must be a JSON object.")
    _check_fields(body, allowed={"actionName", "deviceIds", *PARAMETERS}, operation="executeAction")
    action = body.get("actionName")
    if action is None:
        raise GraphRequestError(400, "BadRequest", "The parameter 'actionName' is required.")
    if not isinstance(action, str) or action not in ACTIONS:
        raise GraphRequestError(
            400, "BadRequest", f"The value '{action}' is not a valid managedDeviceRemoteAction.")
    device_ids = body.get("deviceIds")
    if device_ids is None:
        device_ids = []
    if not isinstance(device_ids, list) or not all(isinstance(i, str) for i in device_ids):
        raise GraphRequestError(400, "BadRequest", "The parameter 'deviceIds' must be a list of strings.")
    if len(device_ids) > MAX_DEVICE_IDS:
        raise GraphRequestError(
            400, "BadRequest",
            f"Too many devices: {len(device_ids)} deviceIds, at most {MAX_DEVICE_IDS} per request.")
    return action, device_ids, _parameters(body, action)


def _check_fields(body, allowed, operation):
    for name in body:
        if name not in allowed and name != "@odata.type":
            raise GraphRequestError(
                400, "BadRequest",
                f"The parameter '{name}' in the request payload is not a valid parameter for the "
                f"operation '{operation}'.")


def _parameters(body, action):
    """The optional fields ``action`` uses. Defaults (false, null, "") are accepted on any action,
    as Microsoft's SDK sends the wipe flags as false with every action; real values that the
    action does not use are refused."""
    params = {}
    for name, (kind, used_by) in PARAMETERS.items():
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, kind):
            edm = "Edm.Boolean" if kind is bool else "Edm.String"
            raise GraphRequestError(
                400, "BadRequest", f"Cannot convert the literal '{value}' of '{name}' to the expected type '{edm}'.")
        if value is False or value == "":
            continue
        if used_by != action:
            raise GraphRequestError(
                400, "BadRequest", f"The parameter '{name}' is not used by the action '{action}'.")
        params[name] = value
    for name in REQUIRED_PARAMETERS.get(action, ()):
        if name not in params:
            raise GraphRequestError(400, "BadRequest", f"The action '{action}' requires the parameter '{name}'.")
    return params


def _compile(text):
    try:
        return odata.parse_filter(text)
    except odata.FilterError as error:
        raise GraphRequestError(400, "BadRequest", str(error)) from None


def _iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
