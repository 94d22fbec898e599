"""The seed fleet: complete, correctly typed, realistic and reproducible managedDevice records."""

import collections
import json
import re

import pytest

from graphsim import devices, seed

# managedDevice properties of the Graph beta schema: name -> (kind, nullable).
# "any" marks properties the 2021 schema does not type (added later).
PROPERTY_TYPES = {
    "aadRegistered": ("bool", True),
    "activationLockBypassCode": ("str", True),
    "androidSecurityPatchLevel": ("str", True),
    "autopilotEnrolled": ("bool", False),
    "azureActiveDirectoryDeviceId": ("str", True),
    "azureADDeviceId": ("str", True),
    "azureADRegistered": ("bool", True),
    "bootstrapTokenEscrowed": ("any", True),
    "chassisType": ("str", False),
    "chromeOSDeviceInfo": ("list", True),
    "cloudPcRemoteActionResults": ("list", True),
    "complianceGracePeriodExpirationDateTime": ("datetime", False),
    "complianceState": ("str", False),
    "configurationManagerClientEnabledFeatures": ("dict", True),
    "configurationManagerClientHealthState": ("dict", True),
    "configurationManagerClientInformation": ("dict", True),
    "deviceActionResults": ("list", True),
    "deviceCategoryDisplayName": ("str", True),
    "deviceEnrollmentType": ("str", False),
    "deviceFirmwareConfigurationInterfaceManaged": ("any", True),
    "deviceHealthAttestationState": ("dict", True),
    "deviceName": ("str", True),
    "deviceRegistrationState": ("str", False),
    "deviceType": ("str", False),
    "easActivated": ("bool", False),
    "easActivationDateTime": ("datetime", False),
    "easDeviceId": ("str", True),
    "emailAddress": ("str", True),
    "enrolledByUserPrincipalName": ("any", True),
    "enrolledDateTime": ("datetime", False),
    "enrollmentProfileName": ("any", True),
    "ethernetMacAddress": ("str", True),
    "exchangeAccessState": ("str", False),
    "exchangeAccessStateReason": ("str", False),
    "exchangeLastSuccessfulSyncDateTime": ("datetime", False),
    "freeStorageSpaceInBytes": ("int", False),
    "hardwareInformation": ("dict", True),
    "iccid": ("str", True),
    "imei": ("str", True),
    "isEncrypted": ("bool", False),
    "isSupervised": ("bool", False),
    "jailBroken": ("str", True),
    "joinType": ("str", False),
    "lastSyncDateTime": ("datetime", False),
    "lostModeState": ("str", False),
    "managedDeviceName": ("str", True),
    "managedDeviceOwnerType": ("str", False),
    "managementAgent": ("str", False),
    "managementCertificateExpirationDate": ("datetime", False),
    "managementFeatures": ("str", False),
    "managementState": ("str", False),
    "manufacturer": ("str", True),
    "meid": ("str", True),
    "model": ("str", True),
    "notes": ("str", True),
    "operatingSystem": ("str", True),
    "osVersion": ("str", True),
    "ownerType": ("str", False),
    "partnerReportedThreatState": ("str", False),
    "phoneNumber": ("str", True),
    "physicalMemoryInBytes": ("int", False),
    "preferMdmOverGroupPolicyAppliedDateTime": ("datetime", False),
    "processorArchitecture": ("str", False),
    "remoteAssistanceSessionErrorDetails": ("str", True),
    "remoteAssistanceSessionUrl": ("str", True),
    "requireUserEnrollmentApproval": ("bool", True),
    "retireAfterDateTime": ("datetime", False),
    "roleScopeTagIds": ("list", True),
    "securityPatchLevel": ("any", True),
    "serialNumber": ("str", True),
    "skuFamily": ("str", True),
    "skuNumber": ("int", False),
    "specificationVersion": ("str", True),
    "subscriberCarrier": ("str", True),
    "totalStorageSpaceInBytes": ("int", False),
    "udid": ("str", True),
    "userDisplayName": ("str", True),
    "userId": ("str", True),
    "userPrincipalName": ("str", True),
    "usersLoggedOn": ("list", True),
    "wiFiMacAddress": ("str", True),
    "windowsActiveMalwareCount": ("int", False),
    "windowsRemediatedMalwareCount": ("int", False),
}

