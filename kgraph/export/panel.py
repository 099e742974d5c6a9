"""What the HTML view's tooltip and side panel say about one node, as plain JSON-able data.

Offsets sent to the page count UTF-16 code units, as JavaScript strings do (kgraph's own
offsets count code points). Titles and labels pass through :func:`plain`, so that no markup
(``#``, ``<p>``, ``![]()``) reaches the page as text to read.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kgraph.ids import deep_link
from kgraph.records import DOCUMENT_KINDS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["plain", "utf16", "tooltip", "details", "NAME", "STRUCTURAL"]

NAME = {"Document": "Related item"}
"""Names in the page where a node kind's name is not its own."""
STRUCTURAL = frozenset({"mentions", "publishedBy", "relatedTo", "hasTopic", "hasSection",
                        "creator", "linksTo"})
"""Edge keys that are not relations between entities."""

Edge = tuple[str, str, dict[str, Any]]  # the node at the other end, the edge's key, its data
Incident = tuple[list[Edge], list[Edge]]  # a node's edges in, and out

_LISTS = (  # (edge key, outgoing?, heading in the side panel)
    ("publishedBy", True, "Published by"), ("hasTopic", True, "Topics"),
    ("creator", True, "Authors"), ("mentions", True, "Mentions"),
    ("hasSection", True, "Sections"), ("relatedTo", True, "Related items"),
    ("mentions", False, "Mentioned in"), ("publishedBy", False, "Published"),
    ("hasTopic", False, "Documents on this topic"), ("creator", False, "Author of"),
    ("relatedTo", False, "Related to"), ("hasSection", False, "Section of"),
)
_MAX_ITEMS = 50  # list entries per heading in the side panel
_MAX_SENTENCES = 30  # sentences per entity in the side panel
_MAX_EVIDENCE = 3  # evidence sentences per relation
_MAX_MONTHS = 120  # above this many months the chart counts by year

_MARKUP = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),  # wiki-links: their text
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), " "),  # HTML tags
    (re.compile(r"^\s*(?:#{1,6}|>+|[-*+]\s)\s*"), ""),  # heading, quote, list marks
    (re.compile(r"(\*\*|__|`+)"), ""),  # strong emphasis, code
)


@lru_cache(maxsize=1 << 16)
def plain(text: str) -> str:
    """``text`` without Markdown or HTML markup, on one line.

    >>> plain("# Deep *learning* <p>in ![x](a.png)[radiology](https://r.org)</p>")
    'Deep *learning* in xradiology'
    >>> plain("a &amp; b")
    'a & b'
    """
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(html.unescape(text).split())


def utf16(text: str, index: int) -> int:
    """Where code point ``index`` of ``text`` is, counted in UTF-16 code units.

    >>> utf16("😀 radiology", 2)
    3
    """
    return len(text[:index].encode("utf-16-le", "surrogatepass")) // 2  # two bytes a unit


def tooltip(g: nx.MultiDiGraph, iri: str, edges: Incident) -> list[list[str]]:
    """``[name, value]`` rows; the first row's value is the heading."""
    data = g.nodes[iri]
    rows = [["", heading(data)], ["Type", _types(data)]]
    if data["kind"] in DOCUMENT_KINDS:
        rows += [["Date", data.get("created", "")[:10]], ["Provider", _provider(g, edges)]]
    elif data["kind"] == "Section":
        rows.append(["In", plain(g.nodes[data["document"]]["label"]) if data.get("document") in g else ""])
    if data.get("alt_labels"):
        rows.append(["Also", "; ".join(data["alt_labels"][:8])])
    return [row for row in rows if row[1]]


def heading(data: dict[str, Any]) -> str:
    return plain(data.get("title") or data["label"]) or plain(data["label"])


def details(g: nx.MultiDiGraph, iri: str, edges: Incident, ids: dict[str, int],
            base: str = "") -> dict[str, Any]:
    """What the side panel shows for one node."""
    data = g.nodes[iri]
    sentences, more = _sentences(g, edges, ids)
    out = {"heading": heading(data), "kind": data["kind"], "fields": _fields(g, iri, edges),
           "text": data.get("excerpt", ""), "lists": _lists(g, edges, ids),
           "sentences": sentences, "more": more}
    months = _months(g, edges)
    if months:
        out["months"] = months
    relations = _relations(g, edges, ids, base)
    if relations:
        out["relations"] = relations
    return out


