"""The organisation rules: names the vocabularies do not list.

Capitalised runs with an organisation cue ("Swedish Medical Center", "University of
Oxford"), runs the words around them call a company ("Scandit, a startup"), and a trained
model's ORG entities, all through one filter; in headline-style text only strong cues count.
The word lists live in ``ontology/extraction.toml``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from kgraph.extract.components import Sentences, add_candidates
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
    rest = [t for t in text[1:] if t.is_alpha]
    if sum(t.is_stop and t.is_title for t in rest) >= 2:  # "... For AI In Healthcare"
        return True
    content = [t for t in rest if not t.is_stop and len(t) > 3]
    lowercase = sum(t.text[0].islower() for t in content)
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
        self.matcher = Matcher(nlp.vocab)
        cap = {"TEXT": {"REGEX": r"^[A-Z][\w&.\-]*$"}, "IS_SPACE": False}
        link = {"LOWER": {"IN": sorted(rules.connectors)}}
        suffix = {"LOWER": {"IN": sorted(rules.suffix_cues)}, "IS_TITLE": True}
        prefix = {"LOWER": {"IN": sorted(rules.prefix_cues)}, "IS_TITLE": True}
        of = {"LOWER": {"IN": ["of", "for"]}}
        self.matcher.add("SUFFIX", [
            [{**cap, "OP": "+"}, suffix],
            [{**cap, "OP": "+"}, link, {**cap, "OP": "+"}, suffix],
        ])
        self.matcher.add("PREFIX", [
            [{**cap, "OP": "*"}, prefix, of, {**cap, "OP": "+"}],
            [{**cap, "OP": "*"}, prefix, of, {**cap, "OP": "+"}, link, {**cap, "OP": "+"}],
        ])
        self.matcher.add("RUN", [[{**cap, "OP": "+"}]], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        run = doc.vocab.strings["RUN"]
        matches = self.matcher(doc)
        cued = [(doc[s:e], False) for key, s, e in matches if key != run]
        told = [(doc[s:e], True) for key, s, e in matches
                if key == run and self._in_context(doc, s, e)]
        told += [(ent, True) for ent in doc.ents if ent.label_ == "ORG"]
        if not cued and not told:
            return doc
        sentences = Sentences(doc)
        headline: dict[int, bool] = {}
        accepted = []
        for span, single in cued + told:
            sent = sentences.of(span)
            if sent.start not in headline:
                headline[sent.start] = is_title_case(sent)
            name = self.accept(span, single=single)
            if name is not None and (not headline[sent.start] or self._strong(name, single)):
                accepted.append(name)
        add_candidates(doc, accepted)
        return doc

    def _strong(self, name: Span, single: bool) -> bool:
        """In a headline only a name with a strong cue and two name words counts
        ("Federal Trade Commission"; not "Transform Healthcare", not "Strong Foundation")."""
        cues = self.rules.suffix_cues | self.rules.prefix_cues
        strong = cues - self.rules.weak_cues
        words = [t for t in name if t.is_alpha and t.lower_ not in cues | self.rules.connectors]
        return (not single and len(name) <= 5 and len(words) >= 2
                and any(t.lower_ in strong for t in name))

    def _in_context(self, doc: Doc, start: int, end: int) -> bool:
        """A capitalised run that the words around it call an organisation.

        "Scandit, a startup that ...", "startup Lightmatter", "Cognex's CEO",
        "researchers at Rutgers".
        """
        rules = self.rules
        after = [t.lower_ for t in doc[end:end + 6]]
        before = [t.lower_ for t in doc[max(0, start - 2):start]]
        if after[:1] == [","] and after[1:2] in (["a"], ["an"], ["the"]):
            if rules.company_nouns & set(after[2:5]):
                return True
        if before[-1:] and before[-1] in rules.company_nouns and doc[start - 1].is_lower:
            return True
        if after[:1] in (["'s"], ["’s"]) and after[1:2] and after[1] in rules.roles:
            return True
        return before[-1:] == ["at"] and len(before) == 2 and before[0] in rules.affiliated

    def _coordinated(self, lowers: list[str]) -> bool:
        """Two names joined by "and" ("University of Oxford and Stanford University")."""
        strong = (self.rules.suffix_cues | self.rules.prefix_cues) - self.rules.weak_cues
        for i, word in enumerate(lowers):
            if word in ("and", "&") and strong & set(lowers[:i]) and strong & set(lowers[i + 1:]):
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
        while start < end and span.doc[start].lower_ in rules.not_name_starts | rules.connectors:
            start += 1
        while end > start and not span.doc[end - 1].text[:1].isalnum():
            end -= 1
        name = span.doc[start:end]
        before = span.doc[span.start - 1] if span.start else None
        if (end < len(span.doc) and span.doc[end].is_title and end == span.end) or (
                before is not None and (before.text[:1].isupper() or before.lower_ in ("of", "for"))):
            return None  # a run cut short: the longer run is a candidate of its own
        lowers = [t.lower_ for t in name]
        cues = rules.suffix_cues | rules.prefix_cues | rules.connectors | rules.generic_words
        names = [w for w in lowers if w not in cues]
        if not names or any(w in rules.not_org_words for w in lowers):
            return None
        if any(t.is_stop and t.is_title for t in name[1:]):
            return None  # "Models For AI In Healthcare": headline capitals, not a name
        if self._coordinated(lowers):
            return None
        if len(name) < 2 and not single and name.text.lower() not in self.known:
            return None
        iri = self.known.get(name.text.lower(), NEW_ORG + name.text)
        return Span(span.doc, name.start, name.end, label="Organization", kb_id=iri)


@Language.factory("kgraph_organizations", default_config={"vocab_dir": ""})
def make_organization_rules(nlp: Language, name: str, vocab_dir: str) -> OrganizationRules:
    return OrganizationRules(nlp, load_rules(), load_vocabulary(vocab_dir or None))
