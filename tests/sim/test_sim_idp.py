"""The Entra ID stand-in, driven through real msal over HTTPS."""

import jwt
import msal
import pytest

from graphsim.apps import READ_ALL

from graphsim.client import msal_app, trusting_session


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


def test_secret_gets_token_with_roles_audience_and_tenant(sim):
    result = msal_app(sim).acquire_token_for_client([sim.scope])
    claims = claims_of(result["access_token"])
    assert claims["aud"] == sim.graph_url
    assert claims["tid"] == sim.tenant_id
    assert claims["appid"] == sim.client_id
    assert set(claims["roles"]) == {"DeviceManagementManagedDevices.PrivilegedOperations.All",
                                    "DeviceManagementManagedDevices.Read.All"}
    assert 3500 < result["expires_in"] <= 3599


def test_token_is_signed_by_published_keys(sim, http):
    token = msal_app(sim).acquire_token_for_client([sim.scope])["access_token"]
    config = http.get("{}/{}/v2.0/.well-known/openid-configuration".format(
        sim.authority_url, sim.tenant_id)).json()
    assert config["token_endpoint"].startswith(sim.authority_url + "/" + sim.tenant_id)
    keys = http.get(config["jwks_uri"]).json()
    key = jwt.PyJWK(keys["keys"][0])
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=sim.graph_url,
                        issuer=config["issuer"])
    assert claims["tid"] == sim.tenant_id


def test_tenant_domain_works_as_authority(sim):
    result = msal_app(sim, tenant="graphsim.onmicrosoft.com").acquire_token_for_client(
        [sim.scope])
    assert claims_of(result["access_token"])["tid"] == sim.tenant_id


@pytest.mark.parametrize("form", ["pem_thumbprint", "pem_public_certificate", "pfx",
                                  "pfx_password"])
def test_certificate_gets_token(sim, form):
    cert = sim.client_cert
    credential = {
        "pem_thumbprint": {"private_key": cert.key_pem, "thumbprint": cert.sha1_thumbprint},
        "pem_public_certificate": {"private_key": cert.key_pem,
                                   "public_certificate": cert.cert_pem},
        "pfx": {"private_key_pfx_path": cert.pfx_path},
        "pfx_password": {"private_key_pfx_path": cert.pfx_password_path,
                         "passphrase": cert.pfx_password},
    }[form]
    result = msal_app(sim, credential).acquire_token_for_client([sim.scope])
    assert claims_of(result["access_token"])["appid"] == sim.client_id
    body = [e["body"] for e in sim.log.entries() if e["path"].endswith("/token")][-1]
    assert body["client_assertion"] == "<redacted>"
    assert "client_secret" not in body


def aadsts(result):
    """The AADSTS number msal reports, checked against the full Entra error body."""
    assert "access_token" not in result
    assert result["error_description"].startswith("AADSTS")
    return int(result["error_description"][6:].split(":")[0])


def test_unknown_client_is_700016(sim):
    result = msal_app(sim, client_id="11111111-2222-3333-4444-555555555555"
                      ).acquire_token_for_client([sim.scope])
    assert (result["error"], aadsts(result)) == ("unauthorized_client", 700016)
    assert result["error_codes"] == [700016]


def test_wrong_secret_is_7000215(sim):
    result = msal_app(sim, "not-the-secret").acquire_token_for_client([sim.scope])
    assert (result["error"], aadsts(result)) == ("invalid_client", 7000215)


def test_unregistered_certificate_is_700027(sim):
    stranger = sim.ca.make_client_cert("stranger")
    result = msal_app(sim, {"private_key": stranger.key_pem,
                            "thumbprint": stranger.sha1_thumbprint}
                      ).acquire_token_for_client([sim.scope])
    assert (result["error"], aadsts(result)) == ("invalid_client", 700027)
    assert stranger.sha1_thumbprint in result["error_description"]


def test_key_that_does_not_match_thumbprint_fails_signature(sim):
    stranger = sim.ca.make_client_cert("impostor")
    result = msal_app(sim, {"private_key": stranger.key_pem,
                            "thumbprint": sim.client_cert.sha1_thumbprint}
                      ).acquire_token_for_client([sim.scope])
    assert (result["error"], aadsts(result)) == ("invalid_client", 700027)
    assert "signature" in result["error_description"]


