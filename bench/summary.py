"""From the raw runs to the report's rows: medians and spreads per contender and size, the
floor, the ratios to the floor and to our module (same workload, same run), the uri loop's
estimate where it was not run, and the targets."""

import math
import statistics
from collections import defaultdict

import figures

ESTIMATED_FROM = "uri_loop"


def _key(run):
    return run["workload"], run["size"], run["contender"], run["batch_size"]


def _row(runs, settings):
    first = runs[0]
    workload, size, batch = first["workload"], first["size"], first["batch_size"]
    writes = math.ceil(size / batch)
    if workload == "throttled":
        limit, window = first["write_limit"]
        floor = figures.throttle_limit_s(writes, limit, window, settings["latency"],
                                         settings["concurrency"])
    else:
        floor = figures.floor_s(size, settings["latency"], settings["concurrency"], batch)
    row = {
        "workload": workload, "size": size, "contender": first["contender"], "writes": writes,
        "batch_size": batch, "estimate": False,
        "wall_s": figures.spread([r["wall_s"] for r in runs]),
        "span_s": figures.spread([r["span_s"] for r in runs]),
        "floor_s": round(floor, 3),
        "peak_rss_mib": max((r["peak_rss_mib"] or 0) for r in runs) or None,
        "processes": statistics.median(r["processes"] for r in runs),
        "process_s": figures.spread([r["process_s"] for r in runs])
        if first["process_s"] is not None else None,
        "write_statuses": first["write_statuses"],
    }
    for count in ("token", "graph_read", "graph_write", "throttled_429"):
        row[count] = statistics.median(r[count] for r in runs)
    row["throttled_429_max"] = max(r["throttled_429"] for r in runs)
    if workload == "throttled":
        row["write_limit"] = first["write_limit"]
        row["forced_429"] = figures.forced_429s(writes, limit, window, settings["latency"],
                                                settings["concurrency"])
        row["limit_bites"] = writes > limit
    return row


def _estimates(rows, settings):
    """The uri loop at sizes it was not run at, from its measured medians."""
    measured = {r["size"]: r for r in rows
                if r["workload"] == "latency" and r["contender"] == ESTIMATED_FROM}
    if len(measured) < 2:
        return []
    points = [(size, row["wall_s"]["median"]) for size, row in measured.items()]
    estimates = []
    for size in sorted(settings["sizes"]):
        if size in measured:
            continue
        line = figures.linear_estimate(points, size)
        estimates.append({
            "workload": "latency", "size": size, "contender": ESTIMATED_FROM, "batch_size": 100,
            "estimate": True, "estimated_from": line,
            "wall_s": {"median": line["median"], "runs": 0},
            "floor_s": round(figures.floor_s(size, settings["latency"],
                                             settings["concurrency"]), 3),
            "token": 1, "graph_read": 0, "graph_write": size, "throttled_429": 0,
            "peak_rss_mib": max(r["peak_rss_mib"] or 0 for r in measured.values()) or None,
            # At Intune's real write limit one POST per device cannot go faster than this.
            "real_limit_s": figures.throttle_limit_s(size, 200, 20.0, settings["latency"], 1),
        })
    return estimates


def _ratios(rows):
    module = {(r["workload"], r["size"], r["batch_size"]): r for r in rows
              if r["contender"] == "module"}
    for row in rows:
        wall = row["wall_s"]["median"]
        row["to_floor"] = round(wall / row["floor_s"], 1) if row["floor_s"] else None
        ours = module.get((row["workload"], row["size"], row["batch_size"]))
        row["to_module"] = round(wall / ours["wall_s"]["median"], 1) if ours else None


def _baseline(data):
    """Per size: ansible-playbook's own time for our module's task (see run.baseline)."""
    groups = defaultdict(list)
    for run in data.get("baseline", []):
        groups[run["size"]].append(run)
    return [{"size": size, "failed": any(r["failed"] for r in runs),
             "wall_s": figures.spread([r["wall_s"] for r in runs]),
             "process_s": figures.spread([r["process_s"] for r in runs])}
            for size, runs in sorted(groups.items())]


