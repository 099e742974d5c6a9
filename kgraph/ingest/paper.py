"""Reader for papers as plain text (PDF extractions): no front matter.

Title and authors come from the top lines; sections are split at headings written in
capitals on a line of their own. The text keeps its PDF artefacts (hyphenated line
breaks, citation markers); the extract stage cleans them while keeping offsets.
"""

from __future__ import annotations

import re

from kgraph.ids import stable_id
from kgraph.ingest.common import ReadError
from kgraph.ingest.sections import split_sections
from kgraph.records import Document, TextUnit

__all__ = ["read_paper", "looks_like_paper"]

# A heading: a line of capitals (at least four letters), optionally numbered; or a numbered
# line of a few words ("2.1 Related work"), as PDFs of papers print them.
_HEADING = re.compile(r"^[ \t]*((?:\d+(?:\.\d+)*\.?[ \t]+)?[A-Z][A-Z0-9 ,:&'’\-–]{3,}?"
                      r"|\d+(?:\.\d+)*\.?[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Za-z][a-z-]*){0,5})[ \t]*$",
                      re.MULTILINE)
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_BANNER_MAX_WORDS = 6
_AUTHOR_MARKS = re.compile(r"[\d✉*†‡§¶]+")
_SKIPPED_SECTIONS = ("REFERENCES", "BIBLIOGRAPHY")
# Markdown structure: an ATX heading, a code fence, a link, a wiki-link.
_MARKDOWN = re.compile(r"^[ ]{0,3}(?:#{1,6}[ \t]|```|~~~)|\]\(|\[\[", re.MULTILINE)


def looks_like_paper(text: str) -> bool:
    """Whether plain text (no front matter) reads as a paper: no Markdown structure, and
    an author line under the title or at least two headings in capitals."""
    if _MARKDOWN.search(text):
        return False
    lines = _top_lines(text)
    if any(_author_names(line) for line, _ in lines[1:3]):
        return True
    return len(_HEADING.findall(text, 0, 200_000)) >= 2


def read_paper(text: str, source_file: str, digest: str = "") -> Document:
    """A paper: title, authors, and its sections.

    Raises
    ------
    ReadError
        When the text has no line that can serve as a title.
    """
    lines = _top_lines(text)
    if not lines:
        raise ReadError("plain text with no title line")
    title, title_end = lines[0]
    authors: list[str] = []
    body_start = title_end
    for line, end in lines[1:]:
        names = _author_names(line)
        if not names:
            break
        authors.extend(names)
        body_start = end
    units = [TextUnit("title", title)]
    for i, (heading, start, end) in enumerate(split_sections(text[body_start:], _HEADING)):
        if _NUMBERING.sub("", heading).upper() in _SKIPPED_SECTIONS:
            continue
        units.append(TextUnit(f"section-{i}", text[body_start + start:body_start + end],
                              heading=heading or "Abstract", base=body_start + start))
    return Document(
        id=stable_id(source_file, title),
        kind="Paper",
        title=title,
        source_file=source_file,
        authors=tuple(dict.fromkeys(authors)),
        units=tuple(units),
        digest=digest,
    )


def _top_lines(text: str) -> list[tuple[str, int]]:
    """The title line and the lines after it up to the first blank line, with end offsets.

    Leading banner lines in capitals ("REVIEW ARTICLE OPEN") are passed over.
    """
    out: list[tuple[str, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        pos += len(raw)
        line = raw.strip()
        if not out:
            banner = line.isupper() and len(line.split()) <= _BANNER_MAX_WORDS
            if line and not banner:
                out.append((line, pos))
        elif not line:
            break
        else:
            out.append((line, pos))
    return out


def _author_names(line: str) -> list[str]:
    """Names on an author line ("Andre Esteva 1✉, Katherine Chou2,5 and ..."), or []."""
    cleaned = _AUTHOR_MARKS.sub(" ", line)
    parts = [p.strip() for p in re.split(r",|\band\b", cleaned) if p.strip()]
    names = [p for p in parts if _looks_like_name(p)]
    return names if parts and len(names) == len(parts) else []


def _looks_like_name(part: str) -> bool:
    words = part.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words if w.isalpha())
