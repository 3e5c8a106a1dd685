"""Time every saved query (ontology/queries/*.rq) on a generated national corpus, with rdflib as the baseline.

Not a test: it prints figures (and can write them as JSON). For each size it generates documents
with :mod:`bench.corpus` (real :class:`graph.records.Document` objects mapped by
:func:`graph.model.mapping.document_to_quads`, plus the gazetteer and renames graphs the store
writes), bulk-loads them into an on-disk Oxigraph store, and runs each saved query with its
parameters bound (a unit, a leader, a region, a problem of the corpus, a date). On the 1M graph
it runs the same queries with rdflib's own SPARQL engine over an in-memory ``Dataset`` (union
default graph) and reports the ratio; it also times ``gaps`` rewritten with ``FILTER NOT EXISTS``
instead of ``MINUS`` on both engines, to show why the saved queries use ``MINUS``.

Every query runs in a child process with a deadline (``--cap`` seconds): a query over the cap is
reported as ``>cap`` instead of holding the run up.

    python -m bench.query_benchmark                      # 1M triples, with the rdflib baseline
    python -m bench.query_benchmark --sizes 1M 5M        # and the 5M graph (Oxigraph only)
    python -m bench.query_benchmark --sizes 100k --cap 60 --json out.json
    python -m bench.query_benchmark --only who-owns gaps
    python -m bench.query_benchmark --corpus province --documents 2000 --before REF --alternate

With ``--before REF`` the whole benchmark first runs on the code of REF, then on this checkout's:
each half builds its store and times its queries in turn, so a load that changes between the halves
shows as a difference. ``--alternate`` builds both stores first (the before one by the code of REF,
in its own process) and then asks each query of both, one run before, one run after, in turn, each
in a long-lived child process of its own: both halves meet the same moments of the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.corpus import SAMPLE_PLAN, _repetitive_province, generate_documents, generate_repetitive_documents
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.records import Document, Role
from graph.sparql.saved import SavedQuery, saved_queries
from graph.sparql.text import PREFIXES
from graph.store import document_graph, open_store

SIZES = {"100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}
NOT_EXISTS_VARIANT = "gaps (FILTER NOT EXISTS)"
# unit-duties as it was before dg:dutyKey (mapping version 6), timed beside the saved query on the same store.
BY_TASK_VARIANT = "unit-duties (by task)"
BY_TASK_TEXT = Path(__file__).resolve().parent / "queries" / "unit-duties-by-task.rq"


@dataclass(frozen=True)
class Case:
    """One query to time: its name, text and bindings (as N-Triples terms, to cross a process boundary)."""

    name: str
    sparql: str
    bindings: dict[str, str]


CORPORA = ("national", "province", "copies")


def _documents(corpus: str, seed: int) -> Iterator[Document]:
    """The documents of a corpus, one at a time: ``national`` (:func:`bench.corpus.generate_documents`),
    ``province`` (one province's repetitive corpus) or ``copies`` (the Jiangxi plan of data/samples/
    stored again and again under other names)."""
    if corpus == "national":
        yield from generate_documents(10**9, seed=seed)
    elif corpus == "province":
        yield from generate_repetitive_documents(10**9, seed=seed)
    else:
        from graph.extract.document import extract_file
        from graph.resources import asset_path

        plan = extract_file(asset_path("data", "samples", SAMPLE_PLAN))
        for index in itertools.count():
            name = f"plan_{index:06d}"
            yield dataclasses.replace(plan, doc_id=name, source=f"{name}.txt")


def build_corpus(corpus: str, target: int, directory: Path, seed: int = 0, documents: int | None = None,
                 nquads: bool = False) -> tuple[Path, Path | None, int, int, Document]:
    """Write ``documents`` documents (or enough for ``target`` quads) of ``corpus`` into an on-disk
    store, through the store's own bulk write (:meth:`GraphStore.load_documents`, which adds the
    gazetteer and every shared graph as ``dutygraph ingest`` does) and compacted as ingest leaves it;
    (store, N-Quads dump if asked, quads, documents, first document)."""
    store_path = directory / "store"
    store = open_store(str(store_path))
    batch: list[Any] = []
    size = quads_written = docs = 0
    first: Document | None = None
    for document in _documents(corpus, seed):
        graph = document_graph(iris.document_iri(document.doc_id), document_to_quads(document))
        batch.append(graph)
        size += graph.quads
        quads_written += graph.quads
        docs += 1
        first = first or document
        if size >= 500_000:
            store.load_documents(batch)
            batch, size = [], 0
        if (documents is not None and docs >= documents) or (documents is None and quads_written >= target):
            break
    store.load_documents(batch)
    compact_as_ingest(store, quads_written)
    total = store.count()
    dump: Path | None = None
    if nquads:
        dump = directory / "corpus.nq"
        dump.write_bytes(store.dump_nquads())
    store.close()
    assert first is not None
    return store_path, dump, total, docs, first


def compact_as_ingest(store: Any, written: int) -> float | None:
    """Compact ``store`` as `dutygraph ingest` does after a run that wrote ``written`` triples into it
    (the whole store here); the seconds it took, None below the threshold.  A --before tree older
    than that is compacted the same way, through pyoxigraph itself, so that both halves of a
    comparison read compacted stores."""
    try:
        from graph.ingest import OPTIMIZE_AFTER_TRIPLES as threshold
    except ImportError:
        threshold = 100_000
    if written < threshold:
        return None
    started = time.perf_counter()
    if hasattr(store, "optimize"):
        store.optimize()
    else:
        store._store.optimize()
    return time.perf_counter() - started


def cases_for(document: Document, corpus: str = "national") -> list[Case]:
    """Every saved query with parameters taken from a generated document, plus the NOT EXISTS variant.

    On the repetitive corpora the parameters are the hubs: the environment department (省环保厅), the
    governor (刘奇 in the Jiangxi plan) and a city (上饶市 in the plan; the city of the first city
    document in the province's corpus); elsewhere a lead unit and the first leader of the document.
    """
    lead = next(a for a in document.assignments if a.role is Role.LEAD and a.agent_kind == "unit")
    leader = document.leaders[0].name
    region = iris.region_iri(document.province or "")
    unit = lead.agent
    if corpus != "national":
        unit = "省环保厅"
        leader = "刘奇" if corpus == "copies" else _repetitive_province().leaders[1][0]
        region = iris.region_iri(next(r.adcode for r in document.regions if r.name == "上饶市")
                                 if corpus == "copies" else _repetitive_province().cities[0].adcode)
    values = {
        "unit": f"<{iris.unit_iri(document.province, unit)}>",
        "leader": f"<{iris.leader_iri(document.province, leader)}>",
        "region": f"<{region}>",
        "province": f"<{iris.region_iri(document.province or '')}>",
        "task": f"<{iris.problem_iri(document.doc_id, '3')}>",
        "date": '"2019-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
    }
    cases: list[Case] = []
    queries: dict[str, SavedQuery] = saved_queries()
    for query in queries.values():
        # An optional parameter the corpus has no value for (reported-done's round) is left out.
        bindings = {p.name: values[p.name if p.name in values else p.kind] for p in query.params
                    if not p.optional or (p.name if p.name in values else p.kind) in values}
        cases.append(Case(query.name, query.text(bindings), bindings))
        required = {p.name: values[p.name if p.name in values else p.kind] for p in query.params if not p.optional}
        if len(required) < len(bindings):
            cases.append(Case(f"{query.name} (all documents)", query.text(required), required))
    gaps = queries["gaps"].sparql
    variant = re.sub(r"MINUS \{", "FILTER NOT EXISTS {", gaps)
    cases.append(Case(NOT_EXISTS_VARIANT, variant, {}))
    if BY_TASK_TEXT.exists():  # absent from a --before checkout older than the text
        cases.append(Case(BY_TASK_VARIANT, BY_TASK_TEXT.read_text(encoding="utf-8"), {"unit": values["unit"]}))
    return cases


def _term(text: str) -> Any:
    if text.startswith("<"):
        return ox.NamedNode(text[1:-1])
    value, _, datatype = text.partition("^^")
    return ox.Literal(value.strip('"'), datatype=ox.NamedNode(datatype[1:-1]))


def _worker(conn: Connection, engine: str, location: str) -> None:
    """A child process: load the graph once, then run the queries it is sent and report time and rows."""
    if engine == "oxigraph":
        store = open_store(location, read_only=True)

        def run(case: Case) -> int:
            result = store.query(case.sparql, {k: _term(v) for k, v in case.bindings.items()})
            return sum(1 for _ in result) if isinstance(result, ox.QuerySolutions) else 1
    else:
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        started = time.perf_counter()
        dataset.parse(location, format="nquads")
        conn.send(("loaded", time.perf_counter() - started))

        def run(case: Case) -> int:
            bindings = {rdflib.Variable(k): _rdflib_term(v) for k, v in case.bindings.items()}
            return len(list(dataset.query(case.sparql, initNs=PREFIXES, initBindings=bindings)))
    conn.send(("ready", 0.0))
    while True:
        case = conn.recv()
        if case is None:
            return
        started, cpu = time.perf_counter(), time.process_time()
        try:
            rows = run(case)
        except Exception as exc:  # an engine that cannot run a query is reported, not fatal
            conn.send((f"error: {type(exc).__name__}: {exc}", 0.0, 0.0))
            continue
        conn.send((rows, time.perf_counter() - started, time.process_time() - cpu))


def _rdflib_term(text: str) -> Any:
    import rdflib

    if text.startswith("<"):
        return rdflib.URIRef(text[1:-1])
    value, _, datatype = text.partition("^^")
    return rdflib.Literal(value.strip('"'), datatype=rdflib.URIRef(datatype[1:-1]))


class Runner:
    """Runs cases in a child process, restarting it after a case that overran the cap."""

    def __init__(self, engine: str, location: str, cap: float) -> None:
        self.engine, self.location, self.cap = engine, location, cap
        self.context = multiprocessing.get_context("spawn")
        self.load_seconds: float | None = None
        self._start()

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child, self.engine, self.location), daemon=True)
        self.process.start()
        child.close()
        while True:
            message, seconds = self.conn.recv()
            if message == "loaded":
                self.load_seconds = seconds
            if message == "ready":
                return

    def time(self, case: Case, repeats: int) -> tuple[float | None, int | str | None, float | None]:
        """Median wall seconds over ``repeats`` runs, the row count and the least CPU seconds of a run
        (the figure a shared machine disturbs least); (None, None, None) past the cap."""
        times: list[float] = []
        cpus: list[float] = []
        rows: int | str | None = None
        for _ in range(repeats):
            self.conn.send(case)
            if not self.conn.poll(self.cap):
                self.process.kill()
                self.process.join()
                self._start()
                return None, None, None
            rows, seconds, cpu = self.conn.recv()
            if isinstance(rows, str):
                return None, rows, None  # the engine failed on this query
            times.append(seconds)
            cpus.append(cpu)
            if seconds > self.cap / 3:
                break  # a slow query is not worth repeating
        return statistics.median(times), rows, min(cpus)

    def close(self) -> None:
        self.conn.send(None)
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            kib = int(meminfo.readline().split()[1])
            memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "date": date.today().isoformat(),
        "uname": " ".join(platform.uname()),
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
    }


def _fmt(seconds: float | None, cap: float, rows: object = None) -> str:
    if isinstance(rows, str):
        return "failed"
    if seconds is None:
        return f">{cap:g} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def run_size(label: str, cap: float, repeats: int, baseline: bool, work: Path,
             only: list[str] | None = None, corpus: str = "national", documents: int | None = None,
             ) -> Iterator[dict[str, Any]]:
    """Build one graph and time every case on it (and on rdflib if ``baseline``)."""
    directory = work / f"{corpus}-{label}"
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store_path, nquads, total, docs, first = build_corpus(corpus, SIZES.get(label, 0), directory,
                                                          documents=documents, nquads=baseline)
    print(f"\n== {corpus} {label}: {total:,} quads, {docs} documents, built and loaded in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    engines = {"oxigraph": Runner("oxigraph", str(store_path), cap)}
    if baseline and nquads is not None:
        engines["rdflib"] = Runner("rdflib", str(nquads), cap)
        print(f"   rdflib parsed the N-Quads in {engines['rdflib'].load_seconds:.0f} s", file=sys.stderr)
    try:
        for case in cases_for(first, corpus):
            if only and case.name not in only:
                continue
            row: dict[str, Any] = {"corpus": corpus, "size": label, "quads": total, "documents": docs,
                                   "query": case.name}
            for engine, runner in engines.items():
                seconds, rows, cpu = runner.time(case, repeats)
                row[engine] = seconds
                row[f"{engine}_rows"] = rows
                row[f"{engine}_cpu"] = cpu
            ox_s, rdf_s = row.get("oxigraph"), row.get("rdflib")
            if baseline:
                row["ratio"] = (rdf_s / ox_s) if ox_s and rdf_s else None
            ox_rows = row["oxigraph_rows"]
            cpu = row.get("oxigraph_cpu")
            line = (f"   {case.name:<26} oxigraph {_fmt(ox_s, cap, ox_rows):>10} "
                    f"({'-' if cpu is None else f'{cpu:.3f}'} CPU-s, {ox_rows} rows)")
            if baseline:
                failed = isinstance(row["rdflib_rows"], str)
                ratio = (f"x{row['ratio']:.2g}" if row["ratio"] else
                         "-" if failed or not ox_s else f">x{cap / ox_s:.0f}")
                line += f"   rdflib {_fmt(rdf_s, cap, row['rdflib_rows']):>10} ({row['rdflib_rows']} rows)   {ratio}"
            print(line, file=sys.stderr)
            yield row
    finally:
        for runner in engines.values():
            runner.close()
        shutil.rmtree(directory, ignore_errors=True)


def checkout(ref: str, directory: Path) -> Path:
    """The code of git ``ref`` (graph/, ontology/, data/, cli.py) in ``directory``, with this checkout's
    bench/ beside it: the same benchmark, run on that version of dutygraph ("before")."""
    root = Path(__file__).resolve().parent.parent
    directory.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(root), "archive", ref, "graph", "ontology", "data", "cli.py"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    shutil.rmtree(directory / "bench", ignore_errors=True)
    shutil.copytree(root / "bench", directory / "bench", ignore=shutil.ignore_patterns("__pycache__", "results"))
    return directory


def build_and_describe(corpus: str, label: str, documents: int | None, directory: Path) -> dict[str, Any]:
    """Build one corpus's store in ``directory`` with this code and say what it holds and which cases it
    is asked: what ``--build-to`` prints for an ``--alternate`` run, from the code of the before tree."""
    store_path, _, total, docs, first = build_corpus(corpus, SIZES.get(label, 0), directory, documents=documents)
    return {"store": str(store_path), "quads": total, "documents": docs,
            "cases": [dataclasses.asdict(case) for case in cases_for(first, corpus)]}


def run_alternate(ref: str, specs: list[tuple[str, str, int | None]], cap: float, repeats: int, work: Path,
                  only: list[str] | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each (corpus, label, documents) built by the code of ``ref`` and by this code, then every query
    asked of both in turn (before, after, before, …): rows of figures as :func:`run_size` gives, in pairs."""
    tree = checkout(ref, work / "before")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    for corpus, label, documents in specs:
        started = time.perf_counter()
        directory = work / f"alternate-{corpus}-{label.replace(' ', '-')}"
        built: dict[str, dict[str, Any]] = {}
        command = [sys.executable, "-m", "bench.query_benchmark", "--build-to", str(directory / "before"),
                   "--corpus", corpus, "--sizes", label if label in SIZES else "1M",
                   "--documents", str(documents or 0)]
        out = subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True, text=True).stdout
        built["before"] = json.loads(out.strip().splitlines()[-1])
        built["after"] = build_and_describe(corpus, label, documents, directory / "after")
        print(f"\n== {corpus} {label}: before {built['before']['quads']:,} quads, after "
              f"{built['after']['quads']:,} quads, {built['after']['documents']} documents, both built in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        runners = {side: Runner("oxigraph", built[side]["store"], cap) for side in ("before", "after")}
        cases = {side: {c["name"]: Case(**c) for c in built[side]["cases"]} for side in ("before", "after")}
        try:
            for name, case in cases["after"].items():
                old = cases["before"].get(name)
                if (only and name not in only) or old is None:
                    continue
                runs: dict[str, list[tuple[float | None, int | str | None, float | None]]] = {"before": [], "after": []}
                for _ in range(repeats):
                    for side, asked in (("before", old), ("after", case)):
                        runs[side].append(runners[side].time(asked, 1))
                pair = []
                for side in ("before", "after"):
                    done = [r for r in runs[side] if r[0] is not None]
                    pair.append({"corpus": corpus, "size": label, "quads": built[side]["quads"],
                                 "documents": built[side]["documents"], "query": name,
                                 "oxigraph": statistics.median(r[0] for r in done) if done else None,  # type: ignore[misc]
                                 "oxigraph_rows": (done or runs[side])[-1][1],
                                 "oxigraph_cpu": min(r[2] for r in done) if done else None})  # type: ignore[type-var]
                print(f"   {name:<26} before {_fmt(pair[0]['oxigraph'], cap, pair[0]['oxigraph_rows']):>10} "
                      f"after {_fmt(pair[1]['oxigraph'], cap, pair[1]['oxigraph_rows']):>10}", file=sys.stderr)
                yield pair[0], pair[1]
        finally:
            for runner in runners.values():
                runner.close()
            shutil.rmtree(directory, ignore_errors=True)


def run_before(ref: str, module: str, argv: list[str], work: Path) -> dict[str, Any]:
    """Run ``python -m module argv --json …`` on the code of ``ref``; its JSON figures.

    ``argv`` is this run's own arguments: its ``--before REF`` and ``--json PATH`` are left out."""
    argv = list(argv)
    for option in ("--before", "--json"):
        if option in argv:
            at = argv.index(option)
            argv = argv[:at] + argv[at + 2:]
    tree = checkout(ref, work / "before")
    out = work / "before.json"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    print(f"-- before: {module} on {ref} ({tree})", file=sys.stderr)
    subprocess.run([sys.executable, "-m", module, *argv, "--json", str(out)], cwd=tree, env=env, check=True)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _side_by_side(before: list[dict[str, Any]], after: list[dict[str, Any]], cap: float) -> None:
    """Each query's time before and after (wall, median; CPU, least), with the ratio, per corpus."""
    index = {(r["corpus"], r["size"], r["query"]): r for r in before}

    def cpu(row: dict[str, Any]) -> str:
        value = row.get("oxigraph_cpu")
        return "-" if value is None else f"{value:.3f}"

    print("\n| corpus | query | rows before | before | CPU-s before | rows after | after | CPU-s after "
          "| before / after |", file=sys.stderr)
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", file=sys.stderr)
    for row in after:
        old = index.get((row["corpus"], row["size"], row["query"]), {})
        b, a = old.get("oxigraph"), row.get("oxigraph")
        ratio = f"x{b / a:.3g}" if a and b else (f">x{cap / a:.3g}" if a and old and b is None else "-")
        quads = f"{old['quads']:,} / {row['quads']:,}" if old and old["quads"] != row["quads"] else f"{row['quads']:,}"
        print(f"| {row['corpus']} {row['size']} ({quads} quads) | {row['query']} | "
              f"{old.get('oxigraph_rows', '-')} | {_fmt(b, cap, old.get('oxigraph_rows')) if old else '-'} | "
              f"{cpu(old)} | {row['oxigraph_rows']} | {_fmt(a, cap, row['oxigraph_rows'])} | {cpu(row)} | {ratio} |",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Command line: corpora, sizes, cap, repeats, baseline, JSON output."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", default=["national"], choices=CORPORA,
                        help="national: bench/corpus.py's generator, sized by --sizes; province: one "
                             "province's repetitive corpus; copies: the Jiangxi plan stored N times")
    parser.add_argument("--sizes", nargs="+", default=["1M"], choices=list(SIZES))
    parser.add_argument("--documents", nargs="+", type=int, default=[1000, 200],
                        help="documents of the province corpus, then of the copies corpus")
    parser.add_argument("--cap", type=float, default=600.0, help="seconds a query may take before it is given up")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each query (median reported)")
    parser.add_argument("--no-baseline", action="store_true", help="skip rdflib (it runs on the 1M graph only)")
    parser.add_argument("--before", metavar="REF", default=None,
                        help="also run the same benchmark on the code of git REF (e.g. main) and print both")
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="write every figure and the machine here")
    parser.add_argument("--only", nargs="+", default=None, help="time only these queries (by name)")
    parser.add_argument("--alternate", action="store_true",
                        help="with --before: build both stores first, then ask each query of both in turn")
    parser.add_argument("--build-to", type=Path, default=None, help=argparse.SUPPRESS)  # --alternate's before half
    args = parser.parse_args(argv)
    counts = dict(zip(("province", "copies"), [*args.documents, *args.documents][:2], strict=True))
    if len(args.documents) == 1:
        counts = {"province": args.documents[0], "copies": args.documents[0]}
    specs = [(corpus, label, None) for corpus in args.corpus if corpus == "national" for label in args.sizes]
    specs += [(corpus, f"{counts[corpus]} docs", counts[corpus]) for corpus in args.corpus if corpus != "national"]
    if args.build_to:
        corpus, label, documents = specs[0]
        print(json.dumps(build_and_describe(corpus, label, documents, args.build_to), ensure_ascii=False))
        return
    if args.alternate and not args.before:
        parser.error("--alternate needs --before REF")
    about = machine()
    print(" | ".join(f"{k}: {v}" for k, v in about.items()), file=sys.stderr)
    work = args.work or Path(tempfile.mkdtemp(prefix="dutygraph-bench-"))
    before: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    if args.alternate:
        for old, new in run_alternate(args.before, specs, args.cap, args.repeats, work, args.only):
            before.append(old)
            rows.append(new)
    else:
        if args.before:
            own = sys.argv[1:] if argv is None else argv
            before = run_before(args.before, "bench.query_benchmark", own, work)["results"]
        for corpus, label, documents in specs:
            baseline = corpus == "national" and label == "1M" and not args.no_baseline
            rows += list(run_size(label, args.cap, args.repeats, baseline, work, args.only, corpus, documents))
    if before:
        _side_by_side(before, rows, args.cap)
    if args.json:
        args.json.write_text(json.dumps({"machine": about, "cap": args.cap, "results": rows, "before": before},
                                        indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