def _targets(rows, data, baseline):
    targets = []
    startup = data.get("startup")
    by = {(r["workload"], r["size"], r["contender"], r["batch_size"]): r for r in rows
          if not r["estimate"]}
    sizes = sorted(data["settings"]["sizes"])
    big = by.get(("latency", sizes[-1], "module", 100))
    if big and startup:
        allowed = 1.5 * big["floor_s"] + startup["ping"]["wall_s"]["median"]
        targets.append({
            "target": "our module at N = {:,}: at most 1.5 x floor + ansible-playbook start-up "
                      "(one `ping` task, no device ids)".format(sizes[-1]),
            "measured": "{:.2f} s (floor {:.2f} s, start-up {:.2f} s)".format(
                big["wall_s"]["median"], big["floor_s"], startup["ping"]["wall_s"]["median"]),
            "limit": "{:.2f} s".format(allowed), "met": big["wall_s"]["median"] <= allowed})
    same = next((b for b in baseline if b["size"] == sizes[-1]), None)
    if big and same:
        allowed = 1.5 * big["floor_s"] + same["wall_s"]["median"]
        targets.append({
            "target": "our module at N = {:,}: at most 1.5 x floor + ansible-playbook's own time "
                      "for the same task (baseline: the same ids in, a result of the same size "
                      "out, nothing sent)".format(sizes[-1]),
            "measured": "{:.2f} s (floor {:.2f} s, baseline {:.2f} s)".format(
                big["wall_s"]["median"], big["floor_s"], same["wall_s"]["median"]),
            "limit": "{:.2f} s".format(allowed), "met": big["wall_s"]["median"] <= allowed})
    loop_sizes = [s for s in data["settings"]["loop_sizes"] if ("latency", s, "uri_loop", 100) in by]
    if loop_sizes and ("latency", loop_sizes[-1], "module", 100) in by:
        size = 1000 if 1000 in loop_sizes else loop_sizes[-1]
        loop, ours = by[("latency", size, "uri_loop", 100)], by[("latency", size, "module", 100)]
        speedup = loop["wall_s"]["median"] / ours["wall_s"]["median"]
        targets.append({
            "target": "our module at least 50 x faster than the uri loop at N = {:,}".format(size),
            "measured": "{:.0f} x ({:.1f} s vs {:.2f} s)".format(
                speedup, loop["wall_s"]["median"], ours["wall_s"]["median"]),
            "limit": "50 x", "met": speedup >= 50})
    for row in rows:
        if row["workload"] != "throttled" or not row["limit_bites"]:
            continue
        within = row["span_s"]["median"] <= 1.1 * row["floor_s"]
        few = row["throttled_429_max"] <= row["forced_429"]
        targets.append({
            "target": "throttled, N = {:,}, batch_size {}: 429s no more than the window forces, "
                      "Graph traffic within 10% of the throttle's limit".format(
                          row["size"], row["batch_size"]),
            "measured": "{} 429s (at most {} forced); traffic {:.1f} s, wall {:.1f} s".format(
                row["throttled_429_max"], row["forced_429"], row["span_s"]["median"],
                row["wall_s"]["median"]),
            "limit": "{:.1f} s".format(1.1 * row["floor_s"]), "met": within and few})
    return targets


def summarise(data, args):
    settings = {"latency": args.latency, "concurrency": args.concurrency, "sizes": args.sizes}
    groups = defaultdict(list)
    for run in data["runs"]:
        groups[_key(run)].append(run)
    rows = [_row(runs, settings) for runs in groups.values()]
    rows += _estimates(rows, settings)
    order = {"latency": 0, "throttled": 1}
    contenders = ["module", "module_token_cached", "uri_loop", "uri_single", "sdk"]
    rows.sort(key=lambda r: (order[r["workload"]], r["size"], contenders.index(r["contender"]),
                             -r["batch_size"]))
    _ratios(rows)
    baseline = _baseline(data)
    return {"rows": rows, "baseline": baseline, "targets": _targets(rows, data, baseline)}
