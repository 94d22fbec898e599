"""The tenant's app registrations and managed identities: who may get a token, with which
credentials, and which application permissions (the token's `roles`) they were granted."""

import secrets
import threading
import uuid
from dataclasses import dataclass, field

from cryptography import x509

from .certs import thumbprints

READ_ALL = "DeviceManagementManagedDevices.Read.All"
READ_WRITE_ALL = "DeviceManagementManagedDevices.ReadWrite.All"
PRIVILEGED_OPERATIONS = "DeviceManagementManagedDevices.PrivilegedOperations.All"
DEFAULT_ROLES = (PRIVILEGED_OPERATIONS, READ_ALL)


def new_secret():
    # Shaped like an Entra client secret value: a three-character prefix, "8Q~", then random text.
    return secrets.token_urlsafe(3)[:3] + "8Q~" + secrets.token_urlsafe(30)[:34]


@dataclass
class App:
    client_id: str
    display_name: str
    roles: list
    secrets: list = field(default_factory=list)
    certificates: dict = field(default_factory=dict)   # SHA-1 or SHA-256 hex -> x509 cert
    managed_identity: bool = False
    object_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def add_certificate(self, cert):
        if isinstance(cert, str):
            cert = x509.load_pem_x509_certificate(cert.encode())
        for thumbprint in thumbprints(cert):
            self.certificates[thumbprint] = cert

    def certificate(self, thumbprint_hex):
        return self.certificates.get(thumbprint_hex.upper())


class AppRegistry:
    def __init__(self):
        self._apps = {}
        self._lock = threading.Lock()

    def register(self, client_id=None, *, secret=None, certificate=None, roles=DEFAULT_ROLES,
                 display_name=None, managed_identity=False):
        """Add (or replace) an app. `secret` True makes one up; `certificate` is an x509
        certificate or PEM text. Returns the App."""
        client_id = (client_id or str(uuid.uuid4())).lower()
        app = App(client_id, display_name or "graphsim app " + client_id[:8], list(roles),
                  managed_identity=managed_identity)
        if secret is True:
            secret = new_secret()
        if secret:
            app.secrets.append(secret)
        if certificate is not None:
            app.add_certificate(certificate)
        with self._lock:
            self._apps[client_id] = app
        return app

    def get(self, client_id):
        return self._apps.get((client_id or "").lower())

    def clear(self):
        with self._lock:
            self._apps.clear()
