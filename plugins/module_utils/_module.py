# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GraphModule: an AnsibleModule with the collection's shared auth and connection options.

Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.intune.graph.plugins.module_utils import _auth, _client, _token_cache

GRAPH_ARGUMENT_SPEC = dict(
    tenant_id=dict(type="str", fallback=(env_fallback, ["AZURE_TENANT_ID", "AZURE_TENANT"])),
    client_id=dict(type="str", fallback=(env_fallback, ["AZURE_CLIENT_ID"])),
    client_secret=dict(type="str", no_log=True,
                       fallback=(env_fallback, ["AZURE_CLIENT_SECRET", "AZURE_SECRET"])),
    client_certificate_path=dict(type="path",
                                 fallback=(env_fallback, ["AZURE_CLIENT_CERTIFICATE_PATH"])),
    client_certificate_password=dict(type="str", no_log=True,
                                     fallback=(env_fallback, ["AZURE_CLIENT_CERTIFICATE_PASSWORD"])),
    auth_method=dict(type="str", default="auto", choices=list(_auth.AUTH_METHODS)),
    managed_identity_client_id=dict(type="str"),
    access_token=dict(type="str", no_log=True),
    cloud=dict(type="str", choices=sorted(_auth.CLOUDS)),
    graph_url=dict(type="str"),
    authority_url=dict(type="str", fallback=(env_fallback, ["AZURE_AUTHORITY_HOST"])),
    scope=dict(type="str"),
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path"),
    timeout=dict(type="float", default=30),
    max_retries=dict(type="int", default=5),
    token_cache=dict(type="path"),
)


class GraphModule(AnsibleModule):
    """Merges the shared options into a module's own and builds the Graph client on demand.

    Credentials are checked at start-up, but no token is asked for until a request needs one.
    """

    def __init__(self, argument_spec, **kwargs):
        spec = dict(GRAPH_ARGUMENT_SPEC)
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        if not _auth.HAS_MSAL:
            self.fail_json(msg=missing_required_lib("msal"))
        if not _client.HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"))
        if self.params["max_retries"] < 0 or self.params["timeout"] <= 0:
            self.fail_json(msg="max_retries must be 0 or more and timeout more than 0")
        for option in ("tenant_id", "client_id", "managed_identity_client_id"):
            if self.params[option] is not None:  # pasted ids often carry spaces
                self.params[option] = self.params[option].strip()
        if not self.params["validate_certs"]:
            self.warn("validate_certs is false: TLS certificates are not checked, on token and "
                      "Graph requests alike")
        try:
            cloud = _auth.resolve_cloud(self.params["cloud"])
            self.auth_method = _auth.choose_auth_method(self.params)
        except _auth.AuthError as exc:
            self.fail_json(msg=str(exc))
        missing = _auth.missing_options(self.auth_method, self.params)
        if missing:
            self.fail_json(msg="auth_method=%s needs %s (options, or the AZURE_* environment "
                               "variables)" % (self.auth_method, ", ".join(missing)))
        for option in ("graph_url", "authority_url"):
            url = self.params[option]
            if url and not url.startswith("https://"):
                self.fail_json(msg="%s must be an https:// URL, got %s" % (option, url))
        self.graph_root, self.authority_host, self.token_scope = _auth.endpoints(
            cloud, self.params["graph_url"], self.params["authority_url"], self.params["scope"])
        self._client = None

    @property
    def client(self):
        if self._client is None:
            params = self.params
            http = _client.Http(params["validate_certs"], params["ca_path"], params["timeout"])
            cache = _token_cache.TokenCache(params["token_cache"]) if params["token_cache"] else None
            tokens = _auth.TokenProvider(params, self.auth_method, self.authority_host,
                                         self.token_scope, http, cache)
            self._client = _client.GraphClient(self.graph_root, tokens, http,
                                               max_retries=params["max_retries"])
        return self._client
