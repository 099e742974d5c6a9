"""RDF export: the KnowledgeGraph in the kgraph vocabulary, through rdflib."""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kgraph.export.files import write_atomic
from kgraph.namespace import KG, PREFIXES, SCHEMA

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph
    from kgraph.records import Mention

__all__ = ["to_rdf", "write_turtle", "mention_iri", "deep_link"]

_EDGE = {"mentions": KG.mentions, "publishedBy": KG.publishedBy, "relatedTo": KG.relatedTo,
         "hasTopic": KG.hasTopic, "hasSection": KG.hasSection, "creator": DCTERMS.creator}
_CLASS = {"Person": SCHEMA.Person}
_ENTITY = {"Specialty", "Technique", "Organization", "Provider", "Topic"}


def mention_iri(base_iri: str, container: str, m: Mention) -> URIRef:
    key = f"{container}|{m.unit}|{m.start}|{m.end}|{m.concept}"
    return URIRef(f"{base_iri}mention/{hashlib.sha1(key.encode()).hexdigest()[:16]}")


def deep_link(url: str, seconds: int) -> str:
    """The video URL that starts at ``seconds``.

    >>> deep_link("https://www.youtube.com/watch?v=abc", 3111)
    'https://www.youtube.com/watch?v=abc&t=3111s'
    """
    return f"{url}{'&' if '?' in url else '?'}t={seconds}s"


def to_rdf(kg: KnowledgeGraph) -> Graph:
    """The graph as RDF: classes and properties of ``ontology/kgraph.ttl``."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for iri, data in kg.graph.nodes(data=True):
        _node(g, URIRef(iri), data)
    for source, target, key, data in kg.graph.edges(keys=True, data=True):
        g.add((URIRef(source), _EDGE[key], URIRef(target)))
        if key == "mentions":
            _mentions(g, kg, source, target, data["mentions"])
    for iri, data in kg.graph.nodes(data=True):
        if _ENTITY & set(data["types"]) and data["kind"] not in ("Provider", "Topic"):
            count = sum(d["count"] for _, _, k, d in kg.graph.in_edges(iri, keys=True, data=True)
                        if k == "mentions")
            g.add((URIRef(iri), KG.mentionCount, Literal(count)))
    return g


def _node(g: Graph, s: URIRef, data: dict) -> None:
    for kind in data["types"]:
        g.add((s, RDF.type, _CLASS.get(kind) or KG[kind]))
    g.add((s, RDFS.label, Literal(data["label"])))
    if _ENTITY & set(data["types"]):
        g.add((s, SKOS.prefLabel, Literal(data["label"])))
        for alt in data["alt_labels"]:
            g.add((s, SKOS.altLabel, Literal(alt)))
    if data.get("title"):
        g.add((s, DCTERMS.title, Literal(data["title"])))
    if data.get("created"):
        g.add((s, DCTERMS.created, Literal(data["created"], datatype=XSD.dateTime)))
    if data.get("url"):
        g.add((s, SCHEMA.url, Literal(data["url"], datatype=XSD.anyURI)))
    if data.get("source_file"):
        g.add((s, KG.sourceFile, Literal(data["source_file"])))
    if data.get("excerpt"):
        g.add((s, DCTERMS.description, Literal(data["excerpt"])))
    if data.get("domain"):
        g.add((s, SCHEMA.url, Literal(f"https://{data['domain']}/", datatype=XSD.anyURI)))
    if data["kind"] == "Section":
        g.add((s, KG.position, Literal(data["position"])))


def _mentions(g: Graph, kg: KnowledgeGraph, source: str, target: str, mentions) -> None:
    document = kg.graph.nodes[source].get("document", source)
    url = kg.graph.nodes[document].get("url", "")
    for m in mentions:
        node = mention_iri(kg.base_iri, source, m)
        g.add((node, RDF.type, KG.Mention))
        g.add((node, KG.inDocument, URIRef(source)))
        g.add((node, KG.mentionOf, URIRef(target)))
        g.add((node, KG.field, Literal(m.unit)))
        g.add((node, KG.start, Literal(m.start)))
        g.add((node, KG.end, Literal(m.end)))
        g.add((node, KG.quote, Literal(m.quote)))
        g.add((node, KG.context, Literal(m.sentence)))
        if m.seconds >= 0 and url:
            g.add((node, KG.deepLink, Literal(deep_link(url, m.seconds), datatype=XSD.anyURI)))


def write_turtle(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> int:
    """Write ``kg`` as Turtle to ``path``; returns the number of triples.

    The output is deterministic: subjects, predicates and objects are sorted.
    """
    g = to_rdf(kg)
    write_atomic(path, g.serialize(format="turtle", encoding="utf-8"))
    return len(g)
