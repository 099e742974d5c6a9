"""kgraph: documents in, a knowledge graph out (RDF Turtle, interactive HTML, networkx).

>>> import kgraph
>>> kg = kgraph.build(["seeds/"])
>>> kg.report["documents"]
5
"""

from __future__ import annotations

from kgraph.errors import (
    KgraphError,
    MissingDependencyError,
    NoInputError,
    QueryError,
    UnknownNodeError,
    UsageError,
    VocabularyError,
)
from kgraph.export.from_rdf import load
from kgraph.graph import KnowledgeGraph
from kgraph.pipeline import build
from kgraph.results import (
    Community,
    Cooccurrence,
    DocumentHit,
    DocumentInfo,
    EntityInfo,
    MentionInfo,
    Neighbor,
    RelatedDocument,
    Score,
    Table,
)

__all__ = [
    "build",
    "load",
    "KnowledgeGraph",
    "Table",
    "EntityInfo",
    "DocumentInfo",
    "MentionInfo",
    "DocumentHit",
    "RelatedDocument",
    "Cooccurrence",
    "Neighbor",
    "Score",
    "Community",
    "KgraphError",
    "UsageError",
    "NoInputError",
    "VocabularyError",
    "QueryError",
    "UnknownNodeError",
    "MissingDependencyError",
]
