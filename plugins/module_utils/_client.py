# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GraphClient: one requests session, retries with backoff, Graph errors, paging, $batch.

Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

import importlib.util
import json
import random
import threading
import time
import uuid
from email.utils import parsedate_to_datetime

# requests is imported when the first request is prepared: a run that sends nothing (bad input,
# no devices) starts faster without it.
HAS_REQUESTS = importlib.util.find_spec("requests") is not None

RETRY_STATUSES = (429, 503, 504)
# An action answered with these was not processed, so sending it again cannot act twice.
RESEND_SAFE_STATUSES = (429, 503)
BATCH_LIMIT = 20
MAX_RETRY_SECONDS = 300


class GraphError(Exception):
    """A Graph request that failed for good; the message is safe to show."""

    def __init__(self, message, status=None, code=None, request_id=None, outcome_unknown=False):
        super().__init__(message)
        self.status = status
        self.code = code
        self.request_id = request_id
        self.outcome_unknown = outcome_unknown


class Http:
    """A requests session that applies verify and timeout to every request.

    Passed per request because REQUESTS_CA_BUNDLE would otherwise override Session.verify.
    msal uses it too, so token requests honour ca_path and validate_certs as well.
    """

    def __init__(self, validate_certs=True, ca_path=None, timeout=30):
        import requests  # pylint: disable=import-outside-toplevel  # see HAS_REQUESTS

        self.exceptions = requests.exceptions
        self.session = requests.Session()
        # room for one connection per concurrent request (at most 16)
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=16)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.verify = (ca_path or True) if validate_certs else False
        self.timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs["verify"] = self.verify
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, url, **kwargs)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)


