"""Splitting YAML front matter from a body, with python-frontmatter's YAML handler.

The handler loads YAML with libyaml's C loader when it is installed.
"""

from __future__ import annotations

from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from kgraph.ingest.common import ReadError

__all__ = ["split_front_matter"]

_HANDLER = YAMLHandler()


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int] | None:
    """``(metadata, body, body_offset)`` for text that opens with ``---``, else None.

    ``body_offset`` is where the body starts in ``text``.

    Raises
    ------
    ReadError
        When the front matter has no closing ``---``, does not parse, or is not a mapping.
    """
    if not _HANDLER.detect(text):
        return None
    try:
        raw, body = _HANDLER.split(text)
    except ValueError:
        raise ReadError("front matter has no closing '---'") from None
    try:
        meta = _HANDLER.load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ReadError(f"front matter is not valid YAML{where}: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReadError("front matter is not a mapping of fields")
    return meta, body, len(text) - len(body)
