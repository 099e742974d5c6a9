"""The organisation rules: names the vocabularies do not list.

Capitalised runs with an organisation cue ("Swedish Medical Center", "University of
Oxford"), runs the words around them call a company ("Scandit, a startup"), and a trained
model's ORG entities, all through one filter; in headline-style text only strong cues count.
The word lists live in ``ontology/extraction.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.extract.components import Sentences, add_candidates, positions
from kgraph.extract.rules import OrgRules, load_rules
from kgraph.records import NEW_ORG
from kgraph.vocab import Vocabulary, load_vocabulary

__all__ = ["OrganizationRules", "is_title_case"]


def is_title_case(text: Doc | Span) -> bool:
    """True for headline-style text, where capitals do not signal names.

    Capitalised function words ("With", "From", "Could") give it away; so does a text
    whose content words (after the first) are capitalised, nearly all of them. A sentence
    full of names still has lowercase words ("said", "works").

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> is_title_case(nlp("Could Google's DeepMind AI Transform Healthcare?"))
    True
    >>> is_title_case(nlp("PGA TOUR Partners with AWS for Cloud Services"))
    True
    >>> is_title_case(nlp("Dr. Jaya Kumar, Chief Medical Officer at Swedish Medical Center, said it works."))
    False
    """
    words = [(t.is_alpha, t.is_stop, t.is_title, len(t), t.text[:1].islower()) for t in text]
    return _title_case(words)


Word = tuple[int, int, int, int, int]  # is_alpha, is_stop, is_title, length, starts lowercase


def _title_case(words: Sequence[Word]) -> bool:
    """The rule of :func:`is_title_case`, over each word's facts."""
    rest = [w for w in words[1:] if w[0]]
    if sum(1 for _, stop, title, _, _ in rest if stop and title) >= 2:  # "... For AI In Healthcare"
        return True
    content = [w for w in rest if not w[1] and w[3] > 3]
    lowercase = sum(1 for *_, lower in content if lower)
    return len(content) >= 3 and lowercase <= 0.1 * len(content)


