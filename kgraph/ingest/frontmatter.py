"""Splitting YAML front matter from a body, where python-frontmatter's YAML handler splits.

The YAML is loaded with libyaml's C loader when it is installed, as the handler does, with a
faster way to build the Python objects (see ``_Loader``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # the loader the handler uses
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader

from kgraph.ingest.common import ReadError

__all__ = ["split_front_matter"]

_HANDLER = YAMLHandler()
_BOUNDARY: re.Pattern[str] = _HANDLER.FM_BOUNDARY  # a line of "---", from the start of a line

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
# Scalars built by SafeConstructor's own functions; other tags (binary, set, omap, pairs,
# merge, value, custom ones) are left to PyYAML.
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}"
                         for name in ("null", "bool", "int", "float", "timestamp"))


class _Unsupported(Exception):
    """A node the fast builder leaves to PyYAML's constructor."""


class _Loader(_BaseLoader):
    """The safe loader, building plain documents without PyYAML's generic constructor.

    YAML was about 80% of ingest time (0.27 ms per news document), a third of it in
    PyYAML's pure-Python construct_document / construct_object / construct_mapping rather
    than the C parser. Front matter is almost always str-keyed maps, lists and plain
    scalars, which are built here directly from the composed nodes; any other document is
    built again from scratch by PyYAML, so values and errors are exactly SafeLoader's.
    On 6,000 news files this takes split_front_matter from 0.25 to 0.19 ms per document
    (the quick str resolution is 0.01 ms of that).
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of an untagged node: str at once for a quoted scalar, or a plain one
        whose first character starts no implicit type (no None key, no path resolvers)."""
        if kind is ScalarNode and (not implicit[0]
                                   or value[:1] not in self.yaml_implicit_resolvers):
            return _STR
        return super().resolve(kind, value, implicit)

    def construct_document(self, node: Any) -> Any:
        """The document's value: built directly when plain, else by PyYAML."""
        try:
            return self._build(node)
        except Exception:  # _Unsupported, a scalar that fails, too deep a nesting
            # PyYAML builds it again, raising its own error if any: with two bad
            # scalars, it is PyYAML's order of construction that says which is reported.
            return super().construct_document(node)

    def _build(self, root: Any) -> Any:
        """The value of the node tree under ``root``, or _Unsupported.

        Collections are kept by node id, so an alias is the same object, as with PyYAML,
        and an alias-heavy document ("billion laughs") takes time linear in its nodes.
        """
        constructors = self.yaml_constructors
        built: dict[int, Any] = {}
        building: set[int] = set()

        def build(node: Any) -> Any:
            tag = node.tag
            kind = type(node)
            if kind is ScalarNode:
                if tag == _STR:
                    return node.value
                if tag in _SCALAR_TAGS:
                    return constructors[tag](self, node)
                raise _Unsupported(tag)
            key = id(node)
            if key in built:
                return built[key]
            if key in building:  # a recursive alias: PyYAML builds a self-containing object
                raise _Unsupported("recursive alias")
            building.add(key)
            if kind is MappingNode and tag == _MAP:
                value: Any = {}
                for key_node, value_node in node.value:
                    if key_node.tag != _STR or type(key_node) is not ScalarNode:
                        raise _Unsupported(key_node.tag)  # merge keys (<<), non-str keys
                    value[key_node.value] = build(value_node)
            elif kind is SequenceNode and tag == _SEQ:
                value = [build(item) for item in node.value]
            else:
                raise _Unsupported(tag)
            building.discard(key)
            built[key] = value
            return value

        return build(root)


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
            meta = yaml.load(raw, Loader=_Loader)  # what _HANDLER.load does, faster
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
