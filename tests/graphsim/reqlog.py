"""The request log: what each request asked and how it was answered, with every secret and
token taken out, so tests (and people reading a failed run) can look at it safely."""

import json
import threading
import time
import urllib.parse

REDACTED = "<redacted>"
_SECRET_HEADERS = {"authorization", "x-identity-header", "cookie", "secret"}
_SECRET_FIELDS = {"client_secret", "client_assertion", "secret", "password", "passphrase",
                  "access_token", "refresh_token", "assertion"}
_LIMIT = 200000   # entries kept; old ones are dropped first


def redact_headers(headers):
    clean = {}
    for name, value in headers.items():
        if name.lower() == "authorization":
            scheme = value.split(" ", 1)[0] if value else ""
            clean[name] = (scheme + " " + REDACTED) if scheme else REDACTED
        elif name.lower() in _SECRET_HEADERS:
            clean[name] = REDACTED
        else:
            clean[name] = value
    return clean


def redact_value(value):
    """A copy of parsed JSON or form data with secret fields replaced."""
    if isinstance(value, dict):
        return {k: (REDACTED if k.lower() in _SECRET_FIELDS else
                    redact_headers(v) if k.lower() == "headers" and isinstance(v, dict) else
                    redact_value(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    return value


def parse_body(body, content_type):
    if not body:
        return None
    text = body.decode("utf-8", "replace")
    if "x-www-form-urlencoded" in (content_type or ""):
        return redact_value({k: v[0] for k, v in urllib.parse.parse_qs(
            text, keep_blank_values=True).items()})
    try:
        return redact_value(json.loads(text))
    except ValueError:
        return "<{} bytes, not JSON>".format(len(body))


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0

    def record(self, request, status, via=None, fault=None):
        entry = {
            "time": time.time(), "method": request.method, "path": request.path,
            "query": dict(request.query), "headers": redact_headers(request.headers),
            "body": parse_body(request.body, request.headers.get("content-type")),
            "status": status, "request_id": request.request_id,
        }
        if via:
            entry["via"] = via          # a $batch sub-request
        if fault:
            entry["fault"] = fault      # the fault that hit this request
        with self._lock:
            self._seq += 1
            entry["seq"] = self._seq
            self._entries.append(entry)
            if len(self._entries) > _LIMIT:
                del self._entries[:len(self._entries) - _LIMIT]
        return entry

    def entries(self, since=0):
        """Entries whose sequence number is above `since`, oldest first."""
        with self._lock:
            return [e for e in self._entries if e["seq"] > since]

    def reset(self):
        with self._lock:
            self._entries = []
