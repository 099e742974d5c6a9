"""What a build says about itself: its documents and skips, and ``kg.report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.records import Document, Found, Skip

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

__all__ = ["deduplicate", "make_report"]

Result = tuple[Document | Skip, Found]


def deduplicate(files: list[Path], results: list[Result]
                ) -> tuple[list[tuple[Document, Found]], list[Skip]]:
    """Documents and skips; a file with the same bytes as an earlier one is a skip."""
    docs: list[tuple[Document, Found]] = []
    skips: list[Skip] = []
    first: dict[str, str] = {}
    for path, (item, found) in zip(files, results):
        if isinstance(item, Skip):
            skips.append(item)
        elif item.digest in first:
            skips.append(Skip(str(path), f"duplicate of {first[item.digest]} (same content)"))
        else:
            first[item.digest] = str(path)
            docs.append((item, found))
    return docs, skips


def make_report(kg: KnowledgeGraph, docs: list[tuple[Document, Found]], skips: list[Skip],
                seconds: dict[str, float], *, workers: int, reused: int,
                cache_bytes: int) -> dict[str, Any]:
    """``kg.report``: documents, skipped files and notes, counts, and how the build went."""
    notes = [{"file": doc.source_file, "note": note} for doc, _ in docs for note in doc.notes]
    notes += _merged_notes(docs)
    return {
        "documents": len(docs),
        "skipped": [{"file": s.file, "reason": s.reason} for s in skips],
        "notes": notes,
        "counts": dict(sorted(kg.counts().items())),
        "mentions": sum(len(found[0]) for _, found in docs),
        "relations": sum(len(found[1]) for _, found in docs),
        "workers": workers,
        "reused": reused,  # documents answered from the cache
        "cache_bytes": cache_bytes,  # the cache's size on disk (0: no cache)
        "seconds": {k: round(v, 3) for k, v in sorted(seconds.items())},
    }


def _merged_notes(docs: list[tuple[Document, Found]]) -> list[dict[str, str]]:
    """Documents of two files with the same URL are one node; say so."""
    first: dict[str, str] = {}
    notes = []
    for doc, _ in docs:
        if doc.id in first:
            notes.append({"file": doc.source_file,
                          "note": f"same URL as {first[doc.id]}; merged into one document"})
        first.setdefault(doc.id, doc.source_file)
    return notes