class OrganizationRules:
    """Capitalised runs with an organisation cue, and a trained model's ORG entities.

    Every run the patterns match is a candidate (the overlap policy keeps the longest that
    passes); a long run that fails ("Chief Medical Officer at ...") does not hide a shorter
    one that passes. All pass the same filter. In headline-style text, where every word is
    capitalised, only names with a strong cue count ("Federal Trade Commission", not
    "Could Google's DeepMind AI Transform Healthcare?").
    """

    def __init__(self, nlp: Language, rules: OrgRules, vocabulary: Vocabulary) -> None:
        self.rules = rules
        self.known = {label.lower(): c.iri for c in vocabulary.of_type("Organization")
                      for label in c.labels}
        # the word lists the tests combine, combined once
        self.cues = rules.suffix_cues | rules.prefix_cues
        self.strong_cues = self.cues - rules.weak_cues
        self.not_starts = rules.not_name_starts | rules.connectors  # trimmed off a name's start
        self.not_names = self.cues | rules.connectors | rules.generic_words  # no name without others
        # Each word test is a flag on the word's lexeme, computed once per word, so a doc's
        # tests come out of Doc.to_array in one call, with no Token object per token.
        capitalised = re.compile(r"^[A-Z][\w&.\-]*$").match
        flag = nlp.vocab.add_flag
        self.attrs: list[int | str] = [
            flag(lambda word: capitalised(word) is not None),
            flag(lambda word: word.lower() in rules.connectors),
            flag(lambda word: word.lower() in rules.suffix_cues and word.istitle()),
            flag(lambda word: word.lower() in rules.prefix_cues and word.istitle()),
            flag(lambda word: word.lower() in ("of", "for")),
            "LOWER", "IS_LOWER",
        ]
        # the headline test's facts, read only for docs with a candidate
        self.fact_attrs: list[int | str] = [
            "IS_ALPHA", "IS_STOP", "IS_TITLE", "LENGTH", flag(lambda word: word[:1].islower())]
        word = nlp.vocab.strings.add
        self.ids = {name: frozenset(map(word, getattr(rules, name)))
                    for name in ("company_nouns", "roles", "affiliated")}
        self.comma, self.at = word(","), word("at")
        self.articles = frozenset(map(word, ("a", "an", "the")))
        self.possessives = frozenset(map(word, ("'s", "’s")))

    def __call__(self, doc: Doc) -> Doc:
        words = _Words(doc, self)
        cued = [(doc[s:e], False) for s, e in sorted(words.cued())]
        told = [(doc[s:e], True) for s, e in words.runs if self._in_context(words, s, e)]
        told += [(ent, True) for ent in doc.ents if ent.label_ == "ORG"]
        if not cued and not told:
            return doc
        sentences = Sentences(doc)
        headline: dict[int, bool] = {}
        accepted = []
        for span, single in cued + told:
            start, end = sentences.of(span)
            if start not in headline:
                headline[start] = words.title_case(start, end)
            name = self.accept(span, single=single)
            if name is not None and (not headline[start] or self._strong(name, single)):
                accepted.append(name)
        add_candidates(doc, accepted)
        return doc

    def _strong(self, name: Span, single: bool) -> bool:
        """In a headline only a name with a strong cue and two name words counts
        ("Federal Trade Commission"; not "Transform Healthcare", not "Strong Foundation")."""
        words = [t for t in name if t.is_alpha and t.lower_ not in self.cues
                 and t.lower_ not in self.rules.connectors]
        return (not single and len(name) <= 5 and len(words) >= 2
                and any(t.lower_ in self.strong_cues for t in name))

    def _in_context(self, words: _Words, start: int, end: int) -> bool:
        """A capitalised run that the words around it call an organisation.

        "Scandit, a startup that ...", "startup Lightmatter", "Cognex's CEO",
        "researchers at Rutgers".
        """
        ids = self.ids
        after = words.lower[end:end + 6]
        before = words.lower[max(0, start - 2):start]
        if after[:1] == [self.comma] and after[1:2] and after[1] in self.articles:
            if ids["company_nouns"].intersection(after[2:5]):
                return True
        if before[-1:] and before[-1] in ids["company_nouns"] and words.is_lower[start - 1] \
                and words.lower[start] not in ids["company_nouns"]:  # not "vendor Vendor"
            return True
        if after[:1] and after[0] in self.possessives and after[1:2] and after[1] in ids["roles"]:
            return True
        return before[-1:] == [self.at] and len(before) == 2 and before[0] in ids["affiliated"]

    def _coordinated(self, name: Span, lowers: list[str]) -> bool:
        """Two names joined by "and": each side has a strong cue ("University of Oxford and
        Stanford University"), or one side is a known organisation ("Epic and Oracle Health")."""
        strong = self.strong_cues
        for i, word in enumerate(lowers):
            if word not in ("and", "&"):
                continue
            if strong & set(lowers[:i]) and strong & set(lowers[i + 1:]):
                return True
            if name[:i].text.lower() in self.known or name[i + 1:].text.lower() in self.known:
                return True
        return False

    def accept(self, span: Span, *, single: bool = False) -> Span | None:
        """The span trimmed to a plausible organisation name, or None.

        ``single`` allows a one-word name (told by context, or by a trained model).
        """
        rules = self.rules
        doc = span.doc
        start, end = span.start, span.end
        while start >= 2 and doc[start - 1].text in "-–" and not doc[start - 1].whitespace_ \
                and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper():
            start -= 2  # a hyphenated name: "Dana-Farber Cancer Institute"
        span = doc[start:end]
        while start < end and span.doc[start].lower_ in self.not_starts:
            start += 1
        while end > start and not span.doc[end - 1].text[:1].isalnum():
            end -= 1
        name = span.doc[start:end]
        before = span.doc[span.start - 1] if span.start else None
        if (end < len(span.doc) and span.doc[end].is_title and end == span.end) or (
                before is not None and (before.text[:1].isupper() or before.lower_ in ("of", "for"))):
            return None  # a run cut short: the longer run is a candidate of its own
        lowers = [t.lower_ for t in name]
        names = [w for w in lowers if w not in self.not_names]
        if not names or any(w in rules.not_org_words for w in lowers):
            return None
        if any(t.is_stop and t.is_title for t in name[1:]):
            return None  # "Models For AI In Healthcare": headline capitals, not a name
        if self._coordinated(name, lowers):
            return None
        if len(name) < 2 and not single and name.text.lower() not in self.known:
            return None
        iri = self.known.get(name.text.lower(), NEW_ORG + name.text)
        return Span(span.doc, name.start, name.end, label="Organization", kb_id=iri)


