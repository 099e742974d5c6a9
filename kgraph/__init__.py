"""kgraph: documents in, a knowledge graph out (RDF Turtle, interactive HTML, networkx).

>>> import kgraph
>>> kg = kgraph.build(["seeds/"])
>>> kg.report["documents"]
5
"""

from __future__ import annotations

from kgraph.errors import KgraphError, NoInputError, QueryError, UsageError, VocabularyError
from kgraph.graph import DocumentInfo, EntityInfo, KnowledgeGraph
from kgraph.pipeline import build

__all__ = [
    "build",
    "KnowledgeGraph",
    "EntityInfo",
    "DocumentInfo",
    "KgraphError",
    "UsageError",
    "NoInputError",
    "VocabularyError",
    "QueryError",
]
