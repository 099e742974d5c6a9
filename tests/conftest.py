"""Shared fixtures: the seeds, the shared corpus (when present), one seeds build per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def shared_path() -> Path | None:
    """``../shared`` beside the checkout, or None where it is absent, or hidden with
    ``KGRAPH_NO_SHARED=1`` (as a user's clone has none: ``.ci/run`` runs the suite so)."""
    if os.environ.get("KGRAPH_NO_SHARED", "") not in ("", "0"):
        return None
    return SHARED if (SHARED / "tools" / "score_entities.py").is_file() else None


def shared_corpus() -> Path | None:
    """The shared news corpus, or None (see :func:`shared_path`)."""
    shared = shared_path()
    return shared / "corpus" / "news" if shared and (shared / "corpus" / "news").is_dir() else None


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout: third-party corpus, gold files and scorer."""
    shared = shared_path()
    if shared is None:
        pytest.skip(f"{SHARED} is absent or hidden by KGRAPH_NO_SHARED (it holds third-party "
                    "text not committed here)")
    return shared


@pytest.fixture(scope="session")
def shared_news() -> Path | None:
    """The shared news corpus, or None where it is absent or hidden (tests use it as extra
    input when there is one)."""
    return shared_corpus()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory):
    """``(kg, out_dir, report)`` of one build of seeds/ through the API."""
    from kgraph.pipeline import build, write_outputs

    out = tmp_path_factory.mktemp("seeds-build")
    kg = build([SEEDS])
    report = write_outputs(kg, out)
    assert json.loads((out / "report.json").read_text()) == report
    return kg, out, report


@pytest.fixture(scope="session")
def corpus_graph(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.ttl of one build of the shared news corpus (skips where it is absent)."""
    from kgraph.pipeline import build

    path = tmp_path_factory.mktemp("corpus") / "graph.ttl"
    build([shared_dir / "corpus" / "news"]).write_turtle(path)
    return path


@pytest.fixture(scope="session")
def seeds_store(seeds_build):
    """The seeds graph.ttl loaded into Oxigraph, a parser independent of rdflib."""
    import pyoxigraph as ox

    _, out, _ = seeds_build
    store = ox.Store()
    with open(out / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    return store


def select(store, query: str) -> list[dict[str, str]]:
    """Run a SELECT on an Oxigraph store; rows as ``{var: value}``."""
    prefixes = """
    PREFIX kg: <https://w3id.org/kgraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX schema: <https://schema.org/>
    """
    result = store.query(prefixes + query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]
