"""The ``kgraph_breaks`` component: sentences start where the text's structure says so
(see :mod:`kgraph.extract.sentences`)."""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.sentences import BLANK_LINE, BREAKS

__all__ = ["SentenceBreaks"]


class SentenceBreaks:
    """After spaCy's ``sentencizer``: a word after a blank line starts a sentence, and so
    does the word at each offset listed in ``doc.user_data["kgraph_breaks"]``."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        text = doc.user_data.get("kgraph_text") or doc.text
        offsets = [m.end() for m in BLANK_LINE.finditer(text)]
        offsets += doc.user_data.get(BREAKS, ())
        if not offsets:
            return doc
        idx = doc.to_array("IDX").tolist()
        starts = doc.to_array(["SENT_START"]).reshape(-1, 1)
        for offset in offsets:
            i = bisect.bisect_left(idx, offset)
            if 0 < i < len(doc):
                starts[i, 0] = 1
        doc.from_array(["SENT_START"], starts)  # type: ignore[arg-type]  # thinc's Ints2d
        return doc


@Language.factory("kgraph_breaks", default_config={})
def make_sentence_breaks(nlp: Language, name: str) -> SentenceBreaks:
    return SentenceBreaks()
