# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send one executeAction body for many devices: in chunks, several at a time, every answer
recorded in the accounting in the order the devices were given.

Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ansible_collections.intune.graph.plugins.module_utils import _device_actions as catalog
from ansible_collections.intune.graph.plugins.module_utils._auth import AuthError
from ansible_collections.intune.graph.plugins.module_utils._client import GraphError

PERMISSION = "DeviceManagementManagedDevices.PrivilegedOperations.All"
MAX_CONCURRENCY = 16


def execute(client, path, body, ids, batch_size, concurrency, accounting):
    """POST `body` for `ids`, `batch_size` ids per request and `concurrency` requests at once.

    Returns (Graph's request ids, whether any chunk's outcome is unknown). A 401/403 or a token
    error stops chunks not yet sent: they would be refused the same way.
    """
    chunks = catalog.chunks(ids, batch_size)
    refused = []

    def send(chunk):
        if refused:
            return None, GraphError("not sent, since %s" % refused[0])
        try:
            return client.call("POST", path, body=dict(body, deviceIds=chunk),
                               what="executeAction " + body["actionName"],
                               permission=PERMISSION), None
        except GraphError as exc:
            if exc.status in (401, 403):
                refused.append("an earlier request was refused (HTTP %d)" % exc.status)
            return None, exc
        except AuthError as exc:
            refused.append("no token could be had")
            return None, exc

    workers = min(concurrency, len(chunks))
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor  # pylint: disable=import-outside-toplevel

        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(send, chunks))
    else:
        outcomes = [send(chunk) for chunk in chunks]
    request_ids, outcome_unknown = [], False
    for chunk, (answer, error) in zip(chunks, outcomes):
        request_id = answer[1] if answer else getattr(error, "request_id", None)
        if request_id:
            request_ids.append(request_id)
        if error is not None:
            accounting.add_failure(chunk, str(error))
            outcome_unknown = outcome_unknown or getattr(error, "outcome_unknown", False)
        else:
            accounting.add_response(chunk, catalog.result_lists(answer[0]))
    return request_ids, outcome_unknown
