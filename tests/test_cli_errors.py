"""Every subcommand, given each wrong argument a user can give: one line on stderr, exit 2
(1 where the command's --help says so), never a traceback, and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.cli import main as _main

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """The exit status of the command, whether it returns it or argparse exits."""
    try:
        return _main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
SELECT = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"

# (arguments, exit status, words of the message); GRAPH, FILE, EMPTY, NOT_TTL and SEEDS
# stand for a built graph, a plain file, an empty folder, a file that is not Turtle, seeds/.
CASES = [
    ([], 2, "required: COMMAND"),
    (["frobnicate"], 2, "invalid choice"),
    (["build", "no-such-folder"], 2, "no such file or folder"),
    (["build", "SEEDS", "-o", "FILE"], 2, "is a file, not a folder"),
    (["build", "SEEDS", "-o", "FILE", "--no-cache"], 2, "is a file, not a folder"),
    (["build", "SEEDS", "-o", "FILE/sub"], 2, "cannot write in the output folder"),
    (["build", "SEEDS", "-o", "/proc/kg"], 2, "cannot write in the output folder"),
    (["build", "SEEDS", "--workers", "0"], 2, "must be 1 or more"),
    (["build", "SEEDS", "--workers", "many"], 2, "not a whole number"),
    (["build", "SEEDS", "--max-file-size", "-1"], 2, "must not be negative"),
    (["build", "SEEDS", "--batch-size", "0"], 2, "must be 1 or more"),
    (["build", "SEEDS", "--max-nodes", "-3"], 2, "must not be negative"),
    (["build", "SEEDS", "--format", "pdf"], 2, "unknown format pdf"),
    (["build", "SEEDS", "--format", ","], 2, "unknown format"),
    (["build", "SEEDS", "--engine", "spark"], 2, "invalid choice"),
    (["build", "SEEDS", "--base-iri", "not an iri"], 2, "base IRI must be absolute"),
    (["build", "SEEDS", "--vocab", "EMPTY"], 1, "no vocabulary"),
    (["build", "SEEDS", "--vocab", "no-such-folder"], 1, "vocabulary folder not found"),
    (["build", "SEEDS", "--spacy-model", "xx_no_such_pipeline"], 2, "xx_no_such_pipeline"),
    (["build", "SEEDS", "--bogus"], 2, "unrecognized arguments: --bogus"),
    (["build", "EMPTY"], 1, "no document could be read"),
    (["query"], 2, "give the graph"),
    (["query", "GRAPH"], 2, "give one of a query"),
    (["query", "no-such.ttl", SELECT], 2, "no such graph file"),
    (["query", "NOT_TTL", SELECT], 2, "not a Turtle file"),
    (["query", "GRAPH", "SELEKT ?x"], 2, "query failed"),
    (["query", "GRAPH", "CONSTRUCT WHERE { ?s ?p ?o }"], 2, "only SELECT and ASK"),
    (["query", "GRAPH", "-f", "no-such.rq"], 2, "cannot read query file"),
    (["query", "GRAPH", "-n", "no-such-query"], 2, "no named query"),
    (["query", "GRAPH", "-n", "document-sections", "--bind", "nope"], 2, "--bind wants VAR=VALUE"),
    (["query", "GRAPH", "-n", "document-sections", "--bind", "x=1"], 2, "has no parameter ?x"),
    (["query", "GRAPH", "--format", "yaml", SELECT], 2, "invalid choice: 'yaml'"),
    (["query", "GRAPH", SELECT, "one too many"], 2, "unrecognized arguments"),
    (["evaluate", "GRAPH"], 2, "the following arguments are required: GOLD.json"),
    (["evaluate", "GRAPH", "FILE"], 2, "not a JSON gold file"),
    (["evaluate", "GRAPH", "no-such-gold.json"], 2, "no-such-gold.json"),
    (["validate"], 2, "required: GRAPH.ttl"),
    (["validate", "no-such.ttl"], 2, "no such graph file"),
    (["validate", "NOT_TTL"], 2, "not a Turtle file"),
    (["validate", "GRAPH", "--shapes", "no-such.ttl"], 2, "no-such.ttl"),
    (["validate", "GRAPH", "--shapes", "NOT_TTL"], 2, "not-turtle.ttl"),
    (["serve"], 2, "required: GRAPH.ttl"),
    (["serve", "no-such.ttl", "--port", "0"], 2, "no such graph file"),
    (["serve", "NOT_TTL", "--port", "0"], 2, "not a Turtle file"),
    (["serve", "GRAPH", "--port", "99999"], 2, "a port is 0 to 65535"),
    (["serve", "GRAPH", "--port", "-1"], 2, "must not be negative"),
    (["serve", "GRAPH", "--port", "http"], 2, "not a whole number"),
    (["serve", "GRAPH", "--timeout", "0"], 2, "must be above 0 seconds"),
    (["serve", "GRAPH", "--timeout", "-2"], 2, "must be above 0 seconds"),
    (["serve", "GRAPH", "--timeout", "nan"], 2, "must be above 0 seconds"),
    (["serve", "GRAPH", "--timeout", "soon"], 2, "not a number of seconds"),
    (["serve", "GRAPH", "--max-rows", "0"], 2, "must be 1 or more"),
    (["serve", "GRAPH", "--max-rows", "-5"], 2, "must not be negative"),
]


@pytest.fixture(scope="module")
def places(seeds_build, tmp_path_factory):
    folder = tmp_path_factory.mktemp("places")
    (folder / "a-file").write_text("not a folder\n")
    (folder / "empty").mkdir()
    (folder / "not-turtle.ttl").write_text("this is { not turtle\n")
    return {"GRAPH": str(seeds_build[1] / "graph.ttl"), "FILE": str(folder / "a-file"),
            "EMPTY": str(folder / "empty"), "NOT_TTL": str(folder / "not-turtle.ttl"),
            "SEEDS": str(ROOT / "seeds")}


def _fill(args: list[str], places: dict[str, str]) -> list[str]:
    return [places.get(a.split("/")[0], a.split("/")[0]) + a[len(a.split("/")[0]):]
            if a.split("/")[0] in places else a for a in args]


@pytest.mark.parametrize(("args", "status", "words"), CASES, ids=[" ".join(c[0]) or "(none)"
                                                                  for c in CASES])
def test_each_wrong_argument_gives_one_line_and_its_exit_status(places, capsys, args, status,
                                                                 words, tmp_path, monkeypatch):
    if "/proc/kg" in args and not Path("/proc/self").is_dir():
        pytest.skip("no /proc on this system")
    monkeypatch.chdir(tmp_path)  # the default output/ goes here
    assert main(_fill(args, places)) == status
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgraph: error: "), err
    assert words in lines[0]
    assert out == ""
    assert not Path(places["FILE"], "sub").exists() and Path(places["FILE"]).is_file()


def test_build_outside_the_repository_says_what_to_give(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kgraph", "build"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "kgraph: error: give the files or folders to read: kgraph build PATH... "
        "(the default, seeds/, is not in this folder)"]


@pytest.mark.parametrize("command, says", [
    ("build", "nothing usable could be built"), ("query", "the rows (or the ASK answer)"),
    ("validate", "the graph does not conform"), ("serve", "stopped by Ctrl-C or kill")])
def test_each_subcommand_help_says_its_own_exit_statuses(capsys, command, says):
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "exit status:" in text and says in text
    others = {"build": "nothing usable", "query": "the rows (or", "validate": "does not conform",
              "serve": "stopped by Ctrl-C"}
    assert not [w for c, w in others.items() if c != command and w in text]


def test_options_may_come_before_the_query(places, capsys):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?d <https://w3id.org/kgraph/ontology#sourceFile> ?f }"
    assert main(["query", places["GRAPH"], "--format", "csv", query]) == 0
    assert capsys.readouterr().out == "n\r\n5\r\n"
    assert main(["query", "--format", "csv", places["GRAPH"], query]) == 0
    assert capsys.readouterr().out == "n\r\n5\r\n"
