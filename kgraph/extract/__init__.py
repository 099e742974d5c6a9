"""Stage 2, extract: Documents to :class:`~kgraph.records.Mention` records, with spaCy.

The default pipeline is ``spacy.blank("en")`` with spaCy's sentencizer and kgraph's own
components (see :mod:`kgraph.extract.components`). A trained pipeline can be named
instead; its ORG entities then add to the rules. Extraction of one document never
depends on another.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from itertools import islice

from kgraph.errors import UsageError
from kgraph.extract.normalize import Normalized, normalize
from kgraph.extract.sentences import BREAKS, CONTEXT_LIMIT, breaks_in, clip, line_breaks, pieces
from kgraph.records import (NEW_ORG, PROVIDER, Document, Found, Mention, Provider, Relation, TextUnit,
                            provider_key)

__all__ = ["make_pipeline", "extract", "PIPES"]

PIPES = ("kgraph_vocabulary", "kgraph_abbreviations", "kgraph_organizations", "kgraph_support",
         "kgraph_entities", "kgraph_relations")
VOCABULARY_PIPES = ("kgraph_vocabulary", "kgraph_organizations")

Item = tuple[Document, TextUnit, Normalized]


def make_pipeline(*, spacy_model: str | None = None, vocab_dir: str | None = None):
    """The spaCy pipeline kgraph extracts with (a ``spacy.language.Language``).

    Parameters
    ----------
    spacy_model:
        Name or path of an installed trained pipeline (``en_core_web_sm``); ``None`` for
        ``spacy.blank("en")``. Nothing is ever downloaded.
    vocab_dir:
        Folder of SKOS vocabularies (``*.ttl``); ``None`` for ``ontology/vocab``.

    Raises
    ------
    UsageError
        When the named pipeline is not installed.
    """
    import spacy

    import kgraph.extract.components  # noqa: F401 - registers the factories
    import kgraph.extract.organizations  # noqa: F401
    import kgraph.extract.relations  # noqa: F401
    import kgraph.extract.breaks  # noqa: F401
    import kgraph.extract.support  # noqa: F401

    if spacy_model:
        try:
            nlp = spacy.load(spacy_model)
        except OSError:
            raise UsageError(f"spaCy pipeline {spacy_model!r} is not installed "
                             "(kgraph never downloads one)") from None
    else:
        nlp = spacy.blank("en")
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe("kgraph_breaks", after="sentencizer")
    vocab = {"vocab_dir": str(vocab_dir or "")}
    for name in PIPES:
        nlp.add_pipe(name, config=vocab if name in VOCABULARY_PIPES else {})
    return nlp


def extract(documents: Iterable[Document], *, nlp=None,
            batch_size: int = 64) -> Iterator[tuple[Document, Found]]:
    """Each document with its mentions and relations, in input order, streaming in batches.

    Parameters
    ----------
    documents:
        Documents from the ingest stage.
    nlp:
        A pipeline from :func:`make_pipeline`; made with the defaults when omitted.
    batch_size:
        Documents read per batch; they go through ``nlp.pipe`` together.
    """
    nlp = nlp or make_pipeline()
    labels = nlp.get_pipe("kgraph_vocabulary").labels
    stream = iter(documents)
    while batch := list(islice(stream, batch_size)):
        joined = [_Joined(doc) for doc in batch]
        cuts = [pieces(item.text, nlp.max_length) for item in joined]
        parsed = iter(nlp.pipe((_make_doc(nlp, text, item.breaks_in(at, at + len(text)))
                                for item, its in zip(joined, cuts) for at, text in its),
                               batch_size=batch_size))
        for doc, item, its in zip(batch, joined, cuts):
            found: list[Mention] = []
            stated: list[Relation] = []
            for at, _ in its:
                sdoc = next(parsed)
                found.extend(_mentions(doc, item, sdoc, at, labels))
                stated.extend(_relations(item, sdoc, nlp, at))
            yield doc, (tuple(found), tuple(stated))


class _Joined:
    """A document's text units (its own and its related items'), normalised and joined
    into one text with a blank line between units, so spaCy makes one Doc per document:
    a Doc costs about as much to set up as to fill. The blank line is a word of its own
    that no name, phrase or sentence crosses. A text longer than spaCy's ``max_length``
    is read in pieces (:func:`~kgraph.extract.sentences.pieces`), offsets kept."""

    SEPARATOR = "\n\n"

    def __init__(self, doc: Document) -> None:
        self.items: list[Item] = [(owner, unit, normalize(unit.text, citations=doc.kind == "Paper",
                                                     hidden=unit.hidden))
                                  for owner in (doc, *doc.related) for unit in owner.units]
        self.starts: list[int] = []  # where each unit's text starts in the joined text
        at = 0
        for *_, norm in self.items:
            self.starts.append(at)
            at += len(norm.text) + len(self.SEPARATOR)
        self.text = self.SEPARATOR.join(norm.text for *_, norm in self.items)
        self.breaks: list[int] = []  # where the units' lines start sentences, in the text
        for (_, unit, norm), at in zip(self.items, self.starts):
            for offset in line_breaks(unit.text):
                i = norm.index(offset)
                if i < len(norm.text):
                    self.breaks.append(at + i)

    def breaks_in(self, start: int, end: int) -> list[int]:
        return breaks_in(self.breaks, start, end)

    def unit_of(self, start: int, end: int) -> int | None:
        """The index of the unit that holds ``text[start:end]``; None across units."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i if end <= self.starts[i] + len(self.items[i][2].text) else None


