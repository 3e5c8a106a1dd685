"""Linking benchmark: what linking reports to plans adds to a corpus ingest, and the new reads' times.

Run from the repository root (the figures go to stdout)::

    python -m bench.link_bench                       # about 1M triples
    python -m bench.link_bench --triples 5000000     # the 5M-triple corpus of bench/ingest_bench.py

The corpus is ``bench/corpus.py``'s generated plans (each given an inspection round and a title of
its own, as real plans have), and for each plan one progress report that names the plan by its
title (根据《…》), carries the plan's round and reports on ``--cited`` of its problems by number
(``一、《整改方案》第三项:…`` / ``整改进展情况:已完成整改。``), half of them done; each first-round plan
also has a look-back plan, a year later, raising three of its problems again (``一、(第一轮第一项)…``):
those reported done are the corpus's rebounds.  All are written as
``dutygraph ingest DIR`` writes (bulk, in batches, in a writer thread); then :func:`graph.link.relink`
runs once on the whole store, as it does at the end of that ingest.  Printed: the ingest time, the
linking time and their ratio (the problem asks < 20 %), the links made against the references
written, then a relink with nothing changed; then one report file ingested into that store as
``dutygraph ingest FILE`` does (its relink reading only the file's places), with that relink timed
again beside one of the whole store (what every file ingest ran before), wall and CPU time; then
the time of ``history`` and of the saved queries
problem-history, reported-done, unreported, rebounds and overdue (median of 3, each in a fresh reader, wall
and CPU time, with the rows returned).  ``--store DIR`` keeps the store built in DIR, and a later run given
the same DIR reads it again without building (only the reads are timed then); ``--queries-before REF`` times
the saved queries as commit REF has them beside this checkout's, alternately in the same run.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from bench.corpus import _Text, generate_document
from bench.ingest_bench import machine
from graph.core.numerals import int_to_chinese
from graph.ingest import BATCH_QUADS, BatchWriter, CorpusReport, _parallel, ingest_files
from graph.link import current_status_of, relink
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.records import Document, DocumentFacts, InspectionRound, Problem, ProgressStatus, Span, TaskReference
from graph.reports import history_report
from graph.sparql.run import run_query
from graph.sparql.saved import SavedQuery, get_saved_query, parse_saved_query, prepare
from graph.store import DocumentGraph, OxigraphStore, document_graph, open_store

SEED = 2024
ROOT = Path(__file__).resolve().parent.parent
BEFORE = "d694a3d"  # main before issue 15
BEFORE_RELINK = "65d2970"  # main before the relink of the places written (its model: main has renamed since)
_ROUNDS = (InspectionRound.FIRST, InspectionRound.LOOK_BACK, InspectionRound.SECOND, InspectionRound.THIRD)


def plan(index: int) -> Document:
    """Generated plan ``index`` with a round and a title of its own."""
    document = generate_document(index, SEED)
    # A province's own plan, issued for the province, as the seeds are.
    return replace(document, title=f"{document.title}〔{index}〕", place=document.province,
                   facts=DocumentFacts(round=_ROUNDS[index % 4], round_span=document.problems[0].span))


def report(index: int, cited: int) -> Document:
    """A progress report on plan ``index``: ``cited`` of its top-level problems by number, half done."""
    source = plan(index)
    title = f"{source.title}落实情况的报告"
    out, answered = _opening(title, "根据", source.title, "》要求,现将整改进展报告如下。")
    problems: list[Problem] = []
    references: list[TaskReference] = []
    top = [problem for problem in source.problems if problem.parent is None][:cited]
    for number, problem in enumerate(top, 1):
        out.write(f"{int_to_chinese(number)}、")
        start = out.length
        out.write("《整改方案》")
        reference = out.write(f"第{int_to_chinese(int(problem.code))}项")
        out.write(":")
        label = out.write(problem.label)
        heading = ox_span(out, start, label.end)
        out.write("\n")
        status = ProgressStatus.COMPLETED if number % 2 else ProgressStatus.IN_PROGRESS
        status_span = out.write("整改进展情况:已完成整改。" if number % 2 else "整改进展情况:正在推进整改。")
        out.write("\n")
        code = str(number)
        problems.append(Problem(code, problem.label, heading, status=status, status_span=status_span))
        references.append(TaskReference(code, int(problem.code), reference))
    signed = out.write(f"{2018 + index % 4}年6月30日")
    text = out.text()
    doc_id = f"gen{SEED}_report_{index:06d}"
    facts = DocumentFacts(issued=date(2018 + index % 4, 6, 30), issued_span=signed, round=_ROUNDS[index % 4],
                          round_span=references[0].span if references else signed, answers_to=source.title,
                          answers_to_span=answered, references=tuple(references))
    return _written(doc_id, title, "progress", text, source, problems, facts)


def look_back(index: int, raised: int) -> Document:
    """The look-back (回头看) plan of first-round plan ``index``: it raises its first ``raised`` top-level
    problems again (``一、(第一轮第三项)…问题反弹。``), a year after the plan's report said every other one
    done; those are the corpus's rebounds.  It names the plan by its title, as the reports do (a
    province has many first-round plans here, where a real one has one)."""
    source = plan(index)
    title = f"{source.title.split('贯彻落实')[0]}贯彻落实中央环境保护督察“回头看”反馈意见整改方案〔{index}〕"
    out, answered = _opening(title, "对照", source.title, "》,以下问题整改不到位或出现反弹。")
    problems: list[Problem] = []
    references: list[TaskReference] = []
    for number, problem in enumerate([p for p in source.problems if p.parent is None][:raised], 1):
        out.write(f"{int_to_chinese(number)}、")
        start = out.length
        reference = out.write(f"(第一轮第{int_to_chinese(int(problem.code))}项)")
        label = out.write(f"{problem.label}问题反弹。")
        out.write("\n")
        problems.append(Problem(str(number), label.text, ox_span(out, start, label.end)))
        references.append(TaskReference(str(number), int(problem.code), reference, round=InspectionRound.FIRST))
    issued = date(2019 + index % 4, 5, 20)
    signed = out.write(f"{issued.year}年5月20日")
    text = out.text()
    doc_id = f"gen{SEED}_lookback_{index:06d}"
    facts = DocumentFacts(issued=issued, issued_span=signed, round=InspectionRound.LOOK_BACK,
                          round_span=problems[0].span if problems else signed, answers_to=source.title,
                          answers_to_span=answered, references=tuple(references))
    return _written(doc_id, title, "plan", text, source, problems, facts)


def _opening(title: str, verb: str, answered: str, rest: str) -> tuple[_Text, Span]:
    """A generated document's title line and its first, naming the plan it answers (根据《…》…): the text
    so far and the plan title's span."""
    out = _Text()
    out.write(title + "\n")
    out.write(f"{verb}《")
    span = out.write(answered)
    out.write(rest + "\n")
    return out, span


