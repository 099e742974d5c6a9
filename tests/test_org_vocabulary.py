"""The organisation vocabulary: one concept per label, and common organisations found in text."""

from __future__ import annotations

from collections import defaultdict

import pytest

from kgraph.extract import make_pipeline
from kgraph.extract.components import ENTITIES
from kgraph.vocab import load_vocabulary


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def orgs(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)  # a SpanGroup needs its doc alive
    return [(s.text, s.kb_id_.rsplit("/", 1)[-1]) for s in doc.spans[ENTITIES]
            if s.label_ == "Organization"]


def test_an_organisation_label_names_one_organisation():
    owners: dict[str, set[str]] = defaultdict(set)
    for concept in load_vocabulary().of_type("Organization"):
        for label in concept.labels:
            owners[label.lower()].add(concept.iri)
    assert {label: iris for label, iris in owners.items() if len(iris) > 1} == {}


def test_no_organisation_label_is_a_specialty_or_technique_label():
    vocabulary = load_vocabulary()
    other = {label for c in vocabulary.of_type("Specialty", "Technique") for label in c.labels}
    shared = {label for c in vocabulary.of_type("Organization") for label in c.labels} & other
    assert shared == set()


@pytest.mark.parametrize("label", [
    "CTA", "ACS", "CAP", "ITU", "ADA", "AHA", "NEC", "APL", "AMD",  # clinical abbreviations too
    "Grail", "Scale AI", "Change Healthcare", "Digital Diagnostics", "Current Health",  # common phrases
    "Providence", "Kaiser", "Oxford", "Cambridge", "Columbia",  # places and people
])
def test_ambiguous_words_are_not_organisation_labels(label):
    labels = {lab for c in load_vocabulary().of_type("Organization") for lab in c.labels}
    assert label not in labels


def test_well_known_organisations_are_found(nlp):
    text = ("Researchers at Mount Sinai and the University of Toronto worked with Epic, "
            "Siemens Healthineers and the Medicines and Healthcare products Regulatory Agency.")
    assert orgs(nlp, text) == [
        ("Mount Sinai", "mount-sinai"), ("University of Toronto", "toronto"),
        ("Epic", "epic-systems"), ("Siemens Healthineers", "siemens-healthineers"),
        ("Medicines and Healthcare products Regulatory Agency", "mhra")]


def test_a_longer_name_wins_over_the_organisation_inside_it(nlp):
    assert orgs(nlp, "An essay in the Harvard Business Review.") == [
        ("Harvard Business Review", "harvard-business-review")]
    assert orgs(nlp, "Hospitals Struggle to Scale AI and Change Healthcare Workflows") == []


def test_two_known_organisations_joined_by_and_stay_two(nlp):
    assert orgs(nlp, "The hospital moved its records from Epic and Oracle Health last year.") == [
        ("Epic", "epic-systems"), ("Oracle Health", "oracle-health")]
    assert orgs(nlp, "A grant from the Bill & Melinda Gates Foundation paid for it.") == [
        ("Bill & Melinda Gates Foundation", "gates-foundation")]
