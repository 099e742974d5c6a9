"""The front-matter YAML loader builds exactly what PyYAML's SafeLoader builds, only faster."""

from __future__ import annotations

import signal
import time
from datetime import timedelta, timezone

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.ingest.frontmatter import _BaseLoader, _Loader


def _outcome(text: str, loader: type) -> tuple[object, str]:
    """``(None, repr of the value)`` (types, key order, nan, recursion shown), or
    ``(error type, message)``."""
    try:
        return None, repr(yaml.load(text, Loader=loader))
    except Exception as exc:  # PyYAML raises YAMLError, and ValueError etc. from constructors
        return type(exc), str(exc)


def _assert_like_pyyaml(text: str, *, pure: bool = True) -> None:
    """``text`` loads as with libyaml's loader, which ingest used before: the same value, or
    the same error and message; and, if ``pure``, the same value or error type as with pure
    PyYAML (whose marks in messages differ)."""
    outcome = _outcome(text, _Loader)
    assert outcome == _outcome(text, _BaseLoader)
    if pure:
        reference = _outcome(text, yaml.SafeLoader)
        assert outcome[0] == reference[0]
        assert outcome[0] is not None or outcome == reference


_TIMEZONES = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-5, minutes=-30))])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                     st.dates(), st.datetimes(timezones=_TIMEZONES))
_KEYS = st.one_of(st.text(), st.text(), st.integers(), st.booleans(), st.none())
_VALUES = st.recursive(_SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)),
    max_leaves=20)


@settings(max_examples=300)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6) | _VALUES, st.booleans(), st.booleans())
def test_dumped_values_load_as_with_pyyaml(value, flow, unicode):
    _assert_like_pyyaml(yaml.safe_dump(value, default_flow_style=flow, allow_unicode=unicode,
                                       sort_keys=False))


# Lines of a front matter, some of which PyYAML builds in its own way or refuses.
_FIELDS = [
    "title: plain text", "quoted: 'yes'", 'double: "1.5"', "empty:", "blank: ''",
    "padded: '  two  spaces '", r'escaped: "tab\there\n"', "folded: >\n  two\n  lines",
    "literal: |\n  kept\n  lines\n",
    "anchor: &x [1, two, {three: 3}]", "alias: *x", "map: &m {k: v, n: 1}", "again: *m",
    "merge: {<<: *m, z: 1}", "merges: {<<: [*m, {w: 2}], k: over}", "<<: {top: merged}",
    "recursive: &r [*r]", "self: &s {me: *s}",
    "when: 2001-12-14t21:59:43.10-05:00", "day: 2002-12-14", "spaced: 2001-12-14 21:59:43.10 -5",
    "bad day: 2020-02-30", "flags: [yes, no, on, off, Yes, NO, true, False, y, n]",
    "nulls: [~, null, Null, '']", "octal: 0o17", "old octal: 017", "hex: 0x1F", "bin: 0b101",
    "sexagesimal: 190:20:30", "under: 1_000", "floats: [.inf, -.Inf, .nan, 1e3, 6.8523015e+5]",
    "1: int key", "2.5: float key", "true: bool key", "~: null key", "[1, 2]: list key",
    "? {a: b}\n: map key", "dup: 1", "dup: 2", "'=': quoted equals", "=: value key",
    "str int: !!str 5", "int str: !!int '7'", "bad int: !!int abc", "bad stamp: !!timestamp x",
    "set: !!set {a, b}", "omap: !!omap [a: 1, b: 2]", "pairs: !!pairs [a: 1, a: 2]",
    "binary: !!binary aGVsbG8=", "custom: !thing x", "python: !!python/name:os.system",
    "str map: !!str {a: 1}", "map scalar: !!map x", "seq tag: !!seq [a]",
    "nested:\n  - a: 1\n    b: [x, *x]\n  - - deep", "undefined: *nowhere", "bad: [unclosed",
    "- a list item", "just text",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_FIELDS), max_size=8))
def test_hand_written_front_matter_loads_as_with_pyyaml(fields):
    _assert_like_pyyaml("\n".join(fields))


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab1.:-[]{},&*!~'\"#?<= \n")), max_size=30))
def test_yaml_like_text_loads_as_with_pyyaml(text):
    # Only as with libyaml: its parser and PyYAML's differ on such text ("!" alone is "" to
    # libyaml, None to PyYAML), whatever builds the objects.
    _assert_like_pyyaml(text, pure=False)


def test_plain_documents_are_built_without_pyyamls_constructor(monkeypatch):
    text = "a: [1, x, {b: 2001-12-14}]\nc: ~\nd: &d {e: .5}\nf: *d\n"
    expected = yaml.load(text, Loader=yaml.SafeLoader)

    def refuse(self, node):
        raise AssertionError("PyYAML's construct_document was called")

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_document", refuse)
    assert yaml.load(text, Loader=_Loader) == expected


def test_an_alias_is_the_same_object():
    meta = yaml.load("a: &x [1]\nb: *x\nc: &y {k: v}\nd: [*y, *y]", Loader=_Loader)
    assert meta["a"] is meta["b"]
    assert meta["c"] is meta["d"][0] is meta["d"][1]


def test_a_recursive_alias_is_built_as_pyyaml_builds_it():
    meta = yaml.load("a: &x [*x]\nb: &y {me: *y}", Loader=_Loader)
    assert meta["a"][0] is meta["a"]
    assert meta["b"]["me"] is meta["b"]


def _timeout(signum, frame):
    raise TimeoutError


def test_a_billion_laughs_loads_in_linear_time():
    lines, previous = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"], "a"
    for name in "bcdefghi":  # 9 levels, 9 ** 9 strings if each alias were copied
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    old = signal.signal(signal.SIGALRM, _timeout)
    signal.setitimer(signal.ITIMER_REAL, 2)  # a copying builder fails here, not in an hour
    try:
        start = time.perf_counter()
        meta = yaml.load("\n".join(lines), Loader=_Loader)
        elapsed = time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert elapsed < 0.5
    assert meta["i"][0] is meta["i"][8] is meta["h"]


def test_the_fast_tag_resolution_stands():
    """``_Loader.resolve`` takes a plain scalar whose first character is no resolver's key
    for a str: true while there is no wildcard resolver and no path resolver."""
    assert None not in _Loader.yaml_implicit_resolvers
    assert not _Loader.yaml_path_resolvers


@pytest.mark.parametrize("text", ["day: 2020-02-30", "n: !!int abc",
                                  "a: {b: !!int abc}\nday: 2020-02-30"])
def test_a_scalar_pyyaml_cannot_build_raises_what_pyyaml_raises(text):
    """A ValueError, not a YAMLError; of two, the one PyYAML meets first (it builds nested
    collections after their parent's other values)."""
    outcome = _outcome(text, _Loader)
    assert outcome[0] is ValueError
    assert outcome == _outcome(text, yaml.SafeLoader)
