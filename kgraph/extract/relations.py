"""The relations a sentence states between two of its entities (``../gold/RELATIONS.md``).

``kgraph_relations`` is a spaCy component that runs after the entity components. In each
sentence with two or more entities it finds the cues of ``ontology/extraction.toml`` with
a ``Matcher`` and, for each cue, the nearest entities of the rule's types on its left and
right; lists ("X, Y and Z partner with W"), possessives ("Alphabet's Waymo"), negation and
questions are read from the words around them. No parser is needed. The relations found
are kept on the doc as plain tuples; the extract stage (:mod:`kgraph.extract`) turns them
into :class:`~kgraph.records.Relation` records with offsets in each text unit's original text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kgraph.extract.relation_rules import (
    MAX_GAP,
    RelationRules,
    Rule,
    load_relation_rules,
    phrase_parts,
)
from kgraph.records import ENTITY_KINDS

__all__ = ["RelationFinder", "relations", "RELATIONS_KEY"]

RELATIONS_KEY = "kgraph_relations"
_TYPES = frozenset(ENTITY_KINDS)
_POSSESSIVE = frozenset({"'s", "\u2019s"})


class Ent(NamedTuple):
    """An entity of a sentence: token range (in the sentence), type and concept key."""

    start: int
    end: int
    type: str
    key: str


Found = tuple[int, int, str, str, str]  # sentence start and end char, relation, subject, object


class _Sentence:
    """One sentence's words and entities, and the argument search of the rules."""

    def __init__(self, words: list[str], ents: list[Ent], rules: RelationRules) -> None:
        self.words = words
        self.ents = ents
        self.rules = rules
        self.at = {i: e for e in ents for i in range(e.start, e.end)}

    # -- arguments of a cue --------------------------------------------------

    def left_of(self, at: int, kind: str, other: str, most: int) -> Ent | None:
        """The nearest entity of ``kind`` ending at most ``most`` words before ``at``."""
        i = at - 1
        while i >= 0 and at - 1 - i <= most + 8:
            ent = self.at.get(i)
            if ent is not None:
                if ent.type == kind and at - ent.end <= most:
                    return ent
                if ent.type == other and ent.type != kind:
                    return None
                i = ent.start - 1
                continue
            if self.words[i] in self.rules.blockers:
                return None
            i -= 1
        return None

    def every_left(self, at: int, kind: str, most: int) -> list[Ent | None]:
        """Every entity of ``kind`` ending at most ``most`` words before ``at``."""
        lo = max(at - most, 0)
        if self.blocked(lo, at):
            return []
        return [e for e in self.ents if e.type == kind and lo <= e.start and e.end <= at]

    def right_of(self, at: int, kind: str, other: str, most: int,
                 stops: frozenset[str] = frozenset()) -> Ent | None:
        """The nearest entity of ``kind`` starting at most ``most`` words after ``at``, not
        past one of the ``other`` kind nor a word in ``stops``; a possessor followed by
        another entity of its kind ("Google's parent, Alphabet") gives way to that one."""
        i = at
        while i < len(self.words) and i - at <= most:
            ent = self.at.get(i)
            if ent is not None:
                if ent.type != kind:
                    if ent.type == other:
                        return None
                    i = ent.end
                    continue
                head = self._possessed(ent)
                return head or ent
            if self.words[i] in self.rules.blockers or self.words[i] in stops:
                return None
            i += 1
        return None

    def _possessed(self, ent: Ent) -> Ent | None:
        if ent.end >= len(self.words) or self.words[ent.end] not in _POSSESSIVE:
            return None
        for i in range(ent.end + 1, min(ent.end + 6, len(self.words))):
            other = self.at.get(i)
            if other is not None:
                return other if other.type == ent.type else None
        return None

    def listed(self, ent: Ent, step: int, fillers: int = 3) -> list[Ent]:
        """``ent`` and the entities of its kind listed with it, going left (-1) or right (1).

        A few other words may follow an entity before the next list word ("University of
        Alberta computing scientists and ..."), at most ``fillers``; after a list word, only
        a determiner ("... and the U of A")."""
        out = [ent]
        i = ent.start - 1 if step < 0 else ent.end
        separated, loose = False, 0
        while 0 <= i < len(self.words) and loose <= fillers:
            other = self.at.get(i)
            if other is not None:
                if other.type != ent.type or not separated:
                    break
                out.append(other)
                separated, loose = False, 0
                i = other.start - 1 if step < 0 else other.end
                continue
            word = self.words[i]
            if word in self.rules.list_words:
                separated = True
            elif word in self.rules.blockers:
                break
            elif separated == (step > 0) and word not in self.rules.list_determiners:
                break  # a describing word on the wrong side of the list word
            elif word not in "()":
                loose += 1
            i += step
        return out

    # -- conditions -------------------------------------------------------------

    def negated(self, lo: int, hi: int) -> bool:
        return any(w in self.rules.negations for w in self.words[max(lo, 0):hi])

    def hedged(self, lo: int, hi: int) -> bool:
        start = max(lo - self.rules.hedge_window, 0)
        return any(w in self.rules.hedges for w in self.words[start:hi])

    def blocked(self, lo: int, hi: int) -> bool:
        return any(w in self.rules.blockers for w in self.words[lo:hi])