def _make_doc(nlp, text: str, breaks: list[int]):  # -> spacy.tokens.Doc
    """A tokenised doc that knows its text, so components need not join its tokens again,
    and where its lines start sentences."""
    doc = nlp.make_doc(text)
    doc.user_data["kgraph_text"] = text
    if breaks:
        doc.user_data[BREAKS] = breaks
    return doc


def _mentions(doc: Document, joined: _Joined, sdoc, at: int,
              labels: dict[str, str]) -> Iterator[Mention]:
    """The mentions in ``sdoc``, the piece of ``joined.text`` that starts at ``at``."""
    from kgraph.extract.components import ENTITIES, Sentences, doc_text, prefer_longest

    spans = list(sdoc.spans[ENTITIES])
    extra = _provider_spans(sdoc, _named_providers(doc))
    if extra:
        spans = prefer_longest(spans + extra)
    if not spans:
        return
    sentences = Sentences(sdoc)
    for span in spans:
        start_char, end_char = span.start_char, span.end_char
        i = joined.unit_of(at + start_char, at + end_char)
        if i is None:
            continue
        owner, unit, norm = joined.items[i]
        base = joined.starts[i] - at  # where the unit starts in this piece (< 0: before it)
        start, end = norm.span(start_char - base, end_char - base)  # in the unit's own text
        if _in_code(unit.text, start, end):
            continue
        lo, hi = max(base, 0), base + len(norm.text)
        sentence = sentences.text_of(span, lo, hi)
        if len(sentence) > CONTEXT_LIMIT:
            first, stop = sentences.bounds_of(span, lo, hi)
            sentence = clip(doc_text(sdoc)[first:stop], start_char - first, end_char - first)
        yield _mention(owner, unit, span, start, end, sentence, labels)


