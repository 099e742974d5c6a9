"""Where ingest and extraction run: in this process, or in forked worker processes.

Tasks are batches of files (their bytes, or their paths for the worker to read); each
gives its records and mentions back in the order of its files (and, with a cache, stores
them there), and tasks come back in
the order they were given, so any number of workers gives the same results. With
several workers, at most ``2 * workers`` tasks are in flight, so memory stays flat
however large the corpus.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kgraph.errors import KgraphError
from kgraph.ingest import read_bytes, read_limited
from kgraph.records import Document, Found, Skip

if TYPE_CHECKING:
    from concurrent.futures import Future

    from kgraph.cache import Cache

__all__ = ["BATCH", "Options", "Result", "Task", "run_batches", "read_and_run"]

BATCH = 32  # files per task sent to a worker
READ_AHEAD = 128  # batches at most that a reader takes on while the pipeline is made
Result = tuple[Document | Skip, Found]  # a skip has found nothing: ((), ())
# (path as found, file name, its bytes or, where this process has not read it, its path,
# its key in the cache or "")
Task = list[tuple[str, str, bytes | str, str]]


@dataclass(frozen=True)
class Options:
    """What a worker makes its spaCy pipeline from."""

    spacy_model: str | None
    vocab: str | None


_WORKER: dict[str, Any] = {}


def _start_worker(options: Options) -> None:
    """Make this process's pipeline, or keep the one it has for the same options."""
    from kgraph.extract import make_pipeline

    if _WORKER.get("options") != options:
        _WORKER["nlp"] = make_pipeline(spacy_model=options.spacy_model, vocab_dir=options.vocab)
        _WORKER["options"] = options


def _start_worker_process(options: Options) -> None:
    """A worker process's start: its pipeline, then a frozen heap.

    Objects that exist now (spaCy's vocabulary, the matchers) live as long as the worker;
    frozen, the cyclic garbage collector stops walking them again on every pass, and a
    forked worker's pages stay shared with the parent.
    """
    _start_worker(options)
    gc.enable()  # spaCy's docs make reference cycles: the collector stays on here
    gc.freeze()


def _run_task(task: Task, max_file_size: int,
              store: Cache | None = None) -> tuple[list[Result], dict[str, float]]:
    """Ingest and extract one batch of files (in a worker, or in this process)."""
    return _extract_task(task, _ingest_task(task, max_file_size), store)


def _ingest_task(task: Task, max_file_size: int) -> tuple[list[Document | Skip], float]:
    """Read one batch of files into records, and the seconds it took."""
    start = time.perf_counter()
    return [_ingest(*item[:3], max_file_size) for item in task], time.perf_counter() - start


def _ingest(display: str, name: str, data: bytes | str, max_file_size: int) -> Document | Skip:
    content = read_limited(Path(data), max_file_size, display) if isinstance(data, str) else data
    return content if isinstance(content, Skip) else read_bytes(content, name, display)


def _extract_task(task: Task, ingested: tuple[list[Document | Skip], float],
                  store: Cache | None) -> tuple[list[Result], dict[str, float]]:
    """Extract an ingested batch; with a cache, store each file's result under its key
    (here, so that worker processes share the writing)."""
    done = _extract_items(*ingested)
    if store is not None:
        for item, result in zip(task, done[0]):
            store.put(item[3], result)
    return done


def _extract_items(items: list[Document | Skip],
                   read: float) -> tuple[list[Result], dict[str, float]]:
    """Extract the documents of one ingested batch."""
    from kgraph.extract import extract

    start = time.perf_counter()
    docs = [item for item in items if isinstance(item, Document)]
    found = {id(doc): result for doc, result in extract(docs, nlp=_WORKER["nlp"])}
    results: list[Result] = [
        (item.without_text(), found[id(item)]) if isinstance(item, Document) else (item, ((), ()))
        for item in items]
    return results, {"ingest": read, "extract": time.perf_counter() - start}


def read_and_run(task: Task, options: Options,
                 max_file_size: int) -> tuple[list[Result], dict[str, float]]:
    """Read a batch of files by path, then ingest and extract them (a Dask task)."""
    _start_worker(options)
    return _run_task(task, max_file_size)


