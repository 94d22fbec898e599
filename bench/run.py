"""The benchmark: `sync_device` on the simulator's generated fleet, by our module and by what
Intune admins use today, side by side against one simulator, in one run.

    .venv/bin/python bench/run.py            # or: make bench

Writes bench/RESULTS.md (a table) and bench/results.json (every run's raw numbers).
"""

import argparse
import datetime
import json
import sys
from pathlib import Path

import contenders
import machine
import report
import startup
import summary
import traffic
from simulator import Simulator

HERE = Path(__file__).resolve().parent
REAL_WRITE_LIMIT = (200, 20.0)   # Intune: 200 writes per 20 s per app per tenant


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds added to every request (default 0.05)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (3)")
    parser.add_argument("--sizes", default="100,1000,10000", help="device counts")
    parser.add_argument("--contenders", default="module,uri_loop,uri_single,sdk",
                        help="module, uri_loop, uri_single, sdk")
    parser.add_argument("--loop-sizes", default="100,1000",
                        help="sizes the uri loop runs at; larger ones are estimated")
    parser.add_argument("--case-seconds", type=float, default=300,
                        help="no further runs of a contender at a size once its runs there "
                             "took this long (default 300: the uri loop at N = 1,000 runs once)")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="our module's concurrency (chunks in flight), also used by the floor")
    parser.add_argument("--throttle-scale", type=float, default=2.0,
                        help="the throttled run's write window is 20 s divided by this "
                             "(0: no throttled run)")
    parser.add_argument("--throttle-batch-sizes", default="100,10",
                        help="our module's batch_size in the throttled run")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    parser.add_argument("--output-dir", default=str(HERE), help="where RESULTS.md and "
                        "results.json go (default bench/)")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: summarise the runs in results.json again and "
                             "write RESULTS.md")
    parser.add_argument("--workdir", default=str(HERE / "out"),
                        help="playbook variables, outputs and logs of each run")
    args = parser.parse_args(argv)
    args.sizes = [int(n) for n in args.sizes.split(",")]
    args.loop_sizes = [int(n) for n in args.loop_sizes.split(",")]
    args.contenders = args.contenders.split(",")
    args.throttle_batch_sizes = [int(n) for n in args.throttle_batch_sizes.split(",")]
    unknown = set(args.contenders) - set(contenders.LABELS)
    if unknown:
        parser.error("unknown contenders: " + ", ".join(sorted(unknown)))
    return args


def measure(runner, sim, args, workload, size, name, ids, write_limit=None, **options):
    sim.prepare(args.latency, write_limit)
    result = runner.contender(name, ids, **options)
    result.update(traffic.summarise(sim.log(), args.latency))
    result.update(workload=workload, size=size, contender=name,
                  batch_size=options.get("batch_size", 100))
    print("  {:<10} {:>6} {:<16} {:>8.2f} s  token {} read {} write {} {}".format(
        workload, size, name + ("" if result["batch_size"] == 100 else
                                "/" + str(result["batch_size"])),
        result["wall_s"], result["token"], result["graph_read"], result["graph_write"],
        result["write_statuses"]), flush=True)
    return result


def unthrottled(runner, sim, args, fleet):
    """Every contender at every size, `runs` times, interleaved so drift hits all alike. A
    contender whose runs at a size have taken more than --case-seconds is not run again there.
    Each run of our module is followed by a run of the baseline with the same ids."""
    results, baselines = [], []
    for size in args.sizes:
        ids = fleet[:size]
        spent = {name: 0.0 for name in args.contenders}
        for _run in range(args.runs):
            for name in args.contenders:
                if name == "uri_loop" and size not in args.loop_sizes:
                    continue
                if spent[name] > args.case_seconds:
                    continue
                results.append(measure(runner, sim, args, "latency", size, name, ids))
                spent[name] += results[-1]["wall_s"]
                if name == "module":
                    baselines.append(baseline(runner, sim, args, size, ids,
                                              fail=results[-1]["exit_code"] == 2))
        if "module" in args.contenders and size == max(args.sizes):
            results += token_cached(runner, sim, args, size, ids)
    return results, baselines


