"""Text normalisation that keeps a map back to the original offsets.

The extractor reads the normalised text; every span it finds is mapped back to the
original, so provenance always quotes the source exactly.
"""

from __future__ import annotations

import bisect
import html
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Normalized", "normalize"]

Replacement = Callable[[re.Match[str]], str]
Rule = tuple[str, Replacement]


def _const(value: str) -> Replacement:
    return lambda _m: value


_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|li|ul|ol|h\d|tr|td|table|blockquote)\b", re.I)


def _tag(found: str) -> str:
    """Inline tags vanish ("<b>x</b>" is "x"); block tags and spaced tags leave a space."""
    spaced = found != found.strip()
    return " " if spaced or _BLOCK_TAG.match(found.strip()) else ""


# Order matters: the first alternative that matches at a position wins.
_COMMON: list[Rule] = [
    (r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])", _const("")),  # hyphenated line break
    (r"[ \t]*<(?:[a-zA-Z/!][^<>\n]{0,400})>[ \t]*", lambda m: _tag(m.group())),  # HTML tags
    (r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});", lambda m: html.unescape(m.group())),
    (r"\[![a-z]+\]", _const(" ")),  # Markdown callout markers
    (r"\[\[|\]\]", _const(" ")),  # wiki-link brackets
    (r"[‘’ʼ′]", _const("'")),
    (r"[“”„″]", _const('"')),
    (r"(?<=\w)_(?=\w)", _const(" ")),  # snake_case wiki-link names
    (r"[ \t]*\n(?:[ \t>]*\n)+[ \t]*", _const("\n\n")),  # paragraph break (also in callouts)
    (r"[ \t\n\r\f\v\u00a0]{2,}|[\t\n\r\f\v\u00a0]", _const(" ")),  # a lone space needs nothing
]
# Citation markers glued to a word or a bracket in papers: "learning25", "CNNs7,93,94", "MRI)35".
# The word ends in at least four letters, the last two lower-case ("learning", "ImageNet"),
# or is an acronym's plural ("CNNs"), so short names that end in digits keep them: "v15.6.0",
# "-sha256", "md5", "GPT4"; and a version's ".6" after the digits makes them part of a
# number, not a marker.
# A word's end after a hyphenated line break ("learn-\ning25") counts as the word.
_CITATION: Rule = (r"(?:(?<=[A-Za-z]{2}[a-z]{2})|(?<=[A-Z]s)|(?<=\))|(?<=-\n[a-z])|(?<=-\n[a-z]{2})"
                   r"|(?<=-\n[a-z]{3}))\d{1,3}(?:[,–-]\d{1,3})*"
                   r"(?=[\s.,;:)]|$)(?!\.\d)", _const(""))


# Every match of a rule above starts with one of these characters (a citation: a digit).
_FIRST_CHARS = r"-<&\[\]‘’ʼ′“”„″_ \t\n\r\f\v\u00a0"
# Every match needs one of these characters, or two spaces in a row: a hyphenated break
# needs its line break, and a space starts a match only before a tag, a line break or
# more white space.
_NEEDED_CHARS = r"<&\[\]‘’ʼ′“”„″_\t\n\r\f\v\u00a0"


def _compile(rules: list[Rule], digits: str = "") -> tuple[re.Pattern[str], re.Pattern[str],
                                                         dict[str, Replacement]]:
    """The rules as one pattern, a pattern of the characters a match needs, and the
    replacement for each rule by its group name.

    The lookahead on the first character changes no match: it only lets the regex engine
    pass over most positions (letters) without trying each rule there, about five times
    faster.
    """
    alternatives = "|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(rules))
    pattern = re.compile(f"(?=[{_FIRST_CHARS}{digits}])(?:{alternatives})")
    replacements = {f"r{i}": fn for i, (_, fn) in enumerate(rules)}
    return pattern, re.compile(f"[{_NEEDED_CHARS}{digits}]"), replacements


_PLAIN = _compile(_COMMON)
# PDF text has blank lines in mid-paragraph: there, every run of white space is one space.
_PAPER = _compile([_COMMON[0], _CITATION, *_COMMON[1:-2], _COMMON[-1]], digits=r"\d")


