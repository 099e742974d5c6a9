"""Extraction quality, measured by the shared scorer against hand-labelled gold files.

The gold files and scorer live in ../shared (not committed: third-party text); where it is
absent the test is skipped with the reason.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

MACRO_FLOOR = {"seeds.json": 0.90, "corpus.json": 0.85}
CLASS_FLOOR = 0.75


def _scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("score_entities",
                                                  shared_dir / "tools" / "score_entities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold_name", ["seeds.json", "corpus.json"])
def test_macro_f1_and_every_class_clear_the_bar(shared_dir, seeds_build, corpus_graph, gold_name):
    scorer = _scorer(shared_dir)
    graph = seeds_build[1] / "graph.ttl" if gold_name == "seeds.json" else corpus_graph
    gold = json.loads((shared_dir / "gold" / gold_name).read_text())
    counts, errors = scorer.score(scorer.predicted(str(graph)), gold)
    f1 = {cls: scorer.prf(*counts[cls])[2] for cls in scorer.CLASSES}
    macro = sum(f1[c] for c in ("Specialty", "Technique", "Organization")) / 3
    detail = "; ".join("/".join(e) for e in errors[:15])
    assert macro >= MACRO_FLOOR[gold_name], f"macro F1 {macro:.3f}: {detail}"
    for cls, (tp, _, fn) in ((c, counts[c]) for c in scorer.CLASSES):
        if tp + fn:
            assert f1[cls] >= CLASS_FLOOR, f"{cls} F1 {f1[cls]:.3f}: {detail}"
