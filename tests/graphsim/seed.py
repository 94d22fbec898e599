"""Seed fleet for the Graph simulator: realistic managedDevice records, deterministic per seed.

``generate(count, seed=0)`` returns ``count`` devices. Every managedDevice property of the beta
schema is present with its JSON type. The first devices are fixed fixtures (same ids and names
in every fleet, whatever the seed); the rest are random but reproducible from ``seed``.
``data/devices.json`` is ``generate(SHIPPED_COUNT, seed=0)``; rebuild it with
``PYTHONPATH=tests python -m graphsim.seed --out tests/graphsim/data/devices.json``.

Fixtures a test or demo can rely on:

    WINDOWS_DEVICE_ID            "LAPTOP-0042", Adele Vance, Entra joined, compliant
    HYBRID_DEVICE_ID             "DESKTOP-7F3K2", Alex Wilber, hybrid joined (cannot be renamed)
    IOS_DEVICE_ID                "Adele's iPhone", supervised iPhone
    UNSUPERVISED_IOS_DEVICE_ID   "Megan's iPhone", personal, unsupervised (no rebootNow)
    APOSTROPHE_DEVICE_ID         APOSTROPHE_NAME, Conor O'Brien's iPhone (two quotes in the name)
    NON_ASCII_DEVICE_ID          NON_ASCII_NAME, "Zoë's iPad"
    ANDROID_DEVICE_ID            "Diego's Galaxy S23", fully managed Android
    MACOS_DEVICE_ID              "Megan's MacBook Pro"
    CHROMEOS_DEVICE_ID           "CHROMEBOOK-0107", Johanna Lorenz
    KIOSK_DEVICE_IDS             two userless Windows kiosks both named AMBIGUOUS_NAME
    FAILING_DEVICE_ID            "LAPTOP-0513": every action lands in failedDeviceIds
    NO_ACTION_RESULTS_DEVICE_ID  "LAPTOP-0077": deviceActionResults stays empty, like some tenants
    RETIRE_PENDING_DEVICE_ID     "LAPTOP-0019", already retirePending
    NONCOMPLIANT_DEVICE_ID       "LAPTOP-0230", noncompliant
    USER_ID, USER_UPN            Adele Vance, who owns WINDOWS_DEVICE_ID and IOS_DEVICE_ID
    APOSTROPHE_USER_UPN          conor.obrien@contoso.com (display name Conor O'Brien)
    NON_ASCII_USER_UPN           zoe.clarke@contoso.com (display name Zoë Clarke)
    USERS                        the twelve (id, display name, UPN) users of the fleet

Keys starting with ``_sim`` are simulator markers, never returned by the store:
``_simFailActions`` (action names, or ``"*"`` for all, that end in failedDeviceIds) and
``_simNoActionResults`` (true: actions never show in deviceActionResults).
"""

import argparse
import contextlib
import gc
import json
import pathlib
import random
import string
import time

SHIPPED_COUNT = 320
DOMAIN = "contoso.com"

USERS = [
    ("4bf3451c-c9e1-4d6a-83a1-31b730603c05", "Adele Vance", "adele.vance@contoso.com"),
    ("391521c5-918d-4ed1-815e-902138a22fe1", "Alex Wilber", "alex.wilber@contoso.com"),
    ("c45b1327-636b-43a8-9860-a06f16c8a9bd", "Megan Bowen", "megan.bowen@contoso.com"),
    ("4c761421-449c-4e5c-8e95-cd8bb82d5fed", "Diego Siciliani", "diego.siciliani@contoso.com"),
    ("54c929fc-9334-4db5-b326-a00672ae70b4", "Isaiah Langer", "isaiah.langer@contoso.com"),
    ("e66eb22d-4caa-4da3-8c12-7661248bcd78", "Johanna Lorenz", "johanna.lorenz@contoso.com"),
    ("b8713a6a-f427-403b-8eaf-85874949c8a7", "Lee Gu", "lee.gu@contoso.com"),
    ("035ead91-a386-47cc-921f-bb0a5144c443", "Nestor Wilke", "nestor.wilke@contoso.com"),
    ("fb9f8c7b-9969-4a51-8fac-c323f83910ec", "Patti Fernandez", "patti.fernandez@contoso.com"),
    ("0837535b-2636-4ab5-a746-cbc2d3a8925b", "Conor O'Brien", "conor.obrien@contoso.com"),
    ("653744f6-8598-4e60-b983-51281e22270d", "José Müller", "jose.muller@contoso.com"),
    ("1d7ec43a-b9ab-4ab0-8865-0173ae0e792d", "Zoë Clarke", "zoe.clarke@contoso.com"),
]
USER_ID, USER_UPN = USERS[0][0], USERS[0][2]
APOSTROPHE_USER_UPN = "conor.obrien@contoso.com"
NON_ASCII_USER_UPN = "zoe.clarke@contoso.com"

