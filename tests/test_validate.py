"""kgraph validate: the SHACL shapes pass on what kgraph builds and name the rule a graph breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.cli import main

pytest.importorskip("pyshacl")

KG = "https://w3id.org/kgraph/ontology#"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _without_one(path: Path, predicate: str, tmp_path: Path,
                 unless: str = "") -> tuple[Path, str]:
    """A copy of ``path`` with the first triple of ``predicate`` removed (of a subject
    without an ``unless`` property); and its subject."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    triple = sorted(t for t in graph.triples((None, rdflib.URIRef(predicate), None))
                    if not unless or graph.value(t[0], rdflib.URIRef(unless)) is None)[0]
    graph.remove(triple)
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    return broken, str(triple[0])


def test_the_seeds_build_conforms(seeds_build, capsys):
    _, out, _ = seeds_build
    assert main(["validate", str(out / "graph.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_a_mention_without_its_quote_fails_naming_the_shape(seeds_build, tmp_path, capsys):
    _, out, _ = seeds_build
    broken, mention = _without_one(out / "graph.ttl", KG + "quote", tmp_path)
    assert main(["validate", str(broken)]) == 1
    captured = capsys.readouterr()
    assert "kgsh:Mention-quote: 1 violation" in captured.out and mention in captured.out
    assert captured.err.count("\n") == 1 and "does not conform" in captured.err
    assert "kgsh:Mention-quote" in captured.err


@pytest.mark.parametrize(("predicate", "shape", "unless"), [
    ("http://purl.org/dc/terms/title", "kgsh:Document-title", ""),
    (KG + "start", "kgsh:Mention-start", ""),
    (KG + "sourceFile", "kgsh:Document", "https://schema.org/url"),  # a paper: no URL either
    ("http://www.w3.org/2004/02/skos/core#prefLabel", "kgsh:Entity-prefLabel", ""),
])
def test_each_rule_names_itself(predicate, shape, unless, seeds_build, tmp_path):
    from kgraph.validate import validate

    _, out, _ = seeds_build
    broken, subject = _without_one(out / "graph.ttl", predicate, tmp_path, unless)
    report = validate(broken)
    assert not report.conforms and report.failed_shapes == [shape]
    assert [v.focus for v in report.violations] == [subject]


def test_a_second_label_or_a_bad_date_fails(seeds_build):
    import rdflib
    from rdflib.namespace import DCTERMS, SKOS, XSD

    from kgraph.validate import validate_graph

    kg, _, _ = seeds_build
    graph = kg.to_rdf()
    entity = next(graph.subjects(SKOS.prefLabel, None))
    graph.add((entity, SKOS.prefLabel, rdflib.Literal("another name")))
    document, _, created = next(graph.triples((None, DCTERMS.created, None)))
    graph.set((document, DCTERMS.created, rdflib.Literal(str(created)[:10], datatype=XSD.date)))
    report = validate_graph(graph)
    assert report.failed_shapes == ["kgsh:Created-dateTime", "kgsh:Entity-prefLabel"]
    assert "exactly one skos:prefLabel" in report.text


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_built_alone_conforms(seed):
    from kgraph.pipeline import build
    from kgraph.validate import validate_graph

    report = validate_graph(build([SEEDS / seed]).to_rdf())
    assert report.conforms, report.text


def test_a_missing_graph_is_a_one_line_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nothing.ttl")]) == 2
    assert capsys.readouterr().err.startswith("kgraph: error: no such graph file")
