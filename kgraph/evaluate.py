"""Measure a built graph against hand-labelled gold: precision, recall and F1 of its
entities (per class) and relations (per relation), micro and macro.

The gold format is the README's (one JSON file per corpus)::

    {"docs": {"<source file name>": {
        "Specialty": [["radiology", "radiologist"], ...],   # each entity: its accepted labels
        "Technique": [...], "Organization": [...], "Provider": [...],
        "optional": [["label", ...], ...],                  # neither rewarded nor punished
        "Relations": [[["Zebra Medical"], "clearedBy", ["FDA"]], ...],
        "optional_relations": [...]}}}

A document is scored for entities when its gold lists any entity class (or ``optional``),
and for relations when it has ``Relations``. A predicted entity is one its document
reaches through ``kg:mentions`` (directly, through a section or a related item), counted
by its class, or through ``kg:publishedBy``, counted as a Provider; a predicted relation
is an ``rdf:Statement`` in the document, a section or a related item. Entities and
relation ends match on their labels, normalised by :func:`normalize_label`.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import UsageError
from kgraph.namespace import PREFIXES, sparql_prefixes
from kgraph.rdfio import turtle_store
from kgraph.records import CONCEPT_KINDS, RELATIONS, SYMMETRIC_RELATIONS

__all__ = ["Count", "Scores", "evaluate", "normalize_label", "format_scores", "CLASSES",
           "RELATIONS"]

CLASSES = CONCEPT_KINDS
MACRO_CLASSES = CLASSES[:3]  # Provider comes almost free from front matter
_KG = PREFIXES["kg"]
_PREFIXES = sparql_prefixes("kg", "rdf", "rdfs", "skos")
_ENTITIES = _PREFIXES + """SELECT DISTINCT ?file ?e ?how ?cls ?label WHERE {
  ?d kg:sourceFile ?file .
  { { ?d kg:mentions ?e } UNION { ?d kg:hasSection/kg:mentions ?e }
    UNION { ?d kg:relatedTo/kg:mentions ?e }
    BIND("mention" AS ?how) ?e a ?cls .
    FILTER(?cls IN (kg:Specialty, kg:Technique, kg:Organization, kg:Provider)) }
  UNION { { ?d kg:publishedBy ?e } UNION { ?d kg:relatedTo/kg:publishedBy ?e }
    BIND("published" AS ?how) BIND(kg:Provider AS ?cls) }
  ?e rdfs:label|skos:prefLabel|skos:altLabel ?label .
}"""
_RELATIONS = _PREFIXES + """SELECT DISTINCT ?file ?s ?p ?o ?sl ?ol WHERE {
  ?d kg:sourceFile ?file .
  ?d (kg:hasSection|kg:relatedTo)? ?u .
  ?a kg:inDocument ?u ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?s rdfs:label|skos:prefLabel|skos:altLabel ?sl .
  ?o rdfs:label|skos:prefLabel|skos:altLabel ?ol .
}"""


def normalize_label(label: str) -> str:
    """The form in which a predicted and a gold label are compared: case, punctuation, a
    possessive and a plural ``s`` on the last word do not count.

    >>> normalize_label("Google's"), normalize_label("Convolutional Neural Networks")
    ('google', 'convolutional neural network')
    """
    s = unicodedata.normalize("NFKC", label).lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    words = re.sub(r"[^0-9a-z]+", " ", s).split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


@dataclass(frozen=True)
class Count:
    """True positives, false positives and false negatives, and the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Count) -> Count:
        return Count(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Scores:
    """What :func:`evaluate` measured.

    ``entities`` and ``relations`` map each class or relation to its :class:`Count`;
    either is empty when the gold labels none. ``errors`` are ``(file, class or relation,
    "missed" or "extra", label)`` rows; ``unmatched`` the gold documents the graph has no
    entity for.
    """

    entities: dict[str, Count]
    relations: dict[str, Count]
    errors: tuple[tuple[str, str, str, str], ...]
    unmatched: tuple[str, ...]
    documents: int

    @property
    def entity_overall(self) -> Count:
        return sum(self.entities.values(), Count())

    @property
    def entity_macro_f1(self) -> float:
        """The mean F1 of Specialty, Technique and Organization."""
        return sum(self.entities.get(c, Count()).f1 for c in MACRO_CLASSES) / len(MACRO_CLASSES)

    @property
    def relation_overall(self) -> Count:
        return sum(self.relations.values(), Count())

    @property
    def relation_macro_f1(self) -> float:
        """The mean F1 of the relations that the gold or the graph has any of."""
        used = [c.f1 for c in self.relations.values() if c.tp + c.fp + c.fn]
        return sum(used) / len(used) if used else 0.0


def evaluate(graph: str | os.PathLike[str], *gold: str | os.PathLike[str]) -> Scores:
    """Score the ``graph.ttl`` at ``graph`` against one or more gold files.

    Raises
    ------
    UsageError
        When a file is missing or unreadable, or a gold file is not in the gold format.
    """
    docs = _read_gold(gold)
    store = turtle_store(graph)
    entity_docs = {f: d for f, d in docs.items() if any(k in d for k in (*CLASSES, "optional"))}
    relation_docs = {f: d for f, d in docs.items() if "Relations" in d}
    errors: list[tuple[str, str, str, str]] = []
    entities, unmatched = _score_entities(store, entity_docs, errors) if entity_docs else ({}, [])
    relations = _score_relations(store, relation_docs, errors) if relation_docs else {}
    return Scores(entities, relations, tuple(errors), tuple(unmatched), len(docs))


def _read_gold(paths: Any) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot read gold file {path}: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{path}: not a JSON gold file: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("docs"), dict) or not all(
                isinstance(v, dict) for v in data["docs"].values()):
            raise UsageError(f'{path}: a gold file is {{"docs": {{"<file>": {{...}}}}}} '
                             "(see the README)")
        for name, doc in data["docs"].items():
            _check_doc(path, name, doc)
            docs.setdefault(name, {}).update(doc)
    return docs


