"""Ingest benchmark: the embedded store against a plain rdflib graph, extraction throughput, remote stores.

Run from the repository root (it takes about 15 minutes on 2 cores; the figures go to stdout)::

    python -m bench.ingest_bench                       # 100k, 1M and 5M triples, extraction, remote ingest
    python -m bench.ingest_bench --sizes 100000 --remote-docs 100   # a quick look

For each size, in a fresh process each (so peak memory is that run's own): ingest rate of the
generated corpus (``bench/corpus.py``: documents and triples per second, extraction excluded:
generation, mapping and N-Quads serialisation run in ``--jobs`` worker processes, the bulk writes in
the main one, as ``dutygraph ingest DIR`` does), peak memory of the process tree, store size on disk,
time to reopen the store, and the time of every saved query (``ontology/queries/*.rq``, median of 3);
then the same for rdflib's in-memory Dataset (its "reopen" is re-parsing the N-Quads), and the
ratios.  Then extraction throughput on real-shaped text (the seeds with their figures perturbed),
and `dutygraph ingest DIR --jobs 2` of the same 1,000 documents into the embedded store, an Oxigraph
server and Virtuoso.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import functools
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil
import pyoxigraph as ox

from bench.corpus import generate_document, generate_repetitive_document, sample_copies
from bench.query_benchmark import compact_as_ingest
from graph.ingest import BATCH_QUADS, BatchWriter, CorpusReport, DocumentSummary, _parallel, summarise
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.store import DocumentGraph, OxigraphStore, document_graph, open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "samples").glob("*.txt"))
SIZES = (100_000, 1_000_000, 5_000_000)
QUERY_CAP = 60  # seconds per saved query, on either engine: a slower one is reported as "> 60 s"
SEED = 2024


# --- measuring --------------------------------------------------------------------------------------

class PeakMemory:
    """Peak resident memory of this process and its children, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def disk_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def time_query(setup: Callable[[], Callable[[], int]]) -> dict[str, Any]:
    """Median of up to 3 runs of the function ``setup`` returns (untimed), in a forked child killed after QUERY_CAP.

    The function returns a row count.  Neither engine can cancel a running query, and a quadratic
    one would hold the whole benchmark up.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        times: list[float] = []
        rows = 0
        try:
            run = setup()
            while len(times) < 3 and sum(times) < QUERY_CAP / 3:
                started = time.perf_counter()
                rows = run()
                times.append(time.perf_counter() - started)
            sender.send({"seconds": statistics.median(times), "rows": rows})
        except Exception as exc:  # rdflib fails on some queries the standard allows: reported, not fatal
            sender.send({"seconds": None, "rows": None, "error": f"{type(exc).__name__}: {exc}"[:80]})

    process = context.Process(target=child)
    process.start()
    if receiver.poll(QUERY_CAP):
        result: dict[str, Any] = receiver.recv()
        process.join()
        return result
    process.kill()
    process.join()
    return {"seconds": None, "rows": None}


# --- the generated corpus, as the ingest pipeline sees it -------------------------------------------

def _graph_of(index: int, seed: int, corpus: str = "national") -> tuple[DocumentGraph, DocumentSummary]:
    """Worker: one generated document, mapped and serialised exactly as `ingest` does after extraction."""
    document = (generate_repetitive_document if corpus == "province" else generate_document)(index, seed)
    quads = document_to_quads(document)
    return document_graph(iris.document_iri(document.doc_id), quads), summarise(document, len(quads))


def documents_for(triples: int, seed: int) -> int:
    """How many generated documents hold about ``triples`` triples (from the first five)."""
    sample = [len(document_to_quads(generate_document(i, seed))) for i in range(5)]
    return max(1, round(triples / statistics.mean(sample)))


def graphs(n_docs: int, seed: int, jobs: int) -> Iterator[tuple[DocumentGraph, DocumentSummary]]:
    # `ingest DIR`'s own pool (a few documents in flight per worker): `pool.map` would submit every
    # document at once and queue the workers' answers here while the writer is busy, which at 5M was
    # several hundred MB of the measured peak that `ingest DIR` never holds.
    yield from _parallel(functools.partial(_graph_of, seed=seed), range(n_docs), jobs)  # type: ignore[arg-type]


def saved_query_bindings(seed: int) -> dict[str, ox.NamedNode | ox.Literal]:
    """A value for each kind of saved-query parameter, taken from the first generated document."""
    doc = generate_document(0, seed)
    city = next(r for r in doc.regions if r.level != "province")
    return {
        "unit": ox.NamedNode(iris.unit_iri(doc.province, "省环保厅")),
        "leader": ox.NamedNode(iris.leader_iri(doc.province, doc.leaders[0].name)),
        "region": ox.NamedNode(iris.region_iri(city.adcode)),
        "province": ox.NamedNode(iris.region_iri(doc.province or "")),  # by name: a province parameter
        "task": ox.NamedNode(iris.problem_iri(doc.doc_id, "3")),
        "problem": ox.NamedNode(iris.problem_iri(doc.doc_id, "3")),
        "date": ox.Literal("2019-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        "text": ox.Literal("稀土"),
    }


def saved_queries() -> list[tuple[str, str, dict[str, str]]]:
    """(name, SPARQL, {variable: kind}) of every saved query; graph/query.py's queries if there are none."""
    try:
        from graph.sparql.saved import saved_queries as found
    except ImportError:
        found = None
    if found is not None and found():
        cases = []
        for q in found().values():
            # Every parameter bound; then, for a query with optional ones (a province scope), without them.
            cases.append((q.name, q.text({p.name for p in q.params}), {p.name: p.kind for p in q.params}))
            required = {p.name: p.kind for p in q.params if not p.optional}
            if len(required) < len(q.params):
                cases.append((f"{q.name} (all documents)", q.text(required), required))
        return cases
    from graph import query

    return [(name.strip("_").lower(), text, {}) for name, text in vars(query).items()
            if name.startswith("_") and name.isupper() and isinstance(text, str) and "SELECT" in text]


