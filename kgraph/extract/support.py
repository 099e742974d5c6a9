"""An entity needs support in the text: the ``kgraph_support`` component.

It runs after the components that find candidates and before the one that settles
them, and drops a candidate that

- lies inside a collocation that names something else ("segmentation fault", "XRay");
- is an organisation's name used for a licence or a standard ("MIT License");
- is glued by a hyphen to a code-like word ("RL" in "OWL-RL") or a product's name
  ("Sourcery-AI");
- is an ambiguous short form ("MIT", "Meta": :meth:`kgraph.vocab.Concept.needs_support`)
  that the document names no other way and whose sentence has no cue of its class;
- is a one-word organisation at the start of a sentence whose word is a function word or
  one the text also writes in lowercase ("First, a developer ...", "Recursion stops ...").

The word lists live in ``ontology/extraction.toml`` (``[support]``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgraph.extract.components import AMBIGUOUS, CANDIDATES, Sentences, candidates, doc_text
from kgraph.extract.rules import SupportRules, load_support

__all__ = ["Support"]


class Support:
    """Drops the candidates the text does not support (see the module's docstring)."""

    def __init__(self, nlp: Language, rules: SupportRules) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in rules.phrases:
            matcher = self.exact if any(c.isupper() for c in phrase) else self.folded
            matcher.add("excluded", [nlp.make_doc(phrase)])
        word = nlp.vocab.strings.add
        self.cues = {kind: frozenset(map(word, words)) for kind, words in rules.cues.items()}
        self.licence = rules.organization_before

    def __call__(self, doc: Doc) -> Doc:
        spans = candidates(doc)
        if spans:
            doc.user_data[CANDIDATES] = _Judge(self, doc, spans).kept()
        return doc


class _Judge:
    """The facts about one doc that the tests need, each read once when first needed."""

    def __init__(self, support: Support, doc: Doc, spans: list[Span]) -> None:
        self.support, self.doc, self.spans = support, doc, spans
        self.text = doc_text(doc)
        self.organization = doc.vocab.strings["Organization"]
        self.vague: set[tuple[int, int, str]] = doc.user_data.get(AMBIGUOUS) or set()
        self.excluded = [(s, e) for matcher in (support.exact, support.folded)
                         for _, s, e in matcher(doc)]
        self._named: set[str] | None = None
        self._edges: set[int] | None = None
        self._sentences: Sentences | None = None
        self._lower: list[int] | None = None
        self._orth: set[int] | None = None

    def kept(self) -> list[Span]:
        return [s for s in self.spans if not self.drops(s)]

    def drops(self, span: Span) -> bool:
        if self.excluded and any(s <= span.start and span.end <= e for s, e in self.excluded):
            return True
        if self.glued(span):
            return True
        if span.label == self.organization and (self.licence(span) or self.ordinary_word(span)):
            return True
        return bool(self.vague) and (span.start, span.end, span.kb_id_) in self.vague \
            and not self.supported(span)

    @property
    def named(self) -> set[str]:
        """The concepts the document names with a form that is not ambiguous."""
        if self._named is None:
            self._named = {s.kb_id_ for s in self.spans
                           if (s.start, s.end, s.kb_id_) not in self.vague}
        return self._named

    @property
    def edges(self) -> set[int]:
        """Where candidates start and end."""
        if self._edges is None:
            self._edges = {s.start for s in self.spans} | {s.end for s in self.spans}
        return self._edges

    @property
    def sentences(self) -> Sentences:
        if self._sentences is None:
            self._sentences = Sentences(self.doc)
        return self._sentences

    def supported(self, span: Span) -> bool:
        """The document names the concept another way (or defines the short form), or
        the sentence has a cue of the entity's class: a cue word, or another entity of
        the class named unambiguously ("Major Giants Apple, NVIDIA, Facebook")."""
        if span.kb_id_ in self.named:
            return True
        if self._lower is None:
            self._lower = self.doc.to_array("LOWER").tolist()
        start, end = self.sentences.of(span)
        cues = self.support.cues.get(span.label_, frozenset())
        if not cues.isdisjoint(self._lower[start:end]):
            return True
        return any(start <= s.start and s.end <= end and s.label_ == span.label_
                   and (s.start, s.end, s.kb_id_) not in self.vague for s in self.spans)

    def licence(self, span: Span) -> bool:
        """"MIT License", "MIT-licensed", "Mozilla Public License", "ANSI colors": a name
        used for something else (up to two capitalised words may come between)."""
        text, at = self.text, span.end_char
        if text[at:at + 1] in ("-", "/"):
            at += 1
        for _ in range(3):
            word = _NEXT_WORD.match(text, at)
            if word is None:
                return False
            if word.group(1).lower() in self.support.licence:
                return True
            if not word.group(1)[:1].isupper():
                return False
            at = word.end()
        return False

    def glued(self, span: Span) -> bool:
        """Part of a code-like word: a hyphen with no space joins it to a word in capitals
        or with digits that is no entity itself ("OWL-RL"; not "PET-CT", not "AI-based"),
        or an acronym follows a capitalised word, as in product names ("Sourcery-AI")."""
        text, start, end = self.text, span.start_char, span.end_char
        if start >= 2 and text[start - 1] == "-" and span.start - 1 not in self.edges:
            word = _WORD_BEFORE.search(text[max(0, start - 41):start - 1])
            if word and (_code_like(word.group()) or _product_like(word.group(), span.text)):
                return True
        if text[end:end + 1] == "-" and span.end + 1 not in self.edges:
            word = _WORD_AFTER.match(text, end + 1)
            if word and _code_like(word.group()):
                return True
        return False

    def ordinary_word(self, span: Span) -> bool:
        """A one-word name that starts its sentence, where the word is a function word
        or one the text also writes in lowercase: not a name on its own."""
        if len(span) != 1 or self.sentences.of(span)[0] != span.start:
            return False
        token = span[0]
        if token.is_stop:
            return True
        if self._orth is None:
            self._orth = set(self.doc.to_array("ORTH").tolist())
        return token.lower != token.orth and token.lower in self._orth


_WORD_BEFORE = re.compile(r"[\w.]+$")
_WORD_AFTER = re.compile(r"[\w.]+")
_NEXT_WORD = re.compile(r"[ \t]?(\w+)")


def _product_like(word: str, short: str) -> bool:
    """"Sourcery-AI": a capitalised word before an acronym names a product."""
    return short.isupper() and word[:1].isupper() and not word.isupper()


def _code_like(word: str) -> bool:
    """"OWL", "HEADER", "X11": capitals (two or more) or digits, as code names are."""
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and word.isupper()) or any(c.isdigit() for c in word)


@Language.factory("kgraph_support", default_config={})
def make_support(nlp: Language, name: str) -> Support:
    return Support(nlp, load_support())