def _check_doc(path: Any, name: str, doc: dict[str, Any]) -> None:
    """A gold document's fields are lists of entities (lists of labels) and of relations
    (``[[labels], "relation", [labels]]``); anything else is a one-line error."""
    def labels(value: Any) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)

    for key in (*CLASSES, "optional"):
        if key in doc and not (isinstance(doc[key], list) and all(map(labels, doc[key]))):
            raise UsageError(f"{path}: {name}: {key} must be a list of entities, each a list "
                             "of labels")
    for key in ("Relations", "optional_relations"):
        for item in doc.get(key, []) if isinstance(doc.get(key, []), list) else [None]:
            if not (isinstance(item, list) and len(item) == 3 and labels(item[0])
                    and isinstance(item[1], str) and labels(item[2])):
                raise UsageError(f"{path}: {name}: each of {key} must be "
                                 '[[subject labels], "relation", [object labels]]')


def _labels(entity: Any) -> set[str]:
    return {normalize_label(label) for label in entity}


def _score_entities(store: Any, docs: dict[str, Any],
                    errors: list[tuple[str, str, str, str]]) -> tuple[dict[str, Count], list[str]]:
    found: defaultdict[str, defaultdict[str, defaultdict[str, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set)))
    for row in store.query(_ENTITIES):
        cls = row["cls"].value.removeprefix(_KG)
        if row["how"].value == "mention" and cls == "Provider":
            cls = "Organization"  # a publisher named in a text is an organisation there
        found[row["file"].value][cls][row["e"].value].add(normalize_label(row["label"].value))
    counts = dict.fromkeys(CLASSES, Count())
    for file, want in docs.items():
        optional = {label for entity in want.get("optional", []) for label in _labels(entity)}
        for cls in CLASSES:
            got: dict[str, set[str]] = found[file][cls] if file in found else {}
            counts[cls] += _match([_labels(e) for e in want.get(cls, [])], got, optional,
                                  (file, cls), errors)
    unmatched = [file for file in docs if file not in found]
    return counts, unmatched


