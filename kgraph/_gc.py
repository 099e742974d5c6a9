"""Pausing Python's cyclic garbage collector around the serial stages."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector off, then restore it.

    Reading records back (from workers or the cache), assembly and export allocate hundreds
    of thousands of container objects that live on. Each of those allocations counts
    towards a collection, and every full collection walks all the objects there are: in a
    6,000-file build the collector took a third of assembly's time and found nothing to
    free. Reference counting still frees everything else at once; cycles made meanwhile
    wait for the next full collection after the block.
    """
    enabled = gc.isenabled()
    others_frozen = gc.get_freeze_count()  # what the caller froze stays frozen
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made in the block is still young: the first collections after it
            # would walk all of it twice before it reached the oldest generation (4 s after
            # reading 60,000 cached files). Frozen and unfrozen, it moves there at once.
            if not others_frozen:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
