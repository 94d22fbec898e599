"""Fixtures for the simulator's own tests: a trusting HTTP session, a token, device ids."""

import pytest

from graphsim.client import msal_app, trusting_session


@pytest.fixture
def http(sim):
    with trusting_session(sim) as session:
        yield session


@pytest.fixture
def token(sim):
    """An access token for the default app, got over the wire with its secret."""
    return msal_app(sim).acquire_token_for_client([sim.scope])["access_token"]


@pytest.fixture
def auth(token):
    return {"Authorization": "Bearer " + token}


@pytest.fixture
def device_ids(sim):
    return [d["id"] for d in sim.store.list_devices()]