WINDOWS_DEVICE_ID = "53603ab2-20e7-4302-97ef-7e76c912626f"
HYBRID_DEVICE_ID = "1c4a864a-55d2-437f-8e31-b206fb3c3459"
IOS_DEVICE_ID = "de422f11-ff0f-4f86-83a8-e4b1830b02b4"
UNSUPERVISED_IOS_DEVICE_ID = "a74ea875-9b4c-4665-9eac-1cdec047f74e"
APOSTROPHE_DEVICE_ID = "73d91be9-575c-4386-aea6-88d3617df978"
NON_ASCII_DEVICE_ID = "d4858ab5-35b8-40ec-bf56-a8fc4fb8b863"
ANDROID_DEVICE_ID = "2a870d1c-949a-42be-b606-147b15598606"
MACOS_DEVICE_ID = "7fc1fed1-093f-4a9d-a942-4de03824f2da"
CHROMEOS_DEVICE_ID = "f2f77672-da9e-4bf7-aa6e-f3f9e3a80bb4"
KIOSK_DEVICE_IDS = ("161c424a-0150-495b-826d-14a367c24ac5", "1e0fbbaa-87ff-4d32-8319-a0d68456dda3")
FAILING_DEVICE_ID = "bc91ee6d-3bce-40f4-9c8e-c0823ea8bc42"
NO_ACTION_RESULTS_DEVICE_ID = "3d927330-2018-4327-8b3a-f31cd1a4e619"
RETIRE_PENDING_DEVICE_ID = "f725c431-bda3-47d0-adfe-d78b260b880d"
NONCOMPLIANT_DEVICE_ID = "1db6dd04-9c76-4a47-a75b-96e6f5940ec5"

AMBIGUOUS_NAME = "Kiosk-Lobby"
APOSTROPHE_NAME = "Conor O'Brien's iPhone"
NON_ASCII_NAME = "Zoë's iPad"

# All dates are relative to this instant, so a seed always gives the same fleet.
REFERENCE_TIME = 1748822400  # 2025-06-02T00:00:00Z
NEVER = "0001-01-01T00:00:00Z"  # what Graph shows for a date that was never set
_DAY = 86400
_ALNUM = string.ascii_uppercase + string.digits

# operating system -> share of the random fleet
_PLATFORM_WEIGHTS = {"Windows": 60, "iOS": 15, "Android": 12, "macOS": 7, "ChromeOS": 6}

