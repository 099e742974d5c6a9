"""Ids: the quick paths of slugify and url_slug give what the plain way gives."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kgraph.ids import slugify, url_slug


def _plain_slugify(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def _plain_url_slug(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an invalid IPv6 host ("http://[x"): the whole URL makes the slug
        return _plain_slugify(url)
    segments = [seg for seg in parts.path.split("/") if seg]
    last = segments[-1].rsplit(".", 1)[0] if segments else parts.netloc
    return _plain_slugify(last or url)


_SLUGGY = st.text(alphabet=st.sampled_from(list("az09-- .Aé_ﬁ")), max_size=60)
_URLS = st.lists(st.sampled_from(["http:", "//", "/", "a", "b.c", ".", "?q", "#f", " ", "[", "é",
                                  "-", "x-y", "%20"]), max_size=12).map("".join)


@settings(max_examples=500)
@given(_SLUGGY, st.integers(min_value=0, max_value=50))
@example("a" * 47 + "-b", 48)
@example("a-", 1)
@example("a--b", 48)
def test_slugify_is_the_plain_way(text, limit):
    assert slugify(text, limit=limit) == _plain_slugify(text, limit)


@settings(max_examples=500)
@given(_URLS)
@example("https://example.org/a//b.html/?x")
@example("https://example.org///")
@example("//[")
def test_url_slug_is_the_plain_way(url):
    assert url_slug(url) == _plain_url_slug(url)