def _written(doc_id: str, title: str, kind: str, text: str, source: Document, problems: list[Problem],
             facts: DocumentFacts) -> Document:
    """A generated document of ``source``'s province, issued for it, as extraction would give it."""
    return Document(doc_id=doc_id, source=f"{doc_id}.txt", title=title, kind=kind, text=text,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding="utf_8",
                    province=source.province, place=source.province, problems=tuple(problems), facts=facts)


def ox_span(out: _Text, start: int, end: int) -> Span:
    """The span of what ``out`` wrote from ``start`` to ``end``."""
    text = out.text()
    return Span(start, end, text[start:end], text.count("\n", 0, start) + 1)


def documents_of(index: int, cited: int) -> list[Document]:
    """Plan ``index``, its report, and for a first-round plan its look-back plan (raising 3 problems again)."""
    documents = [plan(index), report(index, cited)]
    if _ROUNDS[index % 4] is InspectionRound.FIRST:
        documents.append(look_back(index, 3))
    return documents


def pair_graphs(index: int, cited: int) -> list[DocumentGraph]:
    """Worker: plan ``index``, its report (and look-back plan), mapped and serialised as `ingest` does."""
    return [document_graph(iris.document_iri(document.doc_id), document_to_quads(document))
            for document in documents_of(index, cited)]


