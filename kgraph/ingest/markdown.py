"""Reader for Markdown notes, posts and documents, of any front matter or none.

Jekyll and Hugo posts (``title``, ``date``, ``tags``, ``categories``), Obsidian notes
(``aliases``, ``tags``, ``[[wiki-links]]``, ``#tags``, callouts) and READMEs (badges, HTML,
code). Headings split the text into sections named by their heading; code, URLs and markup
are marked as hidden for extraction (:attr:`~kgraph.records.TextUnit.hidden`), while each
unit keeps its original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from kgraph.ids import stable_id, web_url
from kgraph.ingest.common import as_datetime, as_list, as_text
from kgraph.ingest.markup import Span, clean_inline, code_spans, hidden_spans, inline_tags, links
from kgraph.records import Document, Provider, TextUnit

__all__ = ["read_markdown", "readable_name", "Heading", "headings"]

_DATE_KEYS = ("date", "published", "publishedDateTime", "created", "pubDate", "date_published")
_EXCERPT_KEYS = ("description", "excerpt", "summary", "subtitle")
_URL_KEYS = ("url", "link", "canonical_url", "canonicalURL", "source")
_ATX = re.compile(r"^[ ]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT = re.compile(r"^[ ]{0,3}(\S[^\n]*)\n[ ]{0,3}(=+|-+)[ \t]*$", re.M)
_HTML_HEADING = re.compile(r"^[ \t]*<h([1-6])\b[^<>]*>([^<>]*(?:<(?!/?h[1-6]\b)[^<>]*>[^<>]*){0,20})</h\1\s*>",
                           re.M | re.I)
_PANDOC_TITLE = re.compile(r"\A%[ \t]+(\S[^\n]*)$", re.M)  # Pandoc's title block: "% Title"
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_ ]+")
_NOT_SETEXT = re.compile(r"[ ]{0,3}(?:[-*+>|]|\d+[.)]|#|<|```|~~~)")


class Heading(NamedTuple):
    """A heading: its level, its text as plain words, and the span of its line(s)."""

    level: int
    text: str
    start: int
    end: int


def read_markdown(meta: dict[str, Any], body: str, body_base: int, source_file: str,
                  digest: str = "") -> Document:
    """A Markdown note, post or document: title, date, topics, aliases, links, sections.

    ``meta`` is the front matter (``{}`` when there is none), ``body`` the text after it,
    at ``body_base`` in the file.
    """
    code = code_spans(body)
    hidden = hidden_spans(body, code)
    found = list(headings(body, code))
    title = _title(meta, body, found, hidden, source_file)
    excerpt = next((t for k in _EXCERPT_KEYS if (t := as_text(meta.get(k)))), "")
    url = next((u for k in _URL_KEYS if (u := web_url(as_text(meta.get(k))))), "")
    units = [TextUnit("title", title)]
    if excerpt:
        units.append(TextUnit("excerpt", excerpt))
    units += _sections(body, body_base, found, hidden)
    return Document(
        id=stable_id(url or source_file, title),
        kind="Article",
        title=title,
        source_file=source_file,
        url=url,
        created=_created(meta, source_file),
        provider=_provider(meta),
        excerpt=excerpt,
        topics=_topics(meta, body, hidden),
        authors=tuple(dict.fromkeys(_names(meta.get("authors") or meta.get("author")))),
        aliases=tuple(a for a in dict.fromkeys(_names(meta.get("aliases") or meta.get("alias")))
                      if a != title),
        links=tuple(dict.fromkeys(links(body, code))),
        units=tuple(units),
        digest=digest,
    )


def headings(text: str, code: list[Span]) -> Iterator[Heading]:
    """The headings of ``text`` outside code, in order: ``# ATX``, Setext (underlined with
    ``===`` or ``---``), HTML ``<h1>`` and a Pandoc title line (``% Title``). Headings with no words are left out."""
    found: list[Heading] = []
    for m in _ATX.finditer(text):
        found.append(Heading(len(m.group(1)), clean_inline(m.group(2) or ""), m.start(), m.end()))
    for m in _SETEXT.finditer(text):
        if not _NOT_SETEXT.match(m.group(1)) and (m.start() == 0 or text[m.start() - 1] == "\n"):
            level = 1 if m.group(2)[0] == "=" else 2
            found.append(Heading(level, clean_inline(m.group(1)), m.start(), m.end()))
    for m in _PANDOC_TITLE.finditer(text):
        found.append(Heading(1, clean_inline(m.group(1)), m.start(), m.end()))
    for m in _HTML_HEADING.finditer(text):
        found.append(Heading(int(m.group(1)), clean_inline(m.group(2)), m.start(), m.end()))
    last = -1
    for heading in sorted(found, key=lambda h: h.start):
        if heading.start >= last and not _inside(heading.start, code) and _has_words(heading.text):
            last = heading.end
            yield heading


def _inside(offset: int, spans: list[Span]) -> bool:
    """Whether ``offset`` is in one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (offset, len(spans) and spans[-1][1] + 1)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def readable_name(source_file: str) -> str:
    """A file name as a title: no suffix, no date prefix, words for hyphens.

    >>> readable_name("2023-05-01-deep-learning_in-radiology.md"), readable_name("README.md")
    ('deep learning in radiology', 'README')
    """
    stem = source_file.rsplit("/", 1)[-1]
    if "." in stem[1:]:
        stem = stem.rsplit(".", 1)[0]
    stem = _DATED_NAME.sub("", stem)
    return " ".join(re.sub(r"[-_]+", " ", stem).split()) or source_file