def _match(gold: list[set[str]], got: dict[str, set[str]], optional: set[str],
           where: tuple[str, str], errors: list[tuple[str, str, str, str]]) -> Count:
    tp = fn = fp = 0
    hit: set[str] = set()
    for entity in gold:
        matched = [iri for iri, labels in got.items() if labels & entity]
        if matched:
            tp += 1
            hit.update(matched)
        else:
            fn += 1
            errors.append((*where, "missed", sorted(entity)[0]))
    for iri, labels in got.items():
        if iri not in hit and not labels & optional:
            fp += 1
            errors.append((*where, "extra", sorted(labels)[0] if labels else iri))
    return Count(tp, fp, fn)


def _score_relations(store: Any, docs: dict[str, Any],
                     errors: list[tuple[str, str, str, str]]) -> dict[str, Count]:
    found: defaultdict[str, set[tuple[str, str, str]]] = defaultdict(set)
    labels: defaultdict[str, set[str]] = defaultdict(set)
    for row in store.query(_RELATIONS):
        predicate = row["p"].value
        if not predicate.startswith(_KG):
            continue
        s, o = row["s"].value, row["o"].value
        found[row["file"].value].add((predicate.removeprefix(_KG), s, o))
        labels[s].add(normalize_label(row["sl"].value))
        labels[o].add(normalize_label(row["ol"].value))
    counts = dict.fromkeys(RELATIONS, Count())
    for file, want in docs.items():
        got = found.get(file, set())
        gold = [(g[1], _labels(g[0]), _labels(g[2])) for g in want.get("Relations", [])]
        optional = [(g[1], _labels(g[0]), _labels(g[2]))
                    for g in want.get("optional_relations", [])]
        used: set[tuple[str, str, str]] = set()
        for (name, subject, obj), raw in zip(gold, want.get("Relations", [])):
            matched = {r for r in got if _same(r, name, subject, obj, labels)}
            counts[name] = counts.get(name, Count()) + Count(tp=1 if matched else 0,
                                                             fn=0 if matched else 1)
            used |= matched
            if not matched:
                errors.append((file, name, "missed", f"{raw[0][0]} -> {raw[2][0]}"))
        for r in sorted(got - used):
            if any(_same(r, *g, labels) for g in optional):
                continue
            counts[r[0]] = counts.get(r[0], Count()) + Count(fp=1)
            errors.append((file, r[0], "extra", f"{_shown(r[1], labels)} -> {_shown(r[2], labels)}"))
    return counts


def _same(r: tuple[str, str, str], name: str, subject: set[str], obj: set[str],
          labels: dict[str, set[str]]) -> bool:
    relation, s, o = r
    if relation != name:
        return False
    if labels[s] & subject and labels[o] & obj:
        return True
    return name in SYMMETRIC_RELATIONS and bool(labels[s] & obj and labels[o] & subject)


def _shown(iri: str, labels: dict[str, set[str]]) -> str:
    return sorted(labels[iri])[0] if labels[iri] else iri


def format_scores(scores: Scores, *, show_errors: bool = False) -> str:
    """The scores as text: a table per part, each ending in its overall figures."""
    lines = ["\t".join(e) for e in scores.errors] if show_errors else []
    if scores.entities:
        if scores.unmatched:
            lines.append(f"gold documents with no predicted entity: {len(scores.unmatched)} "
                         f"of {scores.documents}")
        lines.append(_header("class"))
        lines += [_row(name, count) for name, count in scores.entities.items()]
        total = scores.entity_overall
        lines.append(f"overall P={total.precision:.3f} R={total.recall:.3f} F1={total.f1:.3f}  "
                     f"macro(S,T,O) F1={scores.entity_macro_f1:.3f}")
    if scores.relations:
        lines.append(_header("relation"))
        lines += [_row(name, count) for name, count in scores.relations.items()]
        total = scores.relation_overall
        lines.append(f"relations P={total.precision:.3f} R={total.recall:.3f} F1={total.f1:.3f}"
                     f"  ({total.tp}/{total.fp}/{total.fn})")
        lines.append(f"relations macro F1={scores.relation_macro_f1:.3f}  "
                     "(mean over the relations the gold or the graph has)")
    return "\n".join(lines) + "\n"


def _header(what: str) -> str:
    return f"{what:<13} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"


def _row(name: str, c: Count) -> str:
    return f"{name:<13} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}   {c.tp}/{c.fp}/{c.fn}"
