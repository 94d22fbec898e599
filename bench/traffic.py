"""What one run sent, read from the simulator's request log: requests by kind, answers by
status, and how long the traffic lasted."""

from collections import Counter

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def kind(entry):
    """token (any Entra ID request: token or OpenID discovery), graph_read or graph_write.
    A $batch POST carries reads only in these workloads, so it counts as a read."""
    version = entry["path"].split("/", 2)[1]
    if version not in ("beta", "v1.0"):
        return "token"
    if entry["method"] in WRITE_METHODS and not entry["path"].endswith("/$batch"):
        return "graph_write"
    return "graph_read"


def summarise(entries, latency):
    """Counts of one run's requests; $batch sub-requests are not on the wire and are left out.
    `span_s` runs from the first request's arrival (its answer time less the injected latency)
    to the last answer."""
    wire = [e for e in entries if e.get("via") != "$batch" and not e["path"].startswith("/_sim/")]
    kinds = Counter(kind(e) for e in wire)
    statuses = Counter(str(e["status"]) for e in wire if kind(e) == "graph_write")
    span = (max(e["time"] for e in wire) - min(e["time"] for e in wire) + latency) if wire else 0.0
    return {
        "token": kinds["token"], "graph_read": kinds["graph_read"],
        "graph_write": kinds["graph_write"],
        "write_statuses": dict(sorted(statuses.items())),
        "throttled_429": sum(1 for e in wire if e["status"] == 429),
        "span_s": round(span, 3),
    }
