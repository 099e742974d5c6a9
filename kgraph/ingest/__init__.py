"""Stage 1, ingest: paths to :class:`~kgraph.records.Document` records.

Each file is read by the reader for its kind, decided by its content, not its
extension. A file that no reader can handle becomes a :class:`~kgraph.records.Skip`
with a one-line reason.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kgraph import _config
from kgraph.errors import UsageError
from kgraph.ingest.clean import clean_document, clean_text, removed_note
from kgraph.ingest.common import ReadError
from kgraph.ingest.frontmatter import split_front_matter
from kgraph.ingest.html import looks_like_html, read_html
from kgraph.ingest.markdown import read_markdown
from kgraph.ingest.news import read_news
from kgraph.ingest.paper import looks_like_paper, read_paper
from kgraph.ingest.pdf import read_pdf
from kgraph.ingest.sniff import is_pdf, not_a_document, not_a_document_by_name
from kgraph.ingest.video import read_video
from kgraph.records import Document, Skip

__all__ = ["find_files", "read_file", "read_limited", "read_bytes", "read_text", "read_paths",
           "DEFAULT_MAX_FILE_SIZE"]

DEFAULT_MAX_FILE_SIZE = _config.MAX_FILE_SIZE  # bytes
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


def find_files(paths: Iterable[str | os.PathLike[str]], *,
               exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The input files under ``paths``, in a stable order.

    A file given by name is always taken; a folder is walked for all its files, hidden
    files and folders left out (a file that is no document becomes a reported skip), and
    so are the folders in ``exclude`` (the build's own output folder). Links to folders
    are followed, each real folder once, so a link that loops back is harmless.

    Raises
    ------
    UsageError
        When a path does not exist.
    """
    found: list[Path] = []
    skip = {os.path.realpath(folder) for folder in exclude}
    for raw in paths:
        path = Path(raw)
        if path.is_file() or (path.is_symlink() and not path.exists()):
            found.append(path)
        elif path.is_dir():
            found.extend(_walk(path, skip))
        else:
            raise UsageError(f"no such file or folder: {raw}")
    return sorted(set(found), key=lambda p: (p.name, str(p)))


def _walk(folder: Path, skip: set[str]) -> Iterator[Path]:
    seen = {os.path.realpath(folder), *skip}
    for root, dirs, files in os.walk(folder, followlinks=True):
        keep = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            real = os.path.realpath(os.path.join(root, name))
            if real not in seen:
                seen.add(real)
                keep.append(name)
        dirs[:] = keep
        here = Path(root)  # once per folder: making a Path from a string is the slow part
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def read_text(text: str, source_file: str, digest: str = "") -> Document:
    """Read one document's text with the reader its content calls for.

    ``digest`` is recorded as the document's digest (the SHA-256 of the file's bytes).

    Raises
    ------
    ReadError
        When no reader can make a document of it.
    """
    if not text or text.isspace():
        raise ReadError("empty file")
    front = split_front_matter(text) or _toml_front_matter(text)
    if front is None:
        if looks_like_html(text):
            return read_html(text, source_file, digest)
        if looks_like_paper(text):
            return read_paper(text, source_file, digest)
        return read_markdown({}, text, 0, source_file, digest)
    meta, body, body_base = front
    if "videoId" in meta or body.lstrip().startswith("From: [["):
        return read_video(meta, body, body_base, source_file, digest)
    if _NEWS_FIELDS.intersection(meta):
        return read_news(meta, body, body_base, source_file, digest)
    return read_markdown(meta, body, body_base, source_file, digest)


# Front-matter fields only news items have (a post may have "excerpt" or "title" too).
_NEWS_FIELDS = frozenset(("publishedDateTime", "originalUrl", "webUrl", "provider", "related"))


def _toml_front_matter(text: str) -> tuple[dict, str, int] | None:
    """Hugo's TOML front matter between ``+++`` lines: ``(metadata, body, body_offset)``."""
    if not text.startswith("+++"):
        return None
    first = text.find("\n")
    closing = text.find("\n+++", first)
    if first == -1 or text[3:first].strip() or closing == -1:
        return None
    end = text.find("\n", closing + 4)
    body_offset = len(text) if end == -1 else end + 1
    try:
        meta = tomllib.loads(text[first + 1:closing + 1])
    except tomllib.TOMLDecodeError as exc:
        raise ReadError(f"TOML front matter cannot be read: {exc}") from None
    return meta, text[body_offset:], body_offset


def _decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and a note on its encoding ("" for UTF-8).

    Windows-1252 and Latin-1 are taken only where they read as text: no control bytes.
    """
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        error = f"not UTF-8 (byte {exc.start})"
    if any(b in _CONTROL for b in data):
        raise ReadError(f"{error}, and not text in another encoding")
    for encoding, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any("\x80" <= c <= "\x9f" for c in text):
            return text, f"not UTF-8; read as {name}"
    raise ReadError(f"{error}, and not Windows-1252 or Latin-1 text")


def read_bytes(data: bytes, name: str, display: str) -> Document | Skip:
    """Read a file's bytes into a Document, or a Skip saying why it could not be read.

    ``name`` is the file name recorded as ``kg:sourceFile``; ``display`` the path reported.
    """
    what = not_a_document(data) or not_a_document_by_name(name)
    if what:
        return Skip(display, f"not a document: {what}")
    try:
        note = ""
        removed: list[str] = []
        if is_pdf(data):  # a PDF's text can hold them too
            doc, also = clean_document(read_pdf(data, name, hashlib.sha256(data).hexdigest()))
        else:
            text, note = _decode(data)
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            text, removed = clean_text(text)  # before reading: offsets count in the clean text
            doc, also = clean_document(read_text(text, name, hashlib.sha256(data).hexdigest()))
    except ReadError as exc:
        return Skip(display, str(exc))
    if not doc.title.strip():
        return Skip(display, "the title has only characters that XML cannot carry")
    removed = list(dict.fromkeys(removed + also))
    notes = (note,) * bool(note) + (removed_note(removed),) * bool(removed)
    return replace(doc, notes=(*notes, *doc.notes)) if notes else doc


def read_limited(path: Path, max_file_size: int, display: str = "") -> bytes | Skip:
    """The bytes of ``path``, or a Skip when it is over the size limit or cannot be read."""
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_file_size:
            return Skip(display, f"{size:,} bytes, over the {max_file_size:,}-byte limit "
                                 "(--max-file-size)")
        return path.read_bytes()
    except OSError as exc:
        return Skip(display, f"cannot read: {exc.strerror or exc}")


def read_file(path: Path, *, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Document | Skip:
    """Read one file into a Document, or a Skip saying why it could not be read."""
    data = read_limited(path, max_file_size)
    return data if isinstance(data, Skip) else read_bytes(data, path.name, str(path))


def read_paths(paths: Iterable[str | os.PathLike[str]], *,
               max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Iterator[Document | Skip]:
    """Read every input file under ``paths``, yielding a Document or a Skip for each."""
    for path in find_files(paths):
        yield read_file(path, max_file_size=max_file_size)
