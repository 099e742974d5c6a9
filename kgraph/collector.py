"""The build's garbage-collector policy, the only one (docs/performance.md).

A build makes hundreds of thousands of objects that live on: the extraction results, the
graph, then the export's node and triple data. With the cyclic collector on, its full
collections walk them again and again and free nothing. So :func:`kgraph.build` and
:func:`kgraph.export.outputs.write_outputs` each run inside :func:`paused`, and nothing
else touches the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the block, then what the block made moved to the
    oldest generation. Nested, the inner block changes nothing.

    Reading, extraction, assembly and export make no reference cycles worth collecting;
    worker processes forked meanwhile inherit the pause (cycles a trained spaCy pipeline
    may make there are freed when the worker ends).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made in the block is still young: the first collections after it
            # would walk all of it twice on its way to the oldest generation. Frozen and
            # unfrozen, it moves there at once (unless the caller froze objects of its own).
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