class RelationFinder:
    """Finds the relations each sentence states between its entities.

    The cue phrases are spelt out into word sequences for a ``PhraseMatcher`` (hashed, so
    a sentence costs the same whatever the number of cues: a token ``Matcher`` with ``IN``
    predicates made extraction three times slower); the parts of a phrase around a
    ``...`` gap are matched apart and joined here.
    """

    def __init__(self, nlp: Language, rules: RelationRules) -> None:
        self.rules = rules
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases: defaultdict[str, list[list[str]]] = defaultdict(list)
        self.key_of: dict[int, str] = {}  # match id -> phrase part key
        self.first: dict[str, str] = {}  # the key of a phrase's first part -> its rule's key
        for index, rule in enumerate(rules.rules):
            for kind, phrases in (("cue", rule.cues), ("then", rule.then)):
                for n, phrase in enumerate(phrases):
                    keys = []
                    for m, forms in enumerate(phrase_parts(phrase)):
                        key = f"{kind}{index}.{n}.{m}"
                        self.matcher.add(key, [Doc(nlp.vocab, words=list(f)) for f in forms])
                        self.key_of[nlp.vocab.strings[key]] = key
                        keys.append(key)
                    self.phrases[f"{kind}{index}"].append(keys)
                    self.first[keys[0]] = f"{kind}{index}"
        self.types = [frozenset((r.left, r.right)) - {""} for r in rules.rules]
        self.pairs = set(self.types)
        self.cueless = [i for i, r in enumerate(rules.rules) if not r.cues]
        self.headings = _specialty_names(nlp)

    def __call__(self, doc: Doc) -> Doc:
        from kgraph.extract.components import ENTITIES, Sentences

        spans = doc.spans[ENTITIES] if ENTITIES in doc.spans else ()
        if len(spans) < 2:
            return doc
        sentences = Sentences(doc)
        grouped: defaultdict[tuple[int, int], list[Ent]] = defaultdict(list)
        for span in spans:
            if span.label_ in _TYPES:
                start, end = sentences.of(span)
                grouped[start, end].append(Ent(span.start, span.end, span.label_, span.kb_id_))
        wanted = [(bounds, ents) for bounds, ents in grouped.items()
                  if len({e.key for e in ents}) > 1 and self._relatable(ents)]
        if not wanted:
            return doc
        lower: list[int] = []  # the words of the doc, read at once when first needed
        strings = doc.vocab.strings
        found: list[Found] = []
        for (start, end), ents in wanted:
            inside = [(lo, hi, self.key_of[i]) for i, lo, hi in self.matcher(doc[start:end])]
            if not (inside or self._cueless(ents)):
                continue  # no cue, and no pair that a rule without one relates
            lower = lower or doc.to_array("LOWER").tolist()
            words = [strings[h] for h in lower[start:end]]
            found.extend(self._sentence(doc, start, end, ents, words, inside))
        if found:
            doc.user_data[RELATIONS_KEY] = found
        return doc

    def _cueless(self, ents: list[Ent]) -> bool:
        """Whether a rule with no cue (near, adjacent) may relate two of ``ents``."""
        types = {e.type for e in ents}
        for i in self.cueless:
            rule = self.rules.rules[i]
            if rule.adjacent:
                if any(a.end == b.start and (a.type, b.type) == (rule.left, rule.right)
                       for a, b in zip(ents, ents[1:])):
                    return True
            elif self.types[i] <= types:
                return True
        return False

    def _relatable(self, ents: list[Ent]) -> bool:
        types = {e.type for e in ents}
        return any(pair <= types and (len(pair) == 2 or sum(e.type in pair for e in ents) > 1)
                   for pair in self.pairs)

    def _sentence(self, doc: Doc, start: int, end: int, ents: list[Ent], words: list[str],
                  inside: list[tuple[int, int, str]]) -> Iterator[Found]:
        if "?" in words[-1]:
            return  # a question asks; it states nothing
        local = [Ent(e.start - start, e.end - start, e.type, e.key) for e in ents]
        s = _Sentence(words, local, self.rules)
        parts: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for lo, hi, key in inside:  # offsets in the doc
            parts[key].append((lo - start, hi - start))
        keys = {self.first[key] for key in parts if key in self.first}
        matches = {key: _joined(self.phrases[key], parts) for key in keys}
        cued = [int(key[3:]) for key in keys if key.startswith("cue")]
        types = {e.type for e in local}
        seen: set[tuple[str, str, str]] = set()
        for index in sorted({*cued, *self.cueless}):
            if not self.types[index] <= types:
                continue  # no entity of a type the rule relates
            rule = self.rules.rules[index]
            if rule.then and f"then{index}" not in matches:
                continue  # the words the rule needs after its right entity are not here
            cues = matches.get(f"cue{index}", ())
            for stated in _apply(s, rule, cues, matches.get(f"then{index}", ()), words):
                if stated[1] != stated[2]:
                    seen.add(stated)
        first, last = doc[start], doc[end - 1]
        for relation, subject, obj in sorted(seen):
            yield first.idx, last.idx + len(last), relation, subject, obj


