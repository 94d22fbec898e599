"""Client-side helpers for tests that talk to a running simulator: an HTTP session that
trusts the run's CA, and msal applications pointed at it."""

import msal
import requests


def trusting_session(sim):
    """A requests session that trusts the simulator's CA. trust_env is off because these
    machines set REQUESTS_CA_BUNDLE, which would otherwise override Session.verify (msal sends
    its requests without a per-request verify)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = sim.ca_path
    return session


def msal_app(sim, credential=None, client_id=None, tenant=None):
    """A fresh msal application; msal caches error answers per application object, so each
    test case that expects a token request on the wire needs its own."""
    return msal.ConfidentialClientApplication(
        client_id or sim.client_id,
        client_credential=sim.client_secret if credential is None else credential,
        authority="{}/{}".format(sim.authority_url, tenant or sim.tenant_id),
        instance_discovery=False, http_client=trusting_session(sim))
