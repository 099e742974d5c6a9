"""Text normalisation that keeps a map back to the original offsets.

The extractor reads the normalised text; every span it finds is mapped back to the
original, so provenance always quotes the source exactly.
"""

from __future__ import annotations

import html
import re
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
    """Normalised text and, for each of its characters, the original span it came from."""

    text: str
    starts: Sequence[int]  # a range where the text is unchanged, else a tuple
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised ``text[start:end]``."""
        return self.starts[start], self.ends[end - 1]


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
        return Normalized(text, range(len(text)), range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replacements[match.lastgroup](match)  # type: ignore[index]
        out += (text[pos:start], new)
        starts += range(pos, start)
        ends += range(pos + 1, start + 1)
        starts += [start] * len(new)
        ends += [end] * len(new)
        pos = end
    out.append(text[pos:])
    starts += range(pos, len(text))
    ends += range(pos + 1, len(text) + 1)
    return Normalized("".join(out), tuple(starts), tuple(ends))