# Per platform: models as (manufacturer, model, chassisType, deviceType), OS versions, and the
# properties that only depend on the platform.
_PROFILES = {
    "Windows": {
        "models": [
            ("Dell Inc.", "Latitude 7440", "laptop", "windowsRT"),
            ("LENOVO", "ThinkPad T14 Gen 4", "laptop", "windowsRT"),
            ("HP", "HP EliteBook 840 G10", "laptop", "windowsRT"),
            ("Microsoft Corporation", "Surface Laptop 5", "laptop", "windowsRT"),
            ("Dell Inc.", "OptiPlex 7010", "desktop", "windowsRT"),
            ("HP", "HP EliteDesk 800 G6 Desktop Mini PC", "desktop", "windowsRT"),
        ],
        "versions": ["10.0.19045.4291", "10.0.22621.3447", "10.0.22631.3593", "10.0.26100.1742"],
        "fixed": {"deviceEnrollmentType": "windowsAzureADJoin", "joinType": "azureADJoined",
                  "jailBroken": "Unknown", "skuFamily": "Enterprise", "skuNumber": 4,
                  "specificationVersion": "2.0", "processorArchitecture": "x64",
                  "managementAgent": "mdm", "isSupervised": False, "autopilotEnrolled": True},
    },
    "iOS": {
        "models": [
            ("Apple", "iPhone 15", "phone", "iPhone"),
            ("Apple", "iPhone 14 Pro", "phone", "iPhone"),
            ("Apple", "iPhone SE (3rd generation)", "phone", "iPhone"),
            ("Apple", "iPad Air (5th generation)", "tablet", "iPad"),
            ("Apple", "iPad (10th generation)", "tablet", "iPad"),
        ],
        "versions": ["16.7.8", "17.4.1", "17.5.1", "18.0.1"],
        "fixed": {"deviceEnrollmentType": "appleBulkWithUser", "joinType": "azureADRegistered",
                  "jailBroken": "False", "skuFamily": "", "skuNumber": 0,
                  "specificationVersion": None, "processorArchitecture": "arm64",
                  "managementAgent": "mdm", "isSupervised": True, "autopilotEnrolled": False},
    },
    "Android": {
        "models": [
            ("samsung", "SM-S911B", "phone", "androidEnterprise"),
            ("samsung", "SM-A546B", "phone", "androidEnterprise"),
            ("Google", "Pixel 8", "phone", "androidEnterprise"),
            ("Zebra Technologies", "TC52", "phone", "androidEnterprise"),
        ],
        "versions": ["12", "13", "14"],
        "fixed": {"deviceEnrollmentType": "androidEnterpriseFullyManaged", "joinType": "azureADRegistered",
                  "jailBroken": "False", "skuFamily": "", "skuNumber": 0,
                  "specificationVersion": None, "processorArchitecture": "arm64",
                  "managementAgent": "mdm", "isSupervised": False, "autopilotEnrolled": False},
    },
    "macOS": {
        "models": [
            ("Apple", "MacBook Pro (14-inch, M3, 2023)", "laptop", "macMDM"),
            ("Apple", "MacBook Air (13-inch, M2, 2022)", "laptop", "macMDM"),
            ("Apple", "iMac (24-inch, M3, 2023)", "desktop", "macMDM"),
        ],
        "versions": ["13.6.7", "14.5", "15.0.1"],
        "fixed": {"deviceEnrollmentType": "appleBulkWithUser", "joinType": "azureADRegistered",
                  "jailBroken": "Unknown", "skuFamily": "", "skuNumber": 0,
                  "specificationVersion": None, "processorArchitecture": "arm64",
                  "managementAgent": "mdm", "isSupervised": True, "autopilotEnrolled": False},
    },
    "ChromeOS": {
        "models": [
            ("Google", "Chromebook Plus", "laptop", "chromeOS"),
            ("Acer", "Chromebook Spin 714", "laptop", "chromeOS"),
            ("HP", "HP Chromebook x360 14c", "laptop", "chromeOS"),
        ],
        "versions": ["124.0.6367.225", "125.0.6422.167", "126.0.6478.132"],
        "fixed": {"deviceEnrollmentType": "unknown", "joinType": "unknown",
                  "jailBroken": "Unknown", "skuFamily": "", "skuNumber": 0,
                  "specificationVersion": None, "processorArchitecture": "x64",
                  "managementAgent": "google", "isSupervised": False, "autopilotEnrolled": False},
    },
}
_CARRIERS = ["Verizon", "T-Mobile", "AT&T", "Vodafone", None]
_CATEGORIES = ["Unknown", "Sales", "Engineering", "Finance", "Shared"]
_COMPLIANCE = ["compliant"] * 40 + ["noncompliant"] * 6 + ["inGracePeriod", "unknown", "error", "conflict"]


def generate(count, seed=0):
    """Return ``count`` managedDevice dicts: the fixtures first, then random devices."""
    with gc_paused():
        return _generate(count, seed)


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many plain dicts.

    It rescans the growing fleet again and again and nearly doubled the time for 100,000
    devices; device dicts hold no reference cycles, so nothing is lost by waiting.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _generate(count, seed):
    devices = _fixtures()[:count]
    used_names = {device["deviceName"].casefold() for device in devices}
    rng = _Random(seed)
    platforms = rng.choices(list(_PLATFORM_WEIGHTS), list(_PLATFORM_WEIGHTS.values()),
                            k=max(0, count - len(devices)))
    for platform in platforms:
        user = None if rng.random() < 0.04 else rng.choice(USERS)
        device = _device(rng, platform, user)
        device["deviceName"] = _unique_name(rng, device, user, used_names)
        _roll_state(rng, device)
        devices.append(device)
    return devices


