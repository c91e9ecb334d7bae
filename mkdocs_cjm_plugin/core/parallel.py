"""Work shared among the processor's cores, with results that come back as pickles.

Reading and validating a file is a function of its bytes alone, so a large handbook is
read by forked workers. Each worker pickles what it made; the caller unpickles it once,
and can keep the very same bytes in the cache of read files (`core.cache`) without
pickling the value a second time, which used to cost the main process as much as the
unpickling.

`Ahead` starts such work before the caller needs it: `cjm check` hands the files to the
workers as soon as it knows where they are, and imports MkDocs and reads mkdocs.yml
while they read.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MAX_WORKERS = 8


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    return 1  # pragma: no cover - Linux is the only system that forks here


def can_fork() -> bool:
    """Whether workers may be forked here: on Linux, with more than one core, in a process
    with a single thread (a lock another thread holds would stay locked in the child:
    `mkdocs serve` runs a thread for its server)."""
    return sys.platform == "linux" and cores() > 1 and threading.active_count() == 1


def _leave_interrupts_to_the_caller() -> None:
    # Ctrl-C reaches every process of the terminal's group: a worker stopped by it
    # would print a traceback of its own. The caller stops, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pickled(func: Callable[[Any], Any], chunk: Sequence[Any]) -> list[bytes]:
    return [pickle.dumps(func(item), protocol=pickle.HIGHEST_PROTOCOL) for item in chunk]


class Ahead:
    """`func` of each item, started on all cores; `results()` collects the pickles.

    Nothing here can make a result wrong, only late: when the workers cannot start or
    die, `results()` ends early and the caller does the rest itself.
    """

    def __init__(self, func: Callable[[Any], Any], items: Sequence[Any]) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[bytes]]] = []
        workers = cores()
        try:
            self._pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_leave_interrupts_to_the_caller)
            # Chunks small enough that a worker finishing early finds more to do, large
            # enough that their round trips cost nothing.
            size = max(1, len(items) // (workers * 8))
            work = functools.partial(_pickled, func)
            self._futures = [self._pool.submit(work, items[start:start + size])
                             for start in range(0, len(items), size)]
        except (OSError, BrokenProcessPool):  # no processes or pipes left, a worker died
            self.close()

    def results(self) -> Iterator[bytes]:
        """The pickled results in the order of the items, each chunk as soon as it is
        done, so that the caller unpickles one while the workers make the next. They end
        early when the workers fail; the caller does the rest itself."""
        if self._pool is None:
            return
        try:
            for future in self._futures:
                yield from future.result()
        except Exception:
            # A worker killed, or a mistake in `func`: doing the rest itself, the caller
            # gets its result, or the same mistake with a traceback of this process.
            return
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (what they have not done yet is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
