"""The spaCy components, built the public way: spacy.blank("en") and add_pipe."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import kgraph.extract.components  # noqa: F401 - registers the factories
import kgraph.extract.organizations  # noqa: F401
from kgraph.extract.components import ENTITIES

VOCAB = str(Path(__file__).parent / "data" / "vocab")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kgraph_vocabulary", config={"vocab_dir": VOCAB})
    nlp.add_pipe("kgraph_abbreviations")
    nlp.add_pipe("kgraph_organizations", config={"vocab_dir": VOCAB})
    nlp.add_pipe("kgraph_entities")
    return nlp


def found(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_.rsplit("/", 1)[-1]) for s in doc.spans[ENTITIES]]


def test_case_plural_and_practitioner_variants_find_the_concept(nlp):
    assert found(nlp, "Radiology and radiologists use X-rays and X rays.") == [
        ("Radiology", "Specialty", "radiology"), ("radiologists", "Specialty", "radiology"),
        ("X-rays", "Technique", "xray"), ("X rays", "Technique", "xray")]


def test_abbreviations_match_with_exact_case_only(nlp):
    assert [f[0] for f in found(nlp, "AI helps; the ai in 'said' does not count.")] == ["AI"]
    assert found(nlp, "Two CNNs were trained.") == [("CNNs", "Technique", "cnn")]


def test_possessive_is_split_from_the_organisation(nlp):
    assert found(nlp, "Google's DeepMind released it.") == [
        ("Google", "Organization", "google"), ("DeepMind", "Organization", "deepmind")]


def test_abbreviation_defined_in_brackets_is_linked_later(nlp):
    text = "We used generative adversarial networks (GANs). Later, GANs made images."
    assert found(nlp, text) == [
        ("generative adversarial networks", "Technique", "gan"),
        ("GANs", "Technique", "gan"), ("GANs", "Technique", "gan")]


def test_acronym_of_a_capitalised_name_with_a_cue_is_a_new_organisation(nlp):
    text = "The Food and Drug Administration (FDA) cleared it. The FDA said so."
    got = found(nlp, text)
    assert ("Food and Drug Administration", "Organization",
            "new:Organization:Food and Drug Administration") in got
    assert [f for f in got if f[0] == "FDA"] == [
        ("FDA", "Organization", "new:Organization:Food and Drug Administration")] * 2


def test_acronym_without_an_organisation_cue_is_not_an_organisation(nlp):
    text = "Scores on the Global Operative Assessment of Laparoscopic Skills (GOALS) rose."
    assert found(nlp, text) == []


def test_capitalised_name_with_a_cue_is_an_organisation(nlp):
    text = "Dr. Jaya Kumar, Chief Medical Officer at Swedish Medical Center, said it works."
    assert ("Swedish Medical Center", "Organization",
            "new:Organization:Swedish Medical Center") in found(nlp, text)
    assert found(nlp, "Researchers at the University of Oxford and Stanford University agree.") == [
        ("University of Oxford", "Organization", "new:Organization:University of Oxford"),
        ("Stanford University", "Organization", "new:Organization:Stanford University")]


def test_headline_capitals_do_not_make_organisations(nlp):
    got = found(nlp, "Could Google's DeepMind AI Transform Healthcare?")
    assert [g[0] for g in got] == ["Google", "DeepMind", "AI"]


def test_lowercase_cue_words_do_not_make_organisations(nlp):
    assert found(nlp, "Within medicine, health systems matter.") == []


@pytest.mark.parametrize("text, name", [
    ("Scandit, a Swiss startup, raised money.", "Scandit"),
    ("The chip startup Lightmatter raised money.", "Lightmatter"),
    ("Cognex's CEO spoke on Monday.", "Cognex"),
    ("A study by researchers at Rutgers found it.", "Rutgers"),
])
def test_names_without_a_cue_are_organisations_in_company_context(nlp, text, name):
    assert (name, "Organization", f"new:Organization:{name}") in found(nlp, text)


@pytest.mark.parametrize("text", [
    "Digital Health is growing, and Global Healthcare too.",
    "Satya Nadella spoke at the Annual Meeting, Chief Officer Jane Doe said.",
    "Jane Smith, a doctor, said so.",
])
def test_generic_words_and_people_are_not_organisations(nlp, text):
    assert [f for f in found(nlp, text) if f[2].startswith("new:")] == []


def test_a_strong_cue_counts_in_a_headline_and_a_hyphen_stays_in_a_name(nlp):
    assert ("Federal Trade Commission", "Organization",
            "new:Organization:Federal Trade Commission") in found(
        nlp, "The Federal Trade Commission and Artificial Intelligence")
    assert ("Dana-Farber Cancer Institute", "Organization",
            "new:Organization:Dana-Farber Cancer Institute") in found(
        nlp, "Researchers from Dana-Farber Cancer Institute have found a way.")


def test_a_documents_text_units_are_read_apart_and_its_abbreviations_carry_across_them():
    from kgraph.extract import extract, make_pipeline
    from kgraph.records import Document, TextUnit

    title = "NHRF backs a tool from Mayo"
    body = "Clinic staff and the Northwind Health Research Foundation (NHRF) saw radiology gains."
    doc = Document(id="d", kind="Article", title=title,
                   units=(TextUnit("title", title), TextUnit("body", body)))
    [(_, (mentions, _))] = list(extract([doc], nlp=make_pipeline()))
    seen = {(m.unit, m.quote): m for m in mentions}
    # defined in the body, the abbreviation is known in the title too
    name = "new:Organization:Northwind Health Research Foundation"
    assert seen["title", "NHRF"].concept == seen["body", "NHRF"].concept == name
    assert seen["title", "NHRF"].sentence == title
    # no name runs from the title into the body ("Mayo" alone is a label of Mayo Clinic),
    # and a sentence stays in its unit
    assert seen["title", "Mayo"].sentence == title
    assert not any("Clinic" in m.quote for m in mentions)
    assert seen["body", "radiology"].sentence == body
    texts = {"title": title, "body": body}
    assert all(texts[m.unit][m.start:m.end] == m.quote for m in mentions)