def _device(rng, platform, user, model_name=None):
    """A random, healthy, compliant device of ``platform`` owned by ``user`` (or userless)."""
    profile = _PROFILES[platform]
    models = [m for m in profile["models"] if m[1] == model_name] or profile["models"]
    manufacturer, model, chassis, device_type = rng.choice(models)
    user_id, display_name, upn = user or (None, None, None)
    is_phone = chassis == "phone"
    enrolled = REFERENCE_TIME - rng.randrange(30 * _DAY, 900 * _DAY)
    last_sync = REFERENCE_TIME - rng.randrange(60, 20 * _DAY)
    entra_id = _guid(rng)
    serial = _serial(rng, manufacturer)
    wifi_mac = f"{rng.getrandbits(48):012X}"
    total_storage = rng.choice([128, 256, 512]) * 1_000_000_000
    free_storage = total_storage * rng.randrange(10, 90) // 100
    memory = rng.choice([4, 8, 16, 32]) * 1024 ** 3
    imei = _imei(rng) if is_phone else None
    phone_number = f"+1425555{rng.randrange(10000):04d}" if is_phone and user else None
    carrier = rng.choice(_CARRIERS) if is_phone else None
    os_version = rng.choice(profile["versions"])
    encrypted = rng.random() < 0.95
    ownership = "company" if (platform != "iOS" or rng.random() < 0.8) else "personal"
    device = {
        "id": _guid(rng),
        "aadRegistered": True,
        "activationLockBypassCode": None,
        "androidSecurityPatchLevel": "2024-05-01" if platform == "Android" else None,
        "autopilotEnrolled": False,
        "azureActiveDirectoryDeviceId": entra_id,
        "azureADDeviceId": entra_id,
        "azureADRegistered": True,
        "bootstrapTokenEscrowed": platform == "macOS",
        "chassisType": chassis,
        "chromeOSDeviceInfo": _chromeos_info(rng, os_version) if platform == "ChromeOS" else [],
        "cloudPcRemoteActionResults": [],
        "complianceGracePeriodExpirationDateTime": "9999-12-31T23:59:59Z",
        "complianceState": "compliant",
        "configurationManagerClientEnabledFeatures": None,
        "configurationManagerClientHealthState": None,
        "configurationManagerClientInformation": None,
        "deviceActionResults": [],
        "deviceCategoryDisplayName": rng.choice(_CATEGORIES),
        "deviceEnrollmentType": None,  # from the profile below
        "deviceFirmwareConfigurationInterfaceManaged": False,
        "deviceHealthAttestationState": _attestation(last_sync) if platform == "Windows" else None,
        "deviceName": None,  # set by the caller, which knows the names already in use
        "deviceRegistrationState": "registered",
        "deviceType": device_type,
        "easActivated": False,
        "easActivationDateTime": NEVER,
        "easDeviceId": f"{rng.getrandbits(128):032X}",
        "emailAddress": upn,
        "enrolledByUserPrincipalName": upn,
        "enrolledDateTime": _iso(enrolled),
        "enrollmentProfileName": "Corporate devices" if ownership == "company" and platform != "Windows" else None,
        "ethernetMacAddress": f"{rng.getrandbits(48):012X}" if chassis == "desktop" else None,
        "exchangeAccessState": "none",
        "exchangeAccessStateReason": "none",
        "exchangeLastSuccessfulSyncDateTime": NEVER,
        "freeStorageSpaceInBytes": free_storage,
        "hardwareInformation": None,  # built below from the fields it repeats
        "iccid": f"8901{rng.randrange(10 ** 15):015d}" if is_phone else None,
        "imei": imei,
        "isEncrypted": encrypted,
        "isSupervised": False,
        "jailBroken": None,
        "joinType": None,
        "lastSyncDateTime": _iso(last_sync),
        "lostModeState": "disabled",
        "managedDeviceName": _managed_device_name(upn, platform, enrolled),
        "managedDeviceOwnerType": ownership,
        "managementAgent": None,
        "managementCertificateExpirationDate": _iso(REFERENCE_TIME + rng.randrange(30 * _DAY, 365 * _DAY)),
        "managementFeatures": "none",
        "managementState": "managed",
        "manufacturer": manufacturer,
        "meid": imei[:14] if imei else None,
        "model": model,
        "notes": None,
        "operatingSystem": platform,
        "osVersion": os_version,
        "ownerType": ownership,
        "partnerReportedThreatState": "unknown",
        "phoneNumber": phone_number,
        "physicalMemoryInBytes": memory,
        "preferMdmOverGroupPolicyAppliedDateTime": NEVER,
        "processorArchitecture": None,
        "remoteAssistanceSessionErrorDetails": None,
        "remoteAssistanceSessionUrl": None,
        "requireUserEnrollmentApproval": False,
        "retireAfterDateTime": NEVER,
        "roleScopeTagIds": ["0"],
        "securityPatchLevel": None,
        "serialNumber": serial,
        "skuFamily": None,
        "skuNumber": 0,
        "specificationVersion": None,
        "subscriberCarrier": carrier,
        "totalStorageSpaceInBytes": total_storage,
        "udid": _udid(rng) if manufacturer == "Apple" else None,
        "userDisplayName": display_name,
        "userId": user_id,
        "userPrincipalName": upn,
        "usersLoggedOn": [{"userId": user_id, "lastLogOnDateTime": _iso(last_sync - 3600)}]
        if platform == "Windows" and user_id else [],
        "wiFiMacAddress": wifi_mac,
        "windowsActiveMalwareCount": 0,
        "windowsRemediatedMalwareCount": 0,
    }
    device.update(profile["fixed"])
    if platform == "iOS" and ownership == "personal":
        device.update(deviceEnrollmentType="userEnrollment", isSupervised=False)
    if platform == "Android":
        device["securityPatchLevel"] = device["androidSecurityPatchLevel"]
    if platform == "ChromeOS":
        device.update(aadRegistered=False, azureADRegistered=False)
    if platform == "Android" and user is None:
        device["deviceEnrollmentType"] = "androidEnterpriseDedicatedDevice"
    if platform == "Windows" and user is None:
        device["deviceEnrollmentType"] = "windowsBulkUserless"
    device["hardwareInformation"] = _hardware(device, rng)
    return device