class _Words:
    """A doc's words as the rules see them, one list per test, and its capitalised runs.

    The patterns, over capitalised words (C), suffix cues (S: "Center", "Inc."), prefix
    cues (P: "University"), connectors (L: "of", "and") and "of"/"for" (O), are::

        C+ S    C+ L C+ S    C* P O C+    C* P O C+ L C+

    Every start and end they allow is a candidate, as with spaCy's Matcher (the filter
    then keeps whole names). Each maximal C+ run is a candidate when its context says so.
    """

    def __init__(self, doc: Doc, rules: OrganizationRules) -> None:
        self.doc, self.fact_attrs = doc, rules.fact_attrs
        columns = doc.to_array(rules.attrs).T.tolist() if len(doc) else [[]] * len(rules.attrs)
        self.cap, self.link, self.suffix, self.prefix, self.of, self.lower, self.is_lower = columns
        self.runs: list[tuple[int, int]] = []  # maximal runs of capitalised words
        capitals = positions(self.cap)
        for i, position in enumerate(capitals):
            if i and capitals[i - 1] == position - 1:
                continue
            end = position + 1
            while end < len(self.cap) and self.cap[end]:
                end += 1
            self.runs.append((position, end))
        self._facts: list[list[int]] | None = None

    def title_case(self, start: int, end: int) -> bool:
        """:func:`is_title_case` of the words from ``start`` to ``end``."""
        if self._facts is None:
            self._facts = self.doc.to_array(self.fact_attrs).T.tolist()
        return _title_case(list(zip(*(column[start:end] for column in self._facts))))

    def cued(self) -> set[tuple[int, int]]:
        """Every (start, end) the four cue patterns match."""
        found: set[tuple[int, int]] = set()
        suffixes, prefixes = positions(self.suffix), positions(self.prefix)
        if not (suffixes or prefixes):
            return found
        cap, link = self.cap, self.link
        run_of = {i: run for run in self.runs for i in range(*run)}  # each capital's run
        for j in suffixes:
            if not (j and cap[j - 1]):
                continue
            first = run_of[j - 1][0]
            found.update((s, j + 1) for s in range(first, j))  # C+ S
            for k in range(first, j):  # C+ L C+ S, with the second C+ from k to j
                if k >= 2 and link[k - 1] and cap[k - 2]:
                    found.update((s, j + 1) for s in range(run_of[k - 2][0], k - 1))
        n = len(cap)
        for p in prefixes:
            if not (p + 2 < n and self.of[p + 1] and cap[p + 2]):
                continue
            starts = range(run_of[p - 1][0] if p and cap[p - 1] else p, p + 1)
            last = run_of[p + 2][1]
            ends = set(range(p + 3, last + 1))  # C* P O C+
            for m in range(p + 3, last + 1):  # C* P O C+ L C+, with L at m
                if m + 1 < n and link[m] and cap[m + 1]:
                    ends.update(range(m + 2, run_of[m + 1][1] + 1))
            found.update((s, e) for s in starts for e in ends)
        return found


@Language.factory("kgraph_organizations", default_config={"vocab_dir": ""})
def make_organization_rules(nlp: Language, name: str, vocab_dir: str) -> OrganizationRules:
    return OrganizationRules(nlp, load_rules(), load_vocabulary(vocab_dir or None))