# The enums of the Graph contract, for the properties that use them.
ENUMS = {
    "chassisType": {"desktop", "enterpriseServer", "laptop", "mobileOther", "mobileUnknown", "phone",
                    "tablet", "unknown", "worksWorkstation"},
    "complianceState": {"compliant", "configManager", "conflict", "error", "inGracePeriod",
                        "noncompliant", "unknown"},
    "deviceEnrollmentType": {
        "androidAOSPUserlessDeviceEnrollment", "androidAOSPUserOwnedDeviceEnrollment",
        "androidEnterpriseCorporateWorkProfile", "androidEnterpriseDedicatedDevice",
        "androidEnterpriseFullyManaged", "appleAccountDrivenUserEnrollment", "appleBulkWithoutUser",
        "appleBulkWithUser", "appleUserEnrollment", "appleUserEnrollmentWithServiceAccount",
        "azureAdJoinUsingAzureVmExtension", "deviceEnrollmentManager", "unknown", "userEnrollment",
        "windowsAutoEnrollment", "windowsAzureADJoin", "windowsAzureADJoinUsingDeviceAuth",
        "windowsBulkAzureDomainJoin", "windowsBulkUserless", "windowsCoManagement"},
    "deviceRegistrationState": {"approvalPending", "certificateReset", "keyConflict", "notRegistered",
                                "notRegisteredPendingEnrollment", "registered", "revoked", "unknown"},
    "deviceType": {"android", "androidEnterprise", "androidForWork", "androidnGMS", "blackberry",
                   "chromeOS", "cloudPC", "desktop", "holoLens", "iPad", "iPhone", "iPod",
                   "iSocConsumer", "linux", "mac", "macMDM", "nokia", "palm", "surfaceHub", "tvOS",
                   "unix", "unknown", "visionOS", "winCE", "windows10x", "windowsPhone", "windowsRT",
                   "winEmbedded", "winMO6"},
    "joinType": {"azureADJoined", "azureADRegistered", "hybridAzureADJoined", "unknown"},
    "lostModeState": {"disabled", "enabled"},
    "managedDeviceOwnerType": {"company", "personal", "unknown"},
    "managementAgent": {
        "configurationManagerClient", "configurationManagerClientMdm", "configurationManagerClientMdmEas",
        "eas", "easIntuneClient", "easMdm", "google", "googleCloudDevicePolicyController", "intuneAosp",
        "intuneClient", "jamf", "mdm", "microsoft365ManagedMdm", "msSense", "unknown"},
    "managementState": {"deletePending", "discovered", "managed", "retireCanceled", "retireFailed",
                        "retireIssued", "retirePending", "unhealthy", "wipeCanceled", "wipeFailed",
                        "wipeIssued", "wipePending"},
    "ownerType": {"company", "personal", "unknown"},
    "partnerReportedThreatState": {"activated", "compromised", "deactivated", "highSeverity",
                                   "lowSeverity", "mediumSeverity", "misconfigured", "secured",
                                   "unknown", "unresponsive"},
}
ACTION_STATES = {"active", "canceled", "done", "failed", "none", "notSupported", "pending"}

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
PYTHON_TYPES = {"str": str, "bool": bool, "int": int, "list": list, "dict": dict, "datetime": str}