def _roll_state(rng, device):
    """Give a random device the occasional non-default state a real fleet has."""
    device["complianceState"] = rng.choice(_COMPLIANCE)
    if device["complianceState"] == "inGracePeriod":
        device["complianceGracePeriodExpirationDateTime"] = _iso(REFERENCE_TIME + 3 * _DAY)
    if device["operatingSystem"] == "Windows" and rng.random() < 0.1:
        _make_hybrid(device)
    roll = rng.random()
    if roll < 0.02:
        _make_retire_pending(device)
    elif roll < 0.30:
        sync = _iso(REFERENCE_TIME - rng.randrange(_DAY, 10 * _DAY))
        device["deviceActionResults"] = [_action_result("syncDevice", "done", sync)]
    roll = rng.random()
    if roll < 0.01:
        device["_simFailActions"] = rng.choice([["*"], ["wipe", "retire"], ["syncDevice"]])
    elif roll < 0.05:
        device["_simNoActionResults"] = True
        device["deviceActionResults"] = []


def _fixtures():
    """The devices named in the module docstring, built from a fixed random source."""
    rng = _Random("fixtures")
    users = {upn.partition(".")[0]: (user_id, name, upn) for user_id, name, upn in USERS}
    adele, alex, megan, diego = users["adele"], users["alex"], users["megan"], users["diego"]
    johanna, lee, nestor, conor, zoe = users["johanna"], users["lee"], users["nestor"], users["conor"], users["zoe"]

    def make(device_id, platform, user, name, model=None, **changes):
        device = _device(rng, platform, user, model)
        device.update(id=device_id, deviceName=name, **changes)
        device["hardwareInformation"] = _hardware(device, rng)
        return device

    hybrid = make(HYBRID_DEVICE_ID, "Windows", alex, "DESKTOP-7F3K2")
    _make_hybrid(hybrid)
    retire_pending = make(RETIRE_PENDING_DEVICE_ID, "Windows", lee, "LAPTOP-0019")
    _make_retire_pending(retire_pending)
    kiosk = {"model": "OptiPlex 7010", "deviceCategoryDisplayName": "Shared"}
    return [
        make(WINDOWS_DEVICE_ID, "Windows", adele, "LAPTOP-0042"),
        hybrid,
        make(IOS_DEVICE_ID, "iOS", adele, "Adele's iPhone", model="iPhone 15", isSupervised=True,
             ownerType="company", managedDeviceOwnerType="company", deviceEnrollmentType="appleBulkWithUser",
             enrollmentProfileName="Corporate devices"),
        make(UNSUPERVISED_IOS_DEVICE_ID, "iOS", megan, "Megan's iPhone", model="iPhone 14 Pro",
             isSupervised=False, ownerType="personal", managedDeviceOwnerType="personal",
             deviceEnrollmentType="userEnrollment", enrollmentProfileName=None),
        make(APOSTROPHE_DEVICE_ID, "iOS", conor, APOSTROPHE_NAME, model="iPhone 15"),
        make(NON_ASCII_DEVICE_ID, "iOS", zoe, NON_ASCII_NAME, model="iPad Air (5th generation)"),
        make(ANDROID_DEVICE_ID, "Android", diego, "Diego's Galaxy S23", model="SM-S911B"),
        make(MACOS_DEVICE_ID, "macOS", megan, "Megan's MacBook Pro", model="MacBook Pro (14-inch, M3, 2023)"),
        make(CHROMEOS_DEVICE_ID, "ChromeOS", johanna, "CHROMEBOOK-0107"),
        make(KIOSK_DEVICE_IDS[0], "Windows", None, AMBIGUOUS_NAME, **kiosk),
        make(KIOSK_DEVICE_IDS[1], "Windows", None, AMBIGUOUS_NAME, **kiosk),
        make(FAILING_DEVICE_ID, "Windows", nestor, "LAPTOP-0513", _simFailActions=["*"]),
        make(NO_ACTION_RESULTS_DEVICE_ID, "Windows", nestor, "LAPTOP-0077", _simNoActionResults=True),
        retire_pending,
        make(NONCOMPLIANT_DEVICE_ID, "Windows", lee, "LAPTOP-0230", complianceState="noncompliant"),
    ]


