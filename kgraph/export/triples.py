"""The triples a KnowledgeGraph stands for, as plain data, in a deterministic order.

Both the rdflib view (:mod:`kgraph.export.rdf`) and the streaming Turtle writer
(:mod:`kgraph.export.turtle`) are made from :func:`blocks`, so they cannot drift apart.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from kgraph.ids import deep_link
from kgraph.namespace import KG, PREFIXES
from kgraph.records import CONCEPT_KINDS, ENTITY_KINDS, RELATIONS

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph
    from kgraph.records import Mention, Relation

__all__ = ["Lit", "Block", "blocks", "mention_iri", "statement_iri", "safe_url", "NS",
           "RELATIONS"]

@functools.lru_cache(maxsize=None)
def _kg(term: str) -> str:
    """An IRI of the kgraph ontology; a term it does not define fails at once."""
    return str(KG[term])


RDF_TYPE = PREFIXES["rdf"] + "type"
XSD = PREFIXES["xsd"]
INTEGER, ANY_URI = XSD + "integer", XSD + "anyURI"
NS = {p: PREFIXES[p] for p in ("rdfs", "skos", "dcterms", "schema")}
LABEL, PREF, ALT = NS["rdfs"] + "label", NS["skos"] + "prefLabel", NS["skos"] + "altLabel"
_EDGE = {"mentions": _kg("mentions"), "publishedBy": _kg("publishedBy"),
         "relatedTo": _kg("relatedTo"), "hasTopic": _kg("hasTopic"),
         "hasSection": _kg("hasSection"), "creator": NS["dcterms"] + "creator",
         "linksTo": _kg("linksTo")}
_EDGE.update({name: _kg(name) for name in RELATIONS})
_CLASS = {"Person": NS["schema"] + "Person"}
_MATCH = {"exact": NS["skos"] + "exactMatch", "close": NS["skos"] + "closeMatch"}
_ENTITY = frozenset({*CONCEPT_KINDS, "Topic"})
_COUNTED = frozenset(ENTITY_KINDS)
_INVALID_TEXT = re.compile(r"[\ud800-\udfff]")


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI (empty for a plain string)."""

    value: str
    datatype: str = ""


Obj = str | Lit  # an IRI (str) or a literal
Block = tuple[str, list[tuple[str, Obj]]]  # a subject and its (predicate, object) pairs


def _text(value: str) -> Lit:
    # isascii() is a flag lookup: most texts skip the search for lone surrogates.
    return Lit(value if value.isascii() else _INVALID_TEXT.sub("\ufffd", value))


def _int(value: int) -> Lit:
    return Lit(str(value), INTEGER)


def safe_url(url: str) -> str:
    """``url`` with spaces, quotes, brackets and non-ASCII characters percent-encoded.

    >>> safe_url('https://example.org/a b/"x"/é')
    'https://example.org/a%20b/%22x%22/%C3%A9'
    """
    return quote(_INVALID_TEXT.sub("\ufffd", url), safe=":/?#[]@!$&'()*+,;=%~")


def mention_iri(base_iri: str, container: str, m: Mention) -> str:
    key = f"{container}|{m.unit}|{m.start}|{m.end}|{m.concept}"
    return f"{base_iri}mention/{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def blocks(kg: KnowledgeGraph) -> Iterator[Block]:
    """Every subject with its pairs: nodes sorted by IRI, each followed by its mentions.

    An entity that is the subject of relations is followed by their evidence: one
    ``rdf:Statement`` per stating sentence. Within a block, types come first, then pairs
    sorted by predicate and object.
    """
    g = kg.graph
    for iri in sorted(g.nodes):
        data = g.nodes[iri]
        pairs = _node_pairs(data)
        mentions: list[tuple[str, Mention]] = []
        statements: list[Block] = []
        for _, target, key, edge in g.out_edges(iri, keys=True, data=True):
            pairs.append((_EDGE[key], target))
            if key == "mentions":
                mentions.extend((target, m) for m in edge["mentions"])
            elif "evidence" in edge:
                statements.extend(_statement_block(kg.base_iri, r) for r in edge["evidence"])
        if _COUNTED & set(data["types"]):
            count = sum(d["count"] for _, _, k, d in g.in_edges(iri, keys=True, data=True)
                        if k == "mentions")
            pairs.append((_kg("mentionCount"), _int(count)))
        yield iri, _ordered(pairs)
        url = g.nodes[data.get("document", iri)].get("url", "")
        yield from sorted(_mention_block(kg.base_iri, iri, target, m, url) for target, m in mentions)
        yield from sorted(statements)
    yield from _descriptor_blocks(g)


