"""The only module that chains the stages: ingest, extract, assemble, then export.

Reading files (and the incremental cache) happens here; ingest and extraction of each
file run where :mod:`kgraph.workers` puts them. Results come back in file order, so any
worker count gives the same graph.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph._gc import gc_paused
from kgraph.errors import NoInputError, UsageError
from kgraph.ids import DEFAULT_BASE_IRI
from kgraph.ingest import DEFAULT_MAX_FILE_SIZE, find_files, read_limited
from kgraph.records import Document, Found, Skip
from kgraph.vocab import load_vocabulary
from kgraph.workers import BATCH, Options, Result, Task, run_batches

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

__all__ = ["build", "write_outputs"]


class _Reader:
    """Batches the input files; with a cache, reads them first and answers what it can.

    Without a cache, nothing here needs a file's bytes: a task holds paths, and the
    process that ingests a batch reads its files (the workers, in parallel).
    """

    def __init__(self, files: list[Path], max_file_size: int, cache: Any, progress: Any) -> None:
        self.files, self.max_file_size, self.cache, self.progress = files, max_file_size, cache, progress
        self.batch = batch_size()
        self.done: dict[int, Result] = {}
        self.keys: dict[int, str] = {}
        self.order: list[int] = []

    def tasks(self) -> Iterator[Task]:
        task: Task = []
        for index, path in enumerate(self.files):
            data = self._read(index, path)
            if data is None:
                continue
            self.order.append(index)
            task.append((str(path), path.name, data, self.keys.get(index, "")))
            if len(task) == self.batch:
                yield task
                task = []
        if task:
            yield task

    def _read(self, index: int, path: Path) -> bytes | str | None:
        if self.cache is None:
            return str(path)
        data = read_limited(path, self.max_file_size)
        if isinstance(data, Skip):
            self._settle(index, data)
            return None
        if self.cache is not None:
            self.keys[index] = self.cache.key(path.name, data)
            cached = self.cache.get(self.keys[index])
            if cached is not None and isinstance(cached[0], Skip):  # say where it is now
                cached = (Skip(str(path), cached[0].reason), cached[1])
            if cached is not None:
                self._settle(index, cached)
                return None
        return data

    def _settle(self, index: int, result: Any) -> None:
        """Record a result that needs no worker: a skip, or a cache hit."""
        self.done[index] = result if isinstance(result, tuple) else (result, ((), ()))
        self.progress.update(1)

    def collect(self, batches: Iterator[list[Result]]) -> list[Result]:
        """All results in file order (whoever extracted them stored them in the cache)."""
        position = 0
        for batch in batches:
            for result in batch:
                index = self.order[position]
                position += 1
                self.done[index] = result
                self.progress.update(1)
        return [self.done[i] for i in range(len(self.files))]


def _deduplicate(files: list[Path], results: list[Result]
                 ) -> tuple[list[tuple[Document, Found]], list[Skip]]:
    """Documents and skips; a file with the same bytes as an earlier one is a skip."""
    docs: list[tuple[Document, Found]] = []
    skips: list[Skip] = []
    first: dict[str, str] = {}
    for path, (item, found) in zip(files, results):
        if isinstance(item, Skip):
            skips.append(item)
        elif item.digest in first:
            skips.append(Skip(str(path), f"duplicate of {first[item.digest]} (same content)"))
        else:
            first[item.digest] = str(path)
            docs.append((item, found))
    return docs, skips


def build(paths: Iterable[str | os.PathLike[str]], *, spacy_model: str | None = None,
          base_iri: str = DEFAULT_BASE_IRI, vocab: str | os.PathLike[str] | None = None,
          workers: int | None = None, max_file_size: int = DEFAULT_MAX_FILE_SIZE,
          cache: str | os.PathLike[str] | None = None, progress: bool = False,
          engine: str = "local", scheduler: str | None = None) -> KnowledgeGraph:
    """Build the knowledge graph of the documents under ``paths``.

    Parameters
    ----------
    paths:
        Files and folders; folders are searched for ``.txt`` and ``.md`` files.
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
        A folder for the incremental cache: unchanged files are not extracted again.
    progress:
        Show a progress bar on stderr.
    engine:
        ``"local"`` (worker processes on this machine) or ``"dask"`` (a Dask bag on a
        dask.distributed cluster; needs the ``dask`` extra; no cache).
    scheduler:
        With ``engine="dask"``: the address of a running scheduler; default: a local
        cluster of ``workers`` processes.

    Returns
    -------
    KnowledgeGraph
        With ``report`` filled in: documents, skipped files with reasons, notes, counts,
        seconds per stage.

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
    _check(base_iri, workers, max_file_size)
    batch_size()  # a wrong KGRAPH_BATCH_SIZE is said before any work
    started = time.perf_counter()
    paths = list(paths)
    files = find_files(paths)
    vocabulary = load_vocabulary(Path(vocab) if vocab else None)
    options = Options(spacy_model, str(vocab) if vocab else None)
    store = _open_cache(cache, options)
    seconds: defaultdict[str, float] = defaultdict(float)
    if engine not in ("local", "dask"):
        raise UsageError(f"unknown engine {engine!r} (choose local or dask)")
    results: list[Result] = []
    if engine == "dask":  # (outside the pause below: a Dask client's event loop makes cycles)
        from kgraph.dask_engine import dask_results

        store = None
        results = dask_results(files, options, max_file_size=max_file_size, scheduler=scheduler,
                               workers=workers, batch=batch_size(), seconds=seconds)
        count = workers or os.cpu_count() or 1
    # Records read from the cache or sent back by workers make no cycles, and they live on
    # into the graph: with the cyclic collector paused, no full collection walks them all
    # again and again (at 60,000 cached files, most of the time of reading the cache).
    with gc_paused():
        if engine == "local":
            results, count = _local_results(files, options, workers=workers, store=store,
                                            max_file_size=max_file_size, progress=progress,
                                            seconds=seconds)
        docs, skips = _deduplicate(files, results)
        if not docs:
            detail = f": {skips[0].file}: {skips[0].reason}" if len(skips) == 1 else ""
            raise NoInputError(f"no document could be read from {', '.join(map(str, paths))}"
                               f" ({len(skips)} file(s) skipped){detail}")
        start = time.perf_counter()
        from kgraph.assemble import assemble

        kg = assemble(docs, base_iri=base_iri, vocabulary=vocabulary)
        seconds["assemble"] = time.perf_counter() - start
        seconds["total"] = time.perf_counter() - started
        kg.report = _report(kg, docs, skips, seconds, store, count)
    return kg


