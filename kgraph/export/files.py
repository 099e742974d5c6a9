"""Writing output files atomically: a temporary name in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

__all__ = ["write_atomic", "AtomicWriter"]


class AtomicWriter:
    """A file that appears at ``path`` only when the ``with`` block ends without error.

    Until then the previous file (if any) stays whole; on error the partial file is removed.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                   dir=self.target.parent)
        self.tmp = Path(tmp)
        self.handle: BinaryIO = os.fdopen(fd, "wb", buffering=1 << 20)

    def __enter__(self) -> BinaryIO:
        return self.handle

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.handle.close()
        if kind is not None:
            self.tmp.unlink(missing_ok=True)
            return
        os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(self.tmp, self.target)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new, never half."""
    with AtomicWriter(path) as handle:
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
