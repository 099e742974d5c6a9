"""spaCy pipeline components that find kgraph's entities (organisation rules: organizations.py).

Each component adds candidate spans to the doc's list of candidates (``candidates(doc)``,
a plain list in ``doc.user_data``: a SpanGroup costs more to extend than the spans it
holds); the last one, ``kgraph_entities``, settles overlaps with a policy function and
writes the result to ``doc.spans["kgraph"]``. A span's label is the entity type and its ``kb_id`` the concept:
a vocabulary IRI, or ``new:Organization:<name>`` for an organisation found by rule.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgraph.extract.rules import OrgRules, load_rules
from kgraph.records import ENTITY_KINDS, NEW_ORG
from kgraph.vocab import Concept, Vocabulary, load_vocabulary

__all__ = [
    "AMBIGUOUS", "CANDIDATES", "ENTITIES", "NEW_ORG", "Sentences", "doc_text", "candidates", "add_candidates",
    "positions", "prefer_longest", "label_forms", "is_abbreviation", "find_definitions", "apply_abbreviations",
]

CANDIDATES = "kgraph_candidates"
AMBIGUOUS = "kgraph_ambiguous"  # doc.user_data: (start, end, iri) of ambiguous short forms
AMBIGUOUS_KEY = "#ambiguous"  # the phrase-matcher key suffix of a concept's ambiguous forms
ENTITIES = "kgraph"
TEXT_TYPES = ENTITY_KINDS

_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9&\-]{0,8}$")


def is_abbreviation(label: str) -> bool:
    """Short labels in capitals ("AI", "CNN", "3D") are matched with exact case.

    >>> is_abbreviation("CNN"), is_abbreviation("radiology"), is_abbreviation("DeepMind")
    (True, False, False)
    """
    return len(label) <= 6 and label.upper() == label and any(c.isalpha() for c in label)


def _plural(label: str) -> str:
    head, _, last = label.rpartition(" ")
    if last.isupper():
        return f"{label}s"
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return label if last.endswith("s") else f"{label}es"
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        return f"{label[:-1]}ies"
    return f"{label}s"


def label_forms(concept: Concept) -> tuple[set[str], set[str]]:
    """The ``(exact-case, case-folded)`` surface forms to match for a concept.

    Organisations match with exact case; specialties and techniques fold case, except
    abbreviations. Regular plurals and hyphen/space variants are added here, so the
    vocabularies list only what is irregular.
    """
    exact: set[str] = set()
    folded: set[str] = set()
    for label in concept.labels:
        variants = {label, label.replace("-", " ")} if "-" in label else {label}
        for form in variants:
            if concept.type in ("Organization", "Provider"):
                exact.add(form)
            elif is_abbreviation(form):
                exact.update((form, _plural(form)))
            else:
                folded.update((form.lower(), _plural(form).lower()))
    return exact, folded


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc (spaCy joins the tokens again on every call)."""
    text = doc.user_data.get("kgraph_text")
    if text is None:
        text = doc.user_data["kgraph_text"] = doc.text
    return text