def _joined(phrases: list[list[str]], parts: dict[str, list[tuple[int, int]]]
            ) -> list[tuple[int, int]]:
    """Where the phrases match: each phrase's parts in order, at most MAX_GAP words apart."""
    if all(len(keys) == 1 for keys in phrases):
        return sorted({span for keys in phrases for span in parts.get(keys[0], ())})
    found: list[tuple[int, int]] = []
    for keys in phrases:
        spans = parts.get(keys[0], [])
        for key in keys[1:]:
            spans = [(lo, b_hi) for lo, hi in spans for b_lo, b_hi in parts.get(key, ())
                     if 0 <= b_lo - hi <= MAX_GAP]
        found.extend(spans)
    return sorted(set(found))


def _apply(s: _Sentence, rule: Rule, cues: Any, thens: Any,
           words: list[str]) -> Iterator[tuple[str, str, str]]:
    if rule.context and rule.context.isdisjoint(words):
        return
    if rule.near:
        yield from _near(s, rule)
        return
    if rule.adjacent:
        for a, b in zip(s.ents, s.ents[1:]):
            if a.end == b.start and (a.type, b.type) == (rule.left, rule.right):
                yield _ordered(rule, a, b)
        return
    for lo, hi in cues:
        if rule.hedge and s.hedged(lo, hi):
            continue
        if rule.joint:
            # "X, Y and Z partner with W": the list partners with W, not within itself
            if rule.joint == "right" or hi >= len(words) or words[hi] != "with":
                yield from _joint(s, rule, lo, hi)
            continue
        other_left = rule.right if rule.right != rule.left else ""
        other_right = rule.left if rule.right != rule.left else ""
        right = s.right_of(hi, rule.right, other_right, rule.max_right, rule.stops)
        lefts = (s.every_left(lo, rule.left, rule.max_left) if rule.every_left
                 else [s.left_of(lo, rule.left, other_left, rule.max_left)])
        for left in lefts:
            if left is None or right is None or s.negated(left.end, right.start):
                continue
            if rule.then and not any(hi <= t < right.end + rule.then_within for t, _ in thens):
                continue
            for a in s.listed(left, -1):
                for b in s.listed(right, 1):
                    yield _ordered(rule, a, b)


