"""What travels over the wire: the request and response objects every route works with,
and the two error body formats (Microsoft Graph's and Entra ID's)."""

import datetime
import json
import uuid
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str                      # percent-decoded, without the query string
    query: dict                    # first value of each parameter
    headers: dict                  # lower-case names
    body: bytes = b""
    request_id: str = ""
    client_request_id: str = ""
    raw_query: str = ""

    def json(self):
        """The JSON body, or None when there is none. Raises ValueError when it is not JSON."""
        if not self.body:
            return None
        return json.loads(self.body)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    drop: bool = False             # close the connection without answering


class GraphError(Exception):
    """A Graph failure raised by a route and answered in Graph's error form."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def new_id():
    return str(uuid.uuid4())


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def json_response(status, obj, headers=None):
    all_headers = {"Content-Type": "application/json; charset=utf-8"}
    all_headers.update(headers or {})
    return Response(status, json.dumps(obj).encode(), all_headers)


def graph_error_body(request, code, message):
    return {"error": {"code": code, "message": message, "innerError": {
        "date": utc_now().strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": request.request_id,
        "client-request-id": request.client_request_id,
    }}}


def graph_error(request, status, code, message, headers=None):
    return json_response(status, graph_error_body(request, code, message), headers)


def entra_error(request, status, error, aadsts, description):
    """Entra ID's OAuth error body; `description` follows the AADSTS code as Entra writes it."""
    now = utc_now()
    trace_id = new_id()
    correlation_id = request.client_request_id
    timestamp = now.strftime("%Y-%m-%d %H:%M:%SZ")
    text = "AADSTS{}: {}\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}".format(
        aadsts, description, trace_id, correlation_id, timestamp)
    return json_response(status, {
        "error": error,
        "error_description": text,
        "error_codes": [aadsts],
        "timestamp": timestamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": "{}/error?code={}".format("https://login.microsoftonline.com", aadsts),
    })
