"""Helpers shared by the readers."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["ReadError", "as_text", "as_datetime", "as_list"]


class ReadError(Exception):
    """A reader cannot make a document of this input; the message is the one-line reason."""


def as_text(value: Any) -> str:
    """A scalar front-matter value as text; mappings and lists give ``""``."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def as_list(value: Any) -> list[Any]:
    """A front-matter value that should be a list: a lone value becomes a one-item list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def as_datetime(value: Any) -> str:
    """An ISO 8601 UTC date-time (``2021-12-03T02:54:00Z``), or ``""`` when unknown.

    >>> as_datetime("2021-12-03T02:54:00Z")
    '2021-12-03T02:54:00Z'
    >>> as_datetime("2022-05-24")
    '2022-05-24T00:00:00Z'
    >>> as_datetime("not a date")
    ''
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return ""
    else:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"