def _relations(joined: _Joined, sdoc, nlp, at: int) -> Iterator[Relation]:
    """The relations the component found in ``sdoc``, as records of the text units of
    ``joined`` (the document's units joined into one text, as the extract stage makes them):
    the sentence's offsets are in its unit's original text, as a mention's are. ``sdoc`` is
    the piece of the joined text that starts at ``at`` (a text longer than spaCy's
    ``max_length`` is read in pieces).

    With the pipeline ``nlp``, a section headed by a specialty's name ("PATHOLOGY") also
    relates the techniques its sentences name to that specialty."""
    from kgraph.extract.components import doc_text
    from kgraph.extract.relations import RELATIONS_KEY, under_headings

    found = list(sdoc.user_data.get(RELATIONS_KEY, ()))
    headed = any(unit.heading for _, unit, _ in joined.items)
    if headed and nlp.has_pipe("kgraph_relations"):
        found += under_headings(joined, sdoc, nlp.get_pipe("kgraph_relations").headings, at)
    if not found:
        return
    text = doc_text(sdoc)
    for start, end, relation, subject, obj in found:
        i = bisect.bisect_right(joined.starts, at + start) - 1
        owner, unit, norm = joined.items[i]
        base = joined.starts[i] - at  # where the unit starts in this piece (< 0: before it)
        lo, hi = max(start, base), min(end, base + len(norm.text))
        sentence = text[lo:hi]
        lo += len(sentence) - len(sentence.lstrip())
        hi -= len(sentence) - len(sentence.rstrip())
        if hi <= lo:
            continue
        first, last = norm.span(lo - base, hi - base)
        yield Relation(doc_id=owner.id, unit=unit.name, start=first, end=last,
                       sentence=text[lo:hi], relation=relation, subject=subject, object=obj)


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of code rather than prose: a name joined by
    underscores ("SEC" in "NS_PER_SEC"; a wiki-link's name, "[[deep_learning]]", is
    prose), a URL, or inline code between backticks on its line. (The readers blank code
    and URLs already; this holds where a text's markup was not recognised.)

    >>> _in_code("NS_PER_SEC", 7, 10), _in_code("see [[deep_learning]]", 6, 10)
    (True, False)
    >>> _in_code("at https://x.org/deep-learning now", 17, 21), _in_code("run `ai --fast`", 5, 7)
    (True, True)
    >>> _in_code("see the `GitHub page`_", 9, 15), _in_code("[neural nets]: https://x.org/nn", 1, 7)
    (False, True)
    """
    if ((start and text[start - 1] == "_") or text[end:end + 1] == "_") \
            and text.rfind("[[", 0, start) <= text.rfind("]]", 0, start):
        return True
    lo = max(0, start - _CODE_WINDOW)
    stop = min(len(text), end + _CODE_WINDOW)
    window = text[lo:stop]
    if "`" not in window and "/" not in window and "www." not in window:
        return False  # most mentions: nothing code-like near
    line = max(text.rfind("\n", lo, start) + 1, lo)
    word = max(text.rfind(" ", line, start) + 1, line)
    after = [i for i in (text.find(" ", end, stop), text.find("\n", end, stop)) if i != -1]
    run = text[word:min(after) if after else stop]
    if "://" in run or run.startswith("www."):
        return True
    if _LINK_LABEL.match(text, line, start) and _LINK_TARGET.match(text, end, stop):
        return True  # the label of a Markdown link definition: "[models]: https://..."
    if len(_TICKS.findall(text, line, start)) % 2 == 0:
        return False
    close = _TICKS.search(text, end, stop)  # "`GitHub page`_" is a link's text in reST
    return close is not None and text[close.end():close.end() + 1] != "_"


_CODE_WINDOW = 200  # characters looked at around a mention to tell code
_TICKS = re.compile(r"`+")
_LINK_LABEL = re.compile(r"[ \t]*\[[^\]\n]*$")
_LINK_TARGET = re.compile(r"[^\]\n]*\]:[ \t]*\S")


def _mention(owner: Document, unit: TextUnit, span, start: int, end: int, sentence: str,
             labels: dict[str, str]) -> Mention:
    """The record of ``span``, found at ``unit.text[start:end]``."""
    concept = span.kb_id_
    if concept.startswith((NEW_ORG, PROVIDER)):
        label = concept.split(":", 2)[-1] if concept.startswith(NEW_ORG) else span.text
    else:
        label = labels[concept]
    return Mention(doc_id=owner.id, unit=unit.name, start=start, end=end,
                   quote=unit.text[start:end], sentence=sentence,
                   type=span.label_, concept=concept, label=label,
                   seconds=_moment(unit, start))


def _moment(unit: TextUnit, offset: int) -> int:
    """The video moment of the passage at ``offset``: the next anchor, else the last one."""
    if not unit.anchors:
        return -1
    after = [seconds for at, seconds in unit.anchors if at >= offset]
    return after[0] if after else unit.anchors[-1][1]


def _named_providers(doc: Document) -> dict[str, str]:
    """Provider names distinctive enough to find in text, with their keys.

    One plain capitalised word ("Daily", "Analytics") is too common to count.
    """
    names = {}
    for item in (doc, *doc.related):
        provider = item.provider
        if provider is None:
            continue
        name = provider.name
        camel = any(c.isupper() for c in name[1:])
        if " " in name.strip() or camel or "." in name:
            names[name] = PROVIDER + provider_key(provider)
    return names


def _provider_spans(sdoc, providers: dict[str, str]) -> list:
    spans = []
    from kgraph.extract.components import doc_text

    text = doc_text(sdoc)
    for name, key in providers.items():
        if name not in text:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            span = sdoc.char_span(match.start(), match.end(), label="Organization", kb_id=key,
                                  alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
    return spans