def baseline(runner, sim, args, size, ids, fail):
    """What ansible-playbook itself spends on our module's task: the same ids in, a result of
    the same size out (failed when our module's run failed), nothing sent."""
    sim.prepare(args.latency)
    result = runner.baseline(ids, fail)
    sent = len(sim.log())
    if sent:
        raise RuntimeError("the baseline sent {} requests; it must send none".format(sent))
    result.update(size=size, failed=fail)
    print("  {:<10} {:>6} {:<16} {:>8.2f} s".format("baseline", size, "echo", result["wall_s"]),
          flush=True)
    return result


def token_cached(runner, sim, args, size, ids):
    """Our module again, with a token_cache a previous task filled: the play's later tasks."""
    cache = Path(args.workdir) / "token-cache" / "token.json"
    cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    cache.unlink(missing_ok=True)
    sim.prepare(args.latency)
    runner.contender("module", ids[:1], token_cache=cache)     # the earlier task
    results = []
    for _run in range(args.runs):
        result = measure(runner, sim, args, "latency", size, "module", ids, token_cache=cache)
        result["contender"] = "module_token_cached"
        results.append(result)
    return results


def throttled(runner, sim, args, fleet):
    """Our module under the real write limit, its window scaled down by --throttle-scale."""
    size = max(args.sizes)
    limit = (REAL_WRITE_LIMIT[0], REAL_WRITE_LIMIT[1] / args.throttle_scale)
    results = []
    for _run in range(args.runs):
        for batch_size in args.throttle_batch_sizes:
            result = measure(runner, sim, args, "throttled", size, "module", fleet[:size],
                             write_limit=limit, batch_size=batch_size)
            result["write_limit"] = list(limit)
            results.append(result)
    return results


def write(data, output):
    output.mkdir(parents=True, exist_ok=True)
    (output / "results.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    (output / "RESULTS.md").write_text(report.markdown(data), encoding="utf-8")


def main(argv=None):
    args = parse_args(argv)
    output = Path(args.output_dir)
    if args.render_only:
        data = json.loads((output / "results.json").read_text(encoding="utf-8"))
        # The summary again, from the runs and the settings they were measured with.
        data["summary"] = summary.summarise(data, argparse.Namespace(**data["settings"]))
        (output / "RESULTS.md").write_text(report.markdown(data), encoding="utf-8")
        return 0
    started = datetime.datetime.now(datetime.timezone.utc)
    data = {"date": started.isoformat(timespec="seconds"), "machine": machine.describe(),
            "settings": {k: v for k, v in vars(args).items() if k not in ("output_dir", "workdir")}}
    with Simulator(max(args.sizes), args.latency) as sim:
        runner = contenders.Runner(sim, args.workdir, {"concurrency": args.concurrency})
        fleet = sim.device_ids()
        print("simulator: {} devices at {}".format(len(fleet), sim.info["graph_url"]), flush=True)
        if not args.no_startup:
            print("start-up ...", flush=True)
            data["startup"] = startup.measure(runner, args.runs, args.latency)
        print("latency {:.0f} ms, no throttling ...".format(args.latency * 1000), flush=True)
        data["runs"], data["baseline"] = unthrottled(runner, sim, args, fleet)
        if args.throttle_scale and "module" in args.contenders:
            print("throttled ...", flush=True)
            data["runs"] += throttled(runner, sim, args, fleet)
    data["duration_s"] = round((datetime.datetime.now(datetime.timezone.utc) - started)
                               .total_seconds(), 1)
    data["summary"] = summary.summarise(data, args)
    write(data, output)
    print("wrote {} and {} ({:.0f} s)".format(output / "RESULTS.md", output / "results.json",
                                              data["duration_s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
