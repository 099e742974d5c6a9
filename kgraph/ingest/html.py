"""Reader for saved web pages, through trafilatura: the main text and the page's metadata.

The main text comes out as Markdown (headings kept) and is read by the Markdown reader;
title, date, author and site name come from the page's metadata, and the site becomes the
provider. Nothing is fetched: trafilatura reads the saved page only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from kgraph.ingest.common import ReadError
from kgraph.ingest.markdown import read_markdown
from kgraph.records import Document, Provider

__all__ = ["read_html", "looks_like_html"]

# The page's own date only (its metadata and markup), not a guess from text such as a
# copyright year; and no bound that moves with today's date, so a build is reproducible.
_DATES = {"extensive_search": False, "original_date": True, "max_date": "2999-12-31"}
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b)", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page (it opens with a doctype, ``<html>`` or ``<head>``).

    >>> looks_like_html("<!DOCTYPE html><html>..."), looks_like_html("# A note with <b>tags</b>")
    (True, False)
    """
    return _HTML_START.match(text[:4096]) is not None


def read_html(text: str, source_file: str, digest: str = "") -> Document:
    """A saved web page as an article: its main text in sections, and its metadata.

    Raises
    ------
    ReadError
        When the page has no main text.
    """
    import trafilatura

    page = trafilatura.bare_extraction(text, with_metadata=True, include_formatting=True,
                                       include_comments=False, include_tables=True,
                                       date_extraction_params=_DATES)
    body = (getattr(page, "text", None) or "").strip() if page is not None else ""
    if not body:
        raise ReadError("HTML page with no main text")
    meta = _meta(page)
    doc = read_markdown(meta, body, 0, source_file, digest)
    # The units' text is the extracted main text, which has no single place in the file.
    units = tuple(replace(u, base=-1) for u in doc.units)
    return replace(doc, units=units, provider=_provider(page))


def _meta(page: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {key: getattr(page, key, None) or ""
                            for key in ("title", "date", "author", "description", "url")}
    meta["tags"] = list(getattr(page, "tags", None) or [])
    meta["categories"] = list(getattr(page, "categories", None) or [])
    if meta["author"]:
        meta["author"] = [a.strip() for a in str(meta["author"]).split(";") if a.strip()]
    return meta


def _provider(page: Any) -> Provider | None:
    url = str(getattr(page, "url", None) or "")
    try:
        domain = urlsplit(url).netloc.lower().removeprefix("www.") if url else ""
    except ValueError:
        domain = ""
    domain = domain or str(getattr(page, "hostname", None) or "").lower()
    name = str(getattr(page, "sitename", None) or "").strip() or domain
    return Provider(name, domain) if name else None
