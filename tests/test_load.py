"""kgraph.load: a built graph.ttl read back is the graph that was written."""

from __future__ import annotations

import kgraph
import pytest
from kgraph.export.from_rdf import from_rdf
from kgraph.graph import OPTIONAL_ATTRIBUTES, node_defaults


def _edges(kg: kgraph.KnowledgeGraph) -> dict:
    return {(u, v, k): d for u, v, k, d in kg.graph.edges(keys=True, data=True)}


def test_load_then_write_gives_the_same_bytes(seeds_build, tmp_path):
    _, out, _ = seeds_build
    again = kgraph.load(out / "graph.ttl")
    again.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_load_rebuilds_the_networkx_graph_with_its_mention_records(seeds_build):
    kg, out, _ = seeds_build
    again = kgraph.load(out / "graph.ttl")
    assert dict(again.graph.nodes(data=True)) == dict(kg.graph.nodes(data=True))
    assert _edges(again) == _edges(kg)  # counts and every Mention record, concept and label too
    assert again.base_iri == kg.base_iri


def test_every_node_has_the_attributes_of_its_classes_built_and_loaded(seeds_build):
    """The node attributes a notebook reads are the ones kgraph.graph.NODE_ATTRIBUTES lists."""
    kg, out, _ = seeds_build
    for graph in (kg.graph, kgraph.load(out / "graph.ttl").graph):
        for iri, data in graph.nodes(data=True):
            schema = node_defaults(data["types"])
            assert set(data) - set(OPTIONAL_ATTRIBUTES) == set(schema), iri
            assert all(isinstance(data[key], type(empty)) for key, empty in schema.items()), iri
    kinds = {kind for _, kind in kg.graph.nodes(data="kind")}
    assert kinds >= {"Paper", "Article", "Video", "Section", "Provider", "Specialty", "Technique"}


def test_a_loaded_graph_answers_like_the_built_one(seeds_build):
    kg, out, _ = seeds_build
    again = kgraph.load(out / "graph.ttl")
    assert again.mentions("CNN") == kg.mentions("CNN")
    assert again.entities() == kg.entities()
    assert again.documents() == kg.documents()


def test_from_rdf_undoes_to_rdf_with_another_base_iri(seeds_dir):
    kg = kgraph.build([seeds_dir], base_iri="https://example.org/kg/")
    again = from_rdf(kg.to_rdf())
    assert again.base_iri == "https://example.org/kg/"
    assert set(again.to_rdf()) == set(kg.to_rdf())


def test_round_trip_on_the_shared_corpus(shared_dir, seeds_dir, tmp_path):
    kg = kgraph.build([seeds_dir, shared_dir / "corpus" / "news"])
    kg.write_turtle(tmp_path / "a.ttl")
    kgraph.load(tmp_path / "a.ttl").write_turtle(tmp_path / "b.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_a_missing_or_broken_file_is_a_usage_error(tmp_path):
    with pytest.raises(kgraph.UsageError, match="no such graph file"):
        kgraph.load(tmp_path / "absent.ttl")
    (tmp_path / "bad.ttl").write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(kgraph.UsageError, match="not a Turtle file"):
        kgraph.load(tmp_path / "bad.ttl")
