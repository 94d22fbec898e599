"""GraphSimulator: Entra ID and Microsoft Graph (beta) on 127.0.0.1, over HTTPS with a CA made
for the run. Usable in-process (start()/stop(), or as a context manager) and as a process
(python -m graphsim). Every request passes through dispatch(): faults, the route, the log."""

import threading
import time
import traceback
import uuid

from . import apps as app_roles
from .apps import AppRegistry
from .certs import CertificateAuthority
from .control import handle_control
from .faults import Faults
from .graph import GraphApi
from .idp import IdentityProvider
from .reqlog import RequestLog
from .throttle import Throttle
from .tokens import TokenIssuer
from .transport import LoopbackServer, tls_context
from .wire import Response, graph_error

TENANT_ID = "7d3c2b1a-5e4f-4a6b-9c8d-0e1f2a3b4c5d"
TENANT_DOMAIN = "graphsim.onmicrosoft.com"
OTHER_TENANT_ID = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"   # a second tenant the IdP knows
CLIENT_ID = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c"
MANAGED_IDENTITY_CLIENT_ID = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"
# The real clouds' Graph roots: Entra issues tokens for them, and this Graph refuses them.
FOREIGN_RESOURCES = ("https://graph.microsoft.com", "https://graph.microsoft.us",
                     "https://dod-graph.microsoft.us", "https://microsoftgraph.chinacloudapi.cn")

DEFAULT_CONFIG = {
    "response_shape": "top",     # executeAction answer: "top" level lists, or wrapped in "value"
    "page_size": 1000,           # most devices per page; a larger $top is capped to it
    "token_lifetime": 3599,      # seconds
    "action_done_after": 5.0,    # seconds until a pending action reads as done (store setting)
    "accepted_audiences": None,  # token audiences Graph accepts; None = [graph_url]
}


