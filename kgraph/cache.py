"""The incremental-build cache: what a file gave last time, keyed by its content.

A key is the SHA-256 of the file's bytes, its name, the kgraph version, the source of
the ingest and extract code, and the build options that change extraction (vocabulary,
rules, spaCy pipeline). A second build reads back the result of every unchanged file
instead of extracting it again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from kgraph.export.files import write_atomic

__all__ = ["Cache", "fingerprint"]

_FORMAT = 1


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
    """Pickled results in ``folder``, one file per key; a damaged entry is a miss."""

    def __init__(self, folder: str | os.PathLike[str], salt: str) -> None:
        self.folder = Path(folder)
        self.salt = f"{_FORMAT}:{salt}"
        self.hits = 0

    def key(self, name: str, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + name.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> Any | None:
        try:
            with open(self.folder / key[:2] / key, "rb") as handle:
                value = pickle.load(handle)  # noqa: S301 - our own files, in our output folder
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        write_atomic(self.folder / key[:2] / key, pickle.dumps(value, protocol=5))

    def prune(self, keep: set[str]) -> int:
        """Remove the entries not in ``keep`` (files gone or changed); returns how many."""
        removed = 0
        for path in self.folder.glob("*/*"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