def run_batches(tasks: Iterable[Task], options: Options, workers: int,
                seconds: defaultdict[str, float], max_file_size: int,
                store: Cache | None = None) -> Iterator[list[Result]]:
    """Run tasks in order; with several workers, at most ``2 * workers`` in flight."""
    def account(done: tuple[list[Result], dict[str, float]]) -> list[Result]:
        for stage, spent in done[1].items():
            seconds[stage] += spent
        return done[0]

    tasks = iter(tasks)
    first = next(tasks, None)
    if first is None:  # every file was answered from the cache, or skipped: no pipeline
        return
    tasks = chain([first], tasks)
    if workers <= 1:
        _start_worker(options)
        for task in tasks:
            yield account(_run_task(task, max_file_size, store))
            # spaCy's docs make cycles: young ones, freed here even while the caller has the
            # automatic collector paused (build() does, for the records it keeps)
            gc.collect(1)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one: a script that calls build() needs no __main__ guard, and the
    # workers inherit the pipeline made here instead of each making their own.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    jobs: Iterator[tuple[Any, tuple[Any, ...]]] = (
        (_run_task, (task, max_file_size, store)) for task in tasks)
    spool = _spool_file() if method == "fork" else None
    with spool or contextlib.nullcontext():
        if spool is not None:
            jobs = chain(_read_ahead(context, tasks, options, max_file_size, store,
                                     spool.fileno()), jobs)
        elif method == "fork":  # no read-ahead: the pipeline is still made once, here
            _start_worker(options)
        # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed,
        # out of memory) fails the build instead of hanging it, and no handler thread spins
        # while a large result is still in the pipe.
        pool = ProcessPoolExecutor(workers, context, _start_worker_process, (options,))
        try:
            pending: deque[tuple[Task, Future[Any]]] = deque()
            for function, arguments in jobs:
                pending.append((arguments[0], pool.submit(function, *arguments)))
                if len(pending) >= 2 * workers:
                    yield account(_outcome(*pending.popleft()))
            while pending:
                yield account(_outcome(*pending.popleft()))
        finally:
            pool.shutdown(cancel_futures=True)


def _outcome(task: Task, future: Future[Any]) -> Any:
    """A submitted task's result; a one-line error where a worker process died.

    When one worker dies, every task not yet done fails with it: ``task`` is the first
    of those, not necessarily the one that was running in the process that died.
    """
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise KgraphError(f"a worker process ended abruptly (killed, or out of memory?): "
                          f"{task[0][0]} and the files after it were not finished, and no graph "
                          f"was written") from None


def _read_ahead(context: Any, tasks: Iterator[Task], options: Options, max_file_size: int,
                store: Cache | None, spool: int) -> list[tuple[Any, tuple[Any, ...]]]:
    """Make this process's pipeline while one forked process reads the first batches.

    Importing spaCy and making the pipeline takes about a second on one core; meanwhile
    another core reads files into records (ingest needs no spaCy). When the pipeline is
    ready the reader is told to stop: the batches it finished go to the workers for
    extraction only, the others whole. Results are the same either way.

    The reader leaves its records pickled in ``spool``, an open file that the workers
    inherit and read from; nothing of it passes through this process, which is busy
    making the pipeline.
    """
    from concurrent.futures import ProcessPoolExecutor

    early = list(islice(tasks, READ_AHEAD))
    # The reader is forked with these batches in its memory and gets one small task. It
    # is stopped by a flag and left to finish, never terminated: a process killed in the
    # middle can leave a pipe full and a thread blocked on it for good.
    _READER.update(batches=early, stop=context.Event(), max_file_size=max_file_size,
                   spool=spool)
    try:
        # gc.enable: forked from a process that may have the collector paused
        reader = ProcessPoolExecutor(1, context, gc.enable)
        try:
            reading = reader.submit(_ingest_early)
            _start_worker(options)
            # Assembly's modules (networkx, ~0.2 s) too, while the reader is still busy:
            # later, this process would keep the workers waiting for their next task.
            import kgraph.assemble  # noqa: F401
        finally:
            _READER["stop"].set()
            reader.shutdown()
        spans = _outcome(early[0], reading)
    finally:
        _READER.clear()
    return [(_extract_spooled, (task, spool, spans[i], store)) if i < len(spans)
            else (_run_task, (task, max_file_size, store)) for i, task in enumerate(early)]


def _spool_file() -> IO[bytes] | None:
    """An unnamed temporary file for the read-ahead; None where none can be made."""
    import tempfile

    try:
        return tempfile.TemporaryFile(prefix="kgraph-read-ahead-")
    except OSError:  # no writable temporary folder: no read-ahead, the workers read it all
        return None


_READER: dict[str, Any] = {}  # the read-ahead's batches, stop flag and spool, for its fork


def _ingest_early() -> list[tuple[int, int]]:
    """The reader's work: batches read in order into the spool until told to stop.

    Returns where each finished batch's pickled records lie in the spool, as (offset,
    length). Where the spool cannot be written (a full disk), it stops early: the workers
    read the other batches themselves.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for batch in _READER["batches"]:
        if _READER["stop"].is_set():
            break
        records = pickle.dumps(_ingest_task(batch, _READER["max_file_size"]),
                               pickle.HIGHEST_PROTOCOL)
        try:
            if os.pwrite(_READER["spool"], records, offset) != len(records):
                break
        except OSError:
            break
        spans.append((offset, len(records)))
        offset += len(records)
    return spans


def _extract_spooled(task: Task, spool: int, span: tuple[int, int],
                     store: Cache | None) -> tuple[list[Result], dict[str, float]]:
    """Extract a batch that the read-ahead reader left in the spool (in a worker)."""
    offset, length = span
    return _extract_task(task, pickle.loads(os.pread(spool, length, offset)), store)
