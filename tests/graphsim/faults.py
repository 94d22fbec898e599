"""Faults a test can ask for: added latency, error answers (503/504), dropped connections and
answers slower than the client's timeout. Each fault applies to Graph requests unless it names
a path substring, and to a number of requests (or to all of them)."""

import threading
from dataclasses import asdict, dataclass

KINDS = ("status", "drop", "slow")
_ERROR_CODES = {500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable",
                504: "GatewayTimeout"}


@dataclass
class Fault:
    # kind: "status" answers `status`; "drop" closes without answering; "slow" answers
    # after `seconds`.
    kind: str
    count: int | None = 1      # how many matching requests it hits; None = all of them
    status: int = 503
    retry_after: int | None = None
    seconds: float = 0.0
    path: str | None = None    # substring of the path; None = any Graph request
    method: str | None = None
    # drop/slow: carry the request out first, as a real server that loses its answer would.
    process: bool = True

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError("fault kind must be one of {}".format(", ".join(KINDS)))

    def matches(self, request, is_graph):
        if self.method and request.method != self.method.upper():
            return False
        if self.path is None:
            return is_graph
        return self.path in request.path

    def error_code(self):
        return _ERROR_CODES.get(self.status, "ServiceUnavailable")


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._faults = []
            self.latency = 0.0
            self.latency_path = None
            self.latency_tokens = False

    def add(self, kind, **settings):
        fault = Fault(kind, **settings)
        with self._lock:
            self._faults.append(fault)
        return fault

    def set_latency(self, seconds, path=None, tokens=False):
        self.latency, self.latency_path, self.latency_tokens = float(seconds), path, tokens

    def configure(self, faults=None, latency=None):
        """From control-API JSON: `faults` replaces the pending list; `latency` is a number of
        seconds or {"seconds", "path", "tokens"}."""
        if faults is not None:
            with self._lock:
                self._faults = []
            for spec in faults:
                self.add(**spec)
        if latency is not None:
            if not isinstance(latency, dict):
                latency = {"seconds": latency}
            self.set_latency(**latency)

    def latency_for(self, request, is_graph, is_token):
        if not self.latency:
            return 0.0
        if self.latency_path is not None:
            return self.latency if self.latency_path in request.path else 0.0
        return self.latency if is_graph or (is_token and self.latency_tokens) else 0.0

    def take(self, request, is_graph):
        """The first pending fault that hits this request (using one of its count), or None."""
        if not self._faults:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.matches(request, is_graph):
                    if fault.count is not None:
                        fault.count -= 1
                        if fault.count <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def pending(self):
        with self._lock:
            return [asdict(f) for f in self._faults]
