"""bench/RESULTS.md from the summary: the machine and date, one table per workload, start-up
costs and the targets."""

from contenders import LABELS

LABELS = dict(LABELS, module_token_cached="intune.graph, token from token_cache "
                                          "(a later task of the play)")


def _median(figure):
    """A median and ± half its spread; one run has no spread to show."""
    if figure["runs"] < 2:
        return "{:.2f}".format(figure["median"])
    return "{:.2f} (±{:.0f}%)".format(figure["median"], figure["spread_pct"] / 2)


def _wall(row):
    if row["estimate"]:
        return "~{:,.0f} (estimate)".format(row["wall_s"]["median"])
    return _median(row["wall_s"])


def _seconds(value):
    """Signed seconds, never "-0.00"."""
    return "{:+.2f}".format(round(value, 2) + 0.0)


def _statuses(row):
    if row["estimate"]:
        return "(204 or 400 each)"
    return ", ".join("{} ×{:,}".format(status, count)
                     for status, count in row["write_statuses"].items()) or "-"


def _process(row):
    """The module process (our module) or the script process (SDK); a playbook of several
    module processes has no single figure."""
    if row["estimate"] or row["contender"] in ("uri_loop", "uri_single") or not row["process_s"]:
        return "-"
    return "{:.2f}".format(row["process_s"]["median"])


def _ratio(value):
    return "-" if value is None else "{:,.1f}".format(value)


def _count(value):
    return "{:,.0f}".format(value)


def _machine(data):
    m = data["machine"]
    return ("{date}; {cpu}, {cores} cores, {memory_gib} GiB; {os}; Python {python}, "
            "ansible-core {ansible_core}; load average at start {load}; "
            "the whole benchmark took {duration:.0f} s.").format(
                date=data["date"], load=" / ".join(str(x) for x in m["load_average_at_start"]),
                duration=data["duration_s"], **m)


def _latency_table(rows, settings):
    lines = [
        "| N | contender | runs | wall s (median, ±half spread) | × floor | × our module | "
        "module / script process s | token | Graph read | Graph write | write answers | "
        "peak RSS MiB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for row in rows:
        if row["workload"] != "latency":
            continue
        lines.append("| {:,} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            row["size"], LABELS[row["contender"]], row["wall_s"]["runs"] or "-", _wall(row),
            _ratio(row["to_floor"]), _ratio(row["to_module"]), _process(row),
            _count(row["token"]), _count(row["graph_read"]), _count(row["graph_write"]),
            _statuses(row), row["peak_rss_mib"] or "-"))
    floors = sorted({(r["size"], r["floor_s"]) for r in rows if r["workload"] == "latency"})
    lines.append("")
    lines.append("Floor (one token request, then ceil(N/100) POSTs {} at a time, {:.0f} ms each): "
                 .format(settings["concurrency"], settings["latency"] * 1000)
                 + "; ".join("N = {:,}: {:.2f} s".format(n, f) for n, f in floors) + ".")
    return lines


def _outcomes(data, rows):
    """How the timed tasks ended: a failed task costs ansible-playbook more (its result is
    printed), and a refused request costs Graph less."""
    ours = [r for r in data["runs"] if r["contender"] == "module" and r["workload"] == "latency"]
    lines = []
    if ours:
        failed = sum(1 for r in ours if r["exit_code"] == 2)
        lines.append("Our module's task ended as a failed task in {} of its {} timed runs here: "
                     "the generated fleet has devices that fail the action or do not support "
                     "it, as a real fleet does, and a failed task's result is printed in full."
                     .format(failed, len(ours)))
    refused = [r for r in rows if r["contender"] == "uri_single" and "400" in r["write_statuses"]]
    if refused:
        lines.append("The single `uri` POST is refused by Graph (400) at N = {}: above 100 ids "
                     "its time is that of a request that acted on no device.".format(
                         " and ".join("{:,}".format(r["size"]) for r in refused)))
    return ["", " ".join(lines)] if lines else []


