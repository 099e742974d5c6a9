"""The only module that chains the stages: ingest, extract, assemble, then export.

The files are put in batches, and :func:`kgraph.workers.process_batch` reads, looks up
in the cache, and extracts each batch: in this process, in a process pool, or on a Dask
cluster. Results come back in file order, so any of them gives the same graph.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph import _config, collector
from kgraph.errors import NoInputError, UsageError
from kgraph.export.outputs import write_outputs
from kgraph.ingest import find_files
from kgraph.records import Document, Found, Skip
from kgraph.report import deduplicate, make_report
from kgraph.vocab import load_vocabulary
from kgraph.workers import Batch, Options, Result, map_batches

if TYPE_CHECKING:
    from kgraph.cache import Cache
    from kgraph.graph import KnowledgeGraph

__all__ = ["build", "write_outputs"]


def build(paths: Iterable[str | os.PathLike[str]], *, spacy_model: str | None = None,
          base_iri: str = _config.BASE_IRI, vocab: str | os.PathLike[str] | None = None,
          workers: int | None = None, max_file_size: int = _config.MAX_FILE_SIZE,
          cache: str | os.PathLike[str] | None = None, progress: bool = False,
          engine: str = "local", scheduler: str | None = None,
          batch_size: int = _config.BATCH_SIZE,
          exclude: Iterable[str | os.PathLike[str]] = ()) -> KnowledgeGraph:
    """Build the knowledge graph of the documents under ``paths``.

    Parameters
    ----------
    paths:
        Files and folders; every file in a folder is read, or reported as skipped.
    spacy_model:
        An installed trained spaCy pipeline whose ORG entities add to the rules.
    base_iri:
        The namespace of the graph's own IRIs (absolute, ending in ``/`` or ``#``).
    vocab:
        A folder of SKOS vocabularies (``*.ttl``) to use instead of ``ontology/vocab``.
    workers:
        Processes for ingest and extraction; default: all cores. The graph is the same
        for any number.
    max_file_size:
        Files larger than this many bytes are skipped and reported.
    cache:
        The SQLite file of the incremental cache (``kgraph build`` uses
        ``OUTPUT/.kgraph-cache.sqlite``): unchanged files are not extracted again.
    progress:
        Show a progress bar on stderr.
    engine:
        ``"local"`` (worker processes on this machine) or ``"dask"`` (a Dask bag on a
        dask.distributed cluster; needs the ``dask`` extra; no cache).
    scheduler:
        With ``engine="dask"``: the address of a running scheduler; default: a local
        cluster of ``workers`` processes.
    batch_size:
        Files per batch given to a worker (and per cache transaction). Smaller batches
        put a small corpus on more workers; the graph is the same for any size.
    exclude:
        Folders not to read inside ``paths`` (``kgraph build`` gives its output folder, so
        that a second build does not read the first one's graph.html).

    Returns
    -------
    KnowledgeGraph
        With ``report`` filled in: documents, skipped files with reasons, notes, counts,
        documents reused from the cache and its size, seconds per stage.

    Raises
    ------
    UsageError
        When a path does not exist, an option is out of range, or the spaCy pipeline is
        not installed.
    NoInputError
        When no file could be read as a document.

    Examples
    --------
    >>> kg = build(["seeds/"])
    >>> kg.report["documents"], kg.report["skipped"]
    (5, [])
    """
    _check(base_iri, workers, max_file_size, batch_size)
    if engine not in ("local", "dask"):
        raise UsageError(f"unknown engine {engine!r} (choose local or dask)")
    started = time.perf_counter()
    paths = list(paths)
    files = find_files(paths, exclude=exclude)
    vocabulary = load_vocabulary(Path(vocab) if vocab else None)
    store = _open_cache(cache, spacy_model, vocab) if engine == "local" else None
    options = Options(spacy_model, str(vocab) if vocab else None, max_file_size, os.getcwd(),
                      str(store.path) if store else None, store.salt if store else "")
    batches = [[str(path) for path in files[i:i + batch_size]]
               for i in range(0, len(files), batch_size)]
    count = min(workers or os.cpu_count() or 1, max(1, len(batches)))
    if engine == "dask":  # (outside the pause below: a Dask client's event loop makes cycles)
        from kgraph.dask_engine import dask_batches

        done = dask_batches(batches, options, scheduler=scheduler, workers=workers)
    with collector.paused():
        if engine == "local":
            done = _local_batches(batches, options, count, progress)
        if store is not None:
            store.prune({key for batch in done for key in batch.keys})
        seconds: defaultdict[str, float] = defaultdict(float)
        for batch in done:
            for stage, spent in batch.seconds.items():
                seconds[stage] += spent
        reused, results = sum(b.reused for b in done), [r for b in done for r in b.results]
        del done  # and the cache keys with it (100 bytes a file)
        start = time.perf_counter()
        kg, docs, skips = _assemble(paths, files, results, base_iri, vocabulary)
    seconds["assemble"] = time.perf_counter() - start
    seconds["total"] = time.perf_counter() - started
    kg.report = make_report(kg, docs, skips, seconds, workers=count, reused=reused,
                            cache_bytes=store.path.stat().st_size if store else 0)
    return kg


def _local_batches(batches: list[list[str]], options: Options, count: int,
                   progress: bool) -> list[Batch]:
    """Every batch's result, in order, from this process or a pool of ``count``."""
    done = []
    with _progress_bar(sum(map(len, batches)), progress) as bar:
        for batch in map_batches(batches, options, count):
            done.append(batch)
            bar.update(len(batch.results))
    return done


def _assemble(paths: list[Any], files: list[Path], results: list[Result], base_iri: str,
              vocabulary: Any) -> tuple[KnowledgeGraph, list[tuple[Document, Found]], list[Skip]]:
    """The graph of the documents among ``results``; and the documents and skips."""
    from kgraph.assemble import assemble

    docs, skips = deduplicate(files, results)
    if not docs:
        detail = f": {skips[0].file}: {skips[0].reason}" if len(skips) == 1 else ""
        raise NoInputError(f"no document could be read from {', '.join(map(str, paths))}"
                           f" ({len(skips)} file(s) skipped){detail}")
    return assemble(docs, base_iri=base_iri, vocabulary=vocabulary), docs, skips


def _check(base_iri: str, workers: int | None, max_file_size: int, batch_size: int) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(base_iri)
        absolute = bool(parts.scheme and parts.netloc)
    except ValueError:  # "http://[bad/": a host that does not parse
        absolute = False
    if not absolute or base_iri[-1] not in "/#" or " " in base_iri:
        raise UsageError(f"base IRI must be absolute and end in '/' or '#': {base_iri!r}")
    if workers is not None and workers < 1:
        raise UsageError(f"workers must be 1 or more, not {workers}")
    if max_file_size < 1:
        raise UsageError(f"max file size must be positive, not {max_file_size}")
    if batch_size < 1:
        raise UsageError(f"batch size must be 1 or more, not {batch_size}")


def _open_cache(path: str | os.PathLike[str] | None, spacy_model: str | None,
                vocab: str | os.PathLike[str] | None) -> Cache | None:
    if path is None:
        return None
    from kgraph.cache import Cache, fingerprint
    from kgraph.resources import ontology_dir, version

    vocab_dir = Path(vocab) if vocab else ontology_dir() / "vocab"
    # the code that reads and extracts, too: an edited checkout must not reuse old results
    here = Path(__file__).parent
    code = [*sorted(here.glob("ingest/*.py")), *sorted(here.glob("extract/*.py")),
            here / "records.py"]
    salt = fingerprint(version(), spacy_model, vocab_dir, ontology_dir() / "extraction.toml",
                       *code)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Cache(path, f"{version()}:{salt}").create()


def _progress_bar(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm(total=total, unit="file", disable=not enabled, leave=False, dynamic_ncols=True,
                desc="kgraph build", mininterval=0.5)
