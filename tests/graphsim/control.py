"""The control API under /_sim/: lets another process (an ansible-playbook run, a demo) read
the request log and set the simulator up. It has no authentication: the server listens on
127.0.0.1 only, so only this machine can reach it."""

from .wire import json_response


def _error(status, message):
    return json_response(status, {"error": message})


def handle_control(sim, request):
    name = request.path[len("/_sim/"):].strip("/")
    try:
        body = request.json() or {}
    except ValueError:
        return _error(400, "the body is not JSON")
    if not isinstance(body, dict):
        return _error(400, "the body must be a JSON object")
    key = (request.method, name)
    try:
        if key == ("GET", "health"):
            return json_response(200, {"status": "ok"})
        if key == ("GET", "info"):
            return json_response(200, sim.info())
        if key == ("GET", "log"):
            since = int(request.query.get("since", "0"))
            return json_response(200, {"value": sim.log.entries(since)})
        if key == ("POST", "reset"):
            sim.reset(reseed=bool(body.get("reseed", True)))
            return json_response(200, {"status": "ok"})
        if key == ("GET", "config"):
            return json_response(200, sim.current_config())
        if key == ("POST", "config"):
            sim.configure(**body)
            return json_response(200, sim.current_config())
        if key == ("POST", "apps"):
            app = sim.register_app(**body)
            return json_response(201, {"client_id": app.client_id,
                                       "client_secret": app.secrets[0] if app.secrets else None,
                                       "roles": app.roles})
        if key == ("POST", "fail_later"):
            for device_id in body["device_ids"]:
                sim.store.fail_later(device_id)
            return json_response(200, {"status": "ok"})
        if key == ("POST", "tokens"):
            token, expires_on = sim.issue_token(**body)
            return json_response(200, {"access_token": token, "expires_on": expires_on})
    except (TypeError, ValueError, KeyError) as err:
        return _error(400, str(err))
    return _error(404, "no control endpoint {} /_sim/{}".format(request.method, name))