# --- one measurement, in its own process -------------------------------------------------------------

def write_batches(store: OxigraphStore, graphs: Iterable[tuple[DocumentGraph, DocumentSummary]]) -> int:
    """Write ``graphs`` as `ingest DIR` writes them (in a thread, batch by batch); the quads written."""
    writer = BatchWriter(store, CorpusReport())
    batch: list[DocumentGraph] = []
    summaries: list[DocumentSummary] = []
    size = written = 0
    for graph, summary in graphs:
        batch.append(graph)
        summaries.append(summary)
        size += graph.quads
        written += graph.quads
        if size >= BATCH_QUADS:
            writer.write(batch, summaries)
            batch, summaries, size = [], [], 0
    writer.write(batch, summaries)
    writer.close()
    return written


def measure_embedded(triples: int, jobs: int, workdir: Path, queries_too: bool = True) -> dict[str, Any]:
    n_docs = documents_for(triples, SEED)
    path = workdir / "store"
    with PeakMemory() as memory:
        started = time.perf_counter()
        cpu = time.process_time()  # the writer's share (loader, RocksDB threads): less sensitive to a shared machine
        store = OxigraphStore(path)
        written = write_batches(store, graphs(n_docs, SEED, jobs))
        store.close()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    reopen, store = timed(lambda: open_store(str(path), read_only=True))
    first, _ = timed(lambda: store.select("SELECT (COUNT(*) AS ?n) WHERE { ?d a dg:Document }"))
    store.close()
    bindings = saved_query_bindings(SEED)
    queries = {}
    from graph.sparql.run import run_query

    for name, sparql, params in saved_queries() if queries_too else []:
        values = {var: bindings.get(var, bindings[kind]) for var, kind in params.items()}

        def setup(s: str = sparql, v: dict[str, Any] = values) -> Callable[[], int]:
            reader = open_store(str(path), read_only=True)
            return lambda: len(run_query(reader, s, v).rows)

        queries[name] = time_query(setup)
    return {"backend": "embedded", "documents": n_docs, "triples": written, "seconds": seconds, "cpu": cpu,
            "peak_memory": memory.peak, "disk": disk_size(path), "reopen": reopen, "first_query": first,
            "queries": queries}


