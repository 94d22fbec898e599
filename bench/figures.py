"""The arithmetic of the report: the floor, the throttle's own limit, medians and spreads, and
the uri loop's estimate for sizes it is not run at."""

import math
import statistics

GRAPH_MAX_IDS = 100


def floor_s(devices, latency, concurrency, batch_size=GRAPH_MAX_IDS):
    """The least time the work can take: one token request, then ceil(N/batch) POSTs sent
    `concurrency` at a time, each taking the injected latency."""
    posts = math.ceil(devices / batch_size)
    return latency * (1 + math.ceil(posts / concurrency))


def throttle_limit_s(writes, limit, window, latency, concurrency):
    """The least time `writes` POSTs can take when at most `limit` are admitted in any
    `window` seconds: each full window's worth waits for the window to pass, and the last
    window's writes still go `concurrency` at a time. Never less than the unthrottled floor."""
    windows = math.ceil(writes / limit)
    last = writes - (windows - 1) * limit
    throttled = latency + (windows - 1) * window + math.ceil(last / concurrency) * latency
    return max(throttled, latency * (1 + math.ceil(writes / concurrency)))


def forced_429s(writes, limit, window, latency, concurrency):
    """429s a client cannot avoid without knowing the limit in advance: each time the window
    fills, every request it has in flight is refused once. A client that cannot send `limit`
    requests within one window never fills it."""
    if latency and concurrency / latency * window <= limit:
        return 0
    return (math.ceil(writes / limit) - 1) * concurrency


def spread(values):
    """median, min, max and the spread as a percentage of the median."""
    median = statistics.median(values)
    low, high = min(values), max(values)
    return {"median": round(median, 3), "min": round(low, 3), "max": round(high, 3),
            "spread_pct": round(100 * (high - low) / median, 1) if median else 0.0,
            "runs": len(values)}


def linear_estimate(points, size):
    """Wall time at `size` from (size, seconds) medians, by the straight line through the two
    largest: a per-device cost plus a fixed cost."""
    (n1, t1), (n2, t2) = sorted(points)[-2:]
    per_device = (t2 - t1) / (n2 - n1)
    return {"median": round(t2 + per_device * (size - n2), 1),
            "per_device_s": round(per_device, 4), "fixed_s": round(t1 - per_device * n1, 2),
            "from_sizes": [n1, n2]}