@pytest.fixture(scope="module")
def shipped():
    return json.loads(devices.default_seed_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_id(shipped):
    return {d["id"]: d for d in shipped}


def test_shipped_file_is_what_the_generator_writes(shipped):
    assert len(shipped) >= 300
    assert shipped == json.loads(json.dumps(seed.generate(seed.SHIPPED_COUNT, seed=0)))


def test_every_property_is_present_with_its_type(shipped):
    for device in shipped:
        public = {k for k in device if not k.startswith("_sim")}
        assert public == set(PROPERTY_TYPES) | {"id"}, device["id"]
        for name, (kind, nullable) in PROPERTY_TYPES.items():
            value = device[name]
            if kind == "any" or (value is None and nullable):
                continue
            assert isinstance(value, PYTHON_TYPES[kind]), (device["id"], name, value)
            assert kind == "bool" or not isinstance(value, bool), (device["id"], name, value)
            if kind == "datetime":
                assert DATETIME.fullmatch(value), (name, value)
            if name in ENUMS:
                assert value in ENUMS[name], (name, value)


def test_ids_are_lower_case_guids_and_unique(shipped):
    ids = [d["id"] for d in shipped]
    assert all(GUID.fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert all(GUID.fullmatch(d["azureADDeviceId"]) for d in shipped)
    assert all(d["userId"] is None or GUID.fullmatch(d["userId"]) for d in shipped)


def test_action_results_are_well_formed(shipped):
    results = [r for d in shipped for r in d["deviceActionResults"]]
    assert results, "some devices carry earlier action results"
    for result in results:
        assert set(result) == {"actionName", "actionState", "startDateTime", "lastUpdatedDateTime"}
        assert result["actionState"] in ACTION_STATES
        assert DATETIME.fullmatch(result["startDateTime"])


def test_fleet_mixes_platforms_users_and_states(shipped):
    platforms = collections.Counter(d["operatingSystem"] for d in shipped)
    assert set(platforms) == {"Windows", "iOS", "Android", "macOS", "ChromeOS"}
    assert platforms.most_common(1)[0][0] == "Windows"
    upns = {d["userPrincipalName"] for d in shipped if d["userPrincipalName"]}
    assert upns == {user[2] for user in seed.USERS} and len(upns) == 12
    assert all(upn.endswith("@" + seed.DOMAIN) for upn in upns)
    assert any(d["userId"] is None for d in shipped)
    assert sum(d["complianceState"] == "noncompliant" for d in shipped) >= 5
    assert sum(d["joinType"] == "hybridAzureADJoined" for d in shipped) >= 1
    assert sum(d["managementState"] == "retirePending" for d in shipped) >= 1
    assert sum("_simFailActions" in d for d in shipped) >= 2
    assert sum(d.get("_simNoActionResults", False) for d in shipped) >= 2


def test_user_names_include_an_apostrophe_and_non_ascii(shipped):
    names = {d["userPrincipalName"]: d["userDisplayName"] for d in shipped if d["userId"]}
    assert names[seed.APOSTROPHE_USER_UPN] == "Conor O'Brien"
    assert not names[seed.NON_ASCII_USER_UPN].isascii()


def test_device_names_are_unique_except_the_ambiguous_one(shipped):
    counts = collections.Counter(d["deviceName"].casefold() for d in shipped)
    assert counts.pop(seed.AMBIGUOUS_NAME.casefold()) == 2
    assert set(counts.values()) == {1}
    names = [d["deviceName"] for d in shipped]
    assert any(" " in n and "'" in n for n in names)
    assert any(re.fullmatch(r"(LAPTOP|DESKTOP)-[0-9A-Z]+", n) for n in names)


def test_fixtures_are_what_the_docstring_says(by_id):
    assert by_id[seed.WINDOWS_DEVICE_ID]["deviceName"] == "LAPTOP-0042"
    assert by_id[seed.WINDOWS_DEVICE_ID]["userPrincipalName"] == seed.USER_UPN
    assert by_id[seed.WINDOWS_DEVICE_ID]["userId"] == seed.USER_ID
    assert by_id[seed.HYBRID_DEVICE_ID]["joinType"] == "hybridAzureADJoined"
    assert by_id[seed.IOS_DEVICE_ID]["operatingSystem"] == "iOS"
    assert by_id[seed.IOS_DEVICE_ID]["isSupervised"] is True
    assert by_id[seed.IOS_DEVICE_ID]["userPrincipalName"] == seed.USER_UPN
    assert by_id[seed.UNSUPERVISED_IOS_DEVICE_ID]["isSupervised"] is False
    assert by_id[seed.APOSTROPHE_DEVICE_ID]["deviceName"] == seed.APOSTROPHE_NAME
    assert seed.APOSTROPHE_NAME.count("'") == 2
    assert by_id[seed.NON_ASCII_DEVICE_ID]["deviceName"] == seed.NON_ASCII_NAME == "Zoë's iPad"
    assert by_id[seed.ANDROID_DEVICE_ID]["operatingSystem"] == "Android"
    assert by_id[seed.MACOS_DEVICE_ID]["operatingSystem"] == "macOS"
    assert by_id[seed.CHROMEOS_DEVICE_ID]["operatingSystem"] == "ChromeOS"
    for kiosk in seed.KIOSK_DEVICE_IDS:
        assert by_id[kiosk]["deviceName"] == seed.AMBIGUOUS_NAME
        assert by_id[kiosk]["userId"] is None
    assert by_id[seed.FAILING_DEVICE_ID]["_simFailActions"] == ["*"]
    assert by_id[seed.NO_ACTION_RESULTS_DEVICE_ID]["_simNoActionResults"] is True
    assert by_id[seed.RETIRE_PENDING_DEVICE_ID]["managementState"] == "retirePending"
    assert by_id[seed.NONCOMPLIANT_DEVICE_ID]["complianceState"] == "noncompliant"


def test_same_seed_same_fleet_other_seed_other_fleet():
    first = seed.generate(400, seed=7)
    assert first == seed.generate(400, seed=7)
    other = seed.generate(400, seed=8)
    fixtures = len(seed._fixtures())
    assert first[:fixtures] == other[:fixtures]  # fixtures do not depend on the seed
    assert [d["id"] for d in first[fixtures:]] != [d["id"] for d in other[fixtures:]]


def test_small_counts_are_cut_from_the_fixtures():
    assert [d["id"] for d in seed.generate(2)] == [seed.WINDOWS_DEVICE_ID, seed.HYBRID_DEVICE_ID]
    assert seed.generate(0) == []


def test_large_benchmark_fleet():
    fleet = seed.generate(100_000, seed=1)
    assert len(fleet) == 100_000
    assert len({d["id"] for d in fleet}) == 100_000
    assert fleet[0]["id"] == seed.WINDOWS_DEVICE_ID


def test_command_line_writes_a_loadable_file(tmp_path):
    out = tmp_path / "fleet.json"
    seed.main(["--out", str(out), "--count", "25", "--seed", "3"])
    text = out.read_text(encoding="utf-8")
    assert "Zoë" in text  # written as UTF-8, not \u escapes
    assert json.loads(text) == json.loads(json.dumps(seed.generate(25, seed=3)))
    store = devices.DeviceStore.from_file(out)
    assert len(store.list_devices()) == 25
