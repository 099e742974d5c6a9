"""Sentences, not pages: a mention's context is one sentence of at most ~400 characters,
and a text longer than spaCy's limit builds whole."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.cli import main
from tests.conftest import select

LIMIT = 400 + 2  # the cap, and an ellipsis at each end where the sentence was cut


def _store(out: Path):
    store = ox.Store()
    with open(out / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    return store


def _contexts(store) -> dict[str, list[str]]:
    rows = select(store, "SELECT ?quote ?context WHERE { ?m a kg:Mention ; kg:quote ?quote ; "
                         "kg:context ?context }")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["quote"], []).append(row["context"])
    return found


NOTE = """---
title: Notes on imaging
tags: [notes]
---
# Reading list on radiology

Some tools we tried:
- deep learning for chest films
- transfer learning with little data
1. computer vision in dermatology

| method | field |
|---|---|
| image segmentation | pathology |

Setup
=====
The pipeline has no punctuation at all and goes on """ + "and on " * 150 + """with \
federated learning in the middle """ + "and more words " * 60 + """until it stops
"""

PLAIN = ("A study of endoscopy with machine learning " + "across many sites " * 80 + "ended. ") * 3


@pytest.fixture(scope="module")
def long_texts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    (folder / "note.md").write_text(NOTE, encoding="utf-8")
    (folder / "plain.txt").write_text("Long lines\n\n" + PLAIN, encoding="utf-8")
    out = folder / "out"
    assert main(["build", str(folder), "-o", str(out), "-q"]) == 0
    return out


def test_every_context_is_a_sentence_of_at_most_about_400_characters(long_texts):
    contexts = _contexts(_store(long_texts))
    assert contexts, "the texts mention entities"
    assert max(len(c) for cs in contexts.values() for c in cs) <= LIMIT
    # a cut sentence still holds its mention, and says where it was cut
    [federated] = contexts["federated learning"]
    assert federated.startswith("…") and federated.endswith("…")
    assert "federated learning" in federated


def test_list_items_headings_and_table_rows_end_sentences(long_texts):
    contexts = _contexts(_store(long_texts))
    assert contexts["radiology"] == ["Reading list on radiology"]  # a heading, without its marks
    assert contexts["deep learning"] == ["- deep learning for chest films"]
    assert contexts["transfer learning"] == ["- transfer learning with little data"]
    assert contexts["dermatology"][0].endswith("computer vision in dermatology")
    assert contexts["image segmentation"] == contexts["pathology"] == ["| image segmentation | pathology |"]


def test_a_text_of_one_and_a_half_million_characters_builds_whole(tmp_path, capsys):
    paragraph = "Filler words that name nothing at all, " * 25 + "and end here.\n\n"
    filler = paragraph * (1_500_000 // len(paragraph) + 1)
    tail = "At the very end, radiology is named.\n"
    (tmp_path / "long.txt").write_text("A long text\n\n" + filler + tail, encoding="utf-8")
    (tmp_path / "one-line.txt").write_text("One line\n\n" + "word " * 300_000 + "dermatology\n",
                                           encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(tmp_path), "-o", str(out), "-q"]) == 0
    store = _store(out)
    files = {r["f"] for r in select(store, "SELECT ?f WHERE { ?d kg:sourceFile ?f }")}
    assert files == {"long.txt", "one-line.txt"}
    rows = select(store, """SELECT ?quote ?start ?f WHERE { ?m kg:quote ?quote ; kg:start ?start ;
                 kg:inDocument ?u . { ?u kg:sourceFile ?f } UNION { ?d kg:hasSection ?u ;
                 kg:sourceFile ?f } }""")
    found = {(r["f"], r["quote"]): int(r["start"]) for r in rows}
    assert found[("long.txt", "radiology")] > 1_500_000
    assert found[("one-line.txt", "dermatology")] > 1_400_000


def test_a_five_megabyte_text_builds_and_its_last_entities_point_into_the_original(tmp_path):
    # Every paragraph is cleaned where it loses characters (double spaces, an entity, a
    # hyphenated line break), so the last paragraph's offsets in the cleaned text are far
    # from those in the file: only a right way back finds the quotes there.
    paragraph = ("Filler  words that name nothing &amp; nothing at all,\nnot even a hyphen-\n"
                 "ated word, " * 12 + "and end “here”.\n\n")
    filler = paragraph * (5_000_000 // len(paragraph) + 1)
    tail = "At the very end,  cardiology &amp; deep\nlearning are named.\n"
    text = "A long text\n\n" + filler + tail
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(tmp_path), "-o", str(out), "-q", "--no-cache"]) == 0
    rows = select(_store(out), "SELECT ?quote ?start ?end WHERE { ?m a kg:Mention ; "
                               "kg:quote ?quote ; kg:start ?start ; kg:end ?end }")
    found = {" ".join(r["quote"].split()): (int(r["start"]), int(r["end"])) for r in rows}
    assert set(found) == {"cardiology", "deep learning"}
    for words, (start, end) in found.items():
        assert start > len(text) - len(tail)
        assert " ".join(text[start:end].split()) == words