def _breakdown(rows, startup, baseline):
    """Where our module's wall time goes at the largest N: Ansible's side, the module
    process's own start-up, and the Graph traffic, against the floor and the baseline."""
    ours = [r for r in rows if r["workload"] == "latency" and r["contender"] == "module"]
    if not ours or not ours[-1]["process_s"]:
        return []
    row = ours[-1]
    wall, process = row["wall_s"]["median"], row["process_s"]["median"]
    span = row["span_s"]["median"]
    text = ("Where our module's {:.2f} s go at N = {:,}: {:.2f} s in ansible-playbook outside the "
            "module process, {:.2f} s in the module process, of which {:.2f} s is Graph traffic "
            "(first request to last answer; the floor is {:.2f} s) and {:.2f} s the rest "
            "(interpreter, imports, arguments, result)").format(
                wall, row["size"], wall - process, process, span, row["floor_s"], process - span)
    if startup:
        ping = startup["ping"]
        text += ("; with one `ping` task, ansible-playbook takes {:.2f} s, {:.2f} s of it outside "
                 "the module process").format(
                     ping["wall_s"]["median"],
                     ping["wall_s"]["median"] - ping["process_s"]["median"])
    text += "."
    same = next((b for b in baseline if b["size"] == row["size"]), None)
    if same:
        text += (" Against the baseline below ({:.2f} s for the same ids in and a result of the "
                 "same size out, nothing sent), our module adds {:.2f} s: {:.2f} s of Graph "
                 "traffic and {:.2f} s of its own work (msal and requests, the token, "
                 "validation, accounting).").format(
                     same["wall_s"]["median"], wall - same["wall_s"]["median"], span,
                     wall - same["wall_s"]["median"] - span)
    return ["", text]


def _reach(rows, baseline, startup):
    """What the first target leaves any module: the baseline plus the floor is already spent."""
    ours = [r for r in rows if r["workload"] == "latency" and r["contender"] == "module"]
    same = next((b for b in baseline if ours and b["size"] == ours[-1]["size"]), None)
    if not (same and startup):
        return []
    floor = ours[-1]["floor_s"]
    least = same["wall_s"]["median"] + floor
    allowed = 1.5 * floor + startup["ping"]["wall_s"]["median"]
    slack = allowed - least
    left = ("leaving {:.2f} s of the {:.2f} s limit for everything else".format(slack, allowed)
            if slack > 0.005 else "which is {:.2f} s over the {:.2f} s limit".format(-slack, allowed)
            if slack < -0.005 else "which is the whole {:.2f} s limit".format(allowed))
    return ["", "In this run, measured against one `ping` task, the first target charges the "
            "module with ansible-playbook's own handling of the {:,} ids (the baseline's {} s "
            "over `ping`): a module with no work of its own whose Graph traffic took exactly the "
            "floor would still take the baseline plus the floor, {:.2f} s, {}. The second target "
            "measures ansible-playbook's own time with the same ids and result.".format(
                same["size"], _seconds(same["wall_s"]["median"] - startup["ping"]["wall_s"]["median"]),
                least, left)]


def _baseline_table(baseline, startup):
    """ansible-playbook's own time for our module's task, at each N."""
    ping = startup["ping"]["wall_s"]["median"] if startup else None
    lines = ["| N | task failed (as ours did) | wall s (median, ±half spread) | module process s | "
             "outside the module process s | over one `ping` task s |",
             "|---:|---|---:|---:|---:|---:|"]
    for case in baseline:
        wall, process = case["wall_s"]["median"], case["process_s"]["median"]
        lines.append("| {:,} | {} | {} | {:.3f} | {:.2f} | {} |".format(
            case["size"], "yes" if case["failed"] else "no", _median(case["wall_s"]), process,
            wall - process, "-" if ping is None else _seconds(wall - ping)))
    lines += ["", "The baseline is a play of one task, like our module's, given the same "
              "variables (and `fail`), on a module that takes `device_ids` and returns them as "
              "two lists, as many ids as our module's result holds (the requested ones, and each "
              "in one bucket), failing when our module's run failed, so the failed result is "
              "printed as ours is ([playbooks/baseline_echo.yml](playbooks/baseline_echo.yml)). "
              "It sends nothing. What it costs over ansible-playbook's start-up is reading, "
              "templating and passing the ids, and taking back and printing the result: work "
              "any module given these ids and returning these lists makes ansible-playbook do."]
    return lines


