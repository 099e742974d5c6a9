"""graph.html written by a forked child as graph.ttl is written: same bytes, failures reported."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from kgraph.errors import KgraphError
from kgraph.export import child
from kgraph.export.formats import write_formats

pytestmark = pytest.mark.skipif(not child.can_fork(), reason="no os.fork, or one CPU")


@pytest.fixture
def started(monkeypatch):
    """The children that write_formats starts, in a list."""
    children = []
    real_start = child.start

    def start(*args):
        children.append(real_start(*args))
        return children[-1]

    monkeypatch.setattr(child, "start", start)
    return children


def test_the_child_writes_the_same_page_as_the_parent_would(seeds_build, tmp_path, monkeypatch,
                                                            started):
    kg, _, _ = seeds_build
    write_formats(kg, tmp_path / "forked", ("ttl", "html"), max_nodes=40)
    assert len(started) == 1 and started[0] is not None
    monkeypatch.setattr(child, "can_fork", lambda: False)
    write_formats(kg, tmp_path / "here", ("ttl", "html"), max_nodes=40)
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_an_error_in_the_child_is_raised_in_the_parent_with_its_traceback(seeds_build, tmp_path,
                                                                           monkeypatch, started):
    def broken(*args, **kwargs):
        raise ValueError("no page today")

    monkeypatch.setattr("kgraph.export.html.write_html", broken)
    with pytest.raises(ValueError, match="no page today") as failed:
        write_formats(seeds_build[0], tmp_path, ("ttl", "html"))
    assert started[0] is not None
    assert "in a child process" in "".join(failed.value.__notes__)
    assert "broken" in "".join(failed.value.__notes__)


def test_when_the_parent_fails_the_child_is_stopped_and_nothing_is_left(seeds_build, tmp_path,
                                                                        monkeypatch, started):
    from kgraph.pipeline import write_outputs

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("kgraph.export.rdf.write_turtle", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(seeds_build[0], tmp_path)
    assert started[0] is not None and not started[0].running
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0].pid, os.WNOHANG)  # reaped: no zombie
    assert list(tmp_path.iterdir()) == []


class _Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def test_an_exception_that_cannot_travel_becomes_a_kgraph_error_with_the_traceback():
    def fail():
        raise _Unpicklable(1, 2)

    worker = child.start(fail, "graph.test")
    with pytest.raises(KgraphError, match="(?s)writing graph.test failed.*_Unpicklable: 1 2"):
        worker.wait()


def test_a_child_killed_by_a_signal_is_a_kgraph_error():
    worker = child.start(lambda: os.kill(os.getpid(), signal.SIGKILL), "graph.test")
    with pytest.raises(KgraphError, match="graph.test failed: its process ended with signal 9"):
        worker.wait()


def test_a_stopped_child_is_reaped():
    worker = child.start(lambda: signal.pause(), "graph.test")
    worker.stop()
    worker.stop()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not child.can_fork()
        assert child.start(lambda: None, "graph.test") is None
    finally:
        stop.set()
        other.join()
    assert child.can_fork()
