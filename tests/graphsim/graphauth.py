"""Graph's side of authentication and authorization: is the bearer token one Graph accepts
(401 otherwise), and do its roles grant the permission the call needs (403 otherwise)."""

import time
import uuid

from .apps import PRIVILEGED_OPERATIONS, READ_ALL, READ_WRITE_ALL
from .tokens import InvalidToken
from .wire import GraphError

READ = (READ_ALL, READ_WRITE_ALL)
ACTION = (PRIVILEGED_OPERATIONS,)

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="", authorization_uri='
              '"https://login.microsoftonline.com/common/oauth2/authorize", '
              'client_id="00000003-0000-0000-c000-000000000000"'}


def _unauthorized(message):
    return GraphError(401, "InvalidAuthenticationToken", message, dict(_CHALLENGE))


def authenticate(sim, request):
    """The claims of the request's bearer token. Raises GraphError 401."""
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if not token:
        raise _unauthorized("Access token is empty.")
    if scheme.lower() != "bearer":
        raise _unauthorized("Access token validation failure. Invalid token.")
    try:
        claims = sim.tokens.claims(token)
    except InvalidToken:
        raise _unauthorized("Access token validation failure. Invalid token.") from None
    now = time.time()
    if not claims.get("nbf", 0) <= now < claims.get("exp", 0):
        raise _unauthorized("Access token has expired or is not yet valid.")
    if claims.get("aud") not in sim.accepted_audiences():
        raise _unauthorized("Access token validation failure. Invalid audience.")
    if claims.get("tid") != sim.tenant_id:
        raise _unauthorized("Access token validation failure. Invalid issuer.")
    return claims


def require(claims, request, any_of):
    """Raise GraphError 403 naming the permissions when the token's roles hold none of them."""
    roles = claims.get("roles") or ()
    if any(role in roles for role in any_of):
        return
    raise GraphError(403, "Forbidden", (
        "Application is not authorized to perform this operation. Application must have one of "
        "the following scopes: {} - Operation ID (for customer support): {} - Activity ID: {} - "
        "Url: {}").format(", ".join(any_of), uuid.uuid4(), request.request_id, request.path))