def _descriptor_blocks(g: Any) -> Iterator[Block]:
    """The MeSH descriptors the entities link to, each with its heading as ``rdfs:label``."""
    headings = {iri: heading for _, links in g.nodes(data="mesh") if links
                for iri, heading, _ in links}
    for iri in sorted(headings):
        yield iri, [(LABEL, _text(headings[iri]))]


def _ordered(pairs: list[tuple[str, Obj]]) -> list[tuple[str, Obj]]:
    unique = set(pairs)
    return sorted(unique, key=lambda po: (po[0] != RDF_TYPE, po[0], isinstance(po[1], Lit), po[1]))


def _node_pairs(data: dict[str, Any]) -> list[tuple[str, Obj]]:
    pairs: list[tuple[str, Obj]] = [(RDF_TYPE, _CLASS.get(t) or _kg(t)) for t in data["types"]]
    pairs.append((LABEL, _text(data["label"])))
    if _ENTITY & set(data["types"]):
        pairs.append((PREF, _text(data["label"])))
        pairs.extend((ALT, _text(alt)) for alt in data["alt_labels"])
    pairs.extend((ALT, _text(alias)) for alias in data.get("aliases", ()))  # a document's
    for key, predicate in (("title", NS["dcterms"] + "title"), ("excerpt", NS["dcterms"] + "description")):
        if data.get(key):
            pairs.append((predicate, _text(data[key])))
    for name in data.get("source_files") or ([data["source_file"]] if data.get("source_file") else []):
        pairs.append((_kg("sourceFile"), _text(name)))
    if data.get("created"):
        pairs.append((NS["dcterms"] + "created", Lit(data["created"], XSD + "dateTime")))
    if data.get("url"):
        pairs.append((NS["schema"] + "url", Lit(safe_url(data["url"]), ANY_URI)))
    if data.get("domain"):
        pairs.append((NS["schema"] + "url", Lit(safe_url(f"https://{data['domain']}/"), ANY_URI)))
    if data["kind"] == "Section":
        pairs.append((_kg("position"), _int(data["position"])))
    pairs.extend((_MATCH[match], iri) for iri, _, match in data.get("mesh", ()))
    return pairs


_MENTION, _CONTEXT, _DEEP_LINK, _END, _FIELD, _IN_DOCUMENT, _MENTION_OF, _QUOTE, _START = map(_kg, (
    "Mention", "context", "deepLink", "end", "field", "inDocument", "mentionOf", "quote", "start"))


def _mention_block(base_iri: str, container: str, target: str, m: Mention, url: str) -> Block:
    # Already in the order of _ordered (rdf:type, then by predicate; each predicate once),
    # as the test of mention blocks checks: most blocks are mentions, and need no sorting.
    pairs: list[tuple[str, Obj]] = [(RDF_TYPE, _MENTION), (_CONTEXT, _text(m.sentence))]
    if m.seconds >= 0 and url:
        pairs.append((_DEEP_LINK, Lit(safe_url(deep_link(url, m.seconds)), ANY_URI)))
    pairs += [(_END, _int(m.end)), (_FIELD, _text(m.unit)), (_IN_DOCUMENT, container),
              (_MENTION_OF, target), (_QUOTE, _text(m.quote)), (_START, _int(m.start))]
    return mention_iri(base_iri, container, m), pairs


_STATEMENT = PREFIXES["rdf"] + "Statement"
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = (PREFIXES["rdf"] + p for p in ("subject", "predicate", "object"))


def container_iri(base_iri: str, doc_id: str, unit: str) -> str:
    """The node of a text unit: its section's, or else its document's."""
    document = f"{base_iri}doc/{doc_id}"
    return f"{document}/{unit}" if unit.startswith("section-") else document


def statement_iri(base_iri: str, container: str, r: Relation) -> str:
    key = f"{container}|{r.unit}|{r.start}|{r.end}|{r.relation}|{r.subject}|{r.object}"
    return f"{base_iri}statement/{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def _statement_block(base_iri: str, r: Relation) -> Block:
    """The evidence of a relation: the sentence that states it, as an ``rdf:Statement``."""
    container = container_iri(base_iri, r.doc_id, r.unit)
    pairs: list[tuple[str, Obj]] = [
        (RDF_TYPE, _STATEMENT), (_RDF_OBJECT, r.object), (_RDF_PREDICATE, _kg(r.relation)),
        (_RDF_SUBJECT, r.subject), (_CONTEXT, _text(r.sentence)), (_END, _int(r.end)),
        (_FIELD, _text(r.unit)), (_IN_DOCUMENT, container), (_START, _int(r.start))]
    return statement_iri(base_iri, container, r), _ordered(pairs)
