"""Stable identifiers and IRIs: a readable slug plus a short hash of the key."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from kgraph import _config

__all__ = ["slugify", "stable_id", "url_slug", "web_url", "deep_link", "DEFAULT_BASE_IRI"]

DEFAULT_BASE_IRI = _config.BASE_IRI

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BAD_HOST = re.compile(r'[\s<>"{}|\\^`]')


def slugify(text: str, *, limit: int = 48) -> str:
    """Lowercase ASCII words joined by hyphens, at most ``limit`` characters.

    >>> slugify("Could Google's DeepMind AI Transform Healthcare?")
    'could-google-s-deepmind-ai-transform-healthcare'
    """
    if _SLUG.fullmatch(text):  # already a slug, as url_slug's are: only the limit applies
        return text[:limit].rstrip("-") or "x"
    ascii_text = text if text.isascii() else (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def stable_id(key: str, hint: str = "") -> str:
    """A slug of ``hint`` (or ``key``) plus ten hex digits of the SHA-1 of ``key``.

    The same key always gives the same id, whatever the machine or the run.

    >>> stable_id("https://example.org/a", "A title")
    'a-title-579f2a2cee'
    """
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{slugify(hint or key)}-{digest}"


def url_slug(url: str) -> str:
    """A readable slug from a URL's last path segment (or its host).

    >>> url_slug("https://techcrunch.com/video/the-future-of-ai/")
    'the-future-of-ai'
    >>> url_slug("https://www.example.org/news/item.aspx?id=3")
    'item'
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[bad/x": not a URL that splits
        return slugify(url)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]  # the last non-empty one
    last = segment.rsplit(".", 1)[0] if segment else parts.netloc
    return slugify(last or url)


def web_url(text: str) -> str:
    """``text`` stripped if it is an absolute ``http(s)`` URL that parses, else ``""``.

    Only such URLs become a document's ``schema:url`` and shape its IRI; a ``javascript:``
    link, a relative path or a host that does not parse is not a web address.

    >>> web_url(" https://example.org/a b ")
    'https://example.org/a b'
    >>> web_url("javascript:alert(1)"), web_url("htt p://bad url>"), web_url("http://[bad/x")
    ('', '', '')
    """
    text = text.strip()
    if not text:  # a field left empty: nothing to split
        return ""
    try:
        parts = urlsplit(text)
        parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return "" if _BAD_HOST.search(parts.netloc) else text


def deep_link(url: str, seconds: int) -> str:
    """The video URL that starts at ``seconds``.

    >>> deep_link("https://www.youtube.com/watch?v=abc", 3111)
    'https://www.youtube.com/watch?v=abc&t=3111s'
    """
    return f"{url}{'&' if '?' in url else '?'}t={seconds}s"