@dataclass(frozen=True)
class Normalized:
    """Normalised text and the way back to the original offsets of its characters.

    The text is a run of segments, each either copied from the original (character by
    character) or put in place of an original span (every character of it comes from
    the whole span). Only where a segment starts is stored, a few numbers per change,
    not per character: a 20 MB text with few changes costs kilobytes, not gigabytes.
    """

    text: str
    at: Sequence[int]  # where each segment starts in ``text``, in order
    source: Sequence[int]  # where it starts in the original
    width: Sequence[int]  # the length of the original span it replaces; 0: a copy

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised ``text[start:end]``."""
        return self._origin(start)[0], self._origin(end - 1)[1]

    def _origin(self, i: int) -> tuple[int, int]:
        """The original span that the normalised character ``i`` comes from."""
        k = bisect.bisect_right(self.at, i) - 1
        if self.width[k]:
            return self.source[k], self.source[k] + self.width[k]
        start = self.source[k] + i - self.at[k]
        return start, start + 1

    def index(self, offset: int) -> int:
        """The first character of ``text`` that comes from ``offset`` of the original or
        after it (``len(text)`` if none)."""
        k = bisect.bisect_right(self.source, offset) - 1
        stop = self.at[k + 1] if k + 1 < len(self.at) else len(self.text)
        if not self.width[k] and offset - self.source[k] < stop - self.at[k]:
            return self.at[k] + offset - self.source[k]
        return self.at[k] if self.source[k] == offset else stop


class _Segments:
    """Builds the segment arrays of :class:`Normalized`, joining each copy to the one
    before it when the offsets run on."""

    def __init__(self) -> None:
        self.at, self.source, self.width = array("q", [0]), array("q", [0]), array("q", [0])

    def add(self, at: int, source: int, width: int) -> None:
        if width or self.width[-1] or self.source[-1] - self.at[-1] != source - at:
            self.at.append(at)
            self.source.append(source)
            self.width.append(width)


def _blank(text: str, hidden: Sequence[tuple[int, int]]) -> str:
    """``text`` with the ``hidden`` spans turned into spaces of the same length, line
    breaks kept (a code block still ends a paragraph)."""
    pieces, pos = [], 0
    for start, end in hidden:
        pieces += [text[pos:start], _NOT_LINE_BREAK.sub(" ", text[start:end])]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


_NOT_LINE_BREAK = re.compile(r"[^\n]")


def normalize(text: str, *, citations: bool = False,
              hidden: Sequence[tuple[int, int]] = ()) -> Normalized:
    """Clean ``text`` for matching and keep the way back to its offsets.

    Parameters
    ----------
    text:
        The original text.
    citations:
        Also drop numeric citation markers glued to words (for papers).
    hidden:
        Sorted ``(start, end)`` spans of ``text`` that are markup, not prose (code, URLs):
        read as spaces of the same length, so offsets still point into ``text``.

    Examples
    --------
    >>> n = normalize("deep learn-\\ning25 is “good”", citations=True)
    >>> n.text
    'deep learning is "good"'
    >>> n.span(5, 13)
    (5, 15)
    """
    pattern, needed, replacements = _PAPER if citations else _PLAIN
    if hidden:
        text = _blank(text, hidden)
    if "  " not in text and not needed.search(text):  # most titles and excerpts: nothing to do
        return Normalized(text, (0,), (0,), (0,))
    out: list[str] = []
    segments = _Segments()
    pos = length = 0  # in the original text and in the normalised one
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replacements[match.lastgroup](match)  # type: ignore[index]
        out += (text[pos:start], new)
        if start > pos:
            segments.add(length, pos, 0)
            length += start - pos
        if new:  # one character for one is a copy
            segments.add(length, start, 0 if len(new) == 1 == end - start else end - start)
            length += len(new)
        pos = end
    out.append(text[pos:])
    if len(text) > pos:
        segments.add(length, pos, 0)
    return Normalized("".join(out), segments.at, segments.source, segments.width)
