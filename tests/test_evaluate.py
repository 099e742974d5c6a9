"""``kgraph evaluate``: entity and relation precision, recall and F1 against gold files.

The figures on a small gold file of this repository's own are worked out by hand; on the
seeds and the dev corpus they must equal those of the reference scorers in ../shared/tools
(skipped, with the reason, where ../shared is absent).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json

import pytest

import kgraph
from kgraph.cli import main
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "relations"
RELATION_FLOOR = {"seeds_relations.json": (0.80, 0.70), "corpus_relations.json": (0.85, 0.75)}


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("relations") / "graph.ttl"
    kgraph.build([DATA]).write_turtle(path)
    return path


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["evaluate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_figures_on_a_hand_labelled_sample(small_graph, capsys):
    code, out, _ = _run(capsys, small_graph, DATA / "gold.json")
    assert code == 0
    lines = out.splitlines()
    # by hand: 15 of the 16 organisations found, none extra; every specialty and technique
    assert "Organization   1.000  0.938  0.968   15/0/1" in lines
    assert "Specialty      1.000  1.000  1.000   3/0/0" in lines
    # 10 of the 11 gold relations found, one extra (deep learning -> pathology)
    assert "partnersWith   1.000  0.750  0.857   3/0/1" in lines
    assert "appliedIn      0.500  1.000  0.667   1/1/0" in lines
    assert "relations P=0.909 R=0.909 F1=0.909  (10/1/1)" in lines
    # macro: the mean F1 of the eight relations (six perfect, 0.857 and 0.667)
    assert any(line.startswith("relations macro F1=0.940") for line in lines)
    assert lines[-2].startswith("relations P=") and "macro(S,T,O) F1=0.989" in out


def test_show_errors_lists_what_was_missed_and_what_is_extra(small_graph, capsys):
    _, out, _ = _run(capsys, small_graph, DATA / "gold.json", "--show-errors")
    assert "deals.md\tpartnersWith\tmissed\tGoogle -> Mayo Clinic" in out.splitlines()
    assert any(line.startswith("fields.md\tappliedIn\textra\tdeep learning -> ")
               for line in out.splitlines())


def test_a_relations_only_gold_file_scores_only_relations(small_graph, tmp_path, capsys):
    gold = json.loads((DATA / "gold.json").read_text())
    only = {"docs": {f: {k: v for k, v in d.items() if "elations" in k}
                     for f, d in gold["docs"].items()}}
    path = tmp_path / "relations.json"
    path.write_text(json.dumps(only))
    _, out, _ = _run(capsys, small_graph, path)
    assert "class " not in out and "relations P=0.909" in out


@pytest.mark.parametrize("bad, message", [
    ("missing.json", "cannot read gold file"),
    ("not-json.json", "not a JSON gold file"),
    ("wrong-shape.json", "a gold file is"),
    ("bad-relation.json", 'each of Relations must be [[subject labels], "relation"'),
    ("bad-entity.json", "a.md: Technique must be a list of entities"),
])
def test_bad_gold_is_one_line_and_exit_2(small_graph, tmp_path, capsys, bad, message):
    (tmp_path / "not-json.json").write_text("{nope")
    (tmp_path / "wrong-shape.json").write_text('{"docs": []}')
    (tmp_path / "bad-relation.json").write_text('{"docs": {"a.md": {"Relations": [["X", "uses"]]}}}')
    (tmp_path / "bad-entity.json").write_text('{"docs": {"a.md": {"Technique": ["AI"]}}}')
    code, out, err = _run(capsys, small_graph, tmp_path / bad)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_a_graph_that_is_not_turtle_is_one_line_and_exit_2(tmp_path, capsys):
    graph = tmp_path / "graph.ttl"
    graph.write_text("@prefix x")
    code, _, err = _run(capsys, graph, DATA / "gold.json")
    assert code == 2 and err.count("\n") == 1 and "not a Turtle file" in err


# ---------------------------------------------------------------- against the reference scorers


def _reference(shared_dir, name):
    spec = importlib.util.spec_from_file_location(name, shared_dir / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference_output(module, *args) -> list[str]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        module.main([str(a) for a in args])
    return buffer.getvalue().splitlines()


@pytest.mark.parametrize("corpus", ["seeds", "corpus"])
def test_same_figures_as_the_reference_scorers(shared_dir, seeds_build, corpus_graph, corpus,
                                               capsys):
    graph = seeds_build[1] / "graph.ttl" if corpus == "seeds" else corpus_graph
    entities = shared_dir / "gold" / f"{corpus}.json"
    relations = shared_dir / "gold" / f"{corpus}_relations.json"
    _, ours, _ = _run(capsys, graph, entities, relations)
    expected = (_reference_output(_reference(shared_dir, "score_entities"), graph, entities)
                + _reference_output(_reference(shared_dir, "score_relations"), graph, relations))
    assert [line for line in ours.splitlines() if "macro F1=" not in line
            or "macro(S,T,O)" in line] == expected


@pytest.mark.parametrize("gold_name", sorted(RELATION_FLOOR))
def test_relations_clear_the_bar(shared_dir, seeds_build, corpus_graph, gold_name):
    scorer = _reference(shared_dir, "score_relations")
    graph = seeds_build[1] / "graph.ttl" if gold_name.startswith("seeds") else corpus_graph
    gold = json.loads((shared_dir / "gold" / gold_name).read_text())
    counts, errors = scorer.score(scorer.predicted(str(graph)), gold)
    p, _, f1 = scorer.prf(*[sum(c[i] for c in counts.values()) for i in range(3)])
    detail = "; ".join("/".join(e) for e in errors[:15])
    min_p, min_f1 = RELATION_FLOOR[gold_name]
    assert p >= min_p and f1 >= min_f1, f"P {p:.3f} F1 {f1:.3f}: {detail}"
