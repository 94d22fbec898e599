"""The Graph simulator as a separate process, and the parts of its control API the benchmark
uses: reset, settings (latency, throttling), the request log and the generated fleet's ids."""

import json
import os
import subprocess
import sys
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent


class Simulator:
    def __init__(self, devices, latency):
        self.devices, self.latency = devices, latency
        self.process = None
        self.info = None
        self.session = None

    def start(self):
        env = dict(os.environ, PYTHONPATH=str(REPO / "tests"))
        command = [sys.executable, "-m", "graphsim", "--generate", str(self.devices),
                   "--latency", str(self.latency)]
        self.process = subprocess.Popen(command, cwd=REPO, env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the simulator did not start: " + " ".join(command))
        self.info = json.loads(line)
        self.session = requests.Session()
        self.session.trust_env = False     # REQUESTS_CA_BUNDLE would override verify
        self.session.verify = self.info["ca_path"]
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _control(self, method, name, body=None):
        answer = self.session.request(method, "{}/{}".format(self.info["control_url"], name),
                                      json=body, timeout=60)
        answer.raise_for_status()
        return answer.json()

    def prepare(self, latency, write_limit=None):
        """A fresh store and log; `latency` on every request (token requests too); writes
        limited to write_limit = (count, seconds), or not at all."""
        self._control("POST", "reset", {"reseed": True})
        self._control("POST", "config", {
            "latency": {"seconds": latency, "tokens": True},
            "throttle": {"writes": list(write_limit) if write_limit else None,
                         "reads": None, "retry_after": True}})

    def log(self):
        return self._control("GET", "log")["value"]

    def device_ids(self):
        """Every device id of the generated fleet, in the store's order."""
        token = self.session.post(
            "{}/{}/oauth2/v2.0/token".format(self.info["authority_url"], self.info["tenant_id"]),
            data={"grant_type": "client_credentials", "client_id": self.info["client_id"],
                  "client_secret": self.info["client_secret"], "scope": self.info["scope"]},
            timeout=30).json()["access_token"]
        url = self.info["graph_url"] + "/beta/deviceManagement/managedDevices?$select=id"
        ids = []
        while url:
            page = self.session.get(url, headers={"Authorization": "Bearer " + token},
                                    timeout=60).json()
            ids += [device["id"] for device in page["value"]]
            url = page.get("@odata.nextLink")
        return ids
