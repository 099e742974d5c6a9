"""Stage 1, ingest: paths to :class:`~kgraph.records.Document` records.

Each file is read by the reader for its kind, decided by its content, not its
extension. A file that no reader can handle becomes a :class:`~kgraph.records.Skip`
with a one-line reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kgraph.errors import UsageError
from kgraph.ingest.common import ReadError
from kgraph.ingest.frontmatter import split_front_matter
from kgraph.ingest.news import read_news
from kgraph.ingest.paper import read_paper
from kgraph.ingest.video import read_video
from kgraph.records import Document, Skip

__all__ = ["find_files", "read_file", "read_text", "read_paths", "SUFFIXES"]

SUFFIXES = (".txt", ".md")


def find_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The input files under ``paths``, in a stable order.

    A file given by name is always taken; a folder is walked for ``.txt`` and ``.md``
    files, hidden files and folders left out.

    Raises
    ------
    UsageError
        When a path does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(_walk(path))
        else:
            raise UsageError(f"no such file or folder: {raw}")
    return sorted(set(found), key=lambda p: (p.name, str(p)))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield Path(root) / name


def read_text(text: str, source_file: str) -> Document:
    """Read one document's text with the reader its content calls for.

    Raises
    ------
    ReadError
        When no reader can make a document of it.
    """
    if not text.strip():
        raise ReadError("empty file")
    front = split_front_matter(text)
    if front is None:
        return read_paper(text, source_file)
    meta, body, body_base = front
    if "videoId" in meta or body.lstrip().startswith("From: [["):
        return read_video(meta, body, body_base, source_file)
    return read_news(meta, body, body_base, source_file)


def read_file(path: Path) -> Document | Skip:
    """Read one file into a Document, or a Skip saying why it could not be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skip(str(path), f"cannot read: {exc.strerror or exc}")
    if b"\x00" in data:
        return Skip(str(path), "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Skip(str(path), f"not UTF-8 (byte {exc.start})")
    try:
        return read_text(text.replace("\r\n", "\n"), path.name)
    except ReadError as exc:
        return Skip(str(path), str(exc))


def read_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Document | Skip]:
    """Read every input file under ``paths``, yielding a Document or a Skip for each."""
    for path in find_files(paths):
        yield read_file(path)