def measure_rdflib(triples: int, jobs: int, workdir: Path) -> dict[str, Any]:
    import rdflib

    n_docs = documents_for(triples, SEED)
    written = 0
    nquads = workdir / "corpus.nq"
    with PeakMemory() as memory:
        started = time.perf_counter()
        dataset = rdflib.Dataset(default_union=True)
        with nquads.open("wb") as out:
            for graph, _ in graphs(n_docs, SEED, jobs):
                data = graph.body + graph.mark
                out.write(data)
                dataset.parse(data=data.decode("utf-8"), format="nquads")
                written += graph.quads
        seconds = time.perf_counter() - started
        reopen, _ = timed(lambda: rdflib.Dataset(default_union=True).parse(str(nquads), format="nquads"))
    from graph.sparql.text import PREFIXES

    bindings = {k: (rdflib.URIRef(v.value) if isinstance(v, ox.NamedNode)
                    else rdflib.Literal(v.value, datatype=rdflib.URIRef(v.datatype.value)))
                for k, v in saved_query_bindings(SEED).items()}
    queries = {}
    for name, sparql, params in saved_queries():
        values = {var: bindings.get(var, bindings[kind]) for var, kind in params.items()}
        queries[name] = time_query(lambda s=sparql, v=values: lambda: len(list(
            dataset.query(s, initNs=PREFIXES, initBindings=v))))
    return {"backend": "rdflib", "documents": n_docs, "triples": written, "seconds": seconds,
            "peak_memory": memory.peak, "disk": None, "reopen": reopen, "first_query": None, "queries": queries}


def run_one(backend: str, triples: int, jobs: int, queries_too: bool = True) -> dict[str, Any]:
    """Measure in a fresh process; its JSON comes back on stdout (with the load average around it)."""
    command = [sys.executable, "-m", "bench.ingest_bench", "--one", backend, "--sizes", str(triples),
               "--jobs", str(jobs)] + ([] if queries_too else ["--no-queries"])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"backend": backend, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]
    return result


# --- extraction throughput ---------------------------------------------------------------------------

