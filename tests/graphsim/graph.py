"""Microsoft Graph's device-management routes: list and read managed devices (paged, with
$select/$filter/$top), the bulk executeAction, per-device actions and $batch. Device data and
the meaning of actions belong to the store; this file speaks Graph's HTTP dialect."""

import collections
import threading
import urllib.parse
import uuid

from .batch import handle_batch
from .graphauth import ACTION, READ, authenticate, require
from .wire import GraphError, graph_error, json_response, Response

VERSIONS = ("beta", "v1.0")
_SNAPSHOT_LIMIT = 200


def _segment_not_found(segment):
    return GraphError(400, "BadRequest", "Resource not found for the segment '{}'.".format(segment))


def _bad_request(message):
    return GraphError(400, "BadRequest", message)


class GraphApi:
    def __init__(self, sim):
        self.sim = sim
        # Later pages are served from the list taken for the first page, as a skip token
        # names server-side state; it also keeps deep paging cheap on large stores.
        self._snapshots = collections.OrderedDict()
        self._lock = threading.Lock()

    def reset(self):
        with self._lock:
            self._snapshots.clear()

    def handle(self, request):
        """Answer a Graph request (a $batch sub-request too): auth, throttling, then the route."""
        try:
            version, _sep, rest = request.path.lstrip("/").partition("/")
            if version not in VERSIONS:
                raise _bad_request("Invalid version: {}".format(version))
            segments = [s for s in rest.split("/") if s]
            if segments == ["$batch"]:
                if request.method != "POST":
                    raise GraphError(405, "BadRequest", "Batch requests must be POST.")
                return json_response(200, handle_batch(self.sim, request, version))
            claims = authenticate(self.sim, request)
            refused = self.sim.throttle.check(claims.get("tid"), claims.get("appid"),
                                              request.method)
            if refused is not None:
                return graph_error(request, 429, "TooManyRequests",
                                   "Too many requests. The request was throttled.", refused)
            return self._route(request, version, segments, claims)
        except GraphError as err:
            return graph_error(request, err.status, err.code, err.message, err.headers)
        except Exception as err:
            # The store raises its own error type with the same three fields.
            if not all(hasattr(err, a) for a in ("status", "code", "message")):
                raise
            return graph_error(request, err.status, err.code, err.message)

    def _route(self, request, version, segments, claims):
        if segments[:2] == ["deviceManagement", "managedDevices"]:
            user, rest = None, segments[2:]
        elif len(segments) >= 3 and segments[0] == "users" and segments[2] == "managedDevices":
            user, rest = segments[1], segments[3:]
        else:
            raise _segment_not_found(segments[-1] if segments else version)
        if not rest:
            self._method(request, "GET")
            require(claims, request, READ)
            return self._list(request, version, segments, user)
        if rest == ["executeAction"]:
            if version != "beta":
                raise _segment_not_found("executeAction")
            self._method(request, "POST")
            require(claims, request, ACTION)
            return self._execute_action(request, version, user)
        if len(rest) == 1:
            self._method(request, "GET")
            require(claims, request, READ)
            return self._get(request, version, rest[0], user)
        if len(rest) == 2 and user is None:
            self._method(request, "POST")
            require(claims, request, ACTION)
            self.sim.store.device_action(rest[0], rest[1], self._json_object(request, True))
            return Response(204)
        raise _segment_not_found(rest[-1])

    @staticmethod
    def _method(request, allowed):
        if request.method != allowed:
            raise GraphError(405, "MethodNotAllowed",
                             "The HTTP method '{}' is not allowed for this resource."
                             .format(request.method))

    # -- reads ---------------------------------------------------------------------------

    def _context(self, version, user, select, entity=False):
        path = "users('{}')/managedDevices".format(user) if user else \
            "deviceManagement/managedDevices"
        if select:
            path += "({})".format(",".join(select))
        return "{}/{}/$metadata#{}{}".format(self.sim.graph_url, version, path,
                                             "/$entity" if entity else "")

    @staticmethod
    def _select(request):
        raw = request.query.get("$select")
        if raw is None:
            return None
        fields = [f.strip() for f in raw.split(",") if f.strip()]
        if not fields:
            raise _bad_request("Invalid $select value.")
        return fields

    @staticmethod
    def _project(devices, select):
        if select is None:
            return devices
        if devices:
            for name in select:
                if not any(name in d for d in devices):
                    raise _bad_request("Could not find a property named '{}' on type "
                                       "'microsoft.graph.managedDevice'.".format(name))
        keep = ["id"] + [n for n in select if n != "id"]
        return [{k: d[k] for k in keep if k in d} for d in devices]

    def _page_size(self, request):
        size = int(self.sim.config["page_size"])
        top = request.query.get("$top")
        if top is not None:
            if not top.isdigit() or int(top) < 1:
                raise _bad_request("Invalid value for $top query option.")
            size = min(size, int(top))
        return size

    def _list(self, request, version, segments, user):
        select = self._select(request)
        size = self._page_size(request)
        token = request.query.get("$skiptoken")
        if token is not None:
            devices, offset = self._resume(token)
        else:
            devices, offset = self.sim.store.list_devices(
                filter=request.query.get("$filter"), user=user), 0
        page = devices[offset:offset + size]
        body = {"@odata.context": self._context(version, user, select),
                "value": self._project(page, select)}
        if offset + size < len(devices):
            body["@odata.nextLink"] = self._next_link(request, version, segments, devices,
                                                      token, offset + size)
        return json_response(200, body)

    def _resume(self, token):
        snapshot_id, _sep, offset = token.rpartition(".")
        with self._lock:
            devices = self._snapshots.get(snapshot_id)
        if devices is None or not offset.isdigit():
            raise _bad_request("The $skiptoken is not valid or has expired.")
        return devices, int(offset)

    def _next_link(self, request, version, segments, devices, token, offset):
        if token is None:
            snapshot_id = uuid.uuid4().hex
            with self._lock:
                self._snapshots[snapshot_id] = devices
                while len(self._snapshots) > _SNAPSHOT_LIMIT:
                    self._snapshots.popitem(last=False)
        else:
            snapshot_id = token.rpartition(".")[0]
        query = {k: v for k, v in request.query.items() if k != "$skiptoken"}
        query["$skiptoken"] = "{}.{}".format(snapshot_id, offset)
        encoded = "&".join("{}={}".format(k, urllib.parse.quote(v, safe="$'(),:@"))
                           for k, v in query.items())
        path = "/".join(urllib.parse.quote(s, safe="@$'()") for s in segments)
        return "{}/{}/{}?{}".format(self.sim.graph_url, version, path, encoded)

    def _get(self, request, version, device_id, user):
        select = self._select(request)
        if user is None:
            device = self.sim.store.get_device(device_id)
        else:
            device = next((d for d in self.sim.store.list_devices(user=user)
                           if d.get("id", "").lower() == device_id.lower()), None)
        if device is None:
            raise GraphError(404, "ResourceNotFound",
                             "Resource not found for the segment '{}'.".format(device_id))
        body = {"@odata.context": self._context(version, user, select, entity=True)}
        body.update(self._project([device], select)[0])
        return json_response(200, body)

    # -- actions -------------------------------------------------------------------------

    @staticmethod
    def _json_object(request, optional=False):
        try:
            payload = request.json()
        except ValueError:
            payload = None
        if payload is None and optional and not request.body:
            return None
        if not isinstance(payload, dict):
            raise _bad_request("Unable to read JSON request payload. Please ensure Content-Type "
                               "header is set and payload is of valid JSON format.")
        return payload

    def _execute_action(self, request, version, user):
        result = self.sim.store.execute_action(self._json_object(request), user=user)
        context = "{}/{}/$metadata#microsoft.graph.bulkManagedDeviceActionResult".format(
            self.sim.graph_url, version)
        if self.sim.config["response_shape"] == "value":
            value = {"@odata.type": "#microsoft.graph.bulkManagedDeviceActionResult"}
            value.update(result)
            return json_response(200, {"@odata.context": context, "value": value})
        body = {"@odata.context": context}
        body.update(result)
        return json_response(200, body)
