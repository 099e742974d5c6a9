"""Writing one output file in a forked child process while this process writes the others.

The child inherits the graph in memory as it is (nothing is pickled or copied up front),
so two files are written at once on two cores. It reports back through a pipe: nothing
on success, else its exception. Where there is no ``os.fork`` (Windows), with one CPU, or
when this process runs other threads (a fork copies only the calling thread, so a lock
another thread holds would stay locked in the child), :func:`start` returns None and the
caller writes the file itself.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable

from kgraph.errors import KgraphError

__all__ = ["Child", "start", "can_fork"]


def can_fork() -> bool:
    """Whether :func:`start` would run its function in a child process.

    Not with a single CPU to run on: the child would only take turns with this process.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return hasattr(os, "fork") and threading.active_count() == 1 and (cpus or 1) > 1


def start(function: Callable[[], object], what: str) -> Child | None:
    """Call ``function()`` in a forked child process; None where this process should not fork.

    ``what`` names the work in error messages (``"graph.html"``). Call :meth:`Child.wait`
    to learn how it went, or :meth:`Child.stop` to give up on it.
    """
    if not can_fork():
        return None
    for stream in (sys.stdout, sys.stderr):  # else the child could write their buffers again
        if stream is not None:
            stream.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave at once, without running the parent's cleanup
        status = 1
        try:
            os.close(read)
            status = _run(function, write)
        finally:
            os._exit(status)
    os.close(write)
    return Child(pid, read, what)


def _run(function: Callable[[], object], pipe: int) -> int:
    """In the child: call ``function``; on failure send its exception and traceback."""
    try:
        function()
        return 0
    except BaseException as exc:  # KeyboardInterrupt too: the parent raises it again
        try:
            pickled = pickle.dumps(exc)
        except Exception:  # an exception that does not pickle: its traceback will do
            pickled = b""
        with os.fdopen(pipe, "wb") as out:
            out.write(pickle.dumps((traceback.format_exc(), pickled)))
        return 1


class Child:
    """A child process started by :func:`start`."""

    def __init__(self, pid: int, pipe: int, what: str) -> None:
        self.pid, self.what = pid, what
        self.pipe = os.fdopen(pipe, "rb")
        self.running = True

    def wait(self) -> None:
        """Wait for the child to end; raise its exception if it failed.

        Raises
        ------
        BaseException
            The child's own exception, with its traceback as a note; or
            :class:`~kgraph.errors.KgraphError` when it cannot be passed on or the child
            ended without one (killed by a signal).
        """
        with self.pipe:
            payload = self.pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.running = False
        code = os.waitstatus_to_exitcode(status)
        if code == 0:
            return
        if not payload:
            raise KgraphError(f"writing {self.what} failed: its process ended with "
                              f"{f'signal {-code}' if code < 0 else f'exit status {code}'}")
        text = "(its report was cut short)"
        try:
            text, pickled = pickle.loads(payload)
            exc = pickle.loads(pickled)
        except Exception:  # also an exception whose class does not unpickle
            raise KgraphError(f"writing {self.what} failed in a child process:\n{text}") from None
        exc.add_note(f"Raised while writing {self.what} in a child process:\n{text}")
        raise exc

    def stop(self) -> None:
        """End the child now and reap it (when the parent fails and gives up on its work)."""
        if not self.running:
            return
        self.running = False
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self.pipe.close()
