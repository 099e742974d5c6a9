"""Splitting YAML front matter from a body, where python-frontmatter's YAML handler splits.

The YAML is loaded with libyaml's C loader when it is installed, as the handler does.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.nodes import ScalarNode

try:  # the loader the handler uses: libyaml's, where PyYAML was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader

from kgraph.ingest.common import ReadError

__all__ = ["split_front_matter"]

_HANDLER = YAMLHandler()
_BOUNDARY: re.Pattern[str] = _HANDLER.FM_BOUNDARY  # a line of "---", from the start of a line


class _LenientDates(_Loader):
    """The loader, with a date that does not exist ("2020-02-30") left as its text."""


def _date_or_text(loader: _Loader, node: ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return node.value


_LenientDates.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int] | None:
    """``(metadata, body, body_offset)`` for text that opens with ``---``, else None.

    ``body_offset`` is where the body starts in ``text``.

    Raises
    ------
    ReadError
        When the front matter has no closing ``---``, does not parse, or is not a mapping.
    """
    opening = _BOUNDARY.match(text)  # what _HANDLER.detect checks
    if opening is None:
        return None
    closing = _closing(text, opening.end())
    if closing is None:
        raise ReadError("front matter has no closing '---'")
    raw, body_offset = text[opening.end():closing.start()], closing.end()
    try:
        try:
            meta = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a safe loader, as _HANDLER.load
        except ValueError:  # "date: 2020-02-30": kept as text, so the document is not lost
            meta = yaml.load(raw, Loader=_LenientDates)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ReadError(f"front matter is not valid YAML{where}: {problem}") from None
    except (ValueError, OverflowError) as exc:  # "n: !!int abc": PyYAML raises it plainly
        raise ReadError(f"front matter has a value that cannot be read: {exc}") from None
    except RecursionError:
        raise ReadError("front matter is nested too deeply") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReadError("front matter is not a mapping of fields")
    return meta, text[body_offset:], body_offset


def _closing(text: str, start: int) -> re.Match[str] | None:
    """The first boundary line from ``start`` on: where ``_HANDLER.split`` cuts.

    The handler's split searches with a pattern anchored at line starts, which makes the
    regex engine try every position of the front matter. A boundary begins with "---"
    after a line break, so only those places are tried, with the same pattern.
    """
    while (start := text.find("\n---", start)) != -1:
        start += 1
        found = _BOUNDARY.match(text, start)
        if found is not None:
            return found
    return None