def _make_hybrid(device):
    """Hybrid joined and co-managed with Configuration Manager, as such devices usually are."""
    device.update(joinType="hybridAzureADJoined", deviceEnrollmentType="windowsCoManagement",
                  managementAgent="configurationManagerClientMdm", autopilotEnrolled=False)
    device["configurationManagerClientEnabledFeatures"] = {
        "inventory": True, "modernApps": True, "resourceAccess": False, "deviceConfiguration": False,
        "compliancePolicy": True, "windowsUpdateForBusiness": False, "endpointProtection": False,
        "officeApps": False,
    }
    device["configurationManagerClientHealthState"] = {
        "state": "healthy", "errorCode": 0, "lastSyncDateTime": device["lastSyncDateTime"],
    }
    device["configurationManagerClientInformation"] = {
        "clientIdentifier": "GUID:" + device["azureADDeviceId"].upper(), "isBlocked": False,
        "clientVersion": "5.00.9128.1007",
    }


def _make_retire_pending(device):
    started = _iso(REFERENCE_TIME - 2 * _DAY)
    device["managementState"] = "retirePending"
    device["deviceActionResults"] = [_action_result("retire", "pending", started)]


def _action_result(name, state, when):
    return {"actionName": name, "actionState": state, "startDateTime": when, "lastUpdatedDateTime": when}


def _unique_name(rng, device, user, used_names):
    """A device name in the style of its platform, not used yet by another device."""
    platform = device["operatingSystem"]
    first = user[1].split()[0] if user else None
    personal = {
        "iOS": f"{first}'s {device['deviceType']}",
        "macOS": f"{first}'s {device['model'].split(' (')[0]}",
        "Android": f"{first}'s {device['model']}",
    }.get(platform) if first else None
    candidates = [personal] if personal else []
    while True:
        if platform == "Windows":
            prefix = "LAPTOP-" if device["chassisType"] == "laptop" else "DESKTOP-"
            candidates.append(prefix + "".join(rng.choices(_ALNUM, k=7)))
        elif platform == "ChromeOS":
            candidates.append("CHROMEBOOK-" + "".join(rng.choices(_ALNUM, k=4)))
        else:
            candidates.append(f"{device['deviceType']}-{device['serialNumber'][-6:]}-{rng.randrange(100)}")
        for name in candidates:
            if name.casefold() not in used_names:
                used_names.add(name.casefold())
                return name
        candidates = []


