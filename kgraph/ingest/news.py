"""Reader for news items: YAML front matter with title, excerpt, provider, related items.

The ``secured`` field is never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kgraph.ids import stable_id, url_slug, web_url
from kgraph.ingest.common import ReadError, as_datetime, as_list, as_text
from kgraph.records import Document, Provider, TextUnit

__all__ = ["read_news"]

_KINDS = {"article": "Article", "video": "Video", "paper": "Paper"}


def read_news(meta: dict[str, Any], body: str, body_base: int, source_file: str,
              digest: str = "") -> Document:
    """A news item and its related items.

    Raises
    ------
    ReadError
        When the item has no title.
    """
    title = as_text(meta.get("title"))
    if not title:
        raise ReadError("front matter has no 'title'")
    fields = _item(meta, title, _provider(meta.get("provider")), key_hint=source_file)
    related = tuple(_related(meta))
    if body.strip():
        fields["units"] += (TextUnit("body", body, base=body_base),)
    for item in related:
        fields["notes"] += item.notes
    return Document(**fields, source_file=source_file, related=related, digest=digest)


def _item(meta: dict[str, Any], title: str, provider: Provider | None, *,
          key_hint: str) -> dict[str, Any]:
    """The fields of a Document for a news item or a related item (one Document is made
    of them, not one made and then changed: that costs as much again)."""
    excerpt = as_text(meta.get("excerpt"))
    original, web = as_text(meta.get("originalUrl")), as_text(meta.get("webUrl"))
    given = original or web
    url = web_url(original) or web_url(web)
    units: tuple[TextUnit, ...] = (TextUnit("title", title),)
    if excerpt:
        units += (TextUnit("excerpt", excerpt),)
    raw_date = meta.get("publishedDateTime")
    created = as_datetime(raw_date)
    notes: tuple[str, ...] = () if created or raw_date in (None, "") else (
        f"publishedDateTime {as_text(raw_date)[:40]!r} of {title[:40]!r} is not a date; left out",)
    if given and not url:  # never a schema:url, never part of an IRI
        notes += (f"URL {given[:60]!r} of {title[:40]!r} is not an absolute http(s) URL; "
                  "left out",)
    return {
        "id": stable_id(url, url_slug(url)) if url else stable_id(key_hint, title),
        "kind": _KINDS.get(as_text(meta.get("type")).lower(), "Article"),
        "title": title,
        "url": url,
        "created": created,
        "provider": provider,
        "excerpt": excerpt,
        "topics": tuple(t for t in (as_text(x) for x in as_list(meta.get("topics"))) if t),
        "units": units,
        "notes": notes,
    }


def _provider(value: Any) -> Provider | None:
    if isinstance(value, dict):
        name, domain = as_text(value.get("name")), as_text(value.get("domain")).lower()
        domain = domain if web_url(f"https://{domain}/") else ""  # it makes a schema:url
    else:
        name, domain = as_text(value), ""
    if not (name or domain):
        return None
    return Provider(name or domain, domain)


def _related(meta: dict[str, Any]) -> Iterator[Document]:
    for entry in as_list(meta.get("related")):
        if isinstance(entry, dict) and (title := as_text(entry.get("title"))):
            # without a URL, an item is known by its title and its provider
            provider = _provider(entry.get("provider"))
            yield Document(**_item(entry, title, provider,
                                   key_hint=f"{title}|{provider.name if provider else ''}"))
