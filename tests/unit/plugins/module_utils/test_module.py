from __future__ import annotations

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.intune.graph.plugins.module_utils._module import GraphModule

SECRET = {"tenant_id": "t", "client_id": "c", "client_secret": "s"}


def build(args):
    with patch_module_args(args):
        return GraphModule(argument_spec={})


@pytest.mark.parametrize("cloud, graph, authority, scope", [
    ("usgov", "https://graph.microsoft.us", "https://login.microsoftonline.us",
     "https://graph.microsoft.us/.default"),
    ("china", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn",
     "https://microsoftgraph.chinacloudapi.cn/.default"),
])
def test_cloud_option_sets_graph_host_authority_and_scope(cloud, graph, authority, scope):
    module = build(dict(SECRET, cloud=cloud))
    assert (module.graph_root, module.authority_host, module.token_scope) == (graph, authority, scope)
    assert module.client.base == graph + "/beta"


def test_cloud_from_environment_and_env_fallbacks(monkeypatch):
    monkeypatch.setenv("AZURE_CLOUD_ENVIRONMENT", "AzureChinaCloud")
    monkeypatch.setenv("AZURE_TENANT", "tenant-from-env")
    monkeypatch.setenv("AZURE_CLIENT_ID", "client-from-env")
    monkeypatch.setenv("AZURE_SECRET", "secret-from-env")
    module = build({})
    assert module.graph_root == "https://microsoftgraph.chinacloudapi.cn"
    assert module.auth_method == "client_secret"
    assert module.params["tenant_id"] == "tenant-from-env"
    assert module.params["client_secret"] == "secret-from-env"