def _hardware(device, rng):
    """hardwareInformation, a subset of its many fields, consistent with the device."""
    is_windows = device["operatingSystem"] == "Windows"
    return {
        "serialNumber": device["serialNumber"],
        "totalStorageSpace": device["totalStorageSpaceInBytes"],
        "freeStorageSpace": device["freeStorageSpaceInBytes"],
        "imei": device["imei"],
        "meid": device["meid"],
        "manufacturer": device["manufacturer"],
        "model": device["model"],
        "phoneNumber": device["phoneNumber"],
        "subscriberCarrier": device["subscriberCarrier"],
        "cellularTechnology": "LTE" if device["imei"] else None,
        "wifiMac": device["wiFiMacAddress"],
        "operatingSystemLanguage": "en-US",
        "isSupervised": device["isSupervised"],
        "isEncrypted": device["isEncrypted"],
        "isSharedDevice": device["userId"] is None,
        "tpmSpecificationVersion": "2.0" if is_windows else None,
        "tpmManufacturer": "IFX" if is_windows else None,
        "operatingSystemEdition": "Enterprise" if is_windows else None,
        "osBuildNumber": device["osVersion"],
        "systemManagementBIOSVersion": f"1.{rng.randrange(30)}.0" if is_windows else None,
        "batteryHealthPercentage": rng.randrange(70, 101) if device["chassisType"] != "desktop" else 0,
        "ipAddressV4": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
        "subnetAddress": "10.0.0.0",
        "wiredIPv4Addresses": [],
    }


def _attestation(last_sync):
    """deviceHealthAttestationState of a healthy Windows PC (a subset of its fields)."""
    return {
        "lastUpdateDateTime": _iso(last_sync),
        "deviceHealthAttestationStatus": "Compliant",
        "attestationIdentityKey": "Present",
        "bitLockerStatus": "enabled",
        "secureBoot": "enabled",
        "bootDebugging": "disabled",
        "codeIntegrity": "enabled",
        "testSigning": "disabled",
        "safeMode": "disabled",
        "windowsPE": "disabled",
        "earlyLaunchAntiMalwareDriverProtection": "enabled",
        "virtualSecureMode": "enabled",
        "tpmVersion": "2.0",
        "healthAttestationSupportedStatus": "supported",
        "resetCount": 0,
        "restartCount": 12,
    }


def _chromeos_info(rng, os_version):
    """chromeOSDeviceInfo: name/value pairs the Google connector reports."""
    pairs = [("OS version", os_version, "string"), ("Auto update expiration", "June 2031", "string"),
             ("Organizational unit", rng.choice(["/Students", "/Staff", "/Library"]), "string"),
             ("Last reboot", _iso(REFERENCE_TIME - rng.randrange(_DAY)), "dateTime")]
    return [{"name": name, "value": value, "valueType": kind, "updatable": name == "Organizational unit"}
            for name, value, kind in pairs]


class _Random(random.Random):
    """random.Random with float-based choice and randrange.

    The standard ones draw bits in a loop and made 100,000 devices take seconds; these are
    several times faster and just as reproducible for a given seed.
    """

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randrange(self, start, stop=None):
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


def _guid(rng):
    """A version-4 style GUID, lower case, from the seeded source (uuid4 would not be seeded)."""
    bits = rng.getrandbits(128)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{'89ab'[bits & 3]}{text[17:20]}-{text[20:]}"


def _serial(rng, manufacturer):
    length = {"Apple": 10, "HP": 10, "Dell Inc.": 7, "LENOVO": 8}.get(manufacturer, 12)
    return f"{rng.getrandbits(4 * length):0{length}X}"


def _imei(rng):
    return f"35{rng.randrange(10 ** 13):013d}"


def _udid(rng):
    return f"00008{rng.randrange(100, 140)}-{rng.getrandbits(64):016X}"


def _managed_device_name(upn, platform, enrolled):
    """Intune's generated name, e.g. 'adele.vance_Windows_5/1/2024_9:15 AM'."""
    t = time.gmtime(enrolled)
    hour = t.tm_hour % 12 or 12
    stamp = f"{t.tm_mon}/{t.tm_mday}/{t.tm_year}_{hour}:{t.tm_min:02d} {'AM' if t.tm_hour < 12 else 'PM'}"
    prefix = f"{upn.split('@')[0]}_" if upn else ""
    return f"{prefix}{platform}_{stamp}"


def _iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def write(devices, path):
    """One device per line: small enough to commit, still readable in a diff."""
    lines = ",\n".join(json.dumps(device, ensure_ascii=False) for device in devices)
    pathlib.Path(path).write_text(f"[\n{lines}\n]\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a seed fleet of managedDevice records.")
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--count", type=int, default=SHIPPED_COUNT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write(generate(args.count, args.seed), args.out)


if __name__ == "__main__":
    main()
