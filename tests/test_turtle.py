"""The Turtle writer: the same triples as the rdflib view, every literal escaped, same bytes."""

from __future__ import annotations

import io
import shutil
import subprocess

import networkx as nx
import pyoxigraph as ox
import pytest

from kgraph.graph import KnowledgeGraph


def _triples(data: bytes, fmt) -> set[str]:
    store = ox.Store()
    store.load(io.BytesIO(data), fmt)
    return {str(q.triple) for q in store}


def test_written_turtle_holds_exactly_the_triples_of_the_rdflib_view(seeds_build):
    kg, out, report = seeds_build
    written = _triples((out / "graph.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    view = _triples(kg.to_rdf().serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    assert written == view
    assert len(written) == report["triples"]


def _hostile_graph() -> KnowledgeGraph:
    g = nx.MultiDiGraph()
    nasty = 'quote " backslash \\ newline \n tab \t nul \x00 bell \x07 del \x7f ok é 中 \U0001F600'
    g.add_node("https://w3id.org/kgraph/id/doc/x", kind="Article", types=("Article",), label=nasty,
               alt_labels=(), title=nasty, url='https://e.org/a b<c>"d"é', source_file="a b.md")
    return KnowledgeGraph(g)


def test_literals_with_quotes_backslashes_and_control_characters_parse_back(tmp_path):
    kg = _hostile_graph()
    kg.write_turtle(tmp_path / "g.ttl")
    data = (tmp_path / "g.ttl").read_bytes()
    assert b"\x00" not in data and b"\x07" not in data
    store = ox.Store()
    store.load(io.BytesIO(data), ox.RdfFormat.TURTLE)
    titles = [q.object.value for q in store if q.predicate.value.endswith("/title")]
    assert titles == [kg.graph.nodes["https://w3id.org/kgraph/id/doc/x"]["title"]]
    urls = [q.object.value for q in store if q.predicate.value == "https://schema.org/url"]
    assert urls == ["https://e.org/a%20b%3Cc%3E%22d%22%C3%A9"]


@pytest.mark.skipif(shutil.which("rapper") is None,
                    reason="rapper (Debian raptor2-utils) is not installed")
def test_rapper_accepts_the_turtle(seeds_build, tmp_path):
    _hostile_graph().write_turtle(tmp_path / "hostile.ttl")
    for path in (seeds_build[1] / "graph.ttl", tmp_path / "hostile.ttl"):
        done = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr


def test_mention_blocks_are_made_in_the_order_every_block_is_sorted_in(seeds_build):
    from kgraph.export.triples import _ordered, blocks

    mentions = [pairs for subject, pairs in blocks(seeds_build[0]) if "/mention/" in subject]
    assert mentions and any(p == "https://w3id.org/kgraph/ontology#deepLink"
                            for pairs in mentions for p, _ in pairs)
    assert all(pairs == _ordered(pairs) for pairs in mentions)
