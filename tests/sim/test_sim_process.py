"""`python -m graphsim` as its own process: the JSON line first, then service until SIGTERM;
and the load check, which drives such a process."""

import json
import os
import pathlib
import subprocess
import sys

import requests

from graphsim import loadcheck

TESTS_DIR = pathlib.Path(__file__).resolve().parents[1]


def test_process_prints_its_settings_first_and_serves():
    env = dict(os.environ, PYTHONPATH=str(TESTS_DIR))
    process = subprocess.Popen(
        [sys.executable, "-m", "graphsim", "--port", "0", "--response-shape", "value",
         "--page-size", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        info = json.loads(process.stdout.readline())
        for key in ("graph_url", "authority_url", "ca_path", "tenant_id", "client_id",
                    "client_secret", "scope", "identity_endpoint", "identity_header",
                    "control_url", "client_cert_path", "client_cert_thumbprint"):
            assert info[key], key
        assert info["scope"] == info["graph_url"] + "/.default"
        token = requests.post(
            "{}/{}/oauth2/v2.0/token".format(info["authority_url"], info["tenant_id"]),
            data={"grant_type": "client_credentials", "client_id": info["client_id"],
                  "client_secret": info["client_secret"], "scope": info["scope"]},
            verify=info["ca_path"], timeout=10).json()["access_token"]
        answer = requests.get(info["graph_url"] + "/beta/deviceManagement/managedDevices",
                              headers={"Authorization": "Bearer " + token},
                              verify=info["ca_path"], timeout=10)
        assert answer.status_code == 200 and len(answer.json()["value"]) == 10
        assert requests.get(info["control_url"] + "/config", verify=info["ca_path"],
                            timeout=10).json()["response_shape"] == "value"
    finally:
        process.terminate()
        assert process.wait(10) == 0
    assert process.stderr.read() == ""
    assert not os.path.exists(info["ca_path"])   # the run's certificates are cleaned up


def test_load_check_measures_without_errors():
    process, info = loadcheck.start_simulator()
    try:
        rate, errors = loadcheck.measure(info, seconds=0.5, threads=2)
    finally:
        process.terminate()
        process.wait(10)
    assert errors == []
    assert rate > 100   # the real figure is far higher; this only guards against collapse
