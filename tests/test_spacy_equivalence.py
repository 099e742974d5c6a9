"""kgraph's fast scans give what spaCy's own components give.

The organisation rules scan capitalised runs from lexeme flags with no Token object per
token (spaCy's Matcher with the same patterns costs about 14% of a build's wall time); a
span's sentence is read from the doc's array of sentence starts. Here spaCy's Matcher and
``Span.sent`` are the references, on random word sequences made of the words the rules
care about.
"""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from kgraph.extract import make_pipeline
from kgraph.extract.components import Sentences
from kgraph.extract.organizations import OrganizationRules, _Words, is_title_case
from kgraph.extract.rules import load_rules
from kgraph.vocab import load_vocabulary

WORDS = ["Acme", "Big", "De", "Of", "of", "for", "and", "&", "University", "Center", "Inc.",
         "Institute", "Department", "health", "said", ",", "the", "Éire", "Mercy-Care", "AI"]


def _spacy_matcher(nlp, cap: int, link: int, suffix: int, prefix: int, of: int) -> Matcher:
    matcher = Matcher(nlp.vocab, validate=False)  # flag attributes are not in the schema
    c, c_plus, c_star = {cap: True}, {cap: True, "OP": "+"}, {cap: True, "OP": "*"}
    matcher.add("CUED", [
        [c_plus, {suffix: True}],
        [c_plus, {link: True}, c_plus, {suffix: True}],
        [c_star, {prefix: True}, {of: True}, c_plus],
        [c_star, {prefix: True}, {of: True}, c_plus, {link: True}, c_plus],
    ])
    matcher.add("RUN", [[c_plus]], greedy="LONGEST")
    return matcher


NLP = spacy.blank("en")
RULES = OrganizationRules(NLP, load_rules(), load_vocabulary(None))
MATCHER = _spacy_matcher(NLP, *RULES.attrs[:5])


def _both(text: str) -> tuple[tuple[set, set], tuple[set, set]]:
    doc = NLP.make_doc(text)
    matches = MATCHER(doc)
    run = NLP.vocab.strings["RUN"]
    spacy_found = ({(s, e) for k, s, e in matches if k != run},
                   {(s, e) for k, s, e in matches if k == run})
    words = _Words(doc, RULES)
    return spacy_found, (words.cued(), set(words.runs))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_scan_matches_spacy_matcher(words: list[str]) -> None:
    expected, found = _both(" ".join(words))
    assert found == expected


def test_scan_on_real_names() -> None:
    text = ("Researchers at the University of Oxford and Stanford University Hospital said "
            "Acme Inc. and the Department of Health and Social Care agree.")
    expected, found = _both(text)
    assert found == expected
    assert (7, 10) in found[0]  # "Stanford University Hospital"


SENTENCE_WORDS = ["Word", "word", ".", "!", "?", "...", "?!", ")", "\"", ",", "\n\n", "\n", "»", "。", "e.g."]


SPLITTER = make_pipeline()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_WORDS), min_size=1, max_size=16), st.data())
def test_the_sentence_of_a_span_is_spacys(words: list[str], data) -> None:
    doc = SPLITTER(" ".join(words))
    start = data.draw(st.integers(0, len(doc) - 1))
    span = doc[start:data.draw(st.integers(start + 1, len(doc)))]
    sentences = Sentences(doc)
    assert sentences.of(span) == (span.sent.start, span.sent.end)
    assert sentences.text_of(span) == span.sent.text.strip()


HEADLINE_WORDS = ["For", "for", "In", "in", "Healthcare", "healthcare", "iPhone", "AI", "Big",
                  "said", "Transform", "works", "the", "The", ",", "Data", "data"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HEADLINE_WORDS), max_size=12))
def test_headline_test_from_arrays_is_the_token_rule(words: list[str]) -> None:
    doc = NLP.make_doc(" ".join(words))
    assert _Words(doc, RULES).title_case(0, len(doc)) == is_title_case(doc)
