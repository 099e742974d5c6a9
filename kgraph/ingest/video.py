"""Reader for video notes: a title and videoId in front matter, a Markdown body.

The first wiki-link (``From: [[channel]]``) names the channel, the others are topics;
``## `` headings split the body into sections; ``yt-timestamp`` anchors date each passage.
"""

from __future__ import annotations

import re
from typing import Any

from kgraph.ids import stable_id
from kgraph.ingest.common import ReadError, as_text
from kgraph.ingest.sections import split_sections
from kgraph.records import Document, Provider, TextUnit

__all__ = ["read_video"]

_CHANNEL = re.compile(r"From:\s*\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
_WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
_ANCHOR = re.compile(r'<a\b[^>]*class="yt-timestamp"[^>]*data-t="(\d{1,2}(?::\d{1,2}){1,2})"')
_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t]*$", re.MULTILINE)


def _seconds(stamp: str) -> int:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


def read_video(meta: dict[str, Any], body: str, body_base: int, source_file: str,
               digest: str = "") -> Document:
    """A video note with its channel, topics, sections and timestamp anchors.

    Raises
    ------
    ReadError
        When the note has no title.
    """
    title = as_text(meta.get("title"))
    if not title:
        raise ReadError("front matter has no 'title'")
    video_id = as_text(meta.get("videoId"))
    url = f"https://www.youtube.com/watch?v={video_id}" if video_id else ""
    channel = _CHANNEL.search(body)
    topics = [m.group(1).strip() for m in _WIKILINK.finditer(body)
              if not (channel and m.start() == channel.start() + channel.group(0).index("[["))]
    units = [TextUnit("title", title)]
    for i, (heading, start, end) in enumerate(split_sections(body, _HEADING)):
        text = body[start:end]
        anchors = tuple((m.start(), _seconds(m.group(1))) for m in _ANCHOR.finditer(text))
        units.append(TextUnit(f"section-{i}", text, heading=heading, base=body_base + start,
                              anchors=anchors))
    return Document(
        id=stable_id(url or source_file, title),
        kind="Video",
        title=title,
        source_file=source_file,
        url=url,
        provider=Provider(channel.group(1).strip()) if channel else None,
        topics=tuple(dict.fromkeys(t for t in topics if t)),
        units=tuple(units),
        digest=digest,
    )
