"""Normalisation keeps a map to the original offsets, whatever it cleans."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kgraph.extract.normalize import normalize


def _maps_back(original: str, word: str, citations: bool = False) -> str:
    n = normalize(original, citations=citations)
    match = re.search(re.escape(word), n.text)
    assert match, (word, n.text)
    start, end = n.span(match.start(), match.end())
    return original[start:end]


def test_hyphenation_across_line_breaks_is_joined_and_maps_to_the_source():
    original = "to perceive visual stimuli mean-\ningfully. Machine"
    assert "meaningfully" in normalize(original).text
    assert _maps_back(original, "meaningfully") == "mean-\ningfully"


def test_citation_markers_glued_to_words_are_dropped_in_papers():
    text = "transfer learning25 and CNNs7,93,94 on MRI)35 scans"
    cleaned = normalize(text, citations=True).text
    assert cleaned == "transfer learning and CNNs on MRI) scans"
    assert _maps_back(text, "CNNs", citations=True) == "CNNs"
    # Outside papers digits stay: "COVID-19", "Web3".
    assert normalize("COVID-19 and Web3").text == "COVID-19 and Web3"


def test_quotes_entities_tags_and_whitespace():
    text = "“AI” &amp; <b>DeepMind’s</b>   model"
    n = normalize(text)
    assert n.text == '"AI" & DeepMind\'s model'
    assert "DeepMind's" in n.text and "&amp;" not in n.text and "<b>" not in n.text
    assert _maps_back(text, "DeepMind's") == "DeepMind’s"


@given(st.text(alphabet=st.sampled_from(list("ab -\n\t<>&;#“”’_[]x1")), max_size=80))
def test_every_normalised_span_maps_inside_the_original(text):
    n = normalize(text, citations=True)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for i in range(len(n.text)):
        start, end = n.span(i, i + 1)
        assert 0 <= start < end <= len(text)
    assert list(n.starts) == sorted(n.starts)
