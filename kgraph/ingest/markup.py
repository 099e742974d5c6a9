"""What in a Markdown text is markup, not prose: spans to hide from extraction, links, tags.

Nothing here changes the text. :func:`hidden_spans` says which characters the extractor
should read as blanks (code, URLs, images, HTML tags, link targets), so that offsets of what
it finds still point into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

__all__ = ["Span", "code_spans", "hidden_spans", "blank", "links", "inline_tags", "clean_inline",
           "DOCUMENT_SUFFIXES"]

Span = tuple[int, int]

# Files a relative link can point to that are documents (of the input, or not).
DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm")

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")  # indented too: a fence in a list item
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_RAW_BLOCKS = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|pre)\b.*?(?:</\1\s*>|\Z)|%%.*?(?:%%|\Z)",
                         re.S | re.I)

# Inline markup, hidden in this order (each pass sees the text the passes before it blanked,
# so a badge "[![x](img)](url)" is an image inside a link whose text is then blank).
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
_WIKI_EMBED = re.compile(r"!\[\[[^\[\]\n]*\]\]")
_IMAGE = re.compile(r"!\[(?:[^\[\]\n]|\n(?![ \t]*\n))*\](?:\([^()\n]*\)|\[[^\[\]\n]*\])")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>")
_LINK = re.compile(r"(\[)(?:[^\[\]\n]|\n(?![ \t]*\n))*(\]\([^()\n]*\)|\]\[[^\[\]\n]*\])")  # text over lines
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]")
_WIKI_LINK = re.compile(r"(\[\[(?:[^\[\]|\n]*\|)?)[^\[\]\n]*(\]\])")
# URLs, and the domain of an e-mail address (found from its "@": trying every word is slow).
# A URL ends before trailing punctuation ("see https://x.org.": the full stop is prose).
_URL = re.compile(r"(?=[fhw])\b(?:(?:https?|ftp|file)://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]"
                  r"|(?<=[\w.+-])@[\w-]+(?:\.[\w-]+)+")
_HEADING_MARKS = re.compile(r"^[ ]{0,3}#{1,6}(?=[ \t]|$)|[ \t]#+[ \t]*$|[ \t]*\{#[^}\n]*\}[ \t]*$",
                            re.M)
# Rules, Setext underlines, table delimiter rows, MyST targets "(label)=".
_RULE_LINE = re.compile(r"^[ ]{0,3}(?:=+|-{2,}|\*{3,}|_{3,}|\([^)\n]*\)="
                        r"|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?)[ \t]*$", re.M)

_TAG = re.compile(r"(?<![^\s(,;])#([A-Za-z_][\w/-]*\w|[A-Za-z])")
_WIKI_TARGET = re.compile(r"(!?)\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*)?\]\]")
_MD_LINK = re.compile(r"(?<!!)\[[^\[\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")


def code_spans(text: str) -> list[Span]:
    """Fenced and indented code blocks, HTML comments, ``<script>``/``<style>``/``<pre>``
    blocks and Obsidian ``%%`` comments: whole lines that are not prose."""
    spans = [m.span() for m in _RAW_BLOCKS.finditer(text)]
    fence: tuple[str, int] | None = None
    blank_before, in_list, in_code = True, False, False
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if fence is not None:
            spans.append((start, pos))
            if stripped.startswith(fence[0] * fence[1]) and not stripped.strip(fence[0]):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            marks = opening.group(1)
            fence = (marks[0], len(marks))
            spans.append((start, pos))
            continue
        if not stripped:
            blank_before = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and (in_code or (blank_before and not in_list)):
            in_code = True
            spans.append((start, pos))
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif not indented and blank_before:
                in_list = False
        blank_before = False
    return merge(spans)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping and touching ones joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        elif end > start:
            out.append((start, end))
    return out


def blank(text: str, spans: Iterable[Span]) -> str:
    """``text`` with the characters of ``spans`` turned into spaces, line breaks kept."""
    pieces, pos = [], 0
    for start, end in spans:
        pieces += [text[pos:start], re.sub(r"[^\n]", " ", text[start:end])]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def hidden_spans(text: str, code: list[Span] | None = None) -> list[Span]:
    """The spans of ``text`` that are markup, not prose: code, images, URLs, HTML tags,
    link targets, heading marks and rule lines. Link text stays: it is prose."""
    spans = list(code if code is not None else code_spans(text))
    work = blank(text, spans)
    for pattern in (_INLINE_CODE, _WIKI_EMBED, _IMAGE, _HTML_TAG, _REF_DEFINITION, _FOOTNOTE):
        found = [m.span() for m in pattern.finditer(work)]
        spans += found
        work = blank(work, found)
    for pattern in (_LINK, _WIKI_LINK):
        found = [m.span(g) for m in pattern.finditer(work) for g in (1, 2)]
        spans += found
        work = blank(work, found)
    for pattern in (_URL, _HEADING_MARKS, _RULE_LINE):
        spans += [m.span() for m in pattern.finditer(work)]
    return merge(spans)


def links(text: str, code: list[Span]) -> Iterator[str]:
    """Targets of wiki-links (``"Other note"``) and of relative links to documents
    (``"other.md"``, the file name only), outside code, in order."""
    work = blank(text, code)
    work = blank(work, [m.span() for m in _INLINE_CODE.finditer(work)])
    found: list[tuple[int, str]] = []
    for m in _WIKI_TARGET.finditer(work):
        target = m.group(2).strip()
        if target and not (m.group(1) and _suffix(target) not in ("", ".md")):
            found.append((m.start(), target))
    for m in _MD_LINK.finditer(work):
        target = _relative_file(m.group(1))
        if target:
            found.append((m.start(), target))
    for _, target in sorted(found):
        yield target


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 and "/" not in name[dot:] else ""


def _relative_file(url: str) -> str:
    """The file name a relative link to a document points to, or ``""``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme or parts.netloc or not parts.path:
        return ""
    name = unquote(parts.path).rstrip("/").rsplit("/", 1)[-1]
    return name if _suffix(name) in DOCUMENT_SUFFIXES else ""


def inline_tags(text: str, hidden: list[Span]) -> Iterator[str]:
    """Obsidian-style ``#tags`` in the prose (not in headings, code or URLs), in order."""
    for m in _TAG.finditer(blank(text, hidden)):
        if not m.group(1).replace("_", "").replace("/", "").replace("-", "").isdigit():
            yield m.group(1)


_CLEAN_STEPS = (
    (_IMAGE, ""), (_WIKI_EMBED, ""), (_HTML_TAG, ""),
    (re.compile(r"\[\[(?:[^\[\]|\n]*\|)?([^\[\]\n]*)\]\]"), r"\1"),
    (re.compile(r"\[([^\[\]\n]*)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])"), r"\1"),
    (re.compile(r"`"), ""),
    (re.compile(r"(?<!\w)[*_~]{1,3}|[*_~]{1,3}(?!\w)"), ""),
    (re.compile(r"\{#[^}]*\}|(?<!\S):[a-z0-9_+-]+:(?!\S)"), ""),
)


_MAX_HEADING = 1000  # characters of a heading line read for its words


def clean_inline(text: str) -> str:
    """A line of Markdown as plain words: images and tags gone, links as their text.

    >>> clean_inline("[![CI](https://x/badge.svg)](https://x) **fastMRI** `v2` :rocket:")
    'fastMRI v2'
    """
    text = text[:_MAX_HEADING]
    for pattern, replacement in _CLEAN_STEPS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
