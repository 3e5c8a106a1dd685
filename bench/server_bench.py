"""Saved queries on the Oxigraph server and on Virtuoso beside the embedded store: same corpus, same text.

Run from the repository root (the figures go to stdout, progress to stderr)::

    python -m bench.server_bench                                   # the province corpus, 200 documents
    python -m bench.server_bench --documents 1000                  # about 2.5M quads
    python -m bench.server_bench --corpus copies --documents 200   # the Jiangxi plan stored 200 times

The corpus is one of :mod:`bench.query_benchmark`'s (``province``: one province's repetitive corpus,
whose hub units and governor are named in most documents; ``copies``: the Jiangxi plan of
data/samples/ under other names), written into an embedded store by its ``build_corpus``.  The
Oxigraph server (the ``oxigraph`` command of the test extras, the same version as pyoxigraph) serves
a copy of that store's directory; Virtuoso (Debian's ``virtuoso-t``, started as the tests start it,
on 127.0.0.1) is filled through dutygraph's own remote store (``load_documents``: what ``dutygraph
ingest`` does against a URL), from the same generator.  Every case of ``cases_for`` (each saved query
with the corpus's hub as its parameter) is then asked of each backend through ``GraphStore.query``,
in turn (embedded, Oxigraph server, Virtuoso, then again), median wall time of ``--repeats``, rows
counted; the ratio of each server to embedded is printed.  A query over ``--cap`` seconds is
reported as such (the HTTP client's timeout), not waited for.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.query_benchmark import Case, _documents, _term, build_corpus, cases_for, machine
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.store import DocumentGraph, GraphStore, document_graph, open_store

ROOT = Path(__file__).resolve().parent.parent
BATCH_QUADS = 200_000


def fill_remote(url: str, corpus: str, documents: int) -> float:
    """The first ``documents`` of ``corpus`` written into the store at ``url`` as `ingest` does; seconds."""
    started = time.perf_counter()
    store = open_store(url)
    batch: list[DocumentGraph] = []
    size = 0
    try:
        for number, document in enumerate(_documents(corpus, 0), 1):
            graph = document_graph(iris.document_iri(document.doc_id), document_to_quads(document))
            batch.append(graph)
            size += graph.quads
            if size >= BATCH_QUADS:
                store.load_documents(batch)
                batch, size = [], 0
            if number >= documents:
                break
        store.load_documents(batch)
    finally:
        store.close()
    return time.perf_counter() - started


def ask(store: GraphStore, case: Case) -> int:
    """Run ``case`` on ``store``; the rows it returned."""
    result = store.query(case.sparql, {name: _term(value) for name, value in case.bindings.items()})
    return sum(1 for _ in result)  # type: ignore[attr-defined]


def timed(run: Callable[[], int], repeats: int, cap: float) -> tuple[float | None, int | str]:
    """Median wall seconds of ``repeats`` runs and the rows; None seconds for a run that failed or overran."""
    times: list[float] = []
    rows: int | str = 0
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            rows = run()
        except Exception as exc:  # a backend that cannot answer is reported, not fatal
            return None, f"{type(exc).__name__}: {str(exc)[:80]}"
        seconds = time.perf_counter() - started
        times.append(seconds)
        if seconds > cap:
            return None, rows
    return statistics.median(times), rows


def _cell(result: tuple[float | None, int | str], base: float | None, rows: int | str, cap: float) -> str:
    """A server's time and its ratio to the embedded store's, or why there is none."""
    seconds, got = result
    if seconds is None:
        return f"failed ({got}) | -" if isinstance(got, str) else f">{cap:g} | -"
    differs = "" if got == rows else f" ({got} rows)"
    return f"{seconds:.3f}{differs} | {f'{seconds / base:.2f}' if base else '-'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", choices=("province", "copies"), default="province")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds a query may take before it is given up")
    parser.add_argument("--only", nargs="+", help="only these cases (saved query names)")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temporary one, removed)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.support.servers import start_oxigraph, start_virtuoso

    work = args.work or Path(tempfile.mkdtemp(prefix="dutygraph-server-bench-"))
    servers = []
    try:
        started = time.perf_counter()
        store_path, _, quads, documents, first = build_corpus(args.corpus, 0, work / "embedded",
                                                              documents=args.documents)
        print(f"embedded: {documents} documents, {quads:,} quads in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        shutil.copytree(store_path, work / "oxigraph-server")
        servers.append(start_oxigraph(work / "oxigraph-server"))
        servers.append(start_virtuoso(work / "virtuoso"))
        loaded = fill_remote(servers[1].url, args.corpus, args.documents)
        print(f"virtuoso: filled through the remote store in {loaded:.0f} s", file=sys.stderr)
        backends: dict[str, Any] = {"embedded": open_store(str(store_path), read_only=True),
                                    "oxigraph server": open_store(servers[0].url, read_only=True),
                                    "virtuoso": open_store(servers[1].url, read_only=True)}
        counts = {name: store.count() for name, store in backends.items()}
        info = machine()
        print(f"# server benchmark, {info['date']}, {info['cores']} cores, {info['memory']}, Python {info['python']}, "
              f"pyoxigraph {info['pyoxigraph']}; corpus {args.corpus}, {documents} documents; quads "
              + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        print(f"wall seconds, median of {args.repeats}, backends asked in turn; ratio = server / embedded\n")
        print("| query | rows | embedded s | Oxigraph server s | ratio | Virtuoso s | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for case in cases_for(first, args.corpus):
            if args.only and case.name.split(" (")[0] not in args.only:
                continue
            results = {name: timed(lambda s=store, c=case: ask(s, c), args.repeats, args.cap)
                       for name, store in backends.items()}
            base, rows = results["embedded"]
            cells = [_cell(results[name], base, rows, args.cap) for name in ("oxigraph server", "virtuoso")]
            print(f"| {case.name} | {rows} | {'-' if base is None else f'{base:.3f}'} | {' | '.join(cells)} |",
                  flush=True)
        for store in backends.values():
            store.close()
    finally:
        for server in servers:
            server.stop()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
