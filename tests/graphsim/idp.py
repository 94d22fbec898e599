"""The Entra ID side: OpenID discovery, the signing keys, the v2.0 token endpoint (client
credentials with a secret or a certificate assertion) and the App Service managed-identity
endpoint. Errors carry the AADSTS codes Entra answers with, since clients show them to users."""

import base64
import hmac
import time
import urllib.parse

import jwt

from .wire import entra_error, json_response

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MSI_PATH = "/msi/token"

_NOT_INSTALLED = ("This can happen if the application has not been installed by the administrator "
                  "of the tenant or consented to by any user in the tenant. You may have sent your "
                  "authentication request to the wrong tenant.")


def tenant_not_found(request, tenant, error="invalid_request"):
    return entra_error(request, 400, error, 90002, (
        "Tenant '{}' not found. Check to make sure you have the correct tenant ID and are signing "
        "into the correct cloud. Check with your subscription administrator, this may happen if "
        "there are no active subscriptions for the tenant.").format(tenant))


def _thumbprint_hex(value):
    padded = value + "=" * (-len(value) % 4)
    return base64.urlsafe_b64decode(padded).hex().upper()


class IdentityProvider:
    def __init__(self, sim):
        self.sim = sim

    def handle(self, request):
        """The answer for an identity request, or None when the path is not one."""
        if request.path == MSI_PATH:
            return self.managed_identity(request)
        parts = request.path.strip("/").split("/")
        if len(parts) < 3:
            return None
        tenant, rest = parts[0], "/".join(parts[1:])
        if rest == "v2.0/.well-known/openid-configuration":
            return self.openid_configuration(request, tenant)
        if rest == "discovery/v2.0/keys":
            return json_response(200, self.sim.tokens.jwks())
        if rest == "oauth2/v2.0/token":
            return self.token(request, tenant)
        return None

    def openid_configuration(self, request, tenant):
        tenant_id = self.sim.resolve_tenant(tenant)
        if tenant_id is None:
            return tenant_not_found(request, tenant, error="invalid_tenant")
        base = "{}/{}".format(self.sim.authority_url, tenant_id)
        return json_response(200, {
            "token_endpoint": base + "/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": [
                "client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": base + "/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": self.sim.tokens.issuer(tenant_id),
            "request_uri_parameter_supported": False,
            "authorization_endpoint": base + "/oauth2/v2.0/authorize",
            "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
            "end_session_endpoint": base + "/oauth2/v2.0/logout",
            "tenant_region_scope": "NA",
            "cloud_instance_name": "graphsim",
            "msgraph_host": urllib.parse.urlsplit(self.sim.graph_url).netloc,
        })

    # -- client credentials -------------------------------------------------------------

    def token(self, request, tenant):
        if request.method != "POST":
            return entra_error(request, 400, "invalid_request", 900561,
                               "The endpoint only accepts POST requests. Received a GET request.")
        tenant_id = self.sim.resolve_tenant(tenant)
        if tenant_id is None:
            return tenant_not_found(request, tenant)
        form = {k: v[0] for k, v in urllib.parse.parse_qs(
            request.body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        grant_type = form.get("grant_type", "")
        if grant_type != "client_credentials":
            return entra_error(request, 400, "unsupported_grant_type", 70003,
                               "The app requested an unsupported grant type '{}'.".format(grant_type))
        client_id = form.get("client_id", "")
        if not client_id:
            return entra_error(request, 400, "invalid_request", 900144,
                               "The request body must contain the following parameter: 'client_id'.")
        app = self.sim.apps.get(client_id)
        if app is None or app.managed_identity:
            return entra_error(request, 400, "unauthorized_client", 700016, (
                "Application with identifier '{}' was not found in the directory '{}'. "
                + _NOT_INSTALLED).format(client_id, self.sim.tenant_name(tenant_id)))
        failure = self._authenticate_client(request, form, app, tenant)
        if failure is not None:
            return failure
        resource, failure = self._resource(request, form.get("scope"), tenant_id)
        if failure is not None:
            return failure
        token, expires_on = self.sim.tokens.issue(tenant_id=tenant_id, app=app, audience=resource)
        lifetime = expires_on - int(time.time())
        return json_response(200, {"token_type": "Bearer", "expires_in": lifetime,
                                   "ext_expires_in": lifetime, "access_token": token})

    def _authenticate_client(self, request, form, app, tenant):
        if "client_secret" in form:
            secret = form["client_secret"].encode()
            if any(hmac.compare_digest(secret, s.encode()) for s in app.secrets):
                return None
            return entra_error(request, 401, "invalid_client", 7000215, (
                "Invalid client secret provided. Ensure the secret being sent in the request is the "
                "client secret value, not the client secret ID, for a secret added to app '{}'."
            ).format(app.client_id))
        if "client_assertion" in form:
            if form.get("client_assertion_type") != JWT_BEARER:
                return entra_error(request, 400, "invalid_request", 70002,
                                   "The client_assertion_type is not supported.")
            return self._check_assertion(request, form["client_assertion"], app, tenant)
        return entra_error(request, 401, "invalid_client", 7000218, (
            "The request body must contain the following parameter: 'client_assertion' or "
            "'client_secret'."))

    def _check_assertion(self, request, assertion, app, tenant):
        def invalid(code, text):
            return entra_error(request, 401, "invalid_client", code, text)

        try:
            header = jwt.get_unverified_header(assertion)
            thumbprint = header.get("x5t#S256") or header.get("x5t")
            thumbprint = _thumbprint_hex(thumbprint) if thumbprint else ""
        except (jwt.PyJWTError, ValueError):
            return invalid(50027, "JWT token is invalid or malformed.")
        cert = app.certificate(thumbprint) if thumbprint else None
        if cert is None:
            return invalid(700027, (
                "The certificate with identifier used to sign the client assertion is not "
                "registered on application. [Reason - The key was not found., Thumbprint of key "
                "used by client: '{}', Please visit the Azure Portal, Graph Explorer or directly "
                "use MS Graph to see configured keys for app Id '{}'.]").format(
                thumbprint, app.client_id))
        try:
            claims = jwt.decode(assertion, cert.public_key(), algorithms=["RS256", "PS256"],
                                options={"verify_aud": False, "require": ["exp", "aud", "iss"]})
        except jwt.ExpiredSignatureError:
            return invalid(700024, "Client assertion is not within its valid time range.")
        except jwt.InvalidSignatureError:
            return invalid(700027, "Client assertion failed signature validation.")
        except jwt.PyJWTError:
            return invalid(50027, "JWT token is invalid or malformed.")
        if claims.get("iss") != app.client_id or claims.get("sub", app.client_id) != app.client_id:
            return invalid(700021, (
                "Client assertion application identifier doesn't match 'client_id' parameter. "
                "Review the documentation at https://learn.microsoft.com/entra/identity-platform/"
                "certificate-credentials ."))
        audiences = {"{}/{}/oauth2/v2.0/token".format(self.sim.authority_url, name)
                     for name in self.sim.tenant_aliases(tenant)}
        if claims.get("aud") not in audiences:
            return invalid(50027, "JWT token is invalid or malformed. Invalid audience.")
        return None

    def _resource(self, request, scope, tenant_id):
        """The resource a client-credentials scope names: only `<resource>/.default` is valid."""
        if not scope:
            return None, entra_error(request, 400, "invalid_scope", 70011, (
                "The provided request must include a 'scope' input parameter."))
        scopes = scope.split()
        if len(scopes) != 1 or not scopes[0].endswith("/.default"):
            return None, entra_error(request, 400, "invalid_scope", 70011, (
                "The provided value for the input parameter 'scope' is not valid. "
                "The scope {} is not valid.").format(scope))
        resource = scopes[0][:-len("/.default")]
        if resource not in self.sim.known_resources():
            return None, entra_error(request, 400, "invalid_resource", 500011, (
                "The resource principal named {} was not found in the tenant named {}. "
                + _NOT_INSTALLED).format(resource, self.sim.tenant_name(tenant_id)))
        return resource, None

    # -- managed identity (App Service form) ------------------------------------------

    def managed_identity(self, request):
        def error(status, message):
            return json_response(status, {"statusCode": status, "message": message,
                                          "correlationId": request.request_id})

        expected = self.sim.identity_header
        given = request.headers.get("x-identity-header", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return error(401, "The X-IDENTITY-HEADER header is missing or wrong.")
        if request.query.get("api-version") != "2019-08-01":
            return error(400, "The api-version parameter is missing or not supported.")
        resource = request.query.get("resource", "").rstrip("/")
        if resource not in self.sim.known_resources():
            return error(400, "The resource '{}' is not valid.".format(resource))
        client_id = request.query.get("client_id")
        app = self.sim.apps.get(client_id or self.sim.managed_identity_client_id)
        if app is None or not app.managed_identity:
            return error(400, "No managed identity found for the specified client_id.")
        token, expires_on = self.sim.tokens.issue(tenant_id=self.sim.tenant_id, app=app,
                                                  audience=resource)
        return json_response(200, {"access_token": token, "expires_on": str(expires_on),
                                   "resource": resource, "token_type": "Bearer",
                                   "client_id": app.client_id})