def _throttled_table(rows):
    lines = [
        "| N | batch_size | write limit | wall s (median, ±half spread) | Graph traffic s | throttle's limit s | "
        "traffic / limit | 429s (max of runs; forced) | Graph write | write answers |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        if row["workload"] != "throttled":
            continue
        limit, window = row["write_limit"]
        lines.append("| {:,} | {} ({:,} writes{}) | {} per {:g} s | {} | {:.2f} | {:.2f} | {:.2f} "
                     "| {} ({}) | {} | {} |".format(
                         row["size"], row["batch_size"], row["writes"],
                         "" if row["limit_bites"] else ": under the limit", limit, window,
                         _wall(row),
                         row["span_s"]["median"], row["floor_s"],
                         row["span_s"]["median"] / row["floor_s"], row["throttled_429_max"],
                         row["forced_429"], _count(row["graph_write"]), _statuses(row)))
    return lines


def _startup(startup):
    lines = ["| playbook | wall s (median, ±half spread) | module process s | peak RSS MiB |",
             "|---|---:|---:|---:|"]
    names = {"debug": "one `debug` task (no module process)",
             "ping": "one `ping` task (the smallest module)",
             "module_no_devices": "our module, `device_ids: []` (validated, nothing sent)"}
    for key, label in names.items():
        case = startup[key]
        process = case["process_s"]["median"] if case["process_s"] else None
        lines.append("| {} | {} | {} | {} |".format(
            label, _median(case["wall_s"]),
            "-" if process is None else "{:.3f}".format(process),
            case["peak_rss_mib"] or "-"))
    imports = startup["imports"]
    heavy = ", ".join("{} {} ms".format(k, v) for k, v in imports["heavy_imported"].items())
    ours, ping = startup["module_no_devices"], startup["ping"]
    lines += ["", "Our module's own start-up (arguments validated, nothing sent: {} requests): its "
              "process takes {:.3f} s against `ping`'s {:.3f} s, {:+.3f} s; the playbooks' wall "
              "times differ by {:+.2f} s. Importing it takes {} ms "
              "(`python -X importtime`), {} ms of which is `ansible.module_utils.basic`; heavy "
              "imports (msal, requests, cryptography, ...) at that point: {}.".format(
                  ours["requests_sent"], ours["process_s"]["median"], ping["process_s"]["median"],
                  ours["process_s"]["median"] - ping["process_s"]["median"],
                  startup["module_over_ping_s"], imports["module_ms"],
                  imports["ansible_basic_ms"], heavy or "none")]
    return lines


def markdown(data):
    settings, summary = data["settings"], data["summary"]
    rows = summary["rows"]
    out = ["# Benchmark: `sync_device` with intune.graph and the alternatives", "",
           "Generated by `make bench` (bench/run.py); raw numbers in `results.json`.", "",
           "Machine and date: " + _machine(data), "",
           "Every figure is the median of {} run(s) unless the runs column says otherwise (a "
           "contender whose runs at a size took over {:.0f} s is not run again there); the "
           "spread is (max − min) / median, shown as ± half of it. Wall time runs from the command's start to its exit, "
           "so ansible-playbook's start-up is in it. Requests are counted from the simulator's "
           "request log (token: every Entra ID request, OpenID discovery included). Peak RSS "
           "is that of the module process (the largest of a loop's), or of the SDK script."
           .format(settings["runs"], settings["case_seconds"]), "",
           "## sync_device, {:.0f} ms per request, no throttling".format(
               settings["latency"] * 1000), ""]
    out += _latency_table(rows, settings)
    out += _outcomes(data, rows)
    baseline = summary.get("baseline", [])
    out += _breakdown(rows, data.get("startup"), baseline)
    if any(r["estimate"] for r in rows):
        estimate = next(r for r in rows if r["estimate"])
        line = estimate["estimated_from"]
        out += ["", "The uri loop is estimated at N = {:,} from its medians at N = {} "
                "({:.3f} s per device, fixed part {:+.1f} s); it would send {:,} POSTs, which at "
                "Intune's real write limit (200 per 20 s) alone take at least {:,.0f} s.".format(
                    estimate["size"], " and ".join("{:,}".format(n) for n in line["from_sizes"]),
                    line["per_device_s"], line["fixed_s"], estimate["graph_write"],
                    estimate["real_limit_s"])]
    if any(r["workload"] == "throttled" for r in rows):
        out += ["", "## Throttled: our module under Intune's write limit (200 writes per 20 s), "
                "window scaled down {:g}×".format(settings["throttle_scale"]), ""]
        out += _throttled_table(rows)
        out += ["", "Graph traffic runs from the first request to the last answer (the log's "
                "times). The throttle's limit is the least time the writes can take: each full "
                "window of writes waits for the window to pass. A 429 is forced each time the "
                "window fills, once per request in flight (concurrency {})."
                .format(settings["concurrency"])]
    if data.get("startup"):
        out += ["", "## Start-up", ""] + _startup(data["startup"])
    if baseline:
        out += ["", "## ansible-playbook's own time for our module's task", ""]
        out += _baseline_table(baseline, data.get("startup"))
    out += ["", "## Targets", ""]
    if not summary["targets"]:
        out.append("No target applies to the contenders and sizes of this run.")
    else:
        out += ["| target | measured | limit | met |", "|---|---|---|---|"]
    for target in summary["targets"]:
        out.append("| {target} | {measured} | {limit} | {met} |".format(
            **dict(target, met="yes" if target["met"] else "**no**")))
    out += _reach(rows, baseline, data.get("startup"))
    return "\n".join(out) + "\n"
