"""The one worker function, :func:`process_batch`, and the process pool that maps it.

:func:`process_batch` reads a batch of files, keys them, asks the cache, extracts what the
cache did not answer and stores it there, and gives back one result per file, in order.
It runs here, in a process pool (:func:`map_batches`) or in a Dask bag
(:mod:`kgraph.dask_engine`): the same function everywhere, so all give the same graph.
"""

from __future__ import annotations

import functools
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph import _config
from kgraph.errors import KgraphError
from kgraph.ingest import read_bytes, read_limited
from kgraph.records import Document, Found, Skip

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Options", "Batch", "Result", "process_batch", "map_batches"]

Result = tuple[Document | Skip, Found]  # a skip has found nothing: ((), ())
_NOTHING: Found = ((), ())


@dataclass(frozen=True)
class Options:
    """Everything a worker needs besides the paths: all of it pickles, for any process."""

    spacy_model: str | None = None  # an installed trained spaCy pipeline, or None
    vocab: str | None = None  # a folder of SKOS vocabularies, or None for ontology/vocab
    max_file_size: int = _config.MAX_FILE_SIZE  # larger files are skips
    cwd: str = "."  # where relative paths are read from
    cache: str | None = None  # the cache's SQLite file, or None for no cache
    salt: str = ""  # what cache keys depend on besides a file (version, code, vocabulary)


@dataclass(frozen=True)
class Batch:
    """What :func:`process_batch` gives back for a list of paths."""

    results: tuple[Result, ...]  # one per path, in order
    keys: tuple[str, ...] = ()  # the cache keys of the files read (those to keep)
    reused: int = 0  # results answered from the cache
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, in this batch


def process_batch(paths: Sequence[str], options: Options) -> Batch:
    """Read, key, ask the cache, extract and store (in one transaction) a batch of files."""
    from kgraph.cache import Cache

    start = time.perf_counter()
    store = Cache(options.cache, options.salt) if options.cache else None
    data = [read_limited(Path(options.cwd, path), options.max_file_size, path) for path in paths]
    keys = [store.key(Path(path).name, content) if store and isinstance(content, bytes) else ""
            for path, content in zip(paths, data)]
    known = store.get([key for key in keys if key]) if store else {}
    items: list[Document | Skip | None] = [
        content if isinstance(content, Skip) else None if key in known
        else read_bytes(content, Path(path).name, path)
        for path, content, key in zip(paths, data, keys)]
    ingested = time.perf_counter()
    found = _extract([item for item in items if isinstance(item, Document)], options)
    results = tuple(_here(known[key], path) if item is None else _result(item, found)
                    for item, key, path in zip(items, keys, paths))
    extracted = time.perf_counter()
    if store:
        store.put([(key, result) for item, key, result in zip(items, keys, results)
                   if key and item is not None])
    seconds = {"ingest": ingested - start, "extract": extracted - ingested,
               "cache": time.perf_counter() - extracted}
    return Batch(results, tuple(key for key in keys if key), items.count(None), seconds)


def _here(cached: Result, path: str) -> Result:
    """A result from the cache; a skip names the file where it is now."""
    return (Skip(path, cached[0].reason), cached[1]) if isinstance(cached[0], Skip) else cached


def _result(item: Document | Skip, found: dict[int, Found]) -> Result:
    return (item.without_text(), found[id(item)]) if isinstance(item, Document) else (item, _NOTHING)


def _extract(docs: list[Document], options: Options) -> dict[int, Found]:
    """What extraction found in each document, by the document's id()."""
    if not docs:  # every file answered from the cache, or skipped: no pipeline needed
        return {}
    from kgraph.extract import extract

    nlp = _pipeline(options.spacy_model, options.vocab)
    return {id(doc): found for doc, found in extract(docs, nlp=nlp)}


@functools.cache
def _pipeline(spacy_model: str | None, vocab: str | None) -> Any:
    """This process's spaCy pipeline for these options, made on first use and kept: the only
    state a process keeps between batches (a forked worker inherits its parent's)."""
    from kgraph.extract import make_pipeline

    return make_pipeline(spacy_model=spacy_model, vocab_dir=vocab)


def map_batches(batches: Sequence[Sequence[str]], options: Options,
                workers: int) -> Iterator[Batch]:
    """:func:`process_batch` of each batch, in order: here with one worker, else in a
    process pool with at most ``2 * workers`` batches in flight (memory stays flat). The
    first batch runs here: its pipeline, if it needs one, is inherited by forked workers.

    Raises
    ------
    KgraphError
        When a worker process dies (killed, out of memory): one line, no graph.
    """
    if not batches:
        return
    yield process_batch(batches[0], options)
    if workers <= 1:
        yield from (process_batch(batch, options) for batch in batches[1:])
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork where there is one: a script that calls build() needs no __main__ guard
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # concurrent.futures rather than multiprocessing.Pool: a worker that dies fails the
    # build instead of hanging it.
    with ProcessPoolExecutor(workers, multiprocessing.get_context(method)) as pool:
        pending: deque[tuple[str, Future[Batch]]] = deque()
        try:
            for batch in batches[1:]:
                pending.append((batch[0], pool.submit(process_batch, batch, options)))
                if len(pending) >= 2 * workers:
                    yield pending[0][1].result()
                    pending.popleft()
            while pending:
                yield pending[0][1].result()
                pending.popleft()
        except BrokenProcessPool:  # every batch not yet done fails: name the first
            first = pending[0][0] if pending else batch[0]
            raise KgraphError(f"a worker process ended abruptly (killed, or out of memory?): "
                              f"{first} and the files after it were not finished, and no "
                              f"graph was written") from None
        finally:
            pool.shutdown(cancel_futures=True)
