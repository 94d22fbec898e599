# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credentials to a Graph bearer token, through msal.

Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading

from ansible_collections.intune.graph.plugins.module_utils import _token_cache

# msal is imported when a token must be requested (not for access_token or a cached token):
# it is the heaviest import of the module's start-up.
HAS_MSAL = importlib.util.find_spec("msal") is not None

# Graph root, login host and token scope of each national cloud.
CLOUDS = {
    "public": ("https://graph.microsoft.com", "https://login.microsoftonline.com",
               "https://graph.microsoft.com/.default"),
    "usgov": ("https://graph.microsoft.us", "https://login.microsoftonline.us",
              "https://graph.microsoft.us/.default"),
    "usgov_dod": ("https://dod-graph.microsoft.us", "https://login.microsoftonline.us",
                  "https://dod-graph.microsoft.us/.default"),
    "china": ("https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn",
              "https://microsoftgraph.chinacloudapi.cn/.default"),
}

# The names AZURE_CLOUD_ENVIRONMENT takes in Azure tooling.
AZURE_CLOUD_ENVIRONMENTS = {
    "azurecloud": "public",
    "azureusgovernment": "usgov",
    "azurechinacloud": "china",
}

AUTH_METHODS = ("auto", "client_secret", "certificate", "managed_identity", "access_token")

# What an AADSTS code means, in words an admin can act on.
AADSTS_HINTS = {
    "AADSTS700016": "the application (client_id) is not registered in this tenant: check "
                    "client_id and tenant_id",
    "AADSTS7000215": "the client secret is wrong: use the secret's Value (not its Secret ID) "
                     "from the app registration's Certificates & secrets page",
    "AADSTS7000222": "the client secret has expired: create a new one on the app registration",
    "AADSTS700027": "the certificate is not registered on the app registration: upload its "
                    "public part under Certificates & secrets",
    "AADSTS90002": "the tenant was not found: check tenant_id (a GUID or a verified domain)",
    "AADSTS900023": "the tenant id is not valid: check tenant_id",
    "AADSTS70011": "the scope is not valid: a client-credentials token needs "
                   "'<graph root>/.default', for example https://graph.microsoft.com/.default",
    "AADSTS7000218": "the request has no client secret or certificate: set client_secret or "
                     "client_certificate_path",
}


class AuthError(Exception):
    """A token could not be had; the message is safe to show (holds no secret)."""


def resolve_cloud(cloud):
    """The cloud name from the option, else AZURE_CLOUD_ENVIRONMENT, else public."""
    if cloud:
        return cloud
    env = os.environ.get("AZURE_CLOUD_ENVIRONMENT", "")
    if not env:
        return "public"
    try:
        return AZURE_CLOUD_ENVIRONMENTS[env.lower()]
    except KeyError:
        raise AuthError("AZURE_CLOUD_ENVIRONMENT=%s is not known; use one of %s"
                        % (env, ", ".join(sorted(("AzureCloud", "AzureUSGovernment", "AzureChinaCloud")))))


def endpoints(cloud, graph_url=None, authority_url=None, scope=None):
    """(graph root, authority host, token scope): the cloud's, each overridable."""
    graph_root, login_host, cloud_scope = CLOUDS[cloud]
    graph_root = (graph_url or graph_root).rstrip("/")
    if scope is None:
        scope = graph_root + "/.default" if graph_url else cloud_scope
    return graph_root, (authority_url or login_host).rstrip("/"), scope


def choose_auth_method(params):
    """The method `auto` stands for: access token, certificate, secret, then managed identity."""
    method = params.get("auth_method") or "auto"
    if method != "auto":
        return method
    if params.get("access_token"):
        return "access_token"
    if params.get("client_certificate_path"):
        return "certificate"
    if params.get("client_secret"):
        return "client_secret"
    if params.get("managed_identity_client_id") or _managed_identity_environment():
        return "managed_identity"
    raise AuthError("no credentials: set client_id, tenant_id and client_secret (or "
                    "client_certificate_path), or access_token, or run where a managed "
                    "identity is available (auth_method=managed_identity); the environment "
                    "variables AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET work too")


def _managed_identity_environment():
    return ("IDENTITY_ENDPOINT" in os.environ or "MSI_ENDPOINT" in os.environ)


def missing_options(method, params):
    """The options `method` needs that are not set."""
    needed = {
        "client_secret": ("tenant_id", "client_id", "client_secret"),
        "certificate": ("tenant_id", "client_id", "client_certificate_path"),
        "managed_identity": (),
        "access_token": ("access_token",),
    }[method]
    return [name for name in needed if not params.get(name)]