def graphs(n_plans: int, cited: int, jobs: int = 1) -> Iterator[DocumentGraph]:
    """The corpus's graphs, made in ``jobs`` worker processes as `ingest DIR --jobs N` does."""
    for pair in _parallel(functools.partial(pair_graphs, cited=cited), range(n_plans), jobs):  # type: ignore[arg-type]
        yield from pair


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def single_file(store: OxigraphStore, workdir: Path, cited: int, before: str = "main") -> str:
    """One report file ingested into the loaded store, as `dutygraph ingest FILE` does (extraction, one
    transaction, then the relink of its places), its statuses changed since; then the relink that
    ingest runs, of the report's places, against one of the whole store, both with nothing changed."""
    path = workdir / f"gen{SEED}_report_000000.txt"
    path.write_text(report(0, cited).text.replace("已完成整改", "正在推进整改"), encoding="utf-8")
    wall, cpu = _clocks()
    done = ingest_files([path], store)
    ingest_wall, ingest_cpu = time.perf_counter() - wall, time.process_time() - cpu
    written = [iris.document_iri(path.stem)]
    runs: dict[str, list[tuple[float, float, int]]] = {"scoped": [], "whole": [], "before": []}
    variants = [("scoped", lambda: relink(store, written)), ("whole", lambda: relink(store))]
    old = relink_before(before)
    if old is not None:
        variants.append(("before", lambda: old(store)))
    for _ in range(3):  # alternately, so that none has the warmer cache: medians of 3
        for name, run in variants:
            wall, cpu = _clocks()
            again = run()
            runs[name].append((time.perf_counter() - wall, time.process_time() - cpu, again.references))
    (scoped_wall, scoped_cpu, scoped_refs), (whole_wall, whole_cpu, whole_refs), *main_code = (
        (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), rs[0][2])
        for rs in runs.values() if rs)
    links = done.links.links if done.links else 0
    return (f"one report file ingested: {ingest_wall:.2f} s wall, {ingest_cpu:.2f} s CPU, {links} links held in "
            f"its places; the relink "
            f"it runs (the file's places, {scoped_refs} references read): {scoped_wall:.3f} s wall, "
            f"{scoped_cpu:.3f} s CPU = {scoped_wall / ingest_wall:.0%} of that ingest's wall time; a relink of the "
            f"whole store ({whole_refs:,} references) as before: {whole_wall:.2f} s wall, {whole_cpu:.2f} s CPU "
            f"({whole_cpu / scoped_cpu:.1f}x the CPU)"
            + (f"; {before}'s relink of the whole store (what every file ingest ran): {main_code[0][0]:.2f} s wall, "
               f"{main_code[0][1]:.2f} s CPU ({main_code[0][1] / scoped_cpu:.1f}x the CPU)" if main_code else "")
            + "; relinks with nothing changed, medians of 3")


def relink_before(ref: str) -> Callable[[OxigraphStore], object] | None:
    """``graph.link.relink`` as commit ``ref`` has it (read with git), to time beside this one."""
    try:
        text = subprocess.run(["git", "show", f"{ref}:graph/link.py"], cwd=ROOT, check=True, capture_output=True,
                              text=True, encoding="utf-8").stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("link_before")
    sys.modules[module.__name__] = module  # its dataclasses look their module up
    exec(compile(text, f"{ref}:graph/link.py", "exec"), module.__dict__)  # our own code, at ref
    relink_: Callable[[OxigraphStore], object] = module.relink
    return relink_


def overdue_before() -> str | None:
    """The overdue query as it was before issue 15 (main's), to time it beside the new one."""
    try:
        text = subprocess.run(["git", "show", f"{BEFORE}:ontology/queries/overdue.rq"], cwd=ROOT, check=True,
                              capture_output=True, text=True, encoding="utf-8").stdout
        # As the saved queries run it without a province: its scope line dropped (graph/sparql/saved.py).
        return "\n".join(line for line in text.splitlines() if not line.rstrip().endswith("# if province"))
    except (OSError, subprocess.CalledProcessError):
        return None


def saved_before(ref: str, name: str) -> SavedQuery | None:
    """The saved query ``name`` as commit ``ref`` has it (read with git), to time beside this checkout's."""
    path = f"ontology/queries/{name}.rq"
    try:
        text = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True,
                              text=True, encoding="utf-8").stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return parse_saved_query(text, Path(f"{ref}:{path}"))


def _rows(result: object) -> int | None:
    rows = getattr(result, "rows", None)
    return len(rows) if isinstance(rows, list | tuple) else None


