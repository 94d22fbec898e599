"""Access tokens: the simulator signs them as Entra ID would (RS256 JWTs) and checks them
when they come back to Graph. Checking is cached per token string, since the same token
arrives on every request."""

import base64
import hashlib
import threading
import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class InvalidToken(Exception):
    pass


def _b64url_uint(value):
    data = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TokenIssuer:
    _CACHE_LIMIT = 10000

    def __init__(self, issuer_base, lifetime=3599):
        self.issuer_base = issuer_base      # the authority root, e.g. https://127.0.0.1:PORT
        self.lifetime = lifetime
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._public = self._key.public_key()
        numbers = self._public.public_numbers()
        self.kid = hashlib.sha1(_b64url_uint(numbers.n).encode()).hexdigest()[:27]
        self._jwk = {"kty": "RSA", "use": "sig", "kid": self.kid, "alg": "RS256",
                     "n": _b64url_uint(numbers.n), "e": _b64url_uint(numbers.e)}
        self._cache = {}
        self._lock = threading.Lock()

    def issuer(self, tenant_id):
        return "{}/{}/v2.0".format(self.issuer_base, tenant_id)

    def jwks(self):
        return {"keys": [dict(self._jwk)]}

    def issue(self, *, tenant_id, app, audience, lifetime=None, claims=None):
        """Sign an app-only token for `app`; returns (token, expires_on epoch seconds)."""
        now = int(time.time())
        lifetime = self.lifetime if lifetime is None else lifetime
        payload = {
            "aud": audience, "iss": self.issuer(tenant_id), "iat": now, "nbf": now,
            "exp": now + lifetime, "tid": tenant_id, "appid": app.client_id,
            "azp": app.client_id, "app_displayname": app.display_name, "idtyp": "app",
            "oid": app.object_id, "sub": app.object_id, "roles": list(app.roles),
            "uti": uuid.uuid4().hex, "ver": "2.0",
        }
        payload.update(claims or {})
        token = jwt.encode(payload, self._key, algorithm="RS256", headers={"kid": self.kid})
        return token, payload["exp"]

    def claims(self, token):
        """The claims of a token this simulator signed, signature checked; time is not
        checked here (the caller does, on every use). Raises InvalidToken."""
        claims = self._cache.get(token)
        if claims is None:
            try:
                claims = jwt.decode(token, self._public, algorithms=["RS256"],
                                    options={"verify_aud": False, "verify_exp": False,
                                             "verify_nbf": False, "verify_iat": False})
            except jwt.PyJWTError as err:
                raise InvalidToken(str(err)) from None
            with self._lock:
                if len(self._cache) >= self._CACHE_LIMIT:
                    self._cache.clear()
                self._cache[token] = claims
        return claims
