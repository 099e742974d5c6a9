"""kgraph: documents in, a knowledge graph out (RDF Turtle, interactive HTML, networkx).

>>> import kgraph
>>> kg = kgraph.build(["seeds/"])
>>> kg.report["documents"]
5
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kgraph.errors import (
    KgraphError,
    MissingDependencyError,
    NoInputError,
    QueryError,
    UnknownNodeError,
    UsageError,
    VocabularyError,
)

if TYPE_CHECKING:
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

# The modules of the other public names, imported on first use: the command line starts
# without networkx, rdflib and the rest until a command needs them.
_LAZY = {
    "build": "kgraph.pipeline",
    "load": "kgraph.export.from_rdf",
    "KnowledgeGraph": "kgraph.graph",
    **dict.fromkeys(["Table", "EntityInfo", "DocumentInfo", "MentionInfo", "DocumentHit",
                     "RelatedDocument", "Cooccurrence", "Neighbor", "Score", "Community"],
                    "kgraph.results"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
