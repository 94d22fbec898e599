"""JSON batching (POST /$batch): up to 20 requests in one envelope, each answered as if it had
been sent on its own, throttling included."""

import json
import urllib.parse

from .graphauth import authenticate
from .wire import GraphError, Request, new_id

MAX_REQUESTS = 20


def _invalid(message="Invalid batch payload format."):
    return GraphError(400, "BadRequest", message)


def _sub_request(envelope, version, item):
    if not isinstance(item, dict) or not item.get("id") or not item.get("method") \
            or not item.get("url"):
        raise _invalid()
    url = str(item["url"])
    if "://" in url:
        raise _invalid("Batch request urls must be relative to the Graph version.")
    path, _sep, raw_query = url.lstrip("/").partition("?")
    headers = {str(k).lower(): str(v) for k, v in (item.get("headers") or {}).items()}
    body = b""
    if item.get("body") is not None:
        if "content-type" not in headers:
            raise _invalid("Write request id : {} does not contain Content-Type header or body."
                           .format(item["id"]))
        body = json.dumps(item["body"]).encode()
    # The envelope's credentials stand for every request in it.
    for name in ("authorization", "client-request-id"):
        if name in envelope.headers:
            headers[name] = envelope.headers[name]
    query = dict(urllib.parse.parse_qsl(raw_query, keep_blank_values=True))
    return Request(method=str(item["method"]).upper(), path="/{}/{}".format(
        version, urllib.parse.unquote(path)), query=query, headers=headers, body=body,
        request_id=new_id(), client_request_id=envelope.client_request_id, raw_query=raw_query)


def handle_batch(sim, request, version):
    """The body of the batch answer; raises GraphError for a refused envelope."""
    authenticate(sim, request)
    try:
        payload = request.json()
    except ValueError:
        raise _invalid() from None
    items = payload.get("requests") if isinstance(payload, dict) else None
    if not isinstance(items, list) or not items:
        raise _invalid()
    if len(items) > MAX_REQUESTS:
        raise _invalid("The number of batch requests exceeds the limit of {}.".format(
            MAX_REQUESTS))
    subs = [_sub_request(request, version, item) for item in items]
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        raise _invalid("Batch request ids must be unique.")
    responses = []
    for item_id, sub in zip(ids, subs):
        answer = sim.graph.handle(sub)
        sim.log.record(sub, answer.status, via="$batch")
        headers = {k: v for k, v in answer.headers.items()
                   if k in ("Content-Type", "Retry-After", "Location")}
        entry = {"id": item_id, "status": answer.status, "headers": headers}
        if answer.body:
            entry["body"] = json.loads(answer.body)
        responses.append(entry)
    return {"responses": responses}
