"""Time the read commands end to end (process start to exit) on the repetitive province corpus.

Not a test: it prints figures. Each command (``view --focus`` a hub unit, ``unit``, ``leader`` the
governor, ``region`` a city, ``who-owns``, ``history``) runs as ``dutygraph`` runs it, in a fresh
Python process (``python -c "import cli; cli.main()" …``), so start-up imports, opening the store
and resolving the name are counted. Wall time and the child's CPU time (user + system, from
``getrusage(RUSAGE_CHILDREN)``) are the medians of ``--repeats`` runs.

Each tree's code is compiled to bytecode first (``python -m compileall``), as an installed package
is: where ``PYTHONDONTWRITEBYTECODE`` is set (this machine sets it) every run would otherwise compile
graph/ and cli.py again, about 0.05 s of each command's start-up; ``--no-bytecode`` leaves that out.

With ``--before REF`` the same commands also run on the code of git REF (``git archive`` of graph/,
ontology/, data/ and cli.py, as the other benchmarks check it out), on the same store, each "before"
run right before its "after" run, so that both meet the same load; the outputs are compared (stdout
of the reports; nodes and edges of the view, from the page's data), and a difference is reported.

    python -m bench.command_bench --store /work/bench-x/province-1000/store --before main
    python -m bench.command_bench --documents 1000 --work /tmp/cmd   # builds the store first
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import _repetitive_province

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Command:
    """One command line to time, and what its output is compared by."""

    name: str
    argv: tuple[str, ...]
    page: bool = False  # writes an HTML page (-o PATH, appended): compare the page's nodes and edges


def commands(first_plan: str) -> list[Command]:
    """The commands of issue 13 on the province corpus: the hubs, and a problem of one plan."""
    province = _repetitive_province()
    governor = province.leaders[1][0]
    city = province.cities[0].name
    return [
        Command("view --focus 省环保厅", ("view", "--focus", "省环保厅"), page=True),
        Command("unit 省环保厅", ("unit", "省环保厅")),
        Command(f"leader {governor}", ("leader", governor)),
        Command(f"region {city}", ("region", city)),
        Command(f"who-owns 3 --document {first_plan}", ("who-owns", "3", "--document", first_plan)),
        Command(f"history 3 --document {first_plan}", ("history", "3", "--document", first_plan)),
    ]


def first_plan_id(store: Path) -> str:
    """The id of the first stored plan (a document with problems), in document order."""
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store))
    rows = db.query("""PREFIX dg: <https://w3id.org/dutygraph/ontology#>
        SELECT ?doc WHERE { ?doc dg:documentKind "plan" } ORDER BY ?doc LIMIT 1""", use_default_graph_as_union=True)
    for row in rows:  # type: ignore[union-attr]
        return str(row["doc"].value).rsplit("/", 1)[-1]
    raise SystemExit("the store holds no plan")


def run_once(tree: Path, store: Path, command: Command, out: Path) -> tuple[float, str]:
    """Run one command in a fresh process on the code of ``tree``: wall seconds and the output compared."""
    argv = [sys.executable, "-c", "import cli; cli.main()", "--store", str(store), *command.argv]
    if command.page:
        argv += ["-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command.argv)} failed on {tree}:\n{stderr.decode('utf-8', 'replace')}")
    # A report's heading and notes are on stderr, its table on stdout: both are compared, the table's
    # lines as a sorted list: rows a saved query's ORDER BY ties (leader-duties: by kind and what) come
    # in an order that changes from run to run.
    lines = sorted(stdout.decode("utf-8").splitlines())
    return wall, _page_content(out) if command.page else stderr.decode("utf-8") + "\n".join(lines)


def _timed(tree: Path, store: Path, command: Command, out: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system, from this process's reaped children) and the output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, content = run_once(tree, store, command, out)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, content


def _page_content(page: Path) -> str:
    """The nodes and edges a written view holds (its embedded data), without what changes per run."""
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<script id="dg-data" type="application/json"[^>]*>(.*?)</script>', html, re.S)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    if not found:
        return html
    data = json.loads(found.group(1))
    # Positions follow the order nodes come in, which may change with the order rows are read in.
    nodes = sorted(json.dumps({k: v for k, v in n.items() if k not in ("x", "y")}, sort_keys=True,
                              ensure_ascii=False) for n in data.pop("nodes"))
    edges = sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in data.pop("edges"))
    return json.dumps([title.group(1) if title else "", nodes, edges], ensure_ascii=False)


def checkout(ref: str, directory: Path) -> Path:
    """The code of git ``ref`` (graph/, ontology/, data/, cli.py) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "graph", "ontology", "data", "cli.py"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def compile_tree(tree: Path) -> None:
    """Compile ``tree``'s graph/ and cli.py to bytecode (their __pycache__), as installing them does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "graph", "cli.py"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)


def build_store(documents: int, work: Path) -> Path:
    """The province corpus of ``documents`` documents, written as bench/query_benchmark.py writes it."""
    from bench.query_benchmark import build_corpus

    directory = work / f"province-{documents}"
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store, _, quads, docs, _ = build_corpus("province", 0, directory, documents=documents)
    print(f"built {docs} documents, {quads:,} quads in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return store


def main(argv: list[str] | None = None) -> None:
    """Command line: the store (or how to build it), the ref to compare with, repeats, JSON output."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=None, help="an existing store of the province corpus")
    parser.add_argument("--documents", type=int, default=1000, help="documents of the corpus to build")
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    parser.add_argument("--before", metavar="REF", default=None, help="also time the code of git REF")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command (medians reported)")
    parser.add_argument("--only", nargs="+", default=None, help="only the commands whose name starts so")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="do not compile the trees' code first (each run then compiles what it imports)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="dutygraph-commands-"))
    work.mkdir(parents=True, exist_ok=True)
    store = args.store or build_store(args.documents, work)
    trees = {"after": ROOT}
    if args.before:
        trees = {"before": checkout(args.before, work / "before"), "after": ROOT}
    if not args.no_bytecode:
        for tree in trees.values():
            compile_tree(tree)
    plan = first_plan_id(store)
    results: list[dict[str, Any]] = []
    for command in commands(plan):
        if args.only and not any(command.name.startswith(o) for o in args.only):
            continue
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        contents: dict[str, str] = {}
        for _ in range(args.repeats):
            for name, tree in trees.items():  # before, then after: the same load for both
                wall, cpu, content = _timed(tree, store, command, work / f"{name}.html")
                times[name].append((wall, cpu))
                contents[name] = content
        row: dict[str, Any] = {"command": command.name}
        for name, runs in times.items():
            row[f"{name}_wall"] = statistics.median(w for w, _ in runs)
            row[f"{name}_cpu"] = statistics.median(c for _, c in runs)
        row["same_output"] = len(set(contents.values())) == 1
        results.append(row)
        print(f"  {command.name:<40} " + "  ".join(
            f"{name} {row[f'{name}_wall']:.2f} s wall {row[f'{name}_cpu']:.2f} CPU-s" for name in trees)
            + ("" if row["same_output"] else "  OUTPUT DIFFERS"), file=sys.stderr)
    label = args.before or "-"
    print(f"\n{'code compiled to bytecode first' if not args.no_bytecode else 'no bytecode: each run compiles'}"
          f" ({sys.executable}, load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"\n| command | before ({label}) wall | CPU | after wall | CPU | same output |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for row in results:
        old = (f"{row['before_wall']:.2f} s | {row['before_cpu']:.2f} s" if "before_wall" in row else "- | -")
        print(f"| `{row['command']}` | {old} | {row['after_wall']:.2f} s | {row['after_cpu']:.2f} s | "
              f"{'yes' if row['same_output'] else '**no**'} |")
    if args.json:
        args.json.write_text(json.dumps({"before": args.before, "store": str(store), "results": results},
                                        indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
