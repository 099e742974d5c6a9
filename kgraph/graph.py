"""The :class:`KnowledgeGraph`: a networkx MultiDiGraph with views and exports."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.ids import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    import rdflib

__all__ = ["KnowledgeGraph", "EntityInfo", "DocumentInfo", "DOCUMENT_KINDS", "ENTITY_KINDS"]

DOCUMENT_KINDS = ("Article", "Video", "Paper", "Document")
ENTITY_KINDS = ("Specialty", "Technique", "Organization")


@dataclass(frozen=True)
class EntityInfo:
    """An entity of the graph, as :meth:`KnowledgeGraph.entities` lists it."""

    iri: str
    type: str
    label: str
    alt_labels: tuple[str, ...]
    documents: int
    mentions: int


@dataclass(frozen=True)
class DocumentInfo:
    """A document of the graph, as :meth:`KnowledgeGraph.documents` lists it."""

    iri: str
    kind: str
    title: str
    created: str
    provider: str
    url: str
    source_file: str


@dataclass
class KnowledgeGraph:
    """Documents, the entities they mention, and how they relate.

    Attributes
    ----------
    graph:
        A ``networkx.MultiDiGraph`` keyed by IRI. Every node has ``kind`` (its main
        class), ``types`` (all its kgraph classes) and ``label``; edges are keyed by
        the kgraph property they stand for (``"mentions"``, ``"publishedBy"``, ...), and
        ``mentions`` edges carry ``count`` and the ``mentions`` records behind them.
    base_iri:
        The namespace of the graph's own IRIs.
    report:
        What the build read, skipped and counted (empty for a graph not built from files).
    """

    graph: nx.MultiDiGraph
    base_iri: str = DEFAULT_BASE_IRI
    report: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.counts().items()))
        return f"<KnowledgeGraph {self.graph.number_of_nodes()} nodes: {counts}>"

    def counts(self) -> dict[str, int]:
        """The number of nodes of each class (a node of two classes counts in both)."""
        return dict(Counter(t for _, types in self.graph.nodes(data="types") for t in types))

    def entities(self, type: str | None = None) -> list[EntityInfo]:  # noqa: A002 - the API's word
        """Entities (specialties, techniques, organisations), most mentioned first.

        Parameters
        ----------
        type:
            ``"Specialty"``, ``"Technique"`` or ``"Organization"``; all three when None.
        """
        wanted = (type,) if type else ENTITY_KINDS
        out = []
        for iri, data in self.graph.nodes(data=True):
            if not set(wanted) & set(data["types"]):
                continue
            edges = [d for _, _, k, d in self.graph.in_edges(iri, keys=True, data=True)
                     if k == "mentions"]
            docs = {m.doc_id for d in edges for m in d["mentions"]}
            kind = next(t for t in data["types"] if t in wanted)
            out.append(EntityInfo(iri, kind, data["label"], data["alt_labels"], len(docs),
                                  sum(d["count"] for d in edges)))
        return sorted(out, key=lambda e: (-e.mentions, e.label.lower(), e.iri))

    def documents(self, kind: str | None = None) -> list[DocumentInfo]:
        """Documents and related items, input documents first, then by date and title."""
        out = []
        for iri, data in self.graph.nodes(data=True):
            if data["kind"] not in DOCUMENT_KINDS or (kind and data["kind"] != kind):
                continue
            providers = [self.graph.nodes[v]["label"]
                         for _, v, k in self.graph.out_edges(iri, keys=True) if k == "publishedBy"]
            out.append(DocumentInfo(iri, data["kind"], data["title"], data.get("created", ""),
                                    providers[0] if providers else "", data.get("url", ""),
                                    data.get("source_file", "")))
        return sorted(out, key=lambda d: (not d.source_file, d.source_file, d.created, d.title))

    def to_rdf(self) -> rdflib.Graph:
        """The graph as an ``rdflib.Graph`` in the kgraph vocabulary."""
        from kgraph.export.rdf import to_rdf

        return to_rdf(self)

    def write_turtle(self, path: str | os.PathLike[str]) -> None:
        """Write RDF Turtle to ``path``: UTF-8, prefixes bound, the same bytes every run."""
        from kgraph.export.rdf import write_turtle

        write_turtle(self, path)

    def write_html(self, path: str | os.PathLike[str]) -> None:
        """Write the interactive view to ``path``: one self-contained page."""
        from kgraph.export.html import write_html

        write_html(self, path)
