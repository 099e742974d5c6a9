"""Normalisation keeps a map to the original offsets, whatever it cleans."""

from __future__ import annotations

import bisect
import re

from hypothesis import given, settings
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
    for i in range(len(n.text)):
        start, end = n.span(i, i + 1)
        assert 0 <= start < end <= len(text)
    starts = [n.span(i, i + 1)[0] for i in range(len(n.text))]
    assert starts == sorted(starts)


def _mapped(n) -> tuple[str, list[int], list[int], list[int]]:
    """The text, each character's original start and end, and for each original offset
    the first character that comes from it or after it."""
    spans = [n.span(i, i + 1) for i in range(len(n.text))]
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    limit = max([*ends, 0]) + 2
    return n.text, starts, ends, [n.index(offset) for offset in range(limit)]


def _reference(text: str, citations: bool) -> tuple[str, list[int], list[int], list[int]]:
    """The plain way: one alternation of the rules, tried at every position, no shortcut."""
    from kgraph.extract.normalize import _CITATION, _COMMON

    rules = [_COMMON[0], _CITATION, *_COMMON[1:-2], _COMMON[-1]] if citations else _COMMON
    pattern = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(rules)))
    out, starts, ends, pos = [], [], [], 0
    for m in pattern.finditer(text):
        new = rules[int(m.lastgroup[1:])][1](m)
        out += [text[pos:m.start()], new]
        starts += [*range(pos, m.start()), *[m.start()] * len(new)]
        ends += [*range(pos + 1, m.start() + 1), *[m.end()] * len(new)]
        pos = m.end()
    out.append(text[pos:])
    starts += range(pos, len(text))
    ends += range(pos + 1, len(text) + 1)
    limit = max([*ends, 0]) + 2
    return "".join(out), starts, ends, [bisect.bisect_left(starts, o) for o in range(limit)]


# A few characters at a time, so that texts without any special character come up too.
_FEW_CHARACTERS = st.lists(st.sampled_from(list("aZ )-\n\t\r\f\v\u00a0<>/!&;#x1٣,.“”‘’ʼ′„″_[]")),
                           min_size=1, max_size=6)


# One rule at a time, each in a text with no other special character.
_ONE_RULE_EACH = ["a-\nb", "a <b> c", "a&amp;b", "[!note] a", "[[a]]", "it’s", "“a”", "a_b",
                  "a \n\n b", "a  b", "a\tb", "a\u00a0b", "learning25 x", "MRI)35."]


@settings(max_examples=500)
@given(_FEW_CHARACTERS.flatmap(lambda chars: st.text(alphabet=st.sampled_from(chars), max_size=40)),
       st.booleans())
def test_shortcuts_change_nothing(text, citations):
    n = normalize(text, citations=citations)
    assert _mapped(n) == _reference(text, citations)


def test_shortcuts_change_nothing_for_each_rule():
    for text in _ONE_RULE_EACH:
        for citations in (False, True):
            n = normalize(text, citations=citations)
            assert _mapped(n) == _reference(text, citations), text
        assert normalize(text, citations=True).text != text


def test_shortcuts_change_nothing_on_the_seeds():
    from pathlib import Path

    for path in sorted(Path(__file__).parent.parent.joinpath("seeds").rglob("*.*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for citations in (False, True):
            n = normalize(text, citations=citations)
            assert _mapped(n) == _reference(text, citations), path


def test_digits_of_names_and_versions_are_kept_even_in_papers():
    text = "version v15.6.0 signs with hmac-sha256 and GPT4, as in ImageNet4 and learning25."
    assert normalize(text, citations=True).text == (
        "version v15.6.0 signs with hmac-sha256 and GPT4, as in ImageNet and learning.")


def test_hidden_spans_are_read_as_blanks_and_offsets_still_point_into_the_text():
    text = "Use `radiology.run()` or see https://x.org/pathology for dermatology."
    hidden = [(4, 21), (29, 51)]
    n = normalize(text, hidden=hidden)
    assert "radiology" not in n.text and "pathology" not in n.text
    match = re.search("dermatology", n.text)
    start, end = n.span(match.start(), match.end())
    assert text[start:end] == "dermatology"