def _local_results(files: list[Path], options: Options, *, workers: int | None, store: Any,
                   max_file_size: int, progress: bool,
                   seconds: defaultdict[str, float]) -> tuple[list[Result], int]:
    """Every file's result, in order, from the cache or from worker processes; and how
    many workers ran."""
    with _progress_bar(len(files), progress) as bar:
        reader = _Reader(files, max_file_size, store, bar)
        count = min(workers or os.cpu_count() or 1, max(1, -(-len(files) // reader.batch)))
        results = reader.collect(run_batches(reader.tasks(), options, count, seconds,
                                             max_file_size, store))
    if store is not None:
        store.prune(set(reader.keys.values()))
    return results, count


def batch_size() -> int:
    """Files per task sent to a worker: 32, or the environment's ``KGRAPH_BATCH_SIZE``
    (small batches put a few files on several workers, as tests and experiments want).

    Raises
    ------
    UsageError
        When ``KGRAPH_BATCH_SIZE`` is not a whole number above 0.
    """
    text = os.environ.get("KGRAPH_BATCH_SIZE", "").strip()
    if not text:
        return BATCH
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"KGRAPH_BATCH_SIZE must be a whole number above 0, not {text!r}")
    return int(text)


def _check(base_iri: str, workers: int | None, max_file_size: int) -> None:
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


def _open_cache(folder: str | os.PathLike[str] | None, options: Options) -> Any:
    if folder is None:
        return None
    from kgraph.cache import Cache, fingerprint
    from kgraph.resources import ontology_dir, version

    vocab = Path(options.vocab) if options.vocab else ontology_dir() / "vocab"
    # the code that reads and extracts, too: an edited checkout must not reuse old results
    here = Path(__file__).parent
    code = [*sorted(here.glob("ingest/*.py")), *sorted(here.glob("extract/*.py")),
            here / "records.py"]
    salt = fingerprint(version(), options.spacy_model, vocab, ontology_dir() / "extraction.toml",
                       *code)
    return Cache(folder, salt)


def _progress_bar(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm(total=total, unit="file", disable=not enabled, leave=False, dynamic_ncols=True,
                desc="kgraph build", mininterval=0.5)


def _report(kg: KnowledgeGraph, docs: list[tuple[Document, Found]],
            skips: list[Skip], seconds: defaultdict[str, float], store: Any, workers: int) -> dict[str, Any]:
    notes = [{"file": doc.source_file, "note": note} for doc, _ in docs for note in doc.notes]
    notes += _merged_notes(docs)
    report: dict[str, Any] = {
        "documents": len(docs),
        "skipped": [{"file": s.file, "reason": s.reason} for s in skips],
        "notes": notes,
        "counts": dict(sorted(kg.counts().items())),
        "mentions": sum(len(found[0]) for _, found in docs),
        "relations": sum(len(found[1]) for _, found in docs),
        "workers": workers,
        "seconds": {k: round(v, 3) for k, v in sorted(seconds.items())},
    }
    report["reused"] = store.hits if store is not None else 0  # files not extracted again
    return report


def _merged_notes(docs: list[tuple[Document, Found]]) -> list[dict[str, str]]:
    """Documents of two files with the same URL are one node; say so."""
    first: dict[str, str] = {}
    notes = []
    for doc, _ in docs:
        if doc.id in first:
            notes.append({"file": doc.source_file,
                          "note": f"same URL as {first[doc.id]}; merged into one document"})
        first.setdefault(doc.id, doc.source_file)
    return notes


def write_outputs(kg: KnowledgeGraph, out_dir: str | os.PathLike[str], *,
                  formats: Iterable[str] = ("ttl", "html"),
                  max_nodes: int | None = None) -> dict[str, Any]:
    """Write ``graph.<format>`` for each of ``formats``, and ``report.json``, into ``out_dir``.

    Every file is written into a temporary folder first and moved into place at the end,
    so an interrupted build leaves the previous output whole. Returns the report,
    completed with the triple count and the export time. ``max_nodes`` is the HTML view's
    node budget (0: no limit).
    """
    import json
    import shutil
    import tempfile

    from kgraph.export.files import write_atomic
    from kgraph.export.formats import write_formats

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".kgraph-tmp-*"):  # left by an interrupted build
        shutil.rmtree(stale, ignore_errors=True)
    start = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=".kgraph-tmp-", dir=out))
    try:
        triples, written = write_formats(kg, staging, formats, max_nodes=max_nodes)
        report = {**kg.report, "triples": triples}
        export = time.perf_counter() - start
        seconds = report.get("seconds", {})
        report["seconds"] = {**seconds, "export": round(export, 3),
                             "total": round(seconds.get("total", 0) + export, 3)}
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        write_atomic(staging / "report.json", text.encode("utf-8"))
        for path in [*written, staging / "report.json"]:
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report
