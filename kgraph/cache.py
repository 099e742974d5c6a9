"""The incremental-build cache: one SQLite file, what each file gave last time.

A row holds a file's result (record and findings, pickled) under the SHA-256 of its name
and bytes, salted with the kgraph version and a fingerprint of the ingest and extract code
and the options that change extraction (vocabulary, rules, spaCy pipeline). A batch's rows
are written in one transaction: an interrupted build leaves whole batches or nothing of
one. A damaged entry is a miss; a file that is not a cache is replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

from kgraph.errors import UsageError

__all__ = ["Cache", "fingerprint"]

_FORMAT = 2  # of the pickled values; part of every key
_log = logging.getLogger(__name__)


def fingerprint(*parts: Any) -> str:
    """A short hash of the options and files that a cached result depends on."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path) and part.is_dir():
            for path in sorted(part.rglob("*")):
                if path.is_file():
                    digest.update(path.name.encode() + path.read_bytes())
        elif isinstance(part, Path) and part.is_file():
            digest.update(part.read_bytes())
        else:
            digest.update(repr(part).encode())
    return digest.hexdigest()[:16]


class Cache:
    """Results in the SQLite file ``path``, by key; every process opens its own connection."""

    def __init__(self, path: str | os.PathLike[str], salt: str) -> None:
        self.path, self.salt = Path(path), salt
        self._prefix = f"{_FORMAT}:{salt}".encode()

    def create(self) -> Cache:
        """Make the file and table if need be; hold a connection until :meth:`prune` (in the
        main process), so that a worker's is never the last, whose closing writes the log
        back into the file each time."""
        try:
            self._held = self._open()
        except sqlite3.DatabaseError as exc:  # not a database, or a damaged one: a new one
            _log.warning("cache %s is unreadable (%s): starting a new one", self.path, exc)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._held = self._open()
        return self

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise UsageError(f"the cache {self.path} is a folder, not a file")
        db = self._connect()
        try:
            db.execute("PRAGMA journal_mode=WAL")  # readers do not wait for a writer
            # a rowid table: its rows (KBs each) are appended, and only the key index takes
            # random inserts (2-4x faster to write than WITHOUT ROWID, measured)
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, "
                       "value BLOB NOT NULL)")
            db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=600)  # another worker's write: wait for it
        db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never torn
        db.execute("PRAGMA wal_autocheckpoint=10000")  # a checkpoint (and sync) per 40 MB
        return db

    def key(self, name: str, data: bytes) -> str:
        """The key of a file's result: from its name and bytes, and the salt."""
        return hashlib.sha256(self._prefix + name.encode() + b"\0" + data).hexdigest()

    def get(self, keys: list[str]) -> dict[str, Any]:
        """The stored results of those of ``keys`` that have one (unreadable ones left out)."""
        if not keys:
            return {}
        with contextlib.closing(self._connect()) as db:
            rows = [row for i in range(0, len(keys), 500) for row in db.execute(
                f"SELECT key, value FROM results WHERE key IN ({','.join('?' * len(keys[i:i + 500]))})",
                keys[i:i + 500])]
        found = {}
        for key, value in rows:
            try:
                found[key] = pickle.loads(value)  # noqa: S301 - our own file, in our output folder
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
                continue
        return found

    def put(self, items: list[tuple[str, Any]]) -> None:
        """Store results by key, all in one transaction."""
        if not items:
            return
        with contextlib.closing(self._connect()) as db, db:
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)",
                           [(key, pickle.dumps(value, protocol=5)) for key, value in items])

    def prune(self, keep: set[str]) -> int:
        """Remove the results not in ``keep`` (files gone or changed); returns how many."""
        # closed last: the write-ahead log goes back into the file, which is then the cache
        with contextlib.closing(self._held) as db, db:
            db.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY) WITHOUT ROWID")
            db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keep))
            return db.execute("DELETE FROM results WHERE key NOT IN (SELECT key FROM keep)"
                              ).rowcount