def _types(data: dict[str, Any]) -> str:
    return ", ".join(NAME.get(t, t) for t in data["types"])


def _provider(g: nx.MultiDiGraph, edges: Incident) -> str:
    return "; ".join(sorted(plain(g.nodes[v]["label"]) for v, k, _ in edges[1] if k == "publishedBy"))


def _fields(g: nx.MultiDiGraph, iri: str, edges: Incident) -> list[list[str]]:
    """``[name, text, link]`` rows of the side panel (link ``""`` for none)."""
    data = g.nodes[iri]
    rows = [["Type", _types(data), ""]]
    if data.get("alt_labels"):
        rows.append(["Also called", "; ".join(data["alt_labels"]), ""])
    for descriptor, name, match in data.get("mesh", ()):
        code = descriptor.rstrip("/").rsplit("/", 1)[-1]
        rows.append(["MeSH", f"{name} ({code})" + (", close match" if match == "close" else ""),
                     descriptor])
    if data["kind"] in DOCUMENT_KINDS:
        url = data.get("url", "")
        rows += [["Title", plain(data.get("title", "")), ""], ["Date", data.get("created", ""), ""],
                 ["Provider", _provider(g, edges), ""], ["URL", url, url],
                 ["Source file", data.get("source_file", ""), ""]]
    if data.get("document") in g:
        rows.append(["Document", plain(g.nodes[data["document"]]["label"]), ""])
    if data.get("domain"):
        rows.append(["Web site", f"https://{data['domain']}/", f"https://{data['domain']}/"])
    return [row for row in rows if row[1]]


def _lists(g: nx.MultiDiGraph, edges: Incident, ids: dict[str, int]) -> list[dict[str, Any]]:
    """Neighbours by edge: ``{"h": heading, "i": [[node id, count] or [-1, count, label]], "m": more}``.

    A neighbour that is drawn is named by its id only (the page knows its label).
    """
    # (edge key, outgoing) -> neighbour -> count
    counts: dict[tuple[str, bool], dict[str, int]] = defaultdict(dict)
    for outgoing, listed in ((True, edges[1]), (False, edges[0])):
        for other, k, d in listed:
            other = g.nodes[other].get("document", other) if k == "mentions" else other
            found = counts[k, outgoing]
            found[other] = found.get(other, 0) + d.get("count", 0)
    out = []
    for key, outgoing, title in _LISTS:
        found = counts.get((key, outgoing), {})
        if not found:
            continue
        ranked = sorted(found, key=lambda n: (-found[n], g.nodes[n]["label"], n))
        items = [[ids[n], found[n]] if n in ids else [-1, found[n], plain(g.nodes[n]["label"])]
                 for n in ranked[:_MAX_ITEMS]]
        out.append({"h": title, "i": items, "m": len(found) - len(items)})
    return out


def _source(g: nx.MultiDiGraph, source: str, ids: dict[str, int], seconds: int) -> dict[str, Any]:
    """Where a sentence is: the document (id, or label when not drawn) and a link."""
    document = g.nodes[source].get("document", source)
    url = g.nodes[document].get("url", "")
    video = seconds >= 0 and bool(url)
    return {"n": ids.get(document, -1), "d": "" if document in ids else plain(g.nodes[document]["label"]),
            "h": deep_link(url, seconds) if video else url, "w": _clock(seconds) if video else ""}


def _sentences(g: nx.MultiDiGraph, edges: Incident, ids: dict[str, int]) -> tuple[list[dict], int]:
    """The sentences that mention the node, one entry each with every quote marked.

    ``"k"``: ``[start, end]`` of each quote in UTF-16 units; ``"q"``: quotes not found in the
    sentence. Only the first ``_MAX_SENTENCES`` are made; the second value says how many
    more there are.
    """
    found = sorted(((source, d["mentions"]) for source, k, d in edges[0] if k == "mentions"),
                   key=itemgetter(0))
    grouped: dict[tuple[str, str], list[Any]] = {}
    for source, mentions in found:
        for m in mentions:
            grouped.setdefault((source, m.sentence), []).append(m)
    out = []
    for (source, sentence), mentions in list(grouped.items())[:_MAX_SENTENCES]:
        marks, missing = _marks(sentence, sorted(mentions, key=lambda m: (m.start, m.end)))
        entry = {"s": sentence, "k": marks, "q": missing}
        entry.update(_source(g, source, ids, min(m.seconds for m in mentions)))
        out.append(entry)
    return out, len(grouped) - len(out)


