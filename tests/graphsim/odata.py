"""OData ``$filter`` for managedDevices: the subset Intune answers, compiled to a predicate.

Grammar, lowest precedence first::

    expr       := and_expr ('or' and_expr)*
    and_expr   := unary ('and' unary)*
    unary      := 'not' unary | '(' expr ')' | startswith | comparison
    startswith := 'startswith' '(' property ',' string ')'
    comparison := property ('eq' | 'ne') literal
    literal    := 'a quoted string' (a quote is written twice inside) | true | false | null

String comparisons ignore case, as Intune's do (``deviceName eq 'laptop-0042'`` finds
LAPTOP-0042). Anything outside this subset raises FilterError, which the device store turns
into Graph's 400 BadRequest.
"""

import re


class FilterError(ValueError):
    """The filter is outside the supported subset; the message reads like Graph's."""


# Top-level managedDevice properties holding strings (plain strings and enums).
STRING_PROPERTIES = frozenset({
    "id", "activationLockBypassCode", "androidSecurityPatchLevel", "azureActiveDirectoryDeviceId",
    "azureADDeviceId", "chassisType", "complianceState", "deviceCategoryDisplayName",
    "deviceEnrollmentType", "deviceName", "deviceRegistrationState", "deviceType", "easDeviceId",
    "emailAddress", "enrolledByUserPrincipalName", "enrollmentProfileName", "ethernetMacAddress",
    "exchangeAccessState", "exchangeAccessStateReason", "iccid", "imei", "jailBroken", "joinType",
    "lostModeState", "managedDeviceName", "managedDeviceOwnerType", "managementAgent",
    "managementFeatures", "managementState", "manufacturer", "meid", "model", "notes",
    "operatingSystem", "osVersion", "ownerType", "partnerReportedThreatState", "phoneNumber",
    "processorArchitecture", "securityPatchLevel", "serialNumber", "skuFamily",
    "specificationVersion", "subscriberCarrier", "udid", "userDisplayName", "userId",
    "userPrincipalName", "wiFiMacAddress",
})
BOOLEAN_PROPERTIES = frozenset({
    "aadRegistered", "autopilotEnrolled", "azureADRegistered", "bootstrapTokenEscrowed",
    "deviceFirmwareConfigurationInterfaceManaged", "easActivated", "isEncrypted", "isSupervised",
    "requireUserEnrollmentApproval",
})

# One token per match: a quoted string, punctuation, a word, or any other single character
# (a stray quote there means the string was never closed).
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<punct>[(),])|(?P<word>[A-Za-z_][\w/.]*)|(?P<other>\S))"
)
_KEYWORDS = {"and", "or", "not", "eq", "ne", "true", "false", "null", "startswith"}
_UNSUPPORTED_OPERATORS = {"gt", "ge", "lt", "le", "has", "in"}
_UNSUPPORTED_FUNCTIONS = {"endswith", "contains", "substringof", "tolower", "toupper", "any", "all"}


def parse_filter(text):
    """Compile a ``$filter`` expression into ``predicate(device_dict) -> bool``."""
    parser = _Parser(text)
    predicate = parser.expression()
    if parser.peek() is not None:
        parser.fail(f"Syntax error at position {parser.position()} in '{text}'.")
    return predicate