def timed_reads(path: Path, reads: dict[str, Callable[[OxigraphStore], object]],
                times: int = 3) -> dict[str, tuple[float, float, int | None]]:
    """Each read's median wall and CPU seconds over ``times`` runs (the reads taken in turn, each in a
    fresh reader, so that none has the warmer cache) and the rows it returned."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in reads}
    rows: dict[str, int | None] = {}
    for _ in range(times):
        for name, run in reads.items():
            reader = open_store(str(path), read_only=True)
            wall, cpu = _clocks()
            rows[name] = _rows(run(reader))  # type: ignore[arg-type]
            runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))
            reader.close()
    return {name: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), rows[name])
            for name, rs in runs.items()}


def build(path: Path, args: argparse.Namespace, n_plans: int) -> None:
    """The corpus written into a new store at ``path``, linked, then one report file ingested; figures printed."""
    store = OxigraphStore(path)
    started = time.perf_counter()
    writer = BatchWriter(store, CorpusReport())
    batch: list[DocumentGraph] = []
    size = written = documents = 0
    for graph in graphs(n_plans, args.cited, args.jobs):
        documents += 1
        batch.append(graph)
        size += graph.quads
        written += graph.quads
        if size >= BATCH_QUADS:
            writer.write(batch, [])
            batch, size = [], 0
    writer.write(batch, [])
    writer.close()
    ingest = time.perf_counter() - started
    started = time.perf_counter()
    linked = relink(store)
    linking = time.perf_counter() - started
    started = time.perf_counter()
    again = relink(store)
    unchanged = time.perf_counter() - started
    one_file = single_file(store, path.parent, args.cited, args.before)
    # The --before relink (an older model's) finds no links in this store and writes that: the links and
    # statuses are written again before the reads are timed (they read none otherwise).
    relink(store)
    store.close()
    print(f"plans, reports and look-back plans: {documents} documents, {written:,} triples, ingest {ingest:.1f} s "
          f"(generation and mapping in {args.jobs} worker process(es), as `ingest DIR --jobs {args.jobs}`)")
    print(f"linking: {linking:.2f} s = {linking / ingest:.1%} of the ingest; {linked.links:,} links of "
          f"{linked.references:,} references written ({linked.links / max(1, linked.references):.0%}), "
          f"{linked.rewritten:,} graphs written")
    print(f"relink with nothing changed: {unchanged:.2f} s ({unchanged / linking:.0%} of the first), "
          f"{again.rewritten} graphs written")
    print(one_file)


def reads_of(n_plans: int, queries_before: str | None) -> dict[str, Callable[[OxigraphStore], object]]:
    """The reads timed, by name."""
    task = iris.problem_iri(f"gen{SEED}_000000", "1")
    # The whole corpus's lists are long (tens of thousands of rows at 5M); one province's is the use.
    province = iris.region_iri(plan(0).province or "")
    as_of = {"as_of": "2019-01-01"}
    scoped = as_of | {"province": province}

    def saved(query: SavedQuery, values: dict[str, str]) -> Callable[[OxigraphStore], object]:
        return lambda s: run_query(s, *prepare(s, query, values))

    reads: dict[str, Callable[[OxigraphStore], object]] = {
        "history (report)": lambda s: history_report(s, task),
        "problem-history": lambda s: run_query(s, get_saved_query("problem-history").sparql,
                                               {"task": ox.NamedNode(task)}),
    }
    cases = {"reported-done": [({}, ""), ({"province": province}, " (one province)")],
             "unreported": [(as_of, ""), (scoped, " (one province)")],
             "rebounds": [({}, ""), ({"province": province}, " (one province)")],
             "overdue": [(as_of, ""), (scoped, " (one province)")]}
    for name, variants in cases.items():
        old = saved_before(queries_before, name) if queries_before else None
        for values, suffix in variants:
            reads[name + suffix] = saved(get_saved_query(name), values)
            if old is not None and old.sparql != get_saved_query(name).sparql:
                reads[f"{name}{suffix}, {queries_before}'s query"] = saved(old, values)
    # The status lookup a view makes beside its rows: every plan's problems (a view of the whole store).
    problems = [iris.problem_iri(f"gen{SEED}_{index:06d}", problem.code) for index in range(n_plans)
                for problem in plan(index).problems if problem.parent is None]
    reads[f"views' status lookup ({len(problems):,} problems)"] = lambda s: current_status_of(s, problems)
    before = overdue_before()
    if before is not None:
        reads["overdue before issue 15"] = lambda s: run_query(s, before, {"as_of": ox.Literal(
            "2019-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))})
    return reads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about this many triples of plans and reports")
    parser.add_argument("--cited", type=int, default=10, help="problems each report cites")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes making the graphs")
    parser.add_argument("--before", default=BEFORE_RELINK, help="the commit whose relink one file's is timed beside")
    parser.add_argument("--store", type=Path, help="build the store in this directory and keep it; if it holds "
                        "one already (of the same --triples and --cited), only time the reads on it")
    parser.add_argument("--queries-before", metavar="REF",
                        help="time the saved queries as commit REF has them beside this checkout's")
    args = parser.parse_args()
    # Every fourth plan is a first-round one with a look-back plan: quads per four plans, over four.
    per_pair = sum(len(document_to_quads(document)) for index in range(4)
                   for document in documents_of(index, args.cited)) / 4
    n_plans = max(1, round(args.triples / per_pair))
    n_documents = 2 * n_plans + (n_plans + 3) // 4  # a look-back plan for each index divisible by 4
    print(f"# link benchmark, {machine()}")
    with tempfile.TemporaryDirectory(prefix="dutygraph-link-bench-") as workdir:
        path = (args.store or Path(workdir)) / "store"
        if args.store is not None and path.exists():
            print(f"reusing the store in {path} ({n_documents} documents of --triples {args.triples:,})")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            build(path, args, n_plans)
        timed = timed_reads(path, reads_of(n_plans, args.queries_before))
        for name, (wall, cpu, rows) in timed.items():
            counted = f", {rows:,} rows" if rows is not None else ""
            print(f"{name}: {wall:.3f} s wall, {cpu:.3f} s CPU{counted} (medians of 3)")
        if "overdue before issue 15" in timed:
            print(f"overdue against before: {timed['overdue'][0] / timed['overdue before issue 15'][0]:.2f}x")


if __name__ == "__main__":
    main()