def _marks(sentence: str, mentions: list[Any]) -> tuple[list[list[int]], list[str]]:
    """Each mention's quote in ``sentence``: the n-th mention of a quote is its n-th occurrence."""
    used: dict[str, int] = {}
    marks: set[tuple[int, int]] = set()
    missing: list[str] = []
    for m in mentions:
        spots = [hit.start() for hit in re.finditer(r"(?<!\w)" + re.escape(m.quote) + r"(?!\w)", sentence)]
        spots = spots or [hit.start() for hit in re.finditer(re.escape(m.quote), sentence)]
        if not spots or not m.quote:
            if m.quote not in missing:
                missing.append(m.quote)
            continue
        at = spots[min(used.get(m.quote, 0), len(spots) - 1)]
        used[m.quote] = used.get(m.quote, 0) + 1
        marks.add((utf16(sentence, at), utf16(sentence, at + len(m.quote))))
    kept: list[list[int]] = []
    for start, end in sorted(marks):  # overlapping quotes: the first one wins
        if not kept or start >= kept[-1][1]:
            kept.append([start, end])
    return kept, missing


def _months(g: nx.MultiDiGraph, edges: Incident) -> list[list[Any]]:
    """Mentions by month (``[["2021-03", n], ...]``, every month from first to last; by year
    when that is more than ``_MAX_MONTHS``); empty when no mentioning document has a date."""
    counts: dict[str, int] = {}
    for source, k, d in edges[0]:
        if k != "mentions":
            continue
        created = g.nodes[g.nodes[source].get("document", source)].get("created", "")
        if re.match(r"\d{4}-\d\d", created):
            counts[created[:7]] = counts.get(created[:7], 0) + (len(d.get("mentions", ())) or 1)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    if span > _MAX_MONTHS:
        years: dict[str, int] = {}
        for key, n in counts.items():
            years[key[:4]] = years.get(key[:4], 0) + n
        return [[str(y), years.get(str(y), 0)] for y in range(int(first[:4]), int(last[:4]) + 1)]
    months = []
    for i in range(span):
        year, month0 = divmod(int(first[:4]) * 12 + int(first[5:]) - 1 + i, 12)
        key = f"{year:04d}-{month0 + 1:02d}"
        months.append([key, counts.get(key, 0)])
    return months


def _relations(g: nx.MultiDiGraph, edges: Incident, ids: dict[str, int],
               base: str) -> list[dict[str, Any]]:
    """Relations to other entities: ``{"r": name, "o": outgoing?, "n": other id, "d": label,
    "e": [evidence: {"s": sentence, "n"/"d"/"h"/"w": source}], "m": more}``."""
    out = []
    for outgoing, listed in ((True, edges[1]), (False, edges[0])):
        for other, k, d in listed:
            if k in STRUCTURAL or "evidence" not in d and "relation" not in d:
                continue
            evidence = []
            for r in sorted(d.get("evidence", ()), key=lambda r: (r.doc_id, r.unit, r.start))[:_MAX_EVIDENCE]:
                source = _unit_node(g, base, r.doc_id, r.unit)
                entry = {"s": r.sentence}
                entry.update(_source(g, source, ids, -1) if source else {"n": -1, "d": r.doc_id, "h": "", "w": ""})
                evidence.append(entry)
            out.append({"r": d.get("relation", k), "o": outgoing, "n": ids.get(other, -1),
                        "d": plain(g.nodes[other]["label"]), "e": evidence,
                        "m": max(0, len(d.get("evidence", ())) - len(evidence))})
    return sorted(out, key=lambda r: (not r["o"], r["r"], r["d"]))


def _unit_node(g: nx.MultiDiGraph, base: str, doc_id: str, unit: str) -> str:
    """The node of the text a relation was read in (section, else document), or ``""``."""
    for candidate in (f"{base}doc/{doc_id}/{unit}", f"{base}doc/{doc_id}"):
        if candidate in g:
            return candidate
    return ""


def _clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