def perturbed_seeds(directory: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """``n_docs`` real-shaped documents: the seeds with their multi-digit figures changed, under new names."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n_docs):
        text = re.sub(r"\d{2,}", lambda m: str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)),
                      texts[index % len(texts)])
        path = directory / f"doc_{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _extract_size(path: Path) -> int:
    from graph.extract.document import extract_file

    extract_file(path)
    return path.stat().st_size


def extraction_throughput(workdir: Path, jobs: int) -> dict[str, Any]:
    paths = perturbed_seeds(workdir / "extract", 300)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    _extract_size(paths[0])  # lexicons and gazetteer loaded once, as in a long run
    cpu = time.process_time()
    one, _ = timed(lambda: [_extract_size(p) for p in paths])
    cpu = time.process_time() - cpu
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        list(pool.map(_extract_size, paths[:jobs * 2]))  # warm the workers
        many, _ = timed(lambda: list(pool.map(_extract_size, paths, chunksize=4)))
    return {"documents": len(paths), "megabytes": megabytes, "one_core": megabytes / one,
            "per_cpu_second": megabytes / cpu, "load": os.getloadavg()[0],
            "jobs": jobs, "all_cores": megabytes / many, "per_core": megabytes / many / jobs}


# --- 1,000 documents through `dutygraph ingest DIR` into each backend --------------------------------

def remote_ingest(workdir: Path, n_docs: int, jobs: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.support.servers import start_oxigraph, start_virtuoso

    corpus = workdir / "corpus"
    perturbed_seeds(corpus, n_docs, seed=11)
    dutygraph = shutil.which("dutygraph", path=str(Path(sys.executable).parent)) or "dutygraph"
    results = []
    for name, start in (("embedded", None), ("oxigraph server", start_oxigraph), ("virtuoso", start_virtuoso)):
        server = start(workdir / name.replace(" ", "-")) if start else None
        location = server.url if server else str(workdir / "embedded.db")
        try:
            elapsed, done = timed(lambda loc=location: subprocess.run(
                [dutygraph, "--store", loc, "ingest", str(corpus), "--jobs", str(jobs)],
                capture_output=True, text=True, check=False))
            summary = re.search(r"stored (\d+) document\(s\), (\d+) triples", done.stderr)
            results.append({"backend": name, "seconds": elapsed, "exit": done.returncode,
                            "documents": int(summary.group(1)) if summary else None,
                            "triples": int(summary.group(2)) if summary else None})
        finally:
            if server:
                server.stop()
    return results


# --- the corpora side by side: today's generator, one province's repetitive corpus, the ---
# --- Jiangxi plan stored N times ----------------------------------------------------------------------

def measure_corpus(corpus: str, n_docs: int, jobs: int, workdir: Path) -> dict[str, Any]:
    """Ingest ``n_docs`` generated documents of ``corpus`` as `ingest DIR` writes them (extraction
    excluded) and compacts them; time (the compaction's too, and apart), size on disk."""
    path = workdir / f"{corpus}.db"
    started = time.perf_counter()
    cpu = time.process_time()  # the writer's share (loader, compaction, RocksDB threads), as measure_embedded
    store = OxigraphStore(path)
    work = functools.partial(_graph_of, seed=SEED, corpus=corpus)
    written = write_batches(store, _parallel(work, range(n_docs), jobs))
    compacted = compact_as_ingest(store, written)
    quads = store.count()
    store.close()
    seconds = time.perf_counter() - started
    return {"corpus": corpus, "documents": n_docs, "quads": quads, "seconds": seconds, "compacted": compacted,
            "cpu": time.process_time() - cpu, "disk": disk_size(path)}


def measure_copies(n_copies: int, jobs: int, workdir: Path) -> dict[str, Any]:
    """`dutygraph ingest DIR --jobs N` of the Jiangxi plan stored ``n_copies`` times, extraction included."""
    corpus = workdir / "copies"
    sample_copies(corpus, n_copies)
    path = workdir / "copies.db"
    elapsed, done = timed(lambda: subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--store", str(path), "ingest", str(corpus), "--jobs", str(jobs)],
        capture_output=True, text=True, check=False, cwd=ROOT))
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    with open_store(str(path), read_only=True) as store:
        quads = store.count()
    return {"corpus": "copies", "documents": n_copies, "quads": quads, "seconds": elapsed, "disk": disk_size(path)}


def corpora(args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    """Every corpus of ``--corpora``, each measured once."""
    results = []
    for corpus in args.corpora:
        if corpus == "copies":
            results.append(measure_copies(args.copies, args.jobs, workdir))
        else:
            n_docs = documents_for(args.national, SEED) if corpus == "national" else args.province
            results.append(measure_corpus(corpus, n_docs, args.jobs, workdir))
        print(json.dumps(results[-1]), file=sys.stderr)
    return results


def print_corpora(after: list[dict[str, Any]], before: list[dict[str, Any]], ref: str | None) -> None:
    old = {r["corpus"]: r for r in before}
    print(f"\n### Corpora side by side{f' (before: {ref})' if ref else ''}\n")
    print("| corpus | documents | quads before | quads after | ingest before | ingest after | of which compaction "
          "before / after | writer CPU-s before / after | docs/s before | docs/s after | disk before | disk after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in after:
        b = old.get(r["corpus"], {})

        def cell(key: str, fmt: str, row: dict[str, Any]) -> str:
            return format(row[key], fmt) if key in row else "-"
        print(f"| {r['corpus']} | {r['documents']} | {cell('quads', ',', b)} | {r['quads']:,} | "
              f"{cell('seconds', '.1f', b)} s | {r['seconds']:.1f} s | {_compaction(b)} / {_compaction(r)} | "
              f"{cell('cpu', '.1f', b)} / {cell('cpu', '.1f', r)} | "
              f"{b['documents'] / b['seconds'] if b else 0:.1f} | {r['documents'] / r['seconds']:.1f} | "
              f"{_fmt_bytes(b['disk']) if b else '-'} | {_fmt_bytes(r['disk'])} |")


# --- report ------------------------------------------------------------------------------------------

def _compaction(row: dict[str, Any]) -> str:
    seconds = row.get("compacted")
    return "-" if seconds is None else f"{seconds:.1f} s"


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(encoding="utf-8"))
        cpu = found.group(1).strip() if found else cpu
    memory = psutil.virtual_memory().total / 2**30

    return (f"{dt.date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}")


def _fmt_ratio(value: float) -> str:
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"


def _fmt_query(figures: dict[str, Any]) -> str:
    if figures.get("error"):
        return f"fails ({figures['error']})"
    return _fmt_seconds(figures.get("seconds"))


def _fmt_seconds(value: float | None) -> str:
    if value is None:
        return f"> {QUERY_CAP} s"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def _fmt_bytes(value: int | None) -> str:
    return "in memory" if value is None else f"{value / 2**20:,.0f} MiB"


def print_size(embedded: dict[str, Any], baseline: dict[str, Any]) -> None:
    print(f"\n### {embedded.get('triples', 0):,} triples ({embedded.get('documents')} documents; load average "
          f"{embedded.get('load', 0):.1f} after the embedded run, {baseline.get('load', 0):.1f} after rdflib's)\n")
    if "error" in embedded:
        print(f"failed: {embedded['error']}")
        return
    if "error" in baseline:
        # The embedded figures still count (rdflib is not run above --rdflib-max).
        print(f"rdflib: {baseline['error']}\n")
        baseline = {"queries": {}}
    base = "seconds" in baseline

    def versus(cell: Any) -> str:
        return cell() if base else "-"

    rows = [
        ("ingest", f"{embedded['seconds']:.1f} s", versus(lambda: f"{baseline['seconds']:.1f} s"),
         versus(lambda: f"{baseline['seconds'] / embedded['seconds']:.1f}x")),
        ("documents/s", f"{embedded['documents'] / embedded['seconds']:.1f}",
         versus(lambda: f"{baseline['documents'] / baseline['seconds']:.1f}"), ""),
        ("triples/s", f"{embedded['triples'] / embedded['seconds']:,.0f}",
         versus(lambda: f"{baseline['triples'] / baseline['seconds']:,.0f}"), ""),
        ("main process CPU", f"{embedded.get('cpu', 0):.1f} s", "", ""),
        ("peak memory", _fmt_bytes(embedded["peak_memory"]), versus(lambda: _fmt_bytes(baseline["peak_memory"])),
         versus(lambda: f"{baseline['peak_memory'] / embedded['peak_memory']:.1f}x")),
        ("size on disk", _fmt_bytes(embedded["disk"]), "in memory", ""),
        ("reopen", _fmt_seconds(embedded["reopen"]) + f" (+ {_fmt_seconds(embedded['first_query'])} first query)",
         versus(lambda: _fmt_seconds(baseline["reopen"]) + " (re-parse)"),
         versus(lambda: f"{baseline['reopen'] / embedded['reopen']:.0f}x")),
    ]
    for name, figures in embedded["queries"].items():
        other = baseline["queries"].get(name, {})
        if other.get("seconds") and figures["seconds"]:
            ratio = _fmt_ratio(other["seconds"] / figures["seconds"])
        elif other and not other.get("error") and figures["seconds"]:
            ratio = "> " + _fmt_ratio(QUERY_CAP / figures["seconds"])
        else:
            ratio = ""
        counted = f" ({figures['rows']} rows)" if figures.get("rows") is not None else ""
        rows.append((f"query {name}{counted}", _fmt_query(figures),
                     _fmt_query(other) if other else "", ratio))
    widths = [max(len(r[i]) for r in [*rows, ("", "embedded Oxigraph", "rdflib Dataset", "rdflib / embedded")])
              for i in range(4)]
    header = ("", "embedded Oxigraph", "rdflib Dataset", "rdflib / embedded")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="triples per run, comma-separated ('' for none)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rdflib-max", type=int, default=max(SIZES), help="largest size rdflib is run at")
    parser.add_argument("--remote-docs", type=int, default=1000, help="0 to leave the remote ingest out")
    parser.add_argument("--no-extraction", action="store_true")
    parser.add_argument("--no-queries", action="store_true", help="ingest figures only (embedded store)")
    parser.add_argument("--one", choices=("embedded", "rdflib"), help=argparse.SUPPRESS)
    parser.add_argument("--corpora", nargs="*", default=[], choices=("national", "province", "copies"),
                        help="only the corpora side by side: today's generator (--national triples), one "
                             "province's repetitive corpus (--province documents), the Jiangxi plan stored "
                             "--copies times through `dutygraph ingest DIR`")
    parser.add_argument("--national", type=int, default=2_600_000)
    parser.add_argument("--province", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--before", metavar="REF", default=None,
                        help="with --corpora: also measure the code of git REF (e.g. main), in the same run")
    parser.add_argument("--json", type=Path, default=None, help="with --corpora: write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        workdir = Path(tmp)
        if args.corpora:
            before: list[dict[str, Any]] = []
            if args.before:
                from bench.query_benchmark import run_before

                before = run_before(args.before, "bench.ingest_bench", sys.argv[1:], workdir)["results"]
            after = corpora(args, workdir)
            print(f"## Ingest benchmark\n\nMachine: {machine()}; --jobs {args.jobs}.")
            print_corpora(after, before, args.before)
            if args.json:
                args.json.write_text(json.dumps({"machine": machine(), "results": after, "before": before},
                                                indent=1), encoding="utf-8")
            return
        if args.one:
            if args.one == "embedded":
                print(json.dumps(measure_embedded(sizes[0], args.jobs, workdir, not args.no_queries)))
            else:
                print(json.dumps(measure_rdflib(sizes[0], args.jobs, workdir)))
            return
        print(f"## Ingest benchmark\n\nMachine: {machine()}; --jobs {args.jobs}.")
        for size in sizes:
            embedded = run_one("embedded", size, args.jobs, not args.no_queries)
            baseline = (run_one("rdflib", size, args.jobs) if size <= args.rdflib_max
                        else {"error": [f"rdflib not run above {args.rdflib_max:,} triples (--rdflib-max)"]})
            print_size(embedded, baseline)
            sys.stdout.flush()
        if not args.no_extraction:
            figures = extraction_throughput(workdir, args.jobs)
            print(f"\n### Extraction\n\n{figures['documents']} perturbed seed documents, {figures['megabytes']:.1f} MB "
                  f"of text: {figures['one_core']:.2f} MB/s on one core ({figures['per_cpu_second']:.2f} MB per "
                  f"CPU-second); {figures['all_cores']:.2f} MB/s with {figures['jobs']} processes "
                  f"({figures['per_core']:.2f} MB/s per core); load average {figures['load']:.1f}.")
        if args.remote_docs:
            results = remote_ingest(workdir, args.remote_docs, args.jobs)
            base = results[0]["seconds"]
            print(f"\n### `dutygraph ingest DIR --jobs {args.jobs}`, {args.remote_docs} documents\n")
            print("| store | time | documents | triples | exit | vs embedded |")
            print("|---|---|---|---|---|---|")
            for r in results:
                print(f"| {r['backend']} | {r['seconds']:.1f} s | {r['documents']} | {r['triples']} | {r['exit']} "
                      f"| {r['seconds'] / base:.2f}x |")


if __name__ == "__main__":
    main()
