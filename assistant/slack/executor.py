"""The thread pool Bolt runs lazy listeners (the answers) in, and can wait for on shutdown.

Bolt acknowledges a request, then answers in a lazy listener on this pool. On SIGTERM the
server stops taking requests and `drain(grace)` waits for the answers already started. Its
threads are daemons (unlike ThreadPoolExecutor's, which the interpreter joins at exit), so
an answer stuck past the grace period cannot keep the process from exiting.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class DrainableExecutor(Executor):
    """Up to `max_workers` daemon threads; `drain(timeout)` waits for every job submitted."""

    def __init__(self, max_workers: int = 8, *, thread_name_prefix: str = "sendplan-slack"):
        self.max_workers = max_workers
        self._prefix = thread_name_prefix
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = threading.Semaphore(0)
        self._pending = 0
        self._changed = threading.Condition()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._changed:
            if self._closed:
                raise RuntimeError("cannot schedule new work after shutdown")
            self._pending += 1
            self._jobs.put((future, fn, args, kwargs))
            if not self._idle.acquire(blocking=False) and len(self._threads) < self.max_workers:
                self._start_thread()
        return future

    @property
    def pending(self) -> int:
        """Jobs running or queued."""
        with self._changed:
            return self._pending

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until nothing is running or queued; False if `timeout` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._changed:
            self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        if wait:
            for thread in self._threads:
                thread.join()

    def _start_thread(self) -> None:
        name = f"{self._prefix}_{len(self._threads)}"
        thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, fn, args, kwargs = job
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args, **kwargs))
                except BaseException as exc:  # handed to whoever waits on the future
                    future.set_exception(exc)
            with self._changed:
                self._pending -= 1
                self._changed.notify_all()
            self._idle.release()