def test_unknown_tenant_is_90002_at_discovery_and_token(sim, http):
    # msal fetches the tenant's OpenID configuration in its constructor and turns the 400
    # into a ValueError of its own wording.
    with pytest.raises(ValueError, match="tenant name or GUID"):
        msal_app(sim, tenant="00000000-0000-0000-0000-00000000dead")
    discovery = http.get(sim.authority_url + "/00000000-0000-0000-0000-00000000dead"
                         "/v2.0/.well-known/openid-configuration")
    assert discovery.status_code == 400
    assert discovery.json()["error_description"].startswith("AADSTS90002: ")
    answer = http.post(sim.authority_url + "/nosuchtenant/oauth2/v2.0/token", data={
        "grant_type": "client_credentials", "client_id": sim.client_id,
        "client_secret": sim.client_secret, "scope": sim.scope})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "invalid_request"
    assert body["error_codes"] == [90002]
    assert body["error_description"].startswith("AADSTS90002: Tenant 'nosuchtenant' not found")
    assert {"timestamp", "trace_id", "correlation_id"} <= set(body)


@pytest.mark.parametrize("scope", ["DeviceManagementManagedDevices.Read.All",
                                   "https://127.0.0.1/User.Read"])
def test_scope_other_than_default_is_70011(sim, scope):
    result = msal_app(sim).acquire_token_for_client([scope])
    assert (result["error"], aadsts(result)) == ("invalid_scope", 70011)


def test_correlation_id_is_the_client_request_id(sim, http):
    answer = http.post(sim.authority_url + "/" + sim.tenant_id + "/oauth2/v2.0/token",
                       headers={"client-request-id": "abc-123"},
                       data={"grant_type": "client_credentials", "client_id": sim.client_id,
                             "client_secret": "wrong", "scope": sim.scope})
    assert answer.status_code == 401
    assert answer.json()["correlation_id"] == "abc-123"
    assert answer.headers["client-request-id"] == "abc-123"
    assert answer.headers["request-id"]


def test_registered_app_gets_its_own_roles(sim):
    app = sim.register_app(roles=[READ_ALL])
    result = msal_app(sim, app.secrets[0], client_id=app.client_id).acquire_token_for_client(
        [sim.scope])
    assert claims_of(result["access_token"])["roles"] == [READ_ALL]


def test_token_lifetime_is_configurable(sim):
    sim.configure(token_lifetime=600)
    result = msal_app(sim).acquire_token_for_client([sim.scope])
    claims = claims_of(result["access_token"])
    assert claims["exp"] - claims["iat"] == 600


@pytest.fixture
def app_service_env(sim, monkeypatch):
    monkeypatch.setenv("IDENTITY_ENDPOINT", sim.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", sim.identity_header)


def test_managed_identity_system_assigned(sim, app_service_env):
    client = msal.ManagedIdentityClient(msal.SystemAssignedManagedIdentity(),
                                        http_client=trusting_session(sim))
    result = client.acquire_token_for_client(resource=sim.graph_url)
    claims = claims_of(result["access_token"])
    assert claims["aud"] == sim.graph_url
    assert claims["appid"] == sim.managed_identity_client_id
    assert "DeviceManagementManagedDevices.PrivilegedOperations.All" in claims["roles"]
    entry = sim.log.entries()[-1]
    assert entry["path"] == "/msi/token"
    assert entry["headers"]["x-identity-header"] == "<redacted>"


def test_managed_identity_user_assigned(sim, app_service_env):
    identity = sim.register_app(managed_identity=True, roles=[READ_ALL])
    client = msal.ManagedIdentityClient(
        msal.UserAssignedManagedIdentity(client_id=identity.client_id),
        http_client=trusting_session(sim))
    result = client.acquire_token_for_client(resource=sim.graph_url)
    assert claims_of(result["access_token"])["roles"] == [READ_ALL]


def test_managed_identity_refuses_wrong_header(sim, app_service_env, monkeypatch):
    monkeypatch.setenv("IDENTITY_HEADER", "wrong")
    client = msal.ManagedIdentityClient(msal.SystemAssignedManagedIdentity(),
                                        http_client=trusting_session(sim))
    result = client.acquire_token_for_client(resource=sim.graph_url)
    assert "access_token" not in result
    assert "401" in result["error_description"]
