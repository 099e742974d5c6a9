"""Splitting a text into sections at heading lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["split_sections"]


def split_sections(text: str, heading: re.Pattern[str]) -> Iterator[tuple[str, int, int]]:
    """``(heading, start, end)`` for each section of ``text``.

    A section's text runs from the line after its heading to the next heading. Text
    before the first heading is a section with an empty heading. Sections with no
    text but white space are left out.

    >>> list(split_sections("intro\\n# A\\nbody\\n", re.compile(r"^# (.+)$", re.M)))
    [('', 0, 6), ('A', 10, 15)]
    """
    starts = [(m.group(1).strip(), m.start(), min(len(text), m.end() + 1))
              for m in heading.finditer(text)]
    bounds = [("", 0, 0), *starts]
    for i, (title, _, body_start) in enumerate(bounds):
        end = starts[i][1] if i < len(starts) else len(text)
        if text[body_start:end].strip():
            yield title, body_start, end
