"""Relations between entities: what a sentence states, in the API, the graph and its Turtle."""

from __future__ import annotations

import pytest

import kgraph
from kgraph.ingest import read_file
from tests.conftest import ROOT, select

DATA = ROOT / "tests" / "data" / "relations"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@pytest.fixture(scope="module")
def kg():
    return kgraph.build([DATA])


def _stated(kg, relation=None):
    return {(r.subject, r.relation, r.object) for r in kg.relations(relation)}


def test_each_kind_of_statement_gives_its_typed_relation(kg):
    stated = _stated(kg)
    assert ("Microsoft", "acquired", "Nuance Communications") in stated
    assert ("Viz.ai", "fundedBy", "Insight Partners") in stated
    assert ("Aidoc", "clearedBy", "U.S. Food and Drug Administration") in stated
    assert ("Waymo", "partOf", "Alphabet") in stated
    assert ("PathAI", "uses", "deep learning") in stated
    assert ("PathAI", "worksIn", "pathology") in stated
    assert ("deep learning", "appliedIn", "radiology") in stated


def test_a_list_partners_with_the_named_partner_and_not_within_itself(kg):
    pairs = {frozenset((r.subject, r.object)) for r in kg.relations("partnersWith")}
    assert pairs == {frozenset(("Ascension Health", other))
                     for other in ("Stanford University", "Mayo Clinic", "Google")}


def test_negated_and_asked_statements_state_nothing(kg):
    names = {name for r in kg.relations() for name in (r.subject, r.object)}
    assert "Zebra Medical Vision" not in names  # "was not acquired by Google"
    assert "Arterys" not in names  # "did not partner with Nuance"
    assert ("Google", "acquired", "Aidoc") not in _stated(kg)  # "Could Google buy Aidoc?"
    assert ("machine learning", "appliedIn", "dermatology") not in _stated(kg)  # "Is ... ?"


def test_a_relation_carries_the_sentence_that_states_it_at_its_offsets(kg):
    (deal,) = kg.relations("acquired")
    assert deal.sentences == ("Microsoft acquires Nuance for $19.7 billion.",)
    (document,) = deal.documents
    evidence = kg.graph.edges[deal.subject_iri, deal.object_iri, "acquired"]["evidence"]
    (r,) = evidence
    body = read_file(DATA / "deals.md").unit("body").text
    assert r.unit == "body" and body[r.start:r.end] == r.sentence
    assert document == f"{kg.base_iri}doc/{r.doc_id}"


def test_relations_filter_by_type_and_entity_and_make_a_frame(kg):
    assert {r.relation for r in kg.relations("partOf")} == {"partOf"}
    about = kg.relations(entity="PathAI")
    assert {r.relation for r in about} == {"uses", "worksIn"}
    frame = about.to_frame()
    assert list(frame.columns)[:5] == ["subject", "relation", "object", "documents", "sentences"]
    assert len(frame) == 2
    with pytest.raises(kgraph.KgraphError, match="unknown type"):
        kg.relations("likes")


def test_turtle_states_each_relation_directly_and_as_evidence(kg, tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "graph.ttl"
    kg.write_turtle(path)
    store = ox.Store()
    with open(path, "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    rows = select(store, f"""
        SELECT ?s ?o ?sentence ?start ?end ?field WHERE {{
          ?s kg:acquired ?o .
          ?a a <{RDF}Statement> ; <{RDF}subject> ?s ; <{RDF}predicate> kg:acquired ;
             <{RDF}object> ?o ; kg:inDocument ?d ; kg:context ?sentence ; kg:field ?field ;
             kg:start ?start ; kg:end ?end .
          ?d kg:sourceFile "deals.md" .
        }}""")
    assert len(rows) == 1
    assert rows[0]["sentence"] == "Microsoft acquires Nuance for $19.7 billion."
    assert int(rows[0]["end"]) - int(rows[0]["start"]) == len(rows[0]["sentence"])
    partners = select(store, "SELECT ?s ?o WHERE { ?s kg:partnersWith ?o }")
    assert len(partners) == 3 and all(r["s"] < r["o"] for r in partners)  # one direction


def test_relations_survive_writing_and_loading(kg, tmp_path):
    path = tmp_path / "graph.ttl"
    kg.write_turtle(path)
    again = kgraph.load(path)
    assert list(again.relations()) == list(kg.relations())
    key = lambda e: e[:3]  # noqa: E731
    edges = sorted((e for e in kg.graph.edges(keys=True, data=True) if "evidence" in e[3]), key=key)
    loaded = sorted((e for e in again.graph.edges(keys=True, data=True) if "evidence" in e[3]),
                    key=key)
    assert edges == loaded
    second = tmp_path / "again.ttl"
    again.write_turtle(second)
    assert second.read_bytes() == path.read_bytes()


def test_the_same_input_gives_the_same_bytes(kg, tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    kg.write_turtle(first)
    kgraph.build([DATA]).write_turtle(second)
    assert first.read_bytes() == second.read_bytes()


def test_relation_shapes_accept_the_graph_and_catch_a_relation_of_the_wrong_types(kg, tmp_path):
    pytest.importorskip("pyshacl")
    from kgraph.validate import validate

    path = tmp_path / "graph.ttl"
    kg.write_turtle(path)
    assert validate(path).conforms
    broken = tmp_path / "broken.ttl"
    broken.write_text(path.read_text(encoding="utf-8") +
                      "<https://w3id.org/kgraph/vocab/specialty/radiology> "
                      "<https://w3id.org/kgraph/ontology#uses> "
                      "<https://w3id.org/kgraph/vocab/specialty/pathology> .\n", encoding="utf-8")
    report = validate(broken)
    assert not report.conforms and "kg:uses runs from an organisation" in report.text


def test_the_seeds_state_relations_with_their_sentences(seeds_build):
    kg = seeds_build[0]
    stated = _stated(kg)
    assert ("DeepMind", "partOf", "Google") in stated
    assert ("Google", "partOf", "Alphabet") in stated
    assert ("artificial intelligence", "appliedIn", "gastroenterology") in stated
    # the title only asks: "Could Google's DeepMind AI Transform Healthcare?"
    for r in kg.relations(entity="DeepMind"):
        assert not any(s.endswith("?") for s in r.sentences)


def test_naming_two_entities_is_not_stating_a_relation(kg):
    """Purchases of goods, data sources, appositives, talks, roles, negation, warnings."""
    (document,) = [d.iri for d in kg.documents() if d.source_file == "nothing.md"]
    stated = [(r.subject, r.relation, r.object) for r in kg.relations() if document in r.documents]
    assert stated == []
    assert {e.label for e in kg.entities("Organization")} >= {"Mayo Clinic", "Pfizer", "Nvidia"}
