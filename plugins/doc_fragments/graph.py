# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Authentication and connection options shared by every module of the collection.
    DOCUMENTATION = r"""
options:
  tenant_id:
    description:
      - The Entra ID (Azure AD) tenant, as a GUID or a verified domain.
      - Needed for O(auth_method=client_secret) and O(auth_method=certificate).
      - Falls back to the E(AZURE_TENANT_ID) or E(AZURE_TENANT) environment variable.
    type: str
  client_id:
    description:
      - The application (client) id of the app registration.
      - Falls back to the E(AZURE_CLIENT_ID) environment variable.
    type: str
  client_secret:
    description:
      - A client secret of the app registration (its Value, not its Secret ID).
      - Falls back to E(AZURE_CLIENT_SECRET) or E(AZURE_SECRET).
    type: str
  client_certificate_path:
    description:
      - A certificate registered on the app registration, with its private key, as one PEM
        file (key and certificate) or a PFX (PKCS#12) file.
      - Falls back to E(AZURE_CLIENT_CERTIFICATE_PATH).
    type: path
  client_certificate_password:
    description:
      - The password of the private key or PFX file in O(client_certificate_path), if it has one.
      - Falls back to E(AZURE_CLIENT_CERTIFICATE_PASSWORD).
    type: str
  auth_method:
    description:
      - How to get a token.
      - V(auto) uses O(access_token) if set, else a certificate if O(client_certificate_path)
        is set, else a client secret if O(client_secret) is set, else a managed identity when
        the environment offers one.
      - The result's RV(ignore:auth_method) says which one was used.
    type: str
    default: auto
    choices: [auto, client_secret, certificate, managed_identity, access_token]
  managed_identity_client_id:
    description:
      - The client id of a user-assigned managed identity. Leave unset for the system-assigned one.
    type: str
  access_token:
    description:
      - A bearer token for Microsoft Graph obtained elsewhere. It is used as it is and cannot be
        refreshed.
    type: str
  cloud:
    description:
      - The national cloud, which sets the Graph and login hosts and the token scope.
      - Defaults to the cloud named by E(AZURE_CLOUD_ENVIRONMENT) (V(AzureCloud),
        V(AzureUSGovernment), V(AzureChinaCloud)), else V(public).
    type: str
    choices: [public, usgov, usgov_dod, china]
  graph_url:
    description:
      - The Graph root URL, overriding the cloud's, for example V(https://graph.microsoft.com).
        The module appends C(/beta).
    type: str
  authority_url:
    description:
      - The login host, overriding the cloud's, for example V(https://login.microsoftonline.com).
        The tenant is appended to it.
      - Falls back to E(AZURE_AUTHORITY_HOST).
    type: str
  scope:
    description:
      - The token scope. Defaults to the cloud's Graph root followed by C(/.default)
        (or O(graph_url) followed by C(/.default) when that is set).
    type: str
  validate_certs:
    description:
      - Whether to verify TLS certificates, on token and Graph requests alike.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM bundle of certificate authorities to trust, for token and Graph requests alike.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a throttled (429) or unavailable (503, 504) request is retried,
        honouring C(Retry-After), else with exponential backoff and jitter.
      - An action request is retried only after 429 or 503, which say it was not processed.
        After a 504, a timeout or a broken connection it is not sent again, and its devices are
        reported failed with C(outcome unknown).
      - Retrying one request stops after 300 seconds.
    type: int
    default: 5
  token_cache:
    description:
      - A file in which tasks share their token, so that a play of many tasks asks Entra ID
        for one token. It is written with mode 0600 and locked while in use, so forks running
        tasks at once are safe; a token is only reused for the same authority, tenant, client
        and scope.
      - The file holds a bearer token, so keep it in a private directory (not world-readable).
      - Not used with O(auth_method=access_token).
    type: path
notes:
  - Acting on devices needs the application permission
    C(DeviceManagementManagedDevices.PrivilegedOperations.All); looking devices up needs
    C(DeviceManagementManagedDevices.Read.All).
  - Secrets and tokens never appear in results, warnings or errors.
requirements:
  - msal >= 1.29.0
  - requests >= 2.31.0
"""
