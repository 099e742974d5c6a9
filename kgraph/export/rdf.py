"""The KnowledgeGraph as an ``rdflib.Graph``: the API's view of the RDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.export.triples import Lit, blocks, mention_iri
from kgraph.export.turtle import write_turtle
from kgraph.namespace import PREFIXES

if TYPE_CHECKING:
    import rdflib

    from kgraph.graph import KnowledgeGraph

__all__ = ["to_rdf", "write_turtle", "mention_iri"]


def to_rdf(kg: KnowledgeGraph) -> rdflib.Graph:
    """The graph as RDF, in the classes and properties of ``ontology/kgraph.ttl``.

    Holds exactly the triples that :func:`write_turtle` writes.
    """
    from rdflib import Graph, Literal, URIRef

    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for subject, pairs in blocks(kg):
        s = URIRef(subject)
        for predicate, obj in pairs:
            term: Literal | URIRef
            if isinstance(obj, Lit):
                term = Literal(obj.value, datatype=URIRef(obj.datatype) if obj.datatype else None,
                               normalize=False)
            else:
                term = URIRef(obj)
            g.add((s, URIRef(predicate), term))
    return g