class GraphSimulator:
    def __init__(self, *, port=0, identity_port=0, seed_file=None, generate=None, seed=0,
                 store_factory=None, throttle=None, latency=None, **config):
        unknown = set(config) - set(DEFAULT_CONFIG)
        if unknown:
            raise TypeError("unknown settings: " + ", ".join(sorted(unknown)))
        self._ports = (port, identity_port)
        self._seed_file, self._generate, self._seed = seed_file, generate, seed
        self._store_factory = store_factory
        self._initial_config = dict(DEFAULT_CONFIG, **config)
        # Throttle and latency settings that reset() returns to.
        self._initial_throttle, self._initial_latency = throttle or {}, latency or 0.0
        self.config = dict(self._initial_config)
        self.tenant_id = TENANT_ID
        self.client_id = CLIENT_ID
        self.managed_identity_client_id = MANAGED_IDENTITY_CLIENT_ID
        self.identity_header = uuid.uuid4().hex
        self.apps = AppRegistry()
        self.log = RequestLog()
        self.faults = Faults()
        self.throttle = Throttle()
        self.throttle.configure(**self._initial_throttle)
        self.faults.set_latency(self._initial_latency)
        self.idp = IdentityProvider(self)
        self.graph = GraphApi(self)
        self.store = None
        self._servers = []

    # -- life cycle ----------------------------------------------------------------------

    def start(self):
        self.ca = CertificateAuthority()
        context = tls_context(self.ca.server_cert_path, self.ca.server_key_path)
        https = LoopbackServer(self._ports[0], self.dispatch, context)
        # App Service's identity endpoint is plain http on the local machine; so is this one.
        identity = LoopbackServer(self._ports[1], self.dispatch)
        self._servers = [https, identity]
        self.graph_url = self.authority_url = "https://127.0.0.1:{}".format(https.port)
        self.control_url = self.graph_url + "/_sim"
        self.identity_endpoint = "http://127.0.0.1:{}/msi/token".format(identity.port)
        self.tokens = TokenIssuer(self.authority_url, self.config["token_lifetime"])
        self.client_cert = self.ca.make_client_cert("graphsim-client")
        self._register_defaults()
        self.store = self._new_store()
        for server in self._servers:
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                             daemon=True, name="graphsim-" + str(server.port)).start()
        return self

    def stop(self):
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []
        self.ca.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _register_defaults(self):
        self.apps.clear()
        app = self.apps.register(self.client_id, secret=True, certificate=self.client_cert.cert,
                                 display_name="graphsim automation")
        self.client_secret = app.secrets[0]
        self.apps.register(self.managed_identity_client_id, managed_identity=True,
                           display_name="graphsim managed identity")

    def _new_store(self):
        options = {"action_done_after": float(self.config["action_done_after"])}
        if self._store_factory is not None:
            return self._store_factory(**options)
        from .devices import DeviceStore, default_seed_path
        if self._generate:
            return DeviceStore.generated(int(self._generate), seed=self._seed, **options)
        return DeviceStore.from_file(self._seed_file or default_seed_path(), **options)

    # -- what clients need to know -------------------------------------------------------

    @property
    def scope(self):
        return self.graph_url + "/.default"

    @property
    def ca_path(self):
        return self.ca.ca_path

    def info(self):
        """Everything a client needs, as printed on the first line by `python -m graphsim`."""
        return {
            "graph_url": self.graph_url, "authority_url": self.authority_url,
            "ca_path": self.ca_path, "tenant_id": self.tenant_id,
            "tenant_domain": TENANT_DOMAIN, "other_tenant_id": OTHER_TENANT_ID,
            "client_id": self.client_id, "client_secret": self.client_secret,
            "scope": self.scope,
            "client_cert_path": self.client_cert.pem_path,
            "client_cert_pfx_path": self.client_cert.pfx_path,
            "client_cert_thumbprint": self.client_cert.sha1_thumbprint,
            "client_cert_sha256_thumbprint": self.client_cert.sha256_thumbprint,
            "identity_endpoint": self.identity_endpoint, "identity_header": self.identity_header,
            "managed_identity_client_id": self.managed_identity_client_id,
            "control_url": self.control_url,
        }

    # -- tenants and audiences (asked by the IdP and by Graph) ----------------------------

    def resolve_tenant(self, name):
        name = (name or "").lower()
        if name in (self.tenant_id, TENANT_DOMAIN):
            return self.tenant_id
        if name == OTHER_TENANT_ID:
            return OTHER_TENANT_ID
        return None

    def tenant_aliases(self, name):
        tenant_id = self.resolve_tenant(name)
        return [tenant_id, TENANT_DOMAIN] if tenant_id == self.tenant_id else [tenant_id]

    def tenant_name(self, tenant_id):
        return "graphsim" if tenant_id == self.tenant_id else "other"

    def known_resources(self):
        return {self.graph_url, *FOREIGN_RESOURCES, *self.accepted_audiences()}

    def accepted_audiences(self):
        return self.config["accepted_audiences"] or [self.graph_url]

    # -- settings ------------------------------------------------------------------------

    def reset(self, reseed=True):
        """Back to the state after start(): log, faults, throttle, settings, apps, pages;
        with `reseed`, a fresh store too."""
        changed_store_setting = self.config["action_done_after"] != \
            self._initial_config["action_done_after"]
        self.config = dict(self._initial_config)
        self.tokens.lifetime = self.config["token_lifetime"]
        self.log.reset()
        self.faults.reset()
        self.faults.set_latency(self._initial_latency)
        self.throttle.configure(**self._initial_throttle)
        self.graph.reset()
        client_secret = self.client_secret
        self._register_defaults()
        self.apps.get(self.client_id).secrets[:] = [client_secret]   # keep the one handed out
        self.client_secret = client_secret
        if reseed or changed_store_setting:
            self.store = self._new_store()

    def configure(self, *, throttle=None, faults=None, latency=None, **settings):
        """Change settings (see DEFAULT_CONFIG), throttling (Throttle.configure arguments),
        faults (a list of Fault settings, replacing pending ones) and latency."""
        unknown = set(settings) - set(DEFAULT_CONFIG)
        if unknown:
            raise ValueError("unknown settings: " + ", ".join(sorted(unknown)))
        if settings.get("response_shape", "top") not in ("top", "value"):
            raise ValueError("response_shape must be 'top' or 'value'")
        for name in ("page_size", "token_lifetime"):
            if name in settings and (not isinstance(settings[name], int) or settings[name] < 1):
                raise ValueError(name + " must be a positive whole number")
        reseed = "action_done_after" in settings and \
            settings["action_done_after"] != self.config["action_done_after"]
        self.config.update(settings)
        self.tokens.lifetime = int(self.config["token_lifetime"])
        if throttle is not None:
            self.throttle.configure(**throttle)
        self.faults.configure(faults=faults, latency=latency)
        if reseed:
            self.store = self._new_store()   # the store takes this setting when it is made

    def current_config(self):
        return dict(self.config, throttle=self.throttle.settings, faults=self.faults.pending(),
                    latency={"seconds": self.faults.latency, "path": self.faults.latency_path,
                             "tokens": self.faults.latency_tokens})

    def register_app(self, client_id=None, *, secret=True, certificate=None,
                     roles=app_roles.DEFAULT_ROLES, display_name=None, managed_identity=False):
        """Register another app (or managed identity) with the given application permissions."""
        return self.apps.register(client_id, secret=None if managed_identity else secret,
                                  certificate=certificate, roles=roles,
                                  display_name=display_name, managed_identity=managed_identity)

    def issue_token(self, *, client_id=None, roles=None, audience=None, tenant_id=None,
                    lifetime=None):
        """A token minted directly, for tests that need an odd one (expired, foreign...)."""
        app = self.apps.get(client_id or self.client_id)
        if app is None:
            raise ValueError("unknown client_id")
        claims = {"roles": list(roles)} if roles is not None else None
        return self.tokens.issue(tenant_id=tenant_id or self.tenant_id, app=app,
                                 audience=audience or self.graph_url, lifetime=lifetime,
                                 claims=claims)

    # -- every request -------------------------------------------------------------------

    def dispatch(self, request):
        try:
            response = self._dispatch(request)
        except Exception:   # a bug here must still answer, and show in the server's output
            traceback.print_exc()
            response = graph_error(request, 500, "InternalServerError", "Simulator error.")
        response.headers["request-id"] = request.request_id
        response.headers["client-request-id"] = request.client_request_id
        return response

    def _dispatch(self, request):
        path = request.path
        if path.startswith("/_sim/"):
            return handle_control(self, request)
        is_graph = path.split("/", 2)[1] in ("beta", "v1.0")
        delay = self.faults.latency_for(request, is_graph, not is_graph)
        if delay:
            time.sleep(delay)
        fault = self.faults.take(request, is_graph)
        if fault is None:
            response = self._route(request, is_graph)
            self.log.record(request, response.status)
            return response
        return self._with_fault(request, is_graph, fault)

    def _with_fault(self, request, is_graph, fault):
        if fault.kind == "status":
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            response = graph_error(request, fault.status, fault.error_code(),
                                   "The service is temporarily unavailable.", headers)
            self.log.record(request, response.status, fault=fault.kind)
            return response
        response = self._route(request, is_graph) if fault.process else None
        if fault.kind == "slow":
            time.sleep(fault.seconds)
            response = response or self._route(request, is_graph)
            self.log.record(request, response.status, fault=fault.kind)
            return response
        # A dropped connection: carried out or not (fault.process), it is never answered.
        self.log.record(request, None, fault=fault.kind)
        return Response(0, drop=True)

    def _route(self, request, is_graph):
        if is_graph:
            return self.graph.handle(request)
        response = self.idp.handle(request)
        if response is None:
            response = graph_error(request, 404, "NotFound",
                                   "No route for {} {}.".format(request.method, request.path))
        return response
