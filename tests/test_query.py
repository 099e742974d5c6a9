"""kgraph query: rows of a SPARQL query over graph.ttl, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from kgraph.cli import main

Q = ("PREFIX kg: <https://w3id.org/kgraph/ontology#> "
     "SELECT ?file WHERE { ?d kg:sourceFile ?file } ORDER BY ?file")


def test_query_prints_the_rows_as_a_table(seeds_build, capsys):
    _, out, _ = seeds_build
    assert main(["query", str(out / "graph.ttl"), Q]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].strip() == "file"
    assert "003_5bb0a64cbfb0c76e.txt" in text and "(5 rows)" in text


def test_query_formats_csv_and_json(seeds_build, capsys, tmp_path):
    _, out, _ = seeds_build
    assert main(["query", str(out / "graph.ttl"), Q, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["file"] and len(rows) == 6
    query_file = tmp_path / "q.rq"
    query_file.write_text(Q)
    assert main(["query", str(out / "graph.ttl"), "-f", str(query_file), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"] == ["file"]
    assert data["results"]["bindings"][0]["file"]["type"] == "literal"


def test_a_bad_query_is_a_one_line_error(seeds_build, capsys):
    _, out, _ = seeds_build
    assert main(["query", str(out / "graph.ttl"), "SELECT WHERE nonsense"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kgraph: error: query failed") and err.count("\n") == 1
