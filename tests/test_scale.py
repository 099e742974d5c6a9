"""Workers, the Dask engine and the incremental cache give the graph a clean build gives."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kgraph
from kgraph import pipeline
from kgraph.cli import main

FORMATS = ("ttl", "nt", "jsonld", "graphml", "html")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir, shared_news):
    """Seeds plus the shared news corpus (or the seeds alone where it is absent)."""
    folder = tmp_path_factory.mktemp("scale") / "in"
    shutil.copytree(seeds_dir, folder)
    if shared_news is not None:
        for path in sorted(shared_news.glob("*.md"))[:90]:
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "graph.ttl"
    kgraph.build([corpus], workers=1).write_turtle(out)
    return out.read_bytes()


@pytest.mark.parametrize("batch_size", [1, 32], ids=["batches-of-1", "batches-of-32"])
def test_two_workers_give_the_same_bytes_as_one(corpus, one_worker, tmp_path, batch_size):
    kg = kgraph.build([corpus], workers=2, batch_size=batch_size)
    kg.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == one_worker
    # batches of one: two worker processes even on the seeds alone
    assert kg.report["workers"] == 2 or len(list(corpus.iterdir())) <= batch_size


def test_every_format_is_the_same_bytes_with_one_and_two_workers(seeds_dir, tmp_path):
    outputs = []
    for count in ("1", "2"):
        out = tmp_path / count
        assert main(["build", str(seeds_dir), "-o", str(out), "-q", "--no-cache", "--workers",
                     count, "--batch-size", "1", "--format", ",".join(FORMATS)]) == 0
        assert json.loads((out / "report.json").read_text())["workers"] == int(count)
        outputs.append({f: (out / f"graph.{f}").read_bytes() for f in FORMATS})
    assert outputs[0] == outputs[1]


def test_dask_on_a_local_cluster_of_two_workers_gives_the_same_bytes(corpus, one_worker, tmp_path,
                                                                    capfd):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    assert main(["build", str(corpus), "-o", str(tmp_path), "-q", "--engine", "dask",
                 "--workers", "2", "--batch-size", "8"]) == 0
    assert (tmp_path / "graph.ttl").read_bytes() == one_worker
    assert capfd.readouterr().err == ""  # -q: not a line of Dask's own logging either
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["reused"] == 0 and report["cache_bytes"] == 0  # no cache on a cluster


def _copies(seeds_dir: Path, folder: Path, count: int) -> list[Path]:
    """``count`` distinct files made from the seeds (each copy's text differs)."""
    folder.mkdir()
    seeds = sorted(seeds_dir.iterdir())
    made = []
    for i in range(count):
        source = seeds[i % len(seeds)]
        made.append(folder / f"{i:04d}-{source.name}")
        made[-1].write_bytes(source.read_bytes() + f"\n\nCopy {i}.\n".encode())
    return made


def _rows(cache: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.Error:  # not made yet
        return 0


def test_an_interrupted_build_leaves_a_sound_cache_of_whole_batches(seeds_dir, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    _copies(seeds_dir, folder, 400)
    cache = out / ".kgraph-cache.sqlite"
    args = [sys.executable, "-m", "kgraph", "build", str(folder), "-o", str(out), "-q",
            "--workers", "1", "--batch-size", "3"]
    build = subprocess.Popen(args)
    try:
        while _rows(cache) < 30 and build.poll() is None:
            time.sleep(0.01)
        build.kill()  # as a power cut would: no clean-up, mid-batch or between batches
    finally:
        build.wait()
    assert build.returncode != 0, "the build finished before it was interrupted"
    import sqlite3

    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = _rows(cache)
    assert stored % 3 == 0  # whole batches of three, never part of one
    assert main(["build", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    assert json.loads((out / "report.json").read_text())["reused"] == stored
    assert main(["build", str(folder), "-o", str(tmp_path / "clean"), "-q", "--no-cache"]) == 0
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "clean" / "graph.ttl").read_bytes()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds worker processes in /proc")
def test_a_killed_worker_process_ends_the_build_with_one_line(seeds_dir, tmp_path):
    """A worker killed mid-build (out of memory, kill -9) fails the build; it does not hang."""
    folder, out = tmp_path / "in", tmp_path / "out"
    _copies(seeds_dir, folder, 300)
    build = subprocess.Popen([sys.executable, "-m", "kgraph", "build", str(folder), "-o",
                              str(out), "-q", "--no-cache", "--workers", "2", "--batch-size", "1"],
                             stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{build.pid}/task/{build.pid}/children")
    try:
        while build.poll() is None and not children.read_text().split():
            time.sleep(0.01)
        for pid in children.read_text().split()[:1]:  # one of the pool's worker processes
            os.kill(int(pid), signal.SIGKILL)
        _, err = build.communicate(timeout=120)
    finally:
        build.kill()
    assert build.returncode == 1, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgraph: error: a worker process ended"), lines
    named = lines[0].split("): ", 1)[1].split(" and the files after it")[0]
    assert Path(named).parent == folder
    assert not (out / "graph.ttl").exists()


def test_a_second_build_reextracts_only_the_file_that_changed(corpus, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(corpus, folder)
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    first = json.loads((out / "report.json").read_text())
    assert first["reused"] == 0
    touched = folder / "000_06dd40ccfc345e7d.txt"
    touched.write_text(touched.read_text().replace("Depends on Data", "Depends on Good Data"))
    assert main(["build", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    second = json.loads((out / "report.json").read_text())
    files = first["documents"] + len(first["skipped"])
    assert second["reused"] == files - 1  # every file but the touched one
    clean = tmp_path / "clean"
    assert main(["build", str(folder), "-o", str(clean), "-q", "--no-cache"]) == 0
    assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert b"Depends on Good Data" in (out / "graph.ttl").read_bytes()


@pytest.mark.parametrize("count", ["1", "2"])
def test_a_rebuild_with_nothing_changed_makes_no_spacy_pipeline(corpus, tmp_path, count):
    out = tmp_path / "out"
    args = ["build", str(corpus), "-o", str(out), "-q", "--workers", count, "--batch-size", "4"]
    assert main(args) == 0
    before = (out / "graph.ttl").read_bytes()
    # the rebuild in a process of its own: spaCy is not even imported
    code = ("import sys; from kgraph.cli import main; code = main(sys.argv[1:]); "
            "assert 'spacy' not in sys.modules, 'a pipeline was made'; sys.exit(code)")
    subprocess.run([sys.executable, "-c", code, *args], check=True, timeout=120)
    assert json.loads((out / "report.json").read_text())["reused"] == len(list(corpus.iterdir()))
    assert (out / "graph.ttl").read_bytes() == before


def test_quiet_prints_nothing_and_no_progress_bar_off_a_terminal(seeds_dir, tmp_path, capfd):
    assert main(["build", str(seeds_dir), "-o", str(tmp_path), "-q"]) == 0
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_unknown_engine_and_bad_worker_count_are_usage_errors(seeds_dir, capsys):
    with pytest.raises(kgraph.UsageError, match="unknown engine"):
        kgraph.build([seeds_dir], engine="spark")
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(seeds_dir), "--workers", "0"])
    assert exit_info.value.code == 2


def test_an_edited_vocabulary_or_extraction_code_is_not_answered_from_the_cache(
        seeds_dir, tmp_path, monkeypatch):
    out, vocab = tmp_path / "out", tmp_path / "vocab"
    shutil.copytree(Path(pipeline.__file__).parents[1] / "ontology" / "vocab", vocab)

    def reused() -> int:
        assert main(["build", str(seeds_dir), "-o", str(out), "-q", "--workers", "1",
                     "--vocab", str(vocab)]) == 0
        return json.loads((out / "report.json").read_text())["reused"]

    files = len(list(seeds_dir.iterdir()))
    assert (reused(), reused()) == (0, files)
    with (vocab / "techniques.ttl").open("a", encoding="utf-8") as ttl:
        ttl.write("\n# a term added\n")
    assert (reused(), reused()) == (0, files)
    code = tmp_path / "kgraph"  # an edited checkout of kgraph's own code
    shutil.copytree(Path(pipeline.__file__).parent, code,
                    ignore=shutil.ignore_patterns("__pycache__"))
    with (code / "extract" / "components.py").open("a", encoding="utf-8") as source:
        source.write("\n# an edit\n")
    monkeypatch.setattr(pipeline, "__file__", str(code / "pipeline.py"))
    assert reused() == 0


def test_a_cache_file_that_is_not_a_cache_is_started_again(seeds_dir, tmp_path, capsys, caplog):
    cache = tmp_path / ".kgraph-cache.sqlite"
    cache.write_bytes(b"not a database, a file someone left here\n" * 100)
    args = ["build", str(seeds_dir), "-o", str(tmp_path), "--workers", "1"]
    assert main(args) == 0
    assert "starting a new one" in caplog.text
    assert main(args) == 0
    assert json.loads((tmp_path / "report.json").read_text())["reused"] == 5
    cache.unlink()
    cache.mkdir()  # a folder in its place: a one-line error, exit status 2
    assert main(args) == 2
    assert "is a folder, not a file" in capsys.readouterr().err