class Sentences:
    """The sentences of a doc as token ranges, found once.

    Read from the doc's sentence starts in one ``Doc.to_array`` call: ``doc.sents`` makes
    a Span, and Token objects, for every sentence on every call.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        if "sents" in doc.user_hooks:  # a pipeline that says where sentences are its own way
            self.starts = [sent.start for sent in doc.sents]
        elif len(doc):  # the first word starts a sentence whatever its flag, as in doc.sents
            flags = doc.to_array("SENT_START").tolist()
            flags[0] = 1
            self.starts = positions(flags)
        else:
            self.starts = []
        self.texts: dict[tuple[int, int], str] = {}

    def of(self, span: Span) -> tuple[int, int]:
        """The first and the end word of the sentence of ``span``."""
        i = bisect.bisect_right(self.starts, span.start) - 1
        return self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else len(self.doc)

    def bounds_of(self, span: Span, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
        """The first and the end character of the sentence of ``span``, white space left
        out, kept within the characters ``lo`` to ``hi``."""
        start, end = self.of(span)
        last = self.doc[end - 1]
        first = max(self.doc[start].idx, lo)
        stop = last.idx + len(last) if hi is None else min(last.idx + len(last), hi)
        text = doc_text(self.doc)
        while first < stop and text[first].isspace():
            first += 1
        while stop > first and text[stop - 1].isspace():
            stop -= 1
        return first, stop

    def text_of(self, span: Span, lo: int = 0, hi: int | None = None) -> str:
        """The text of the sentence of ``span``, stripped, cut from the doc's text
        (``Span.text`` makes a Token object for every word) and kept within the
        characters ``lo`` to ``hi``. Mentions in one sentence share one string, which
        pickles once."""
        key = (self.of(span)[0], lo)
        text = self.texts.get(key)
        if text is None:
            first, stop = self.bounds_of(span, lo, hi)
            text = self.texts[key] = doc_text(self.doc)[first:stop]
        return text


def candidates(doc: Doc) -> list[Span]:
    """The candidate spans the components have found so far."""
    return doc.user_data.setdefault(CANDIDATES, [])


def add_candidates(doc: Doc, spans: Iterable[Span]) -> None:
    candidates(doc).extend(spans)


def positions(column: list[int]) -> list[int]:
    """Where a column of 0/1 is 1; ``list.index`` does the walking, in C."""
    found: list[int] = []
    try:
        while True:
            found.append(column.index(1, found[-1] + 1 if found else 0))
    except ValueError:
        return found


# ------------------------------------------------------------------ vocabulary


class VocabularyMatcher:
    """Phrase matching of every vocabulary label, with plural and case variants.

    The forms of an ambiguous label (:meth:`~kgraph.vocab.Concept.needs_support`) match
    under their own key, and their spans are listed in ``doc.user_data["kgraph_ambiguous"]``
    for the support component to judge.
    """

    def __init__(self, nlp: Language, vocabulary: Vocabulary) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.concepts: dict[str, Concept] = {}
        self.labels: dict[str, str] = {}  # each concept's preferred label, for its mentions
        for concept in vocabulary.of_type(*TEXT_TYPES):
            self.concepts[concept.iri] = concept
            self.labels[concept.iri] = concept.label
            exact, folded = label_forms(concept)
            short = [label for label in concept.labels if concept.needs_support(label)]
            vague_exact, vague_folded = label_forms(replace(concept, label=short[0],
                                                            alt_labels=tuple(short[1:]))) \
                if short else (set(), set())
            for matcher, forms, vague in ((self.exact, exact, vague_exact),
                                          (self.folded, folded, vague_folded)):
                for key, group in ((concept.iri, forms - vague), (concept.iri + AMBIGUOUS_KEY, vague)):
                    if group:
                        matcher.add(key, [nlp.make_doc(t) for t in sorted(group)])

    def __call__(self, doc: Doc) -> Doc:
        add_candidates(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> Iterator[Span]:
        vague = doc.user_data.setdefault(AMBIGUOUS, set())
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                iri = doc.vocab.strings[match_id]
                if iri.endswith(AMBIGUOUS_KEY):
                    iri = iri[:-len(AMBIGUOUS_KEY)]
                    vague.add((start, end, iri))
                yield Span(doc, start, end, label=self.concepts[iri].type, kb_id=iri)


@Language.factory("kgraph_vocabulary", default_config={"vocab_dir": ""})
def make_vocabulary_matcher(nlp: Language, name: str, vocab_dir: str) -> VocabularyMatcher:
    return VocabularyMatcher(nlp, load_vocabulary(vocab_dir or None))


# ------------------------------------------------------------------ abbreviations


def _initials_match(words: list[str], abbreviation: str) -> bool:
    letters = "".join(w[0] for w in words).upper()
    return letters == abbreviation.upper().rstrip("S") or letters == abbreviation.upper()


def find_definitions(doc: Doc, rules: OrgRules) -> dict[str, tuple[str, str]]:
    """Abbreviations defined in ``doc``: ``{"GANs": ("Technique", iri), ...}``.

    A definition is a long form followed by the abbreviation in brackets. The long form
    is a candidate span (its concept is taken), or capitalised words with an organisation
    cue whose initials spell the abbreviation (a new organisation: "Food and Drug
    Administration (FDA)"; not "Global Operative Assessment of Laparoscopic Skills").
    """
    found: dict[str, tuple[str, str]] = {}
    spans = (doc.char_span(m.start(), m.end()) for m in re.finditer(r"\((?=\w)", doc_text(doc)))
    brackets = [b for b in spans if b is not None and b.end + 1 < len(doc)]
    if not brackets:
        return found
    ends = {span.end: span for span in candidates(doc)}
    for bracket in brackets:
        tok = doc[bracket.start]
        short, close = doc[tok.i + 1], doc[tok.i + 2]
        if tok.text != "(" or close.text != ")" or not _ABBREVIATION.match(short.text):
            continue
        if sum(c.isupper() for c in short.text) < 2:
            continue
        long_form = ends.get(tok.i)
        if long_form is not None:
            entry = (long_form.label_, long_form.kb_id_)
        else:
            name = _capitalised_long_form(doc, tok.i, short.text, rules)
            if name is None:
                continue
            entry = ("Organization", NEW_ORG + name.text)
            add_candidates(doc, [Span(doc, name.start, name.end, label="Organization", kb_id=entry[1])])
        for form in {short.text, short.text.rstrip("s"), short.text.rstrip("s") + "s"}:
            found.setdefault(form, entry)
    return found


def _capitalised_long_form(doc: Doc, bracket: int, short: str, rules: OrgRules) -> Span | None:
    start = bracket
    while start > 0 and bracket - start < 2 * len(short) + 2:
        prev = doc[start - 1]
        if not (prev.text[:1].isupper() or prev.lower_ in rules.connectors):
            break
        start -= 1
    while start < bracket and doc[start].lower_ in rules.connectors | rules.not_name_starts:
        start += 1
    cues = rules.suffix_cues | rules.prefix_cues
    for first in range(start, bracket):
        words = [t.text for t in doc[first:bracket] if t.lower_ not in rules.connectors]
        has_cue = any(t.lower_ in cues for t in doc[first:bracket])
        if len(words) >= 2 and has_cue and _initials_match(words, short):
            return doc[first:bracket]
    return None


def apply_abbreviations(doc: Doc, definitions: dict[str, tuple[str, str]]) -> list[Span]:
    """A span for every token of ``doc`` that is a defined abbreviation."""
    text = doc_text(doc)
    wanted = [short for short in definitions if short in text]
    if not wanted:
        return []
    spans = []
    for match in re.finditer(r"(?<!\w)(?:" + "|".join(map(re.escape, wanted)) + r")(?!\w)", text):
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            label, kb_id = definitions[span.text]
            spans.append(Span(doc, span.start, span.end, label=label, kb_id=kb_id))
    return spans


class AbbreviationLinker:
    """Links abbreviations to their long forms ("generative adversarial networks (GANs)")."""

    def __init__(self, rules: OrgRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        add_candidates(doc, apply_abbreviations(doc, find_definitions(doc, self.rules)))
        return doc


@Language.factory("kgraph_abbreviations", default_config={})
def make_abbreviation_linker(nlp: Language, name: str) -> AbbreviationLinker:
    return AbbreviationLinker(load_rules())


# ------------------------------------------------------------------ settling overlaps

Policy = Callable[[Iterable[Span]], list[Span]]


def prefer_longest(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans: longest first, then vocabulary over rules, then earliest."""
    in_order = sorted(spans, key=lambda s: (s.start, s.end))
    if all(a.end <= b.start for a, b in zip(in_order, in_order[1:])):
        return in_order  # nothing overlaps: every span stays
    ranked = sorted(in_order, key=lambda s: (-(s.end - s.start), s.kb_id_.startswith(NEW_ORG),
                                          s.start, s.kb_id_))
    taken: set[int] = set()
    chosen = []
    for span in ranked:
        if taken.isdisjoint(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


class EntitySettler:
    """Chooses the final entities among the candidates with an overlap policy."""

    def __init__(self, policy: Policy = prefer_longest) -> None:
        self.policy = policy

    def __call__(self, doc: Doc) -> Doc:
        # popped: the candidate spans point back at the doc, a cycle only the collector frees
        doc.user_data.pop(AMBIGUOUS, None)
        doc.spans[ENTITIES] = self.policy(doc.user_data.pop(CANDIDATES, []))
        return doc


@Language.factory("kgraph_entities", default_config={})
def make_entity_settler(nlp: Language, name: str) -> EntitySettler:
    return EntitySettler()
