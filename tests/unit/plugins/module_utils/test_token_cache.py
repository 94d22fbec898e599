from __future__ import annotations

import os
import stat

from ansible_collections.intune.graph.plugins.module_utils._token_cache import TokenCache, cache_key


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def test_a_token_is_reused_until_a_minute_before_it_expires(tmp_path):
    clock = Clock()
    cache = TokenCache(str(tmp_path / "c.json"), clock=clock)
    key = cache_key("client_secret", "https://login/tenant", "client", None, "scope")
    with cache.locked():
        assert cache.get(key) is None
        cache.put(key, "tok", 3600)
    clock.now += 3600 - 61
    assert cache.get(key) == "tok"
    clock.now += 2
    assert cache.get(key) is None


def test_the_file_is_private_even_if_it_was_not(tmp_path):
    path = tmp_path / "c.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    cache = TokenCache(str(path))
    with cache.locked():
        cache.put("k", "tok", 3600)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(path) + ".lock").st_mode) == 0o600


def test_keys_differ_by_tenant_client_and_authority_and_expired_entries_go(tmp_path):
    clock = Clock()
    cache = TokenCache(str(tmp_path / "c.json"), clock=clock)
    keys = {cache_key("client_secret", authority, client, None, "s")
            for authority in ("https://a/t1", "https://a/t2", "https://b/t1") for client in ("c1", "c2")}
    assert len(keys) == 6
    cache.put("old", "x", 10)
    clock.now += 20
    cache.put("new", "y", 3600)
    assert cache.get("old") is None and cache.get("new") == "y"
    assert "old" not in (tmp_path / "c.json").read_text()


def test_a_damaged_file_is_ignored(tmp_path):
    path = tmp_path / "c.json"
    path.write_text("not json")
    assert TokenCache(str(path)).get("k") is None
