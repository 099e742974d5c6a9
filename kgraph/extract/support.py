"""An entity needs support in the text: the ``kgraph_support`` component.

It runs after the components that find candidates and before the one that settles
them, and drops a candidate that

- lies inside a collocation that names something else ("segmentation fault", "XRay");
- is an organisation's name used for a licence or a standard ("MIT License");
- is glued by a hyphen to a code-like word ("RL" in "OWL-RL");
- is an ambiguous short form ("MIT", "Meta": :meth:`kgraph.vocab.Concept.needs_support`)
  that the document names no other way and whose sentence has no cue of its class;
- is a one-word organisation at the start of a sentence whose word is a function word or
  one the text also writes in lowercase ("First, a developer ...", "Recursion stops ...").

The word lists live in ``ontology/extraction.toml`` (``[support]``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgraph.extract.components import AMBIGUOUS, CANDIDATES, Sentences, candidates
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
        self.licence = frozenset(map(word, rules.organization_before))

    def __call__(self, doc: Doc) -> Doc:
        spans = candidates(doc)
        if spans:
            doc.user_data[CANDIDATES] = _Judge(self, doc, spans).kept()
        return doc


class _Judge:
    """The facts about one doc that the tests need, each read once when first needed."""

    def __init__(self, support: Support, doc: Doc, spans: list[Span]) -> None:
        self.support, self.doc, self.spans = support, doc, spans
        self.vague: set[tuple[int, int, str]] = doc.user_data.get(AMBIGUOUS) or set()
        self.excluded = [(s, e) for matcher in (support.exact, support.folded)
                         for _, s, e in matcher(doc)]
        self.named = {s.kb_id_ for s in spans if (s.start, s.end, s.kb_id_) not in self.vague}
        self.edges = {s.start for s in spans} | {s.end for s in spans}
        self._sentences: Sentences | None = None
        self._lower: list[int] | None = None
        self._orth: set[int] | None = None

    def kept(self) -> list[Span]:
        return [s for s in self.spans if not self.drops(s)]

    def drops(self, span: Span) -> bool:
        if any(s <= span.start and span.end <= e for s, e in self.excluded):
            return True
        if self.glued(span):
            return True
        if span.label_ == "Organization" and (self.licence(span) or self.ordinary_word(span)):
            return True
        return (span.start, span.end, span.kb_id_) in self.vague and not self.supported(span)

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
        """"MIT License", "MIT-licensed", "ANSI colors": a name used for something else."""
        doc, at = self.doc, span.end
        if at < len(doc) and doc[at].text in "-/" and not doc[at - 1].whitespace_:
            at += 1
        return at < len(doc) and doc[at].lower in self.support.licence

    def glued(self, span: Span) -> bool:
        """Part of a code-like word: a hyphen with no space joins it to a word in capitals
        or with digits that is no entity itself ("OWL-RL"; not "PET-CT", not "AI-based")."""
        doc = self.doc
        before = span.start >= 2 and doc[span.start - 1].text == "-" and \
            not doc[span.start - 1].whitespace_ and not doc[span.start - 2].whitespace_ and \
            _code_like(doc[span.start - 2].text) and span.start - 1 not in self.edges
        after = span.end + 1 < len(doc) and doc[span.end].text == "-" and \
            not doc[span.end - 1].whitespace_ and not doc[span.end].whitespace_ and \
            _code_like(doc[span.end + 1].text) and span.end + 1 not in self.edges
        return before or after

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


def _code_like(word: str) -> bool:
    """"OWL", "HEADER", "X11": capitals (two or more) or digits, as code names are."""
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and word.isupper()) or any(c.isdigit() for c in word)


@Language.factory("kgraph_support", default_config={})
def make_support(nlp: Language, name: str) -> Support:
    return Support(nlp, load_support())
