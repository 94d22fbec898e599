"""The simulator's $filter subset: what Intune answers, and 400 for the rest."""

import pytest

from graphsim import devices, odata, seed


@pytest.fixture(scope="module")
def fleet():
    return seed.generate(seed.SHIPPED_COUNT)


@pytest.fixture(scope="module")
def store():
    return devices.DeviceStore.from_file(devices.default_seed_path())


def matching(fleet, text):
    predicate = odata.parse_filter(text)
    return [d["id"] for d in fleet if predicate(d)]


def quoted(value):
    return "'" + value.replace("'", "''") + "'"


@pytest.mark.parametrize("prop", [
    "deviceName", "serialNumber", "operatingSystem", "complianceState", "managementState",
    "userPrincipalName", "userId", "id", "deviceType", "ownerType", "managedDeviceOwnerType", "joinType",
    "azureADDeviceId", "model", "manufacturer",
])
def test_eq_on_each_property_matches_exactly_the_devices_with_that_value(fleet, prop):
    value = next(d[prop] for d in fleet if d[prop])
    expected = [d["id"] for d in fleet if (d[prop] or "").casefold() == value.casefold()]
    assert matching(fleet, f"{prop} eq {quoted(value)}") == expected
    assert 0 < len(expected) < len(fleet)


def test_eq_ignores_case(fleet):
    assert matching(fleet, "deviceName eq 'laptop-0042'") == [seed.WINDOWS_DEVICE_ID]
    assert matching(fleet, f"userPrincipalName eq '{seed.USER_UPN.upper()}'") == \
        [d["id"] for d in fleet if d["userPrincipalName"] == seed.USER_UPN]


def test_ne_is_the_complement_of_eq(fleet):
    windows = set(matching(fleet, "operatingSystem eq 'Windows'"))
    others = set(matching(fleet, "operatingSystem ne 'windows'"))
    assert windows and others
    assert windows | others == {d["id"] for d in fleet} and not windows & others


def test_doubled_quote_is_an_apostrophe(fleet):
    assert matching(fleet, "deviceName eq 'Conor O''Brien''s iPhone'") == [seed.APOSTROPHE_DEVICE_ID]


def test_non_ascii_literal(fleet):
    assert matching(fleet, "deviceName eq 'ZOË''S IPAD'") == [seed.NON_ASCII_DEVICE_ID]
    assert matching(fleet, "deviceName eq 'Zoe''s iPad'") == []


def test_ambiguous_name_matches_both_kiosks(fleet):
    assert matching(fleet, f"deviceName eq '{seed.AMBIGUOUS_NAME}'") == list(seed.KIOSK_DEVICE_IDS)


def test_and_or_and_parentheses(fleet):
    both = matching(fleet, "operatingSystem eq 'Windows' and complianceState eq 'noncompliant'")
    assert seed.NONCOMPLIANT_DEVICE_ID in both
    assert all(d["operatingSystem"] == "Windows" and d["complianceState"] == "noncompliant"
               for d in fleet if d["id"] in both)
    either = matching(fleet, "deviceName eq 'LAPTOP-0042' or deviceName eq 'DESKTOP-7F3K2'")
    assert either == [seed.WINDOWS_DEVICE_ID, seed.HYBRID_DEVICE_ID]
    # and binds tighter than or; parentheses change that
    names = "deviceName eq 'LAPTOP-0042' or deviceName eq 'DESKTOP-7F3K2'"
    loose = matching(fleet, names + " and joinType eq 'hybridAzureADJoined'")
    grouped = matching(fleet, f"({names}) and joinType eq 'hybridAzureADJoined'")
    assert loose == [seed.WINDOWS_DEVICE_ID, seed.HYBRID_DEVICE_ID]
    assert grouped == [seed.HYBRID_DEVICE_ID]


def test_not(fleet):
    assert seed.WINDOWS_DEVICE_ID not in matching(fleet, "not (deviceName eq 'LAPTOP-0042')")
    assert len(matching(fleet, "not deviceName eq 'LAPTOP-0042'")) == len(fleet) - 1


def test_startswith(fleet):
    found = matching(fleet, "startswith(deviceName,'laptop-')")
    assert seed.WINDOWS_DEVICE_ID in found
    assert all(d["deviceName"].upper().startswith("LAPTOP-") for d in fleet if d["id"] in found)


def test_boolean_and_null_literals(fleet):
    unsupervised = matching(fleet, "operatingSystem eq 'iOS' and isSupervised eq false")
    assert seed.UNSUPERVISED_IOS_DEVICE_ID in unsupervised and seed.IOS_DEVICE_ID not in unsupervised
    userless = matching(fleet, "userId eq null")
    assert set(seed.KIOSK_DEVICE_IDS) <= set(userless)
    assert all(d["userId"] is None for d in fleet if d["id"] in userless)


@pytest.mark.parametrize("text", [
    "deviceName eq 'LAPTOP",                     # unterminated string
    "deviceName eq",                             # no literal
    "deviceName 'LAPTOP-0042'",                  # no operator
    "deviceName eq 'a' and",                     # dangling and
    "(deviceName eq 'a'",                        # unclosed parenthesis
    "deviceName eq 'a')",                        # stray parenthesis
    "deviceName eq 'a' 'b'",                     # two literals
    "colour eq 'red'",                           # unknown property
    "hardwareInformation/model eq 'x'",          # nested property
    "deviceName gt 'a'",                         # unsupported operator
    "contains(deviceName,'a')",                  # unsupported function
    "isEncrypted eq 'yes'",                      # string for a boolean
    "deviceName eq true",                        # boolean for a string
    "skuNumber eq 4",                            # numbers are not in the subset
    "deviceName eq \"LAPTOP-0042\"",             # double quotes are not OData strings
    "deviceName EQ 'LAPTOP-0042'",               # operators are lower case
])
def test_bad_filters_are_refused(text):
    with pytest.raises(odata.FilterError, match="^Invalid filter clause"):
        odata.parse_filter(text)


def test_store_answers_a_bad_filter_with_400_bad_request(store):
    with pytest.raises(devices.GraphRequestError) as caught:
        store.list_devices(filter="deviceName eq 'unterminated")
    assert caught.value.status == 400
    assert caught.value.code == "BadRequest"
    assert "Unterminated string" in caught.value.message


def test_store_filters_with_the_same_subset(store):
    found = store.list_devices(filter="deviceName eq 'conor o''brien''s iphone'")
    assert [d["id"] for d in found] == [seed.APOSTROPHE_DEVICE_ID]
    assert len(store.list_devices(filter="  ")) == len(store.list_devices())
