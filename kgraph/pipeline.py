"""The only module that chains the stages: ingest, extract, assemble, then export."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kgraph.assemble import assemble
from kgraph.errors import NoInputError
from kgraph.extract import extract, make_pipeline
from kgraph.graph import KnowledgeGraph
from kgraph.ids import DEFAULT_BASE_IRI
from kgraph.ingest import read_paths
from kgraph.records import Document, Skip
from kgraph.vocab import load_vocabulary

__all__ = ["build", "write_outputs"]


class _Clock:
    """Seconds spent per stage, for the report."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()

    def timed(self, stage: str, items: Iterable[Any]) -> Iterator[Any]:
        iterator = iter(items)
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.seconds[stage] += time.perf_counter() - start
                return
            self.seconds[stage] += time.perf_counter() - start
            yield item


def build(paths: Iterable[str | os.PathLike[str]], *, spacy_model: str | None = None,
          base_iri: str = DEFAULT_BASE_IRI,
          vocab: str | os.PathLike[str] | None = None) -> KnowledgeGraph:
    """Build the knowledge graph of the documents under ``paths``.

    Parameters
    ----------
    paths:
        Files and folders; folders are searched for ``.txt`` and ``.md`` files.
    spacy_model:
        An installed trained spaCy pipeline whose ORG entities add to the rules.
    base_iri:
        The namespace of the graph's own IRIs.
    vocab:
        A folder of SKOS vocabularies (``*.ttl``) to use instead of ``ontology/vocab``.

    Returns
    -------
    KnowledgeGraph
        With ``report`` filled in: documents, skipped files with reasons, counts, seconds.

    Raises
    ------
    UsageError
        When a path does not exist or the spaCy pipeline is not installed.
    NoInputError
        When no file could be read as a document.

    Examples
    --------
    >>> kg = build(["seeds/"])
    >>> kg.report["documents"]
    5
    """
    clock = _Clock()
    skips: list[Skip] = []
    paths = list(paths)

    def documents() -> Iterator[Document]:
        for item in clock.timed("ingest", read_paths(paths)):
            if isinstance(item, Skip):
                skips.append(item)
            else:
                yield item

    vocabulary = load_vocabulary(Path(vocab) if vocab else None)
    nlp = make_pipeline(spacy_model=spacy_model, vocab_dir=str(vocab) if vocab else None)
    pairs = list(clock.timed("extract", extract(documents(), nlp=nlp)))
    clock.seconds["extract"] -= clock.seconds["ingest"]
    if not pairs:
        detail = f": {skips[0].file}: {skips[0].reason}" if len(skips) == 1 else ""
        raise NoInputError(f"no document could be read from {', '.join(map(str, paths))}"
                           f" ({len(skips)} file(s) skipped){detail}")
    start = time.perf_counter()
    kg = assemble(pairs, base_iri=base_iri, vocabulary=vocabulary)
    clock.seconds["assemble"] = time.perf_counter() - start
    kg.report = {
        "documents": len(pairs),
        "skipped": [{"file": s.file, "reason": s.reason} for s in skips],
        "counts": dict(sorted(kg.counts().items())),
        "mentions": sum(len(m) for _, m in pairs),
        "seconds": {k: round(v, 3) for k, v in clock.seconds.items()},
    }
    return kg


def write_outputs(kg: KnowledgeGraph, out_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """Write ``graph.ttl``, ``graph.html`` and ``report.json`` into ``out_dir``.

    Returns the report, completed with the triple count and the export time.
    """
    import json

    from kgraph.export.files import write_atomic
    from kgraph.export.html import write_html
    from kgraph.export.rdf import write_turtle

    out = Path(out_dir)
    start = time.perf_counter()
    triples = write_turtle(kg, out / "graph.ttl")
    write_html(kg, out / "graph.html")
    report = {**kg.report, "triples": triples}
    report["seconds"] = {**report.get("seconds", {}), "export": round(time.perf_counter() - start, 3)}
    write_atomic(out / "report.json", (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode())
    return report
