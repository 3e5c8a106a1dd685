"""The worker pool: processes that hold the store read-only and answer one query at a time; a worker that
overruns its deadline is killed and replaced, the only way to stop a running Oxigraph query."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from graph.errors import StoreError
from graph.server.protocol import Answer, Work, evaluate
from graph.store import GraphStore, open_store

_START_TIMEOUT = 120


def _worker_main(conn: Connection, store_path: str) -> None:
    """A worker process: open the store read-only once, then answer queries until told to stop."""
    store: GraphStore | None = None
    failure = ""
    try:
        store = open_store(store_path, read_only=True)
    except StoreError as exc:
        failure = str(exc)
    conn.send("ready")
    while True:
        try:
            work = conn.recv()
        except EOFError:
            return
        if work is None:
            return
        if store is None:
            answer = Answer.error(500, failure)
        else:
            try:
                answer = evaluate(store, work)
            except Exception as exc:  # a worker must answer whatever happens, or the request would hang
                answer = Answer.error(500, f"the query failed: {exc}")
        conn.send(answer)



class _Worker:
    def __init__(self, context: Any, store_path: str) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_worker_main, args=(child, store_path), daemon=True)
        self.process.start()
        child.close()
        # Wait until the worker has imported everything and opened the store, so that start-up
        # time is never counted against a query's timeout.
        if not self.conn.poll(_START_TIMEOUT) or self.conn.recv() != "ready":
            self.kill()
            raise StoreError(f"a query worker did not start within {_START_TIMEOUT} s")

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class QueryPool:
    """Worker processes holding the store read-only; one that overruns its deadline is replaced."""

    def __init__(self, store_path: str, size: int, timeout: float) -> None:
        # spawn, not fork: the HTTP server runs threads, and forking a threaded process is unsafe.
        self._context = multiprocessing.get_context("spawn")
        self._store_path = store_path
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self._store_path)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, work: Work) -> Answer:
        """Evaluate ``work`` in a worker within the timeout, or answer 503."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.error(503, f"every query worker stayed busy for {self.timeout:g} s: try again later")
        try:
            worker.conn.send(work)
            if worker.conn.poll(self.timeout):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (OSError, EOFError):
            pass
        # Overran (or died): stop it the only way a running Oxigraph query can be stopped.
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self._add()
        return Answer.error(503, f"the query ran longer than this endpoint's limit of {self.timeout:g} s and was "
                                 "stopped: narrow it or add a LIMIT")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
