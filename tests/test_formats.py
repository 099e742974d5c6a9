"""kgraph build --format: N-Triples, JSON-LD and GraphML read back with independent readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.cli import main

ALL = "ttl,nt,jsonld,graphml,html"
KG = "https://w3id.org/kgraph/ontology#"
CONTEXT = Path(__file__).resolve().parent.parent / "ontology" / "context.jsonld"


@pytest.fixture(scope="module")
def all_formats(seeds_build, tmp_path_factory):
    """The seeds graph written in every format, through the API's write_outputs."""
    from kgraph.pipeline import write_outputs

    kg, _, _ = seeds_build
    out = tmp_path_factory.mktemp("formats")
    report = write_outputs(kg, out, formats=ALL.split(","))
    return kg, out, report


def _oxigraph_triples(path, fmt) -> set[str]:
    import pyoxigraph as ox

    with open(path, "rb") as handle:
        return {str(q.triple) for q in ox.parse(handle, format=fmt)}


def test_every_format_is_written(all_formats):
    _, out, report = all_formats
    for name in ALL.split(","):
        assert (out / f"graph.{name}").stat().st_size > 0
    assert json.loads((out / "report.json").read_text())["triples"] == report["triples"]


def test_ntriples_are_the_triples_of_the_turtle(all_formats):
    import pyoxigraph as ox

    _, out, report = all_formats
    nt = _oxigraph_triples(out / "graph.nt", ox.RdfFormat.N_TRIPLES)
    assert nt == _oxigraph_triples(out / "graph.ttl", ox.RdfFormat.TURTLE)
    assert len(nt) == report["triples"]
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_jsonld_gives_the_same_triples_to_rdflib_and_oxigraph(all_formats):
    import pyoxigraph as ox
    import rdflib

    _, out, _ = all_formats
    from_ld, from_ttl = rdflib.Graph(), rdflib.Graph()
    from_ld.parse(out / "graph.jsonld", format="json-ld")
    from_ttl.parse(out / "graph.ttl", format="turtle")
    assert len(from_ld) == len(from_ttl) and set(from_ld) == set(from_ttl)
    assert (_oxigraph_triples(out / "graph.jsonld", ox.RdfFormat.JSON_LD)
            == _oxigraph_triples(out / "graph.ttl", ox.RdfFormat.TURTLE))


def test_jsonld_carries_the_shipped_context_and_reads_as_plain_json(all_formats):
    _, out, _ = all_formats
    data = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    paper = next(n for n in data["@graph"] if n.get("type") == "kg:Paper")
    assert paper["title"] == "Deep learning-enabled medical computer vision"
    assert isinstance(paper["mentions"], list) and paper["sourceFile"].endswith(".txt")


def test_graphml_opens_with_networkx_with_types_labels_and_counts(all_formats, seeds_store):
    import networkx as nx

    from tests.conftest import select

    kg, out, _ = all_formats
    graph = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert graph.number_of_nodes() == kg.graph.number_of_nodes()
    mentions = [d for _, _, d in graph.edges(data=True) if d["predicate"] == "mentions"]
    ttl_mentions = select(seeds_store, "SELECT (COUNT(*) AS ?n) WHERE { ?a kg:mentions ?b }")
    assert len(mentions) == int(ttl_mentions[0]["n"])
    derm = graph.nodes["https://w3id.org/kgraph/vocab/specialty/dermatology"]
    count = select(seeds_store, "SELECT ?n WHERE { <https://w3id.org/kgraph/vocab/specialty/"
                                "dermatology> kg:mentionCount ?n }")[0]["n"]
    assert (derm["type"], derm["label"], derm["mentions"]) == ("Specialty", "dermatology",
                                                              int(count))
    assert derm["documents"] >= 2
    assert sum(d["count"] for d in mentions) == int(select(
        seeds_store, "SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Mention }")[0]["n"])


def test_outputs_are_the_same_bytes_each_time(all_formats, tmp_path):
    from kgraph.export.formats import write_formats

    kg, out, _ = all_formats
    write_formats(kg, tmp_path, ["nt", "jsonld", "graphml"])
    for name in ("nt", "jsonld", "graphml"):
        assert (tmp_path / f"graph.{name}").read_bytes() == (out / f"graph.{name}").read_bytes()


def test_build_format_option_on_the_command_line(seeds_dir, tmp_path, capsys):
    seed = str(seeds_dir / "004_3245f783d147c7fa.txt")
    assert main(["build", seed, "-o", str(tmp_path), "--format", "nt,graphml"]) == 0
    assert "graph.nt" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.glob("graph.*")) == ["graph.graphml", "graph.nt"]
    assert (tmp_path / "report.json").is_file()
    with pytest.raises(SystemExit) as exit_:
        main(["build", seed, "-o", str(tmp_path), "--format", "ttl,pdf"])
    assert exit_.value.code == 2 and "unknown format pdf" in capsys.readouterr().err


@pytest.mark.parametrize("formats", ["html", "graphml", "graphml,html"])
def test_a_build_without_rdf_formats_still_counts_the_triples_turtle_would_hold(
        all_formats, tmp_path, formats):
    import pyoxigraph as ox

    from kgraph.pipeline import write_outputs

    kg, out, _ = all_formats
    report = write_outputs(kg, tmp_path, formats=formats.split(","))
    assert report["triples"] == len(_oxigraph_triples(out / "graph.ttl", ox.RdfFormat.TURTLE))
    assert sorted(p.name for p in tmp_path.glob("graph.*")) == [
        f"graph.{name}" for name in sorted(formats.split(","))]


def test_the_xml_writers_never_emit_what_xml_cannot_carry(seeds_dir, tmp_path):
    """A graph read back from Turtle may hold U+0001 (Turtle can escape it): GraphML and
    SPARQL XML results leave it out, and an XML parser reads both."""
    import xml.etree.ElementTree as ET

    import kgraph
    from kgraph.export.formats import write_graphml
    from kgraph.query import format_result, sparql

    kg = kgraph.build([seeds_dir])
    kg.write_turtle(tmp_path / "graph.ttl")
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    title = "Could Google's DeepMind AI Transform Healthcare?"
    assert title in text
    (tmp_path / "bell.ttl").write_text(text.replace(title, "Could\\u0001 \\u0007Google"), "utf-8")
    loaded = kgraph.load(tmp_path / "bell.ttl")
    write_graphml(loaded, tmp_path / "graph.graphml")
    ET.parse(tmp_path / "graph.graphml")
    result = sparql(loaded, "SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }")
    assert any("\x01" in str(row[0]) for row in result.cells)  # the text itself holds it
    titles = {e.text for e in ET.fromstring(format_result(result, "xml")).iter(
        "{http://www.w3.org/2005/sparql-results#}literal")}
    assert "Could Google" in titles
