"""Shared fixtures: the Graph simulator (tests/graphsim), started once per test session
(once per xdist worker) and reset before each test that asks for `sim`."""

import pathlib
import sys

import pytest

TESTS_DIR = pathlib.Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))   # makes `import graphsim` work from any test


@pytest.fixture(scope="session")
def graphsim():
    """The running simulator, shared by the session. Prefer `sim`, which resets it first."""
    from graphsim import GraphSimulator

    simulator = GraphSimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def sim(graphsim):
    """The simulator with a clean log, no faults, default throttling and settings, the default
    apps only, and a freshly seeded device store."""
    graphsim.reset(reseed=True)
    return graphsim
