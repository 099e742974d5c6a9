"""``engine="dask"``: :func:`kgraph.workers.process_batch` mapped by a Dask bag.

Workers read the files themselves (a cluster shares a file system with its client) and
run the same function as local workers; results come back in file order, so the graph is
byte-identical to a local build. Assembly and export stay on the client. Dask's own
logging goes to kgraph's log, warnings and worse only.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from kgraph.errors import UsageError
from kgraph.workers import Batch, Options, process_batch

__all__ = ["dask_batches"]


def dask_batches(batches: Sequence[Sequence[str]], options: Options, *,
                 scheduler: str | None, workers: int | None) -> list[Batch]:
    """:func:`~kgraph.workers.process_batch` of every batch, in order, on a Dask cluster:
    at ``scheduler`` (``tcp://host:8786``), or a local one of ``workers`` processes.

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
    for name in ("distributed", "dask", "bokeh", "tornado"):  # into kgraph's log, and quiet
        logger = logging.getLogger(name)
        logger.setLevel(max(logging.WARNING, logging.getLogger("kgraph").getEffectiveLevel()))
        logger.handlers.clear()
        logger.propagate = True
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=30)
        else:
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None, host="127.0.0.1",
                                   silence_logs=logging.getLogger("kgraph").getEffectiveLevel())
            client = Client(cluster)
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        bag = db.from_sequence(batches, npartitions=max(1, len(batches)))
        return list(bag.map(process_batch, options).compute(scheduler=client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
