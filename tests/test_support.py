"""An entity needs support in the text: out of the field, short forms, identifiers, licence
names, collocations and sentence-initial words are no entities; in the field they stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.errors import VocabularyError
from kgraph.extract import extract, make_pipeline
from kgraph.records import Document, TextUnit
from kgraph.vocab import load_vocabulary


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def found(nlp, text: str) -> list[tuple[str, str]]:
    doc = Document(id="d", kind="Article", title="", units=(TextUnit("body", text),))
    [(_, (mentions, _))] = list(extract([doc], nlp=nlp))
    return [(m.quote, m.type) for m in mentions]


@pytest.mark.parametrize("text", [
    # licence names are not organisations
    "This project is licensed under the terms of the MIT license.",
    "Released under the MIT License; see LICENSE.",
    "The MIT-licensed code is vendored here.",
    # a short form with no support: a version-control system, a key, a reasoner profile
    "Migrating from CVS to Git keeps the history.",
    "Press the Meta key and drag the window.",
    "The reasoner implements OWL-RL over RDF graphs.",
    # inside identifiers
    "The constant NS_PER_SEC converts seconds; HPE_HEADER_OVERFLOW is an error code.",
    # collocations that mean something else
    "Running it on ARM gives a segmentation fault.",
    "LLVM's XRay instruments function entry and exit.",
    # a capitalised word at the start of a sentence is not an organisation on its own
    "First, a developer writes the configuration. Then the first build runs.",
    "Sometimes, the provider returns an empty list.",
    "Recursion stops when the list is empty, so recursion is safe here.",
    # a word that only repeats a company noun; a service of a program
    "vendor Vendor support and needed modifications.",
    "It offers an HTTP REST Service for clients.",
    "See the Mozilla Public License Version 2.0 for terms.",
    # a product named with an acronym; the label of a Markdown link definition
    "Code style as refactored by Sourcery-AI (PR #131).",
    "[large language models]: https://example.org/llm",
])
def test_out_of_field_text_has_no_entity(nlp, text):
    assert found(nlp, text) == []


@pytest.mark.parametrize("text, entity", [
    # the document names the long form, or defines the short form
    ("Massachusetts Institute of Technology researchers built it. MIT said so.", ("MIT", "Organization")),
    ("We used reinforcement learning (RL) for dosing. RL converged.", ("RL", "Technique")),
    ("CVS Health bought a clinic chain. CVS expects growth.", ("CVS", "Organization")),
    # the sentence has a cue of the entity's class
    ("Researchers at MIT trained the model.", ("MIT", "Organization")),
    ("MIT's deep learning boot camp moved online.", ("MIT", "Organization")),
    ("Meta announced a new model for radiology.", ("Meta", "Organization")),
    ("The agent learns a dosing policy with RL from patient records.", ("RL", "Technique")),
    ("Major giants: Meta, NVIDIA, Google.", ("Meta", "Organization")),
    # distinctive short forms need no support
    ("The FDA cleared it.", ("FDA", "Organization")),
    # hyphens and wiki-links that are not code
    ("PET-CT and AI-based triage.", ("AI", "Technique")),
    ("See [[deep_learning]] for more.", ("deep_learning", "Technique")),
])
def test_supported_entities_stay(nlp, text, entity):
    assert entity in found(nlp, text)


def test_nothing_matches_inside_inline_code_or_urls(nlp):
    text = "Set the `FDA` flag, read www.example.org/radiology, and keep the MRI option."
    assert found(nlp, text) == [("MRI", "Technique")]


def test_ambiguity_is_read_from_the_vocabulary(tmp_path: Path):
    (tmp_path / "v.ttl").write_text("""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <https://w3id.org/kgraph/ontology#> .
<urn:x:acme> a skos:Concept, kg:Organization ; skos:prefLabel "Acme Corporation"@en ;
    skos:altLabel "Acme"@en, "AC"@en ; kg:ambiguous true .
<urn:x:abc> a skos:Concept, kg:Organization ; skos:prefLabel "Alpha Beta Cure"@en ;
    skos:altLabel "ABC"@en ; kg:ambiguous false .
<urn:x:xyz> a skos:Concept, kg:Organization ; skos:prefLabel "Xeno Young Zoo"@en ;
    skos:altLabel "XYZ"@en .
""", encoding="utf-8")
    nlp = make_pipeline(vocab_dir=tmp_path)
    text = "Acme sells tools. ABC ships them. XYZ stores them."
    assert found(nlp, text) == [("ABC", "Organization")]
    assert ("Acme", "Organization") in found(nlp, "Acme, the company, sells tools.")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "v.ttl").write_text(
        '<urn:x:a> a <http://www.w3.org/2004/02/skos/core#Concept>, '
        '<https://w3id.org/kgraph/ontology#Organization> ; '
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "A" ; '
        '<https://w3id.org/kgraph/ontology#ambiguous> "maybe" .', encoding="utf-8")
    with pytest.raises(VocabularyError, match="kg:ambiguous"):
        load_vocabulary(bad)
