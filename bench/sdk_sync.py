"""Sync devices with Microsoft's Graph SDK for Python (msgraph-beta-sdk), the way its documentation
shows: a client-secret credential (azure-identity), a GraphServiceClient, one executeAction per
100 device ids, sent one after another. Runs in bench/.sdk-venv, not in the collection's venv.

    python sdk_sync.py SETTINGS.json

SETTINGS.json: graph_url, authority_url, ca_path, device_ids; the credentials come from
AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. Prints one JSON line: requests sent,
devices Graph accepted, and the status of each refused request.
"""

import asyncio
import json
import os
import ssl
import sys

import httpx
from azure.identity import ClientSecretCredential
from kiota_abstractions.api_error import APIError
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider)
from msgraph_beta import GraphRequestAdapter, GraphServiceClient
from msgraph_beta.generated.device_management.managed_devices.execute_action.\
    execute_action_post_request_body import ExecuteActionPostRequestBody
from msgraph_beta.generated.models.managed_device_remote_action import ManagedDeviceRemoteAction
from msgraph_core import APIVersion, GraphClientFactory

CHUNK = 100


def graph_client(settings):
    """A GraphServiceClient whose token and Graph requests go to settings' hosts, trusting its CA."""
    credential = ClientSecretCredential(
        os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"],
        os.environ["AZURE_CLIENT_SECRET"],
        authority=settings["authority_url"], disable_instance_discovery=True,
        connection_verify=settings["ca_path"])
    host = httpx.URL(settings["graph_url"]).host
    auth = AzureIdentityAuthenticationProvider(
        credential, scopes=[settings["graph_url"] + "/.default"], allowed_hosts=[host])
    http = httpx.AsyncClient(verify=ssl.create_default_context(cafile=settings["ca_path"]),
                             timeout=30)
    # The SDK's default middleware (retries honouring Retry-After, redirects, telemetry).
    http = GraphClientFactory.create_with_default_middleware(api_version=APIVersion.beta,
                                                             client=http)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = settings["graph_url"] + "/beta"
    return GraphServiceClient(request_adapter=adapter)


async def sync_all(client, device_ids):
    outcome = {"requests": 0, "successful": 0, "errors": []}
    execute = client.device_management.managed_devices.execute_action
    for start in range(0, len(device_ids), CHUNK):
        body = ExecuteActionPostRequestBody(action_name=ManagedDeviceRemoteAction.SyncDevice,
                                            device_ids=device_ids[start:start + CHUNK])
        outcome["requests"] += 1
        try:
            result = await execute.post(body)
        except APIError as err:
            outcome["errors"].append(err.response_status_code)
            continue
        outcome["successful"] += len(result.successful_device_ids or [])
    return outcome


def main(path):
    with open(path, encoding="utf-8") as handle:
        settings = json.load(handle)
    outcome = asyncio.run(sync_all(graph_client(settings), settings["device_ids"]))
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1])
