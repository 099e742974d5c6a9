"""Where sentences end, how long a context may be, and how a long text is cut for spaCy.

Punctuation ends a sentence (spaCy's ``sentencizer``); so do the text's structure, which
the normalised text no longer shows: a paragraph (a blank line), a list item, a heading
and a table row each stand alone. :func:`line_breaks` finds them in a unit's original
text; the ``kgraph_breaks`` component (:mod:`kgraph.extract.breaks`) marks them in the doc.
This module does not import spaCy.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["CONTEXT_LIMIT", "BREAKS", "line_breaks", "clip", "pieces", "breaks_in", "BLANK_LINE"]

CONTEXT_LIMIT = 400  # characters: a kg:context longer than this is cut around its mention
BREAKS = "kgraph_breaks"  # doc.user_data key: character offsets where a sentence must start

# A line that stands alone: a list item ("- ", "* ", "1. "), a heading ("# ", or an
# underline of "===" or "---" under it), a table row ("| a | b |").
_ITEM = r"[ \t>]*(?:[-*+•][ \t]|\d{1,3}[.)][ \t])"
_HEADING = r"[ \t]*#{1,6}(?:[ \t]|$)"
_ROW = r"[ \t]*\|"
_UNDERLINE = r"[ \t]*(?:={3,}|-{3,}|~{3,}|\^{3,}|\*{3,}|\+{3,})[ \t]*$"
_STARTS_ALONE = re.compile(f"^(?:{_ITEM}|{_HEADING}|{_ROW}|{_UNDERLINE})", re.M)
_ENDS_ALONE = re.compile(f"^(?:{_HEADING}|{_ROW}|{_UNDERLINE})", re.M)
_IS_UNDERLINE = re.compile(_UNDERLINE)
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def line_breaks(text: str) -> list[int]:
    """Offsets in ``text`` where a line starts a sentence of its own.

    A list item, heading or table row starts one; the line after a heading or a table
    row starts one too, and so does a heading's text above its underline.

    >>> line_breaks("Intro text\\n- one\\n- two\\n# Usage\\nRun it")
    [11, 17, 23, 31]
    """
    if "\n" not in text:
        return []
    found = set()
    for match in _STARTS_ALONE.finditer(text):
        at = match.start()
        if at:
            found.add(at)
        if not _ENDS_ALONE.match(text, at):
            continue
        after = text.find("\n", at)
        if after != -1:
            found.add(after + 1)
        if at and _IS_UNDERLINE.match(text[at:after if after != -1 else None]):
            found.add(text.rfind("\n", 0, at - 1) + 1)  # the heading above its underline
    found.discard(0)
    found.discard(len(text))
    return sorted(found)


def clip(text: str, start: int, end: int, limit: int = CONTEXT_LIMIT) -> str:
    """``text`` cut to about ``limit`` characters around ``text[start:end]``.

    Cuts fall between words where there are words, and each is marked with "…".

    >>> clip("one two three four five six", 8, 13, limit=16)
    '…two three four…'
    """
    if len(text) <= limit:
        return text
    room = max(0, limit - (end - start))
    lo = max(0, start - room // 2)
    hi = min(len(text), end + room - (start - lo))
    lo = max(0, min(lo, hi - limit, start))
    if lo > 0:
        space = text.find(" ", lo - 1, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi + 1)
        hi = space if space != -1 else hi
    return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` as pieces of at most ``limit`` characters, each with its offset.

    A piece ends at a paragraph break where there is one, else at a line break, else
    at a space; only a run of ``limit`` characters with no space is cut where it stands.

    >>> pieces("aa bb\\n\\ncc dd", 9)
    [(0, 'aa bb'), (5, '\\n\\ncc dd')]
    """
    out = []
    at = 0
    while len(text) - at > limit:
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, at + 1, at + limit)
            if cut > at:
                break
        if cut <= at:
            cut = at + limit
        out.append((at, text[at:cut]))
        at = cut
    out.append((at, text[at:]))
    return out


def breaks_in(breaks: Sequence[int], start: int, end: int) -> list[int]:
    """The offsets of ``breaks`` (sorted) from ``start`` to ``end``, made relative to ``start``."""
    lo, hi = bisect.bisect_left(breaks, start), bisect.bisect_left(breaks, end)
    return [b - start for b in breaks[lo:hi]]
