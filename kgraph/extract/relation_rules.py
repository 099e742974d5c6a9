"""Loading the relation rules of ``ontology/extraction.toml`` (its ``[relations]`` table).

Each rule says which relation a cue states between the nearest entities of two types on
its left and right; the cues are phrases compiled into ``spacy.matcher.Matcher`` patterns.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kgraph.errors import VocabularyError
from kgraph.extract.rules import rules_table
from kgraph.records import ENTITY_KINDS, RELATIONS
from kgraph.resources import ontology_dir

__all__ = ["Rule", "RelationRules", "load_relation_rules", "phrase_parts", "MAX_GAP"]

TYPES = ENTITY_KINDS
WILDCARD = "..."
MAX_GAP = 6  # words that "..." stands for, at most
_POSSESSIVE = ("'s", "\u2019s")


@dataclass(frozen=True)
class Rule:
    """One rule: a cue and the entities around it it relates (see ``extraction.toml``)."""

    relation: str
    left: str = ""
    right: str = ""
    subject: str = "left"
    cues: tuple[str, ...] = ()
    max_left: int = 6
    max_right: int = 3
    context: frozenset[str] = frozenset()
    then: tuple[str, ...] = ()
    then_within: int = 1
    hedge: bool = False
    joint: str = ""
    adjacent: bool = False
    near: bool = False
    max_gap: int = 16
    every_left: bool = False
    stops: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RelationRules:
    """The rules and the word lists they share (all lowercase)."""

    negations: frozenset[str]
    blockers: frozenset[str]
    list_words: frozenset[str]
    list_determiners: frozenset[str]
    hedges: frozenset[str]
    hedge_window: int
    rules: tuple[Rule, ...]


def phrase_parts(phrase: str) -> list[list[tuple[str, ...]]]:
    """The parts of a cue phrase between its ``...`` gaps, each as the word sequences it
    matches (lowercase): ``a|b`` alternatives spelt out, a possessive in both apostrophes.

    >>> phrase_parts("partner|partners with")
    [[('partner', 'with'), ('partners', 'with')]]
    >>> phrase_parts("raises ... led by")
    [[('raises',)], [('led', 'by')]]
    """
    parts = []
    for part in phrase.lower().split(WILDCARD):
        words = [list(_POSSESSIVE) if w in _POSSESSIVE else w.split("|") for w in part.split()]
        if words:
            parts.append(list(itertools.product(*words)))
    return parts


def _rule(table: dict[str, Any], where: str) -> Rule:
    names = {f.name for f in fields(Rule)}
    unknown = set(table) - names
    if unknown:
        raise VocabularyError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    values = dict(table)
    for key in ("cues", "then"):
        values[key] = tuple(values.get(key, ()))
    values["context"] = frozenset(w.lower() for w in values.get("context", ()))
    values["stops"] = frozenset(w.lower() for w in values.get("stops", ()))
    rule = Rule(**values)
    if rule.relation not in RELATIONS:
        raise VocabularyError(f"{where}: unknown relation {rule.relation!r}")
    kinds = [t for t in (rule.left, rule.right) if t]
    if any(t not in TYPES for t in kinds) or not kinds:
        raise VocabularyError(f"{where}: left and right must be entity types {TYPES}")
    if not (rule.cues or rule.adjacent or rule.near):
        raise VocabularyError(f"{where}: a rule needs cues, adjacent or near")
    if any(not phrase_parts(c) for c in rule.cues + rule.then):
        raise VocabularyError(f"{where}: an empty cue")
    return rule


@functools.lru_cache(maxsize=4)
def load_relation_rules(path: Path | None = None) -> RelationRules:
    """Read the ``[relations]`` table of ``extraction.toml``.

    Raises
    ------
    VocabularyError
        When the file is missing, does not parse, or a rule is malformed.
    """
    name = (path or ontology_dir() / "extraction.toml").name
    with rules_table(path, "relations", "relation rules") as table:
        words = {key: frozenset(w.lower() for w in table[key])
                 for key in ("negations", "blockers", "hedges", "list_determiners")}
        list_words = frozenset(w for phrase in table["list_words"] for w in phrase.lower().split())
        rules = tuple(_rule(r, f"{name}: relation rule {i + 1}") for i, r in enumerate(table["rule"]))
        return RelationRules(list_words=list_words, hedge_window=int(table["hedge_window"]),
                             rules=rules, **words)
