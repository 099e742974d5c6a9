"""Text every output format can carry: characters XML 1.0 forbids are removed at ingest.

They are dropped, not re-encoded (XML cannot carry them even as ``&#1;``), so Turtle,
JSON-LD, GraphML and the HTML view all say the same; the document's notes say what went.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from typing import Any

from kgraph.records import Document
from kgraph.xmlchars import FORBIDDEN, forbidden_in, xml_text

__all__ = ["clean_text", "clean_document", "removed_note"]


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` without forbidden characters, and the names of those removed."""
    if not FORBIDDEN.search(text):
        return text, []
    return xml_text(text), forbidden_in(text)


def clean_document(doc: Document) -> tuple[Document, list[str]]:
    """``doc`` with forbidden characters removed from every field, and the names of those
    removed. The text was cleaned before it was read; they come back through what a reader
    decodes (a YAML or TOML escape such as ``"\\x01"``, a link's ``%01``, a PDF's or a web
    page's text) and through the file name."""
    found = forbidden_in("".join(_strings(doc)))  # one search over all its text
    if not found:
        return doc, []
    return _cleaned(doc), found


def removed_note(names: list[str]) -> str:
    """The document's note on removed characters."""
    return (f"removed control character(s) that XML cannot carry: {', '.join(names[:8])}"
            + (" ..." if len(names) > 8 else ""))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value):
        for item in vars(value).values():  # its fields, without fields()'s work on each call
            yield from _strings(item)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, tuple):
        return tuple(_cleaned(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _cleaned(getattr(value, f.name)) for f in fields(value)})
    return value
