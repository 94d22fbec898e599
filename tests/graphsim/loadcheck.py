"""Measure how many small requests per second the simulator serves:

    PYTHONPATH=tests python -m graphsim.loadcheck [--seconds 5] [--threads 4]

Starts `python -m graphsim` as its own process, then keeps-alive GETs of single devices from
several threads, one requests.Session each, and prints the rate."""

import argparse
import json
import os
import subprocess
import sys
import threading
import time

import requests


def start_simulator():
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(__file__)))
    process = subprocess.Popen([sys.executable, "-m", "graphsim"], stdout=subprocess.PIPE,
                               env=env, text=True)
    return process, json.loads(process.stdout.readline())


def measure(info, seconds, threads):
    session = requests.Session()
    token = session.post("{}/{}/oauth2/v2.0/token".format(info["authority_url"], info["tenant_id"]),
                         data={"grant_type": "client_credentials", "client_id": info["client_id"],
                               "client_secret": info["client_secret"], "scope": info["scope"]},
                         verify=info["ca_path"]).json()["access_token"]
    headers = {"Authorization": "Bearer " + token}
    device = session.get(info["graph_url"] + "/beta/deviceManagement/managedDevices?$top=1",
                         headers=headers, verify=info["ca_path"]).json()["value"][0]["id"]
    url = info["graph_url"] + "/beta/deviceManagement/managedDevices/" + device
    counts, errors = [0] * threads, []
    deadline = time.monotonic() + seconds

    def worker(index):
        with requests.Session() as own:
            while time.monotonic() < deadline:
                answer = own.get(url, headers=headers, verify=info["ca_path"], timeout=10)
                if answer.status_code != 200:
                    errors.append(answer.status_code)
                counts[index] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(counts) / (time.monotonic() - started), errors


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m graphsim.loadcheck")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    process, info = start_simulator()
    try:
        rate, errors = measure(info, args.seconds, args.threads)
    finally:
        process.terminate()
        process.wait(10)
    print(json.dumps({"requests_per_second": round(rate), "threads": args.threads,
                      "seconds": args.seconds, "errors": len(errors)}))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
