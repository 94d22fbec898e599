from __future__ import annotations

import json
from email.utils import formatdate

import pytest
import requests

from ansible_collections.intune.graph.plugins.module_utils import _client


def test_retry_after_in_seconds_and_as_http_date():
    assert _client.retry_after_seconds("7") == 7.0
    now = 1_800_000_000
    assert _client.retry_after_seconds(formatdate(now + 12, usegmt=True), now=now) == pytest.approx(12)
    assert _client.retry_after_seconds(formatdate(now - 12, usegmt=True), now=now) == 0.0
    assert _client.retry_after_seconds("soon") is None
    assert _client.retry_after_seconds(None) is None


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    low = _client.backoff_delays(base=1, cap=8, rand=lambda: 0.0)
    high = _client.backoff_delays(base=1, cap=8, rand=lambda: 1.0)
    assert [next(low) for _n in range(5)] == [0.5, 1, 2, 4, 4]
    assert [next(high) for _n in range(5)] == [1, 2, 4, 8, 8]


def _response(status, body, headers=None):
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode() if not isinstance(body, bytes) else body
    response.headers.update(headers or {})
    return response


def test_graph_error_names_code_message_request_id_and_permission():
    body = {"error": {"code": "Forbidden", "message": "Application is not authorized",
                      "innerError": {"request-id": "rid-1", "date": "x"}}}
    error = _client.graph_error(_response(403, body), "executeAction retire",
                                permission="DeviceManagementManagedDevices.PrivilegedOperations.All")
    text = str(error)
    assert "HTTP 403 Forbidden: Application is not authorized" in text
    assert "DeviceManagementManagedDevices.PrivilegedOperations.All" in text
    assert "request-id rid-1" in text
    assert error.request_id == "rid-1" and error.status == 403


def test_graph_error_reads_lower_case_innererror_and_intune_json_message():
    message = json.dumps({"_version": 3, "Message": "Device not found - Operation ID: abc"})
    body = {"error": {"code": "NotFound", "message": message, "innererror": {"request-id": "rid-2"}}}
    error = _client.graph_error(_response(404, body), "GET x")
    assert "Device not found - Operation ID: abc" in str(error)
    assert error.request_id == "rid-2"


def test_graph_error_prefers_the_header_request_id_and_survives_non_json():
    error = _client.graph_error(_response(502, b"<html>bad gateway</html>", {"request-id": "hdr"}), "GET x")
    assert "HTTP 502" in str(error) and "request-id hdr" in str(error)
