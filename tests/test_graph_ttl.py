"""graph.ttl, read back with Oxigraph (independent of rdflib), holds what the contract says."""

from __future__ import annotations

import frontmatter
import pytest

from conftest import select

KG = "https://w3id.org/kgraph/ontology#"


def test_every_seed_file_is_a_document_with_its_source_file(seeds_store, seeds_dir):
    rows = select(seeds_store, "SELECT ?d ?f WHERE { ?d kg:sourceFile ?f }")
    assert sorted(r["f"] for r in rows) == sorted(p.name for p in seeds_dir.iterdir())


def test_every_provider_of_every_seed_item_is_a_provider(seeds_store, seeds_dir):
    rows = select(seeds_store, """
        SELECT ?label WHERE { ?p a kg:Provider . ?p rdfs:label|skos:altLabel ?label }""")
    labels = {r["label"] for r in rows}
    expected = set()
    for path in seeds_dir.iterdir():
        meta = frontmatter.load(path).metadata
        for item in [meta, *meta.get("related", [])]:
            if isinstance(item.get("provider"), dict):
                expected.add(item["provider"]["name"])
    expected.add("lexfridman")  # the video note's channel, from "From: [[lexfridman]]"
    assert len(expected) == 12
    assert expected <= labels


def test_published_by_links_each_news_item_to_its_provider(seeds_store):
    rows = select(seeds_store, """
        SELECT ?f ?domain WHERE { ?d kg:sourceFile ?f ; kg:publishedBy ?p .
                                  ?p skos:altLabel ?domain . FILTER(CONTAINS(?domain, ".")) }""")
    got = {(r["f"], r["domain"]) for r in rows}
    assert ("000_06dd40ccfc345e7d.txt", "techcrunch.com") in got
    assert ("004_3245f783d147c7fa.txt", "ktnv.com") in got


def test_related_items_are_documents_with_their_own_provider_and_date(seeds_store):
    rows = select(seeds_store, """
        SELECT ?title ?date ?p WHERE {
          ?d kg:sourceFile "000_06dd40ccfc345e7d.txt" ; kg:relatedTo ?r .
          ?r dcterms:title ?title ; dcterms:created ?date ; kg:publishedBy ?p }""")
    assert len(rows) == 5
    titles = {r["title"] for r in rows}
    assert "Could Google's DeepMind AI Transform Healthcare?" in titles
    assert all(r["date"].startswith("2021-12") for r in rows)


def test_dates_are_typed_datetimes(seeds_store):
    result = seeds_store.query(
        f"SELECT ?v WHERE {{ ?d <http://purl.org/dc/terms/created> ?v }}")
    values = [row["v"] for row in result]
    assert values and {v.datatype.value for v in values} == {
        "http://www.w3.org/2001/XMLSchema#dateTime"}


def test_the_secured_field_never_reaches_the_graph(seeds_build, seeds_dir):
    _, out, _ = seeds_build
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    for path in seeds_dir.iterdir():
        secured = frontmatter.load(path).metadata.get("secured")
        if secured:
            assert secured[:30] not in text
    assert "secured" not in text


def test_paper_sections_and_authors(seeds_store):
    rows = select(seeds_store, """
        SELECT ?label WHERE { ?d kg:sourceFile "003_5bb0a64cbfb0c76e.txt" ;
                                 kg:hasSection ?s . ?s rdfs:label ?label }""")
    assert {"INTRODUCTION", "DERMATOLOGY", "CLINICAL DEPLOYMENT"} <= {r["label"] for r in rows}


@pytest.mark.parametrize("label, cls", [
    ("radiology", "Specialty"), ("dermatology", "Specialty"),
    ("deep learning", "Technique"), ("convolutional neural network", "Technique"),
])
def test_concepts_found_in_the_seeds_are_typed_entities(seeds_store, label, cls):
    rows = select(seeds_store, f"""
        SELECT DISTINCT ?e WHERE {{ ?e a kg:{cls} ; skos:prefLabel "{label}" .
                                    ?x kg:mentions ?e }}""")
    assert len(rows) == 1


def test_surface_forms_of_one_concept_are_one_node(seeds_store):
    rows = select(seeds_store, """
        SELECT ?e WHERE { ?e skos:altLabel "CNNs" }""")
    assert len(rows) == 1
    labels = select(seeds_store, f"""
        SELECT ?l WHERE {{ <{rows[0]['e']}> skos:prefLabel ?l }}""")
    assert [r["l"] for r in labels] == ["convolutional neural network"]


def test_every_kg_term_the_graph_uses_is_declared_in_the_ontology(seeds_store, seeds_dir):
    import pyoxigraph as ox

    ontology = seeds_dir.parent / "ontology" / "kgraph.ttl"
    declared = {t.subject.value for t in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)}
    used = {r["t"] for r in select(seeds_store, """
        SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }""") if r["t"].startswith(KG)}
    assert used and used <= declared, used - declared
