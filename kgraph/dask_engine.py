"""``engine="dask"``: ingest and extraction as a Dask bag on a dask.distributed cluster.

Workers read the files themselves (a cluster shares a file system with its client) and
run the same per-batch code as local workers; results come back in file order, so the
graph is byte-identical to a local build. Assembly and export stay on the client.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from kgraph.errors import UsageError

__all__ = ["dask_results"]


def dask_results(files: list[Path], options: object, *, max_file_size: int,
                 scheduler: str | None, workers: int | None, batch: int,
                 seconds: defaultdict[str, float]) -> list:
    """The result of every file, in order, computed on a Dask cluster.

    Parameters
    ----------
    files:
        The input files, in build order.
    options:
        The pipeline options each worker builds its spaCy pipeline from.
    scheduler:
        Address of a running scheduler (``tcp://host:8786``); None starts a local cluster.
    workers:
        Worker processes of the local cluster (default: all cores).

    Raises
    ------
    UsageError
        When dask.distributed is not installed or the scheduler cannot be reached.
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--engine dask needs Dask: pip install 'kgraph[dask]'") from None
    from kgraph.workers import read_and_run

    tasks = [[(str(p), p.name, str(p.resolve()), "") for p in files[i:i + batch]]
             for i in range(0, len(files), batch)]
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=30)
        else:
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None, host="127.0.0.1")
            client = Client(cluster)
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        bag = db.from_sequence(tasks, npartitions=max(1, len(tasks)))
        done = bag.map(read_and_run, options, max_file_size).compute(scheduler=client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    results = []
    for batch_results, spent in done:
        results.extend(batch_results)
        for stage, value in spent.items():
            seconds[stage] += value
    return results
