# -*- coding: utf-8 -*-
# Copyright: contributors to the intune.graph collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A token shared between tasks through a file, so that a play of many tasks asks for one token.

The file holds bearer tokens: it is created and rewritten with mode 0600 only, and every use
holds an exclusive lock, so that forks running tasks at once neither corrupt it nor all ask
for a token of their own. Entries are keyed by authority, tenant, client and scope, so a token
is never handed to another app or tenant.
Internal to the intune.graph collection: not a public API, may change without notice.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time

# A cached token is used only while it has at least this long to live.
MIN_REMAINING_SECONDS = 60


def cache_key(*parts):
    return hashlib.sha256(json.dumps([str(part) for part in parts]).encode()).hexdigest()


class TokenCache:
    def __init__(self, path, clock=time.time):
        self.path = path
        self.clock = clock

    @contextlib.contextmanager
    def locked(self):
        """Hold the cache's lock (a sibling .lock file) for a read, a token request, a write."""
        descriptor = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def get(self, key):
        """The cached token for `key` if it lives long enough; call with the lock held."""
        entry = self._read().get(key)
        if entry and entry.get("expires_on", 0) - self.clock() > MIN_REMAINING_SECONDS:
            return entry.get("access_token")
        return None

    def put(self, key, token, expires_in):
        """Store a token, dropping expired entries; call with the lock held."""
        now = self.clock()
        entries = {k: v for k, v in self._read().items() if v.get("expires_on", 0) > now}
        entries[key] = {"access_token": token, "expires_on": now + float(expires_in)}
        temporary = "%s.%d.tmp" % (self.path, os.getpid())
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(entries, handle)
        os.replace(temporary, self.path)

    def _read(self):
        try:
            with open(self.path) as handle:
                entries = json.load(handle)
        except (OSError, ValueError):
            return {}  # absent or unreadable: start afresh
        return entries if isinstance(entries, dict) else {}
