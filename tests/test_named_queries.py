"""Named competency queries: listed by ``kgraph query --list``, each answering on the seeds."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.query import format_result, named_queries, run_query, sparql

NAMES = [q.name for q in named_queries()]
# Queries whose answer the seeds do not hold; each has its own test on other input below.
NOT_ON_SEEDS = {"regulatory-clearances": "the seeds state no clearance"}


def _rows(capsys, out, *args) -> list[dict[str, str]]:
    assert main(["query", str(out / "graph.ttl"), *args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_list_shows_every_named_query_with_what_it_answers(capsys):
    assert main(["query", "--list"]) == 0
    text = capsys.readouterr().out
    assert len(NAMES) >= 8
    for query in named_queries():
        assert query.name in text and query.description in text
        assert query.description, f"{query.name}.rq has no comment line saying what it answers"
    assert "[--bind specialty=...]" in text


@pytest.mark.parametrize("name", [n for n in NAMES if n not in NOT_ON_SEEDS])
def test_each_named_query_answers_on_the_seeds(name, seeds_build, seeds_store, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", name)
    assert rows, f"{name} returned no rows on the seeds graph"
    # the same text on an independent engine gives the same number of rows
    text = next(q.text for q in named_queries() if q.name == name)
    assert len(list(seeds_store.query(text))) == len(rows)


def test_techniques_that_co_occur_with_dermatology(seeds_build, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", "cooccurring-techniques", "--bind", "specialty=dermatology")
    assert {r["specialty"] for r in rows} == {"dermatology"}
    assert {"deep learning", "artificial intelligence"} <= {r["technique"] for r in rows}
    counts = [int(r["texts"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_sentences_that_mention_an_entity_contain_it(seeds_build, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", "entity-sentences", "--bind", "?entity=dermatology")
    assert len(rows) >= 5
    assert all("dermatolog" in r["sentence"].lower() for r in rows)
    assert any(r.get("link", "").startswith("https://www.youtube.com/watch?v=") for r in rows)


def test_documents_by_month_for_a_concept(seeds_build, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", "documents-by-month",
                 "--bind", "concept=artificial intelligence")
    months = [r["month"] for r in rows]
    assert months == sorted(months) and all(len(m) == 7 and m[4] == "-" for m in months)
    assert {"2021-09", "2021-12"} <= set(months)


def test_a_papers_sections_in_order(seeds_build, capsys):
    _, out, _ = seeds_build
    title = "Deep learning-enabled medical computer vision"
    rows = _rows(capsys, out, "-n", "document-sections", "--bind", f"title={title}")
    assert [int(r["position"]) for r in rows] == list(range(len(rows))) and len(rows) >= 5
    assert rows[0]["section"] == "Abstract"
    derm = next(r for r in rows if r["section"] == "DERMATOLOGY")
    assert "dermatology" in derm["entities"]


def test_providers_and_organisations_ranked(seeds_build, seeds_store, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", "provider-specialties", "--bind", "specialty=radiology")
    assert ("TechCrunch", "1") in {(r["provider"], r["documents"]) for r in rows}
    orgs = _rows(capsys, out, "-n", "organisations-by-mentions")
    counts = [int(r["mentions"]) for r in orgs]
    assert counts == sorted(counts, reverse=True)
    top = list(seeds_store.query(
        "SELECT (MAX(?n) AS ?m) WHERE { ?o a <https://w3id.org/kgraph/ontology#Organization> ;"
        " <https://w3id.org/kgraph/ontology#mentionCount> ?n }"))[0]["m"].value
    assert counts[0] == int(top)


def test_related_items_say_whether_they_were_read_as_inputs(seeds_build, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", "related-items")
    assert "Could Google's DeepMind AI Transform Healthcare?" in {r["item"] for r in rows}
    assert {r["isInput"] for r in rows} <= {"true", "false"}


def test_documents_with_a_specialty_and_a_technique(seeds_build, capsys):
    _, out, _ = seeds_build
    rows = _rows(capsys, out, "-n", "specialty-and-technique", "--bind", "specialty=radiology")
    assert "The Future of Healthcare AI Depends on Data" in {r["title"] for r in rows}
    assert all(r["specialties"] == "radiology" and r["techniques"] for r in rows)


def test_unknown_name_or_parameter_is_a_one_line_error(seeds_build, capsys):
    _, out, _ = seeds_build
    assert main(["query", str(out / "graph.ttl"), "-n", "no-such-query"]) == 2
    err = capsys.readouterr().err
    assert "no named query 'no-such-query'" in err and "entity-sentences" in err
    assert err.count("\n") == 1
    assert main(["query", str(out / "graph.ttl"), "-n", "related-items", "--bind", "x=1"]) == 2
    assert "has no parameter ?x" in capsys.readouterr().err


def test_tsv_json_and_xml_results_read_back_with_oxigraph(seeds_build, capsys):
    import pyoxigraph as ox

    _, out, _ = seeds_build
    result = run_query(out / "graph.ttl", next(q.text for q in named_queries()
                                               if q.name == "organisations-by-mentions"))
    for fmt, kind in (("tsv", ox.QueryResultsFormat.TSV), ("json", ox.QueryResultsFormat.JSON),
                      ("xml", ox.QueryResultsFormat.XML)):
        parsed = ox.parse_query_results(io.BytesIO(format_result(result, fmt).encode()),
                                        format=kind)
        rows = [[s[v].value for v in parsed.variables] for s in parsed]
        assert rows == [[c.value for c in row] for row in result.cells], fmt
        assert [v.value for v in parsed.variables] == list(result.variables)
    assert main(["query", str(out / "graph.ttl"), "-n", "related-items", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.startswith("?item\t?linkedFrom\t?provider\t?isInput\n")


def test_the_api_runs_a_query_on_a_knowledge_graph_and_gives_a_dataframe(seeds_build):
    pytest.importorskip("pandas")
    kg, _, _ = seeds_build
    query = next(q.text for q in named_queries() if q.name == "specialties-by-documents")
    frame = sparql(kg, query).to_frame()
    assert list(frame.columns) == ["specialty", "documents"]
    assert frame["documents"].dtype.kind == "i" and frame["documents"].iloc[0] >= 2
    assert set(frame["specialty"]) >= {"dermatology", "radiology"}


@pytest.fixture(scope="module")
def deals_build(tmp_path_factory):
    """A build of tests/data/relations: deals, a clearance, partnerships."""
    import kgraph

    out = tmp_path_factory.mktemp("deals")
    kgraph.build([Path(__file__).parent / "data" / "relations"]).write_turtle(out / "graph.ttl")
    return out


def test_regulatory_clearances_by_date(deals_build, capsys):
    rows = _rows(capsys, deals_build, "-n", "regulatory-clearances")
    assert [(r["organisation"], r["regulator"]) for r in rows] == [
        ("Aidoc", "U.S. Food and Drug Administration")]
    assert rows[0]["sentence"] == "The FDA clears Aidoc's stroke algorithm."
    assert rows[0]["date"].startswith("2024-03-01")


def test_partners_of_an_organisation(deals_build, capsys):
    rows = _rows(capsys, deals_build, "-n", "organisation-partners",
                 "--bind", "organisation=Ascension Health")
    assert {(r["relation"], r["other"]) for r in rows} == {
        ("partnersWith", "Google"), ("partnersWith", "Mayo Clinic"),
        ("partnersWith", "Stanford University")}


def test_organisations_working_in_a_specialty_with_their_techniques(deals_build, capsys):
    rows = _rows(capsys, deals_build, "-n", "specialty-organisations", "--bind", "specialty=pathology")
    assert [(r["organisation"], r["how"], r["techniques"]) for r in rows] == [
        ("PathAI", "works in", "deep learning")]