def load_certificate(path, password=None):
    """msal's certificate credential from a PEM (key and certificate) or a PFX file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise AuthError("cannot read client_certificate_path %s: %s" % (path, exc.strerror))
    secret = password.encode() if password else None
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_private_key(data, secret)
            cert = x509.load_pem_x509_certificate(
                re.search(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", data, re.S).group(0))
        else:
            key, cert, _chain = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError, AttributeError):
        raise AuthError("client_certificate_path %s is not a PEM file holding a private key and "
                        "a certificate, nor a PFX file, or client_certificate_password is wrong"
                        % path)
    if key is None or cert is None:
        raise AuthError("client_certificate_path %s must hold both the private key and the "
                        "certificate" % path)
    return {
        "private_key": key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()).decode(),
        "thumbprint": cert.fingerprint(hashes.SHA1()).hex().upper(),  # nosec: x5t is SHA-1 by spec
        "public_certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
    }


class TokenProvider:
    """Hands out a bearer token, asking for one only when a request needs it."""

    def __init__(self, params, method, authority_host, scope, http_client, cache=None):
        self.method = method
        self._params = params
        self._authority = "%s/%s" % (authority_host, params.get("tenant_id"))
        self._known_host = any(authority_host == host for _g, host, _s in CLOUDS.values())
        self._scope = scope
        self._http = http_client
        self._app = None
        self._token = params.get("access_token") if method == "access_token" else None
        self._lock = threading.Lock()
        self._cache = cache
        self._cache_key = _token_cache.cache_key(method, self._authority, params.get("client_id"),
                                                 params.get("managed_identity_client_id"), scope)

    @property
    def refreshable(self):
        return self.method != "access_token"

    def token(self, refresh=False):
        """The bearer token: this task's, else the shared cache's, else a new one."""
        with self._lock:
            if self._token and not (refresh and self.refreshable):
                return self._token
            if self._cache is None:
                self._token = self._new_token(refresh)[0]
                return self._token
            with self._cache.locked():  # other tasks wait, then find the token this one got
                self._token = None if refresh else self._cache.get(self._cache_key)
                if self._token is None:
                    self._token, lifetime = self._new_token(refresh)
                    self._cache.put(self._cache_key, self._token, lifetime)
            return self._token

    def _new_token(self, refresh):
        """(token, seconds it lives) from Entra ID or the managed identity endpoint."""
        result = self._acquire(refresh)
        if "access_token" not in result:
            raise AuthError(self._explain(result))
        return result["access_token"], result.get("expires_in", 3599)

    def _acquire(self, refresh):
        import msal  # pylint: disable=import-outside-toplevel  # see HAS_MSAL

        if self.method == "managed_identity":
            return self._managed_identity(msal)
        if self._app is None or refresh:
            # A new application object: msal caches failed answers and tokens per object.
            credential = (self._params["client_secret"] if self.method == "client_secret" else
                          load_certificate(self._params["client_certificate_path"],
                                           self._params.get("client_certificate_password")))
            try:
                self._app = msal.ConfidentialClientApplication(
                    self._params["client_id"], client_credential=credential,
                    authority=self._authority, http_client=self._http,
                    instance_discovery=self._known_host, token_cache=msal.TokenCache())
            except ValueError as exc:
                raise AuthError(self._discovery_error() or "cannot use authority %s: %s"
                                % (self._authority, _first_line(str(exc))))
            except Exception as exc:  # msal raises plain exceptions for network failures
                raise AuthError("cannot reach the authority %s: %s"
                                % (self._authority, _first_line(str(exc))))
        try:
            return self._app.acquire_token_for_client(scopes=[self._scope])
        except Exception as exc:
            raise AuthError("token request to %s failed: %s" % (self._authority, _first_line(str(exc))))

    def _managed_identity(self, msal):
        client_id = self._params.get("managed_identity_client_id")
        identity = (msal.UserAssignedManagedIdentity(client_id=client_id) if client_id
                    else msal.SystemAssignedManagedIdentity())
        app = msal.ManagedIdentityClient(identity, http_client=self._http,
                                         token_cache=msal.TokenCache())
        resource = self._scope[:-len("/.default")] if self._scope.endswith("/.default") else self._scope
        try:
            return app.acquire_token_for_client(resource=resource)
        except Exception as exc:
            raise AuthError(
                "managed identity token request failed (%s): run where a managed identity is "
                "available - App Service or Functions (IDENTITY_ENDPOINT and IDENTITY_HEADER set), "
                "Azure Arc, or an Azure VM whose metadata endpoint is reachable"
                % _first_line(str(exc)))

    def _discovery_error(self):
        """msal hides why the authority's metadata was refused; ask once more to say why."""
        try:
            answer = self._http.get(self._authority + "/v2.0/.well-known/openid-configuration").json()
        except Exception:  # any failure here just leaves msal's own message
            return None
        return self._explain(answer) if isinstance(answer, dict) and "error" in answer else None

    def _explain(self, result):
        if isinstance(result.get("error"), dict):  # not Entra ID's answer: something else's error
            result = {"error": result["error"].get("code", "error"),
                      "error_description": str(result["error"].get("message", ""))}
        description = result.get("error_description") or ""
        code = description.split(":", 1)[0].strip()
        hint = AADSTS_HINTS.get(code)
        text = "could not get a token (%s) from %s" % (self.method, self._authority)
        if hint:
            text += ": " + hint
        text += ". Entra ID said: %s: %s" % (result.get("error", "error"), _first_line(description))
        if result.get("correlation_id"):
            text += " (correlation id %s)" % result["correlation_id"]
        return text


def _first_line(text):
    return text.strip().splitlines()[0] if text.strip() else ""
