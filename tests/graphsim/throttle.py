"""Intune's request limits: a sliding window per app per tenant, one for writes and,
optionally, one for all requests. Over the limit, Graph answers 429 with Retry-After
(and, as users report, sometimes without it)."""

import collections
import math
import threading
import time

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Window:
    """At most `limit` events in any `seconds`-long span."""

    def __init__(self, limit, seconds):
        self.limit, self.seconds = int(limit), float(seconds)
        self._events = collections.defaultdict(collections.deque)

    def wait(self, key, now):
        """Seconds until `key` may have another event; 0 when it may now."""
        events = self._events[key]
        while events and events[0] <= now - self.seconds:
            events.popleft()
        if len(events) < self.limit:
            return 0
        return events[0] + self.seconds - now

    def add(self, key, now):
        self._events[key].append(now)


class Throttle:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self.configure()

    def configure(self, writes=(200, 20), reads=None, retry_after=True):
        """`writes` / `reads`: (limit, window seconds) or None for no limit; `reads` counts every
        request, as Intune's "all requests" limit does. `retry_after` False leaves the header out."""
        with self._lock:
            self.writes = Window(*writes) if writes else None
            self.reads = Window(*reads) if reads else None
            self.retry_after = retry_after
            self.settings = {"writes": list(writes) if writes else None,
                             "reads": list(reads) if reads else None,
                             "retry_after": retry_after}

    def check(self, tenant_id, app_id, method):
        """None when the request may go ahead, else the headers of the 429 (maybe empty)."""
        key = (tenant_id, app_id)
        with self._lock:
            now = self._clock()
            windows = [self.reads] + ([self.writes] if method in WRITE_METHODS else [])
            windows = [w for w in windows if w is not None]
            wait = max([w.wait(key, now) for w in windows], default=0)
            if wait:
                # A refused request takes no slot, so a client that waits gets through.
                return {"Retry-After": str(max(1, math.ceil(wait)))} if self.retry_after else {}
            for window in windows:
                window.add(key, now)
            return None
