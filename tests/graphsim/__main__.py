"""Run the simulator as a process:

    PYTHONPATH=tests python -m graphsim [--port N] [--seed-file F | --generate N] ...

The first line on stdout is one JSON object with everything a client needs (graph_url,
authority_url, ca_path, tenant_id, client_id, client_secret, scope, ...). It serves until
SIGINT or SIGTERM."""

import argparse
import json
import signal
import sys
import threading

from .server import GraphSimulator


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m graphsim", description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--port", type=int, default=0, help="HTTPS port (0: any free port)")
    parser.add_argument("--identity-port", type=int, default=0,
                        help="plain-http port of the managed-identity endpoint (0: any)")
    seed = parser.add_mutually_exclusive_group()
    seed.add_argument("--seed-file", help="JSON list of managedDevice objects")
    seed.add_argument("--generate", type=int, metavar="N", help="generate N devices instead")
    parser.add_argument("--seed", type=int, default=0, help="random seed for --generate")
    parser.add_argument("--response-shape", choices=("top", "value"), default="top",
                        help="executeAction answer shape")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--token-lifetime", type=int, default=3599, help="seconds")
    parser.add_argument("--action-done-after", type=float, default=5.0, help="seconds")
    parser.add_argument("--write-limit", type=int, default=200,
                        help="writes allowed per window, per app per tenant")
    parser.add_argument("--write-window", type=float, default=20.0, help="seconds")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds added to every Graph request")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    sim = GraphSimulator(port=args.port, identity_port=args.identity_port,
                         seed_file=args.seed_file, generate=args.generate, seed=args.seed,
                         response_shape=args.response_shape, page_size=args.page_size,
                         token_lifetime=args.token_lifetime,
                         action_done_after=args.action_done_after,
                         throttle={"writes": (args.write_limit, args.write_window)},
                         latency=args.latency)
    sim.start()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    print(json.dumps(sim.info()), flush=True)
    stop.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