def _near(s: _Sentence, rule: Rule) -> Iterator[tuple[str, str, str]]:
    lists = {e: (s.listed(e, -1) + s.listed(e, 1)) for e in s.ents}
    for a in s.ents:
        for b in s.ents:
            if (a.type, b.type) != (rule.left, rule.right):
                continue
            gaps = [(x.end, y.start) if x.start < y.start else (y.end, x.start)
                    for x in lists[a] for y in lists[b]]
            lo, hi = min(gaps, key=lambda g: g[1] - g[0])
            if 0 <= hi - lo <= rule.max_gap and not s.blocked(lo, hi) and not s.negated(lo, hi):
                yield rule.relation, a.key, b.key


def _joint(s: _Sentence, rule: Rule, lo: int, hi: int) -> Iterator[tuple[str, str, str]]:
    if rule.joint == "left":
        first = s.left_of(lo, rule.left, "", rule.max_left)
        members = s.listed(first, -1) if first else []
    else:
        first = s.right_of(hi, rule.right, "", rule.max_right)
        members = s.listed(first, 1) if first else []
    keys = sorted({m.key for m in members})
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            yield rule.relation, a, b


def _ordered(rule: Rule, a: Ent, b: Ent) -> tuple[str, str, str]:
    return (rule.relation, b.key, a.key) if rule.subject == "right" else (rule.relation, a.key, b.key)


def _specialty_names(nlp: Language) -> dict[str, str]:
    """Specialty concepts by their names (any case, plurals too), for section headings."""
    from kgraph.extract.components import label_forms

    if not nlp.has_pipe("kgraph_vocabulary"):
        return {}
    names: dict[str, str] = {}
    vocabulary: Any = nlp.get_pipe("kgraph_vocabulary")
    for iri, concept in sorted(vocabulary.concepts.items()):
        if concept.type == "Specialty":
            exact, folded = label_forms(concept)
            for name in exact | folded:
                names.setdefault(name.lower(), iri)
    return names


@Language.factory("kgraph_relations", default_config={})
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder(nlp, load_relation_rules())


def under_headings(joined: Any, sdoc: Doc, headings: dict[str, str], at: int) -> list[Found]:
    """``appliedIn`` for each technique named in a section whose heading is a specialty
    mentioned in the document (``headings``: the specialties by heading, as
    :attr:`RelationFinder.headings` has them), with the sentence that names it. ``sdoc`` is
    the piece of ``joined`` (the extract stage's joined text) that starts at ``at``."""
    from kgraph.extract.components import ENTITIES, Sentences

    headed = {i: headings.get(" ".join(unit.heading.lower().split()), "")
              for i, (_, unit, _) in enumerate(joined.items) if unit.heading}
    if not any(headed.values()):
        return []
    spans = list(sdoc.spans[ENTITIES]) if ENTITIES in sdoc.spans else []
    named = {span.kb_id_ for span in spans}
    wanted = {i: iri for i, iri in headed.items() if iri in named}
    if not wanted:
        return []
    sentences = Sentences(sdoc)
    out: set[Found] = set()
    for span in spans:
        i = joined.unit_of(at + span.start_char, at + span.end_char)
        if span.label_ != "Technique" or i not in wanted:
            continue
        start, end = sentences.of(span)
        last = sdoc[end - 1]
        if "?" not in last.text:
            out.add((sdoc[start].idx, last.idx + len(last), "appliedIn", span.kb_id_, wanted[i]))
    return sorted(out)
