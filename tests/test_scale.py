"""Workers, the Dask engine and the incremental cache give the graph a clean build gives."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

import kgraph
from kgraph import pipeline, workers
from kgraph.cli import main


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


def test_two_workers_give_the_same_bytes_as_one(corpus, one_worker, tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_BATCH_SIZE", "2")  # on the seeds alone too: three batches
    kg = kgraph.build([corpus], workers=2)
    kg.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == one_worker
    assert kg.report["workers"] == 2


def _slow_after_two(task, max_file_size):
    """The reader's ingest, slow from the third batch on: the pipeline (0.6 s to make,
    below) is ready before the reader is done."""
    if int(Path(task[0][0]).name.split("-", 1)[0]) >= 2:
        time.sleep(0.3)
    return _INGEST(task, max_file_size)


_INGEST = workers._ingest_task


def test_batches_read_ahead_and_batches_not_yet_read_give_the_same_bytes(
        corpus, one_worker, tmp_path, monkeypatch):
    # Files named so that the first batches are known; batches of two.
    folder = tmp_path / "in"
    folder.mkdir()
    files = sorted(corpus.iterdir())
    for i, path in enumerate(files):
        shutil.copy(path, folder / f"{i // 2:03d}-{path.name}")
    shutil.copy(files[0], folder / "999-a-copy-of-the-first.md")  # which one is the copy: order
    (folder / "001-empty.md").write_text("")
    monkeypatch.setattr(pipeline, "BATCH", 2)  # where the files are put in batches
    monkeypatch.setattr(workers, "_ingest_task", _slow_after_two)  # the reader's copy too
    workers._start_worker(workers.Options(None, None))
    made = workers._start_worker
    monkeypatch.setattr(workers, "_start_worker", lambda o: time.sleep(0.6) or made(o))
    plan = []
    real = workers._read_ahead

    def read_ahead(*args):
        plan.extend(real(*args))
        monkeypatch.setattr(workers, "_ingest_task", _INGEST)  # the workers read at speed
        return plan

    monkeypatch.setattr(workers, "_read_ahead", read_ahead)
    kg = kgraph.build([folder], workers=2)
    kinds = [function.__name__ for function, _ in plan]
    assert "_extract_spooled" in kinds and "_run_task" in kinds  # both paths taken
    kg.write_turtle(tmp_path / "graph.ttl")
    clean = kgraph.build([folder], workers=1)
    clean.write_turtle(tmp_path / "clean.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == (tmp_path / "clean.ttl").read_bytes()
    same = ("documents", "skipped", "notes", "counts", "mentions")
    assert {k: kg.report[k] for k in same} == {k: clean.report[k] for k in same}


def _no_room(*args, **kwargs):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["no temporary file", "temporary folder full"])
def test_a_read_ahead_with_nowhere_to_write_leaves_the_reading_to_the_workers(
        corpus, one_worker, tmp_path, monkeypatch, where):
    import tempfile

    if where == "no temporary file":
        monkeypatch.setattr(tempfile, "TemporaryFile", _no_room)
    else:
        monkeypatch.setattr(workers.os, "pwrite", _no_room)  # in the forked reader too
    monkeypatch.setattr(pipeline, "BATCH", 8)  # several batches for the reader to take on
    kg = kgraph.build([corpus], workers=2)
    kg.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == one_worker
    assert kg.report["documents"] + len(kg.report["skipped"]) == len(list(corpus.iterdir()))


def test_dask_on_a_local_cluster_of_two_workers_gives_the_same_bytes(corpus, one_worker, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    kg = kgraph.build([corpus], engine="dask", workers=2)
    kg.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == one_worker


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


@pytest.mark.parametrize("count", [1, 2])
def test_a_rebuild_with_nothing_changed_makes_no_spacy_pipeline(corpus, tmp_path, monkeypatch,
                                                                count):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q", "--workers", str(count)]) == 0
    before = (out / "graph.ttl").read_bytes()

    def no_pipeline(options):
        raise AssertionError("a pipeline was made with nothing to extract")

    monkeypatch.setattr(workers, "_start_worker", no_pipeline)
    monkeypatch.setattr(workers, "_start_worker_process", no_pipeline)
    assert main(["build", str(corpus), "-o", str(out), "-q", "--workers", str(count)]) == 0
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