def retry_after_seconds(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def backoff_delays(base=1.0, cap=30.0, rand=random.random):
    """Exponential backoff with jitter: about base, 2*base, 4*base, ... never above cap."""
    attempt = 0
    while True:
        delay = min(cap, base * (2 ** attempt))
        yield delay / 2 + rand() * delay / 2
        attempt += 1


def graph_error(response, what, permission=None):
    """A GraphError from an error response: code, message, request-id, what to do."""
    request_id = response.headers.get("request-id")
    code, message = "HTTP%d" % response.status_code, (response.text or "")[:300]
    try:
        error = response.json()["error"]
        code = error.get("code") or code
        message = error.get("message") or ""
        inner = error.get("innerError") or error.get("innererror") or {}
        request_id = request_id or inner.get("request-id")
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    message = _intune_message(message)
    text = "%s failed: HTTP %d %s: %s" % (what, response.status_code, code, message.rstrip(". "))
    text += "."
    if response.status_code == 401:
        text += " The token was refused: an access_token given to the module may have expired."
    if response.status_code == 403 and permission:
        text += " Grant the application permission %s (with admin consent)." % permission
    if request_id:
        text += " (request-id %s)" % request_id
    return GraphError(text, status=response.status_code, code=code, request_id=request_id)


def _intune_message(message):
    """Intune sometimes puts a JSON document holding its own message inside `message`."""
    if isinstance(message, str) and message.lstrip().startswith("{"):
        try:
            inner = json.loads(message)
            return inner.get("Message") or inner.get("message") or message
        except ValueError:
            pass
    return message


class GraphClient:
    """Calls Graph beta with a bearer token; retries what is safe to retry."""

    def __init__(self, graph_root, tokens, http, max_retries=5,
                 max_retry_seconds=MAX_RETRY_SECONDS, sleep=time.sleep, backoff_base=1.0):
        self.base = graph_root.rstrip("/") + "/beta"
        self.tokens = tokens
        self.http = http
        self.max_retries = max_retries
        self.max_retry_seconds = max_retry_seconds
        self.sleep = sleep
        self.backoff_base = backoff_base
        self._pause_until = 0.0  # shared by every caller: a 429 pauses them all
        self._lock = threading.Lock()

    def call(self, method, path, body=None, params=None, what=None, permission=None,
             idempotent=None):
        """Send one request; returns (parsed JSON or {}, request-id). Raises GraphError.

        `idempotent` (default: GET only) requests may be sent again after a timeout, a broken
        connection or a 504. Others, the actions, only when Graph said it did not process them.
        """
        url = path if path.startswith("https://") or path.startswith("http://") else self.base + path
        what = what or "%s %s" % (method, path.split("?")[0])
        idempotent = method == "GET" if idempotent is None else idempotent
        started = time.monotonic()
        delays = backoff_delays(self.backoff_base)
        retries, refreshed = 0, False
        while True:
            self._wait_for_pause()
            client_request_id = str(uuid.uuid4())
            headers = {"Authorization": "Bearer " + self.tokens.token(),
                       "client-request-id": client_request_id, "Accept": "application/json"}
            response = None
            try:
                response = self.http.request(method, url, json=body, params=params, headers=headers)
            except (self.http.exceptions.Timeout, self.http.exceptions.ConnectionError) as exc:
                exceptions = self.http.exceptions
                set_up_failed = isinstance(exc, (exceptions.SSLError, exceptions.ProxyError))
                sent = not (set_up_failed or _never_sent(exc, exceptions))
                error = GraphError("%s failed: %s" % (what, _reason(exc)))
                if sent and not idempotent:
                    raise GraphError(
                        "%s: outcome unknown: the connection failed after the request was sent "
                        "(%s); it was not sent again, so check the devices before retrying "
                        "(client-request-id %s)" % (what, _reason(exc), client_request_id),
                        outcome_unknown=True)
                if set_up_failed:
                    raise error  # TLS or proxy set-up: trying again changes nothing
            if response is not None:
                if response.status_code == 401 and not refreshed and self.tokens.refreshable:
                    refreshed = True  # one fresh token, one more try
                    self.tokens.token(refresh=True)
                    continue
                if response.status_code < 400:
                    return _json(response), response.headers.get("request-id")
                error = graph_error(response, what, permission)
                if response.status_code not in RETRY_STATUSES:
                    raise error
                if not idempotent and response.status_code not in RESEND_SAFE_STATUSES:
                    raise GraphError("%s: outcome unknown: %s; it was not sent again, so check the "
                                     "devices before retrying" % (what, error), status=error.status,
                                     request_id=error.request_id, outcome_unknown=True)
            wait = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
            if wait is None:
                wait = next(delays)
            if retries >= self.max_retries or time.monotonic() - started + wait > self.max_retry_seconds:
                raise error
            retries += 1
            if response is not None and response.status_code == 429:
                self._pause(wait)
            else:
                self.sleep(wait)

    def get_all(self, path, params=None, what=None, permission=None, limit=None):
        """Every item of a collection, following @odata.nextLink."""
        items = []
        page, _rid = self.call("GET", path, params=params, what=what, permission=permission)
        while True:
            items.extend(page.get("value", []))
            link = page.get("@odata.nextLink")
            if not link or (limit and len(items) >= limit):
                return items[:limit] if limit else items
            page, _rid = self.call("GET", link, what=what, permission=permission)

    def batch(self, requests_, what="$batch", permission=None):
        """Send GET sub-requests through $batch, 20 at a time; returns {id: (status, body)}.

        Sub-requests answered 429/503/504 are sent again (after the longest Retry-After),
        within the same retry budget as any other request.
        """
        results = {}
        for start in range(0, len(requests_), BATCH_LIMIT):
            pending = requests_[start:start + BATCH_LIMIT]
            delays = backoff_delays(self.backoff_base)
            for attempt in range(self.max_retries + 1):
                body, _rid = self.call("POST", "/$batch", body={"requests": pending},
                                       what=what, permission=permission, idempotent=True)
                retry, wait = [], 0.0
                for answer in body.get("responses", []):
                    status = int(answer.get("status", 0))
                    if status in RETRY_STATUSES:
                        retry.append(answer["id"])
                        after = retry_after_seconds((answer.get("headers") or {}).get("Retry-After"))
                        wait = max(wait, after if after is not None else 0.0)
                    else:
                        results[answer["id"]] = (status, answer.get("body"))
                pending = [r for r in pending if r["id"] in retry]
                if not pending:
                    break
                if attempt < self.max_retries:
                    self._pause(wait or next(delays))
            for request in pending:
                results[request["id"]] = (429, {"error": {"code": "TooManyRequests",
                                                          "message": "still throttled after retries"}})
        return results

    def _pause(self, seconds):
        with self._lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)
        self._wait_for_pause()

    def _wait_for_pause(self):
        remaining = self._pause_until - time.monotonic()
        if remaining > 0:
            self.sleep(remaining)


def _json(response):
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        return {}


def _never_sent(exc, exceptions):
    """True when the connection could not be made, so the request did not go out."""
    if isinstance(exc, exceptions.ConnectTimeout):
        return True
    text = repr(exc)
    return any(mark in text for mark in ("NewConnectionError", "NameResolutionError",
                                         "Connection refused"))


def _reason(exc):
    """The part of a connection error a person can act on."""
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return ("TLS certificate verification failed (CERTIFICATE_VERIFY_FAILED): set ca_path to "
                "the CA bundle that signed the server's certificate")
    return text if len(text) < 300 else text[:300] + "..."
