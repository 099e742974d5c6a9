"""Helpers shared by the readers."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

__all__ = ["ReadError", "as_text", "as_datetime", "as_list"]


class ReadError(Exception):
    """A reader cannot make a document of this input; the message is the one-line reason."""


def as_text(value: Any) -> str:
    """A scalar front-matter value as text; mappings and lists give ``""``."""
    if type(value) is str:  # most values: first, and without the checks below
        text = value
    elif value is None or isinstance(value, (dict, list)):
        return ""
    elif isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    else:
        text = str(value)
    # Lone surrogates (from a YAML escape such as "\ud800") cannot be written out.
    return (text if text.isascii() else _SURROGATES.sub("\ufffd", text)).strip()


def as_list(value: Any) -> list[Any]:
    """A front-matter value that should be a list: a lone value becomes a one-item list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
            "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _parse(value: str) -> dt.datetime | None:
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(value)  # RFC 2822: "Fri, 03 Dec 2021 02:54:00 GMT"
    except (TypeError, ValueError, IndexError):
        return None


def as_datetime(value: Any) -> str:
    """An ISO 8601 UTC date-time (``2021-12-03T02:54:00Z``), or ``""`` when unknown.

    Dates without a time are taken at midnight; date-times without a zone as UTC.

    >>> as_datetime("2021-12-03T02:54:00Z")
    '2021-12-03T02:54:00Z'
    >>> as_datetime("2022-05-24")
    '2022-05-24T00:00:00Z'
    >>> as_datetime("Fri, 03 Dec 2021 03:54:00 +0100"), as_datetime("December 3, 2021")
    ('2021-12-03T02:54:00Z', '2021-12-03T00:00:00Z')
    >>> as_datetime("not a date")
    ''
    """
    if isinstance(value, dt.datetime):
        moment: dt.datetime | None = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        moment = _parse(value)
    else:
        moment = None
    if moment is None or not 1 <= moment.year <= 9999:
        return ""
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
        except OverflowError:  # 0001-01-01T00:00:00+05:00 is before year 1 in UTC
            return ""
    return moment.isoformat(timespec="seconds") + "Z"  # microseconds dropped