class _Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def fail(self, detail):
        raise FilterError(f"Invalid filter clause: {detail}")

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def position(self):
        token = self.peek()
        return token[2] if token else len(self.text)

    def take(self):
        token = self.peek()
        if token is None:
            self.fail(f"Syntax error: unexpected end of '{self.text}'.")
        self.index += 1
        return token

    def expect(self, kind, value):
        token = self.take()
        if token[0] != kind or token[1] != value:
            self.fail(f"Syntax error: '{value}' expected at position {token[2]} in '{self.text}'.")

    def at_word(self, word):
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] == word

    def expression(self):
        left = self.conjunction()
        while self.at_word("or"):
            self.take()
            left = _either(left, self.conjunction())
        return left

    def conjunction(self):
        left = self.unary()
        while self.at_word("and"):
            self.take()
            left = _both(left, self.unary())
        return left

    def unary(self):
        token = self.take()
        kind, value, pos = token
        if kind == "punct" and value == "(":
            inner = self.expression()
            self.expect("punct", ")")
            return inner
        if kind == "word" and value == "not":
            inner = self.unary()
            return lambda device: not inner(device)
        if kind == "word" and value == "startswith":
            return self.startswith()
        if kind == "word" and value in _UNSUPPORTED_FUNCTIONS:
            self.fail(f"The function '{value}' is not supported for managedDevices.")
        if kind != "word" or value in _KEYWORDS:
            self.fail(f"Syntax error at position {pos} in '{self.text}'.")
        return self.comparison(value)

    def property_name(self, name):
        if name in STRING_PROPERTIES or name in BOOLEAN_PROPERTIES:
            return name
        self.fail(f"Could not find a property named '{name}' on type 'microsoft.graph.managedDevice'.")

    def comparison(self, name):
        prop = self.property_name(name)
        kind, operator, pos = self.take()
        if kind != "word" or operator not in ("eq", "ne"):
            if operator in _UNSUPPORTED_OPERATORS:
                self.fail(f"The operator '{operator}' is not supported for '{prop}'.")
            self.fail(f"Syntax error at position {pos} in '{self.text}'.")
        literal = self.literal(prop)
        test = _equals(prop, literal)
        if operator == "ne":
            return lambda device: not test(device)
        return test

    def literal(self, prop):
        kind, value, pos = self.take()
        if kind == "string":
            if prop in BOOLEAN_PROPERTIES:
                self.fail("A binary operator with incompatible types was detected. "
                          "Found operand types 'Edm.Boolean' and 'Edm.String'.")
            return value
        if kind == "word" and value in ("true", "false"):
            if prop not in BOOLEAN_PROPERTIES:
                self.fail("A binary operator with incompatible types was detected. "
                          "Found operand types 'Edm.String' and 'Edm.Boolean'.")
            return value == "true"
        if kind == "word" and value == "null":
            return None
        self.fail(f"Syntax error: a literal expected at position {pos} in '{self.text}'.")

    def startswith(self):
        self.expect("punct", "(")
        kind, name, pos = self.take()
        if kind != "word":
            self.fail(f"Syntax error at position {pos} in '{self.text}'.")
        prop = self.property_name(name)
        if prop not in STRING_PROPERTIES:
            self.fail(f"The function 'startswith' needs a string property, not '{prop}'.")
        self.expect("punct", ",")
        kind, value, pos = self.take()
        if kind != "string":
            self.fail(f"Syntax error: a string expected at position {pos} in '{self.text}'.")
        self.expect("punct", ")")
        prefix = value.casefold()
        return lambda device: (device.get(prop) or "").casefold().startswith(prefix)


def _tokenize(text):
    """Split into (kind, value, position); string values come back unquoted."""
    tokens = []
    pos = 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:  # only whitespace is left
            return tokens
        kind = match.lastgroup
        value = match.group(kind)
        start = match.start(kind)
        if kind == "other":
            what = "Unterminated string literal" if value == "'" else f"Unexpected character '{value}'"
            raise FilterError(f"Invalid filter clause: {what} at position {start} in '{text}'.")
        if kind == "string":
            value = value[1:-1].replace("''", "'")
        tokens.append((kind, value, start))
        pos = match.end()


def _equals(prop, literal):
    if literal is None:
        return lambda device: device.get(prop) is None
    if isinstance(literal, bool):
        return lambda device: device.get(prop) is literal
    wanted = literal.casefold()

    def test(device):
        value = device.get(prop)
        return value is not None and value.casefold() == wanted
    return test


def _either(left, right):
    return lambda device: left(device) or right(device)


def _both(left, right):
    return lambda device: left(device) and right(device)