def _title(meta: dict[str, Any], body: str, found: list[Heading], hidden: list[Span],
           source_file: str) -> str:
    """The front matter's title, else the first heading when no prose comes before it
    (a heading after prose names a part, not the whole), else the file name."""
    title = clean_inline(as_text(meta.get("title")))
    if title:
        return title
    if found:
        first = found[0]
        before = tuple((a, min(b, first.start)) for a, b in hidden if a < first.start)
        if not _visible(body[:first.start], before):
            return first.text
    return readable_name(source_file)


def _created(meta: dict[str, Any], source_file: str) -> str:
    for key in _DATE_KEYS:
        if (created := as_datetime(meta.get(key))):
            return created
    dated = _DATED_NAME.match(source_file)
    return as_datetime(dated.group(1)) if dated else ""


def _names(value: Any) -> Iterator[str]:
    for item in as_list(value):
        if isinstance(item, dict):
            item = item.get("name")
        if (name := clean_inline(as_text(item))):
            yield name


def _topics(meta: dict[str, Any], body: str, hidden: list[Span]) -> tuple[str, ...]:
    topics: list[str] = []
    for key in ("tags", "categories", "keywords", "topics"):
        value = meta.get(key)
        items = value.replace(",", " ").split() if isinstance(value, str) else as_list(value)
        topics += (as_text(t).lstrip("#") for t in items)
    topics += inline_tags(body, hidden)
    return tuple(dict.fromkeys(t for t in topics if t))


def _provider(meta: dict[str, Any]) -> Provider | None:
    site = meta.get("provider") or meta.get("site") or meta.get("publisher")
    if isinstance(site, dict):
        site = site.get("name")
    name = as_text(site)
    return Provider(name) if name else None


def _sections(body: str, body_base: int, found: list[Heading], hidden: list[Span]) -> Iterator[TextUnit]:
    """One unit per heading, from its line to the next heading; the text before the first
    heading is a section of its own. Sections with no prose (all markup) are left out."""
    bounds = [(Heading(0, "", 0, 0))] + found
    ends = [b for _, b in hidden]
    for i, heading in enumerate(bounds):
        start = heading.start
        end = bounds[i + 1].start if i + 1 < len(bounds) else len(body)
        first = bisect.bisect_right(ends, start)  # the first span that ends after start
        spans = []
        for j in range(first, len(hidden)):  # not hidden[first:]: a copy per section
            a, b = hidden[j]
            if a >= end:
                break
            spans.append((max(a, start) - start, min(b, end) - start))
        text = body[start:end]
        if not _visible(text, spans):
            continue
        yield TextUnit(f"section-{i}", text, heading=heading.text, base=body_base + start,
                       hidden=tuple(spans))


def _visible(text: str, spans: Sequence[Span]) -> bool:
    pos = 0
    for a, b in spans:
        if text[pos:a].strip():
            return True
        pos = b
    return bool(text[pos:].strip())
