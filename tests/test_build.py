"""End to end: the API and the CLI build the same graph, deterministically; the report adds up."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import kgraph
from kgraph.cli import main


def test_build_writes_the_three_outputs(seeds_build):
    _, out, report = seeds_build
    for name in ("graph.ttl", "graph.html", "report.json"):
        assert (out / name).stat().st_size > 0
    assert report["documents"] == 5 and report["skipped"] == []
    assert report["triples"] > 100
    assert {"ingest", "extract", "assemble", "export"} <= set(report["seconds"])
    assert report["counts"]["Article"] >= 3 and report["counts"]["Paper"] == 1


def test_api_and_cli_give_the_same_graph_byte_for_byte(seeds_build, seeds_dir, tmp_path, capsys):
    _, api_out, _ = seeds_build
    assert main(["build", str(seeds_dir), "-o", str(tmp_path)]) == 0
    assert "5 documents, 0 skipped" in capsys.readouterr().out
    assert (tmp_path / "graph.ttl").read_bytes() == (api_out / "graph.ttl").read_bytes()


def test_a_rebuild_in_another_file_order_gives_the_same_bytes(seeds_build, seeds_dir, tmp_path):
    _, first, _ = seeds_build
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(seeds_dir.iterdir(), reverse=True):  # copy in reverse order, new names
        shutil.copy(path, folder / path.name)
    kg = kgraph.build([folder / p.name for p in sorted(seeds_dir.iterdir(), reverse=True)])
    kg.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == (first / "graph.ttl").read_bytes()


def test_bad_files_are_reported_and_the_rest_still_builds(seeds_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "empty.md").write_text("")
    (folder / "broken.md").write_text("---\ntitle: [oops\n---\n")
    assert main(["build", str(folder), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "broken.md" in err and "empty.md" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["documents"] == 5
    assert sorted(s["file"].rsplit("/", 1)[-1] for s in report["skipped"]) == ["broken.md", "empty.md"]
    assert report["documents"] + len(report["skipped"]) == len(list(folder.iterdir()))


def test_quiet_hides_notes_but_still_reports_skips(seeds_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "empty.md").write_text("")
    first = next(p for p in sorted(folder.iterdir()) if p.read_bytes().startswith(b"---\n"))
    (folder / "copy.txt").write_bytes(first.read_bytes().replace(b"---\n", b"---\nnote: x\n", 1))
    assert main(["build", str(folder), "-o", str(tmp_path / "loud")]) == 0
    loud = capsys.readouterr()
    assert "note:" in loud.err and "same URL" in loud.err and "empty.md" in loud.err
    assert main(["build", str(folder), "-o", str(tmp_path / "quiet"), "-q"]) == 0
    quiet = capsys.readouterr()
    assert quiet.out == "" and "note:" not in quiet.err
    assert "skipped" in quiet.err and "empty.md" in quiet.err


def test_a_second_build_into_a_folder_inside_the_input_does_not_read_the_first(
        seeds_dir, tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    shutil.copytree(seeds_dir, folder)
    monkeypatch.chdir(folder)  # "kgraph build ." writes into ./output
    for _ in range(2):
        assert main(["build", ".", "-q"]) == 0
        report = json.loads((folder / "output" / "report.json").read_text())
        assert (report["documents"], report["skipped"]) == (5, [])


def test_entities_and_documents_views(seeds_build):
    kg, _, _ = seeds_build
    specialties = {e.label for e in kg.entities("Specialty")}
    assert {"radiology", "dermatology", "pathology"} <= specialties
    assert all(e.type == "Specialty" for e in kg.entities("Specialty"))
    docs = kg.documents()
    assert [d.source_file for d in docs[:5]] == sorted(p for p in (d.source_file for d in docs) if p)
    video = next(d for d in docs if d.kind == "Video")
    assert video.provider and video.url.startswith("https://www.youtube.com/")


@pytest.mark.parametrize("argv, code, message", [
    (["build", "no/such/folder"], 2, "no such file or folder"),
    (["query", "no/such.ttl", "SELECT * WHERE {?s ?p ?o}"], 2, "no such graph file"),
    (["build", "seeds", "--base-iri", "http://[bad/"], 2, "base IRI must be absolute"),
    (["build", "seeds", "--base-iri", "relative/"], 2, "base IRI must be absolute"),
])
def test_cli_errors_are_one_line_with_a_nonzero_exit(argv, code, message, capsys):
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_exits_1_when_nothing_could_be_read(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("")
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 1
    assert "no document could be read" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--no-such-option"])
    assert exit_info.value.code == 2


def test_every_command_has_help(capsys):
    for argv in (["--help"], ["build", "--help"], ["query", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
        assert "usage: kgraph" in capsys.readouterr().out


def test_a_broken_vocabulary_is_a_one_line_error(seeds_dir, tmp_path, capsys):
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "bad.ttl").write_text("@prefix skos: <http://x#> .\n<a> skos:prefLabel \n")
    assert main(["build", str(seeds_dir), "-o", str(tmp_path / "out"),
                 "--vocab", str(tmp_path / "vocab")]) == 1
    err = capsys.readouterr().err
    assert "bad.ttl: not valid Turtle" in err and err.count("\n") == 1


def test_the_program_flushes_its_output_and_keeps_its_exit_status(seeds_dir, tmp_path):
    # `kgraph` leaves with os._exit after main(): piped output must still arrive whole.
    def program(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kgraph", *argv], capture_output=True,
                              text=True, timeout=120)

    done = program("build", str(seeds_dir), "-o", str(tmp_path / "out"))
    assert done.returncode == 0
    assert "5 documents, 0 skipped" in done.stdout and "wrote" in done.stdout
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.md").write_text("")
    failed = program("build", str(tmp_path / "empty"), "-o", str(tmp_path / "out2"))
    assert failed.returncode == 1 and "no document could be read" in failed.stderr
