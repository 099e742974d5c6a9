"""The collector pause around the stages that make long-lived records."""

from __future__ import annotations

import gc

import pytest

from kgraph._gc import gc_paused


@pytest.fixture
def collector():
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


def test_what_the_block_made_is_not_left_for_the_young_collections(collector):
    with gc_paused():
        assert not gc.isenabled()
        kept = [[i] for i in range(100_000)]  # a container each, as records are
    assert gc.isenabled()
    # Left young, they would be walked by the next young collections on their way up:
    # they are in the oldest generation already.
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in kept)


def test_cycles_made_in_the_block_are_still_freed_later(collector):
    import weakref

    class Node:
        pass

    with gc_paused():
        node = Node()
        node.me = node
        alive = weakref.ref(node)
        del node
    gc.collect()  # a full collection: the block's objects are in the oldest generation
    assert alive() is None


def test_objects_the_caller_froze_stay_frozen(collector):
    gc.freeze()
    frozen = gc.get_freeze_count()
    with gc_paused():
        made = [[i] for i in range(1_000)]
    assert gc.get_freeze_count() == frozen and made


def test_a_paused_caller_stays_paused(collector):
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
