"""How fast the meeting views draw and answer in headless Chromium, against plain pyvis.

Not a test: it prints figures (and can write them as JSON).  For synthetic
plan-shaped networks of 300 and 2,000 nodes (:mod:`bench.network_rows`) and for
the whole Jiangxi plan ingested from ``data/samples/``, it times

- render: Python from rows (or from the store, for the plan) to the written
  HTML file, which includes the seeded layout;
- ready: in the page, milliseconds from navigation start until the network is
  drawn, still and usable (``body[data-ready=true]``, recorded by the page
  script as ``dutygraph.readyAt``);
- click: a real mouse click on a unit until the details panel shows its duties;
- search: typing a name and pressing Enter until the node is selected.

The baseline is plain pyvis for the same 300-node graph: ``Network.add_node`` /
``add_edge`` and ``write_html(cdn_resources="in_line")`` with pyvis's default
options (physics on), opened from a local file with every other request
blocked (its Bootstrap links fail), timed to vis-network's ``stabilized`` event,
i.e. until the drawing stops moving.  The same run times pyvis's own
``add_edge`` on the 2,000-node graph, which it checks for duplicates by a
linear scan.

Each page is opened ``--runs`` times in a fresh browser context; medians are
printed.  Chromium is Debian's (``/usr/bin/chromium``), headless, software
rendering, network blocked, as in the tests.

    python -m bench.view_bench
    python -m bench.view_bench --runs 5 --json bench/results/views.json
    python -m bench.view_bench --no-baseline          # skip pyvis (its 300 nodes take about a minute)
    python -m bench.view_bench --pictures-only        # only the matrix, map and layered figures

The pictures of issue 16, each beside the network view of the same selection
drawn in the same run (the ratio is picture / network):

- matrix: a synthetic plan of 500 units × 1,000 problems (3,500 measures,
  6,500 duties; :mod:`bench.network_rows`), render seconds and ready ms;
- map: 3,000 regions of the gazetteer (every one with a seat), one problem
  each, led by one of 300 units;
- layered: the Jiangxi plan in layers, beside its default view and beside the
  view as drawn before issue 16 (browser physics, bounded).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from bench.network_rows import synthetic_rows
from graph.analyze.network import build_network, is_duty
from graph.render.html import write_network_html

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
JIANGXI_ID = "000_89c821903e6b9e73"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
READY = "body[data-ready=true]"
BASELINE_CAP_S = 300.0
SIZES = (300, 2000)


# ---- the machine ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Describe the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import numpy

    return {
        "date": date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "networkx": nx.__version__,
        # Other work on the machine slows every figure: say how busy it was.
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


# ---- the pages -------------------------------------------------------------------------------------------


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def render_synthetic(n_nodes: int, out: Path) -> tuple[Path, nx.MultiDiGraph, float]:
    """Write our page for the synthetic graph; return (path, graph, seconds from rows to file)."""
    rows = synthetic_rows(n_nodes)

    def render() -> tuple[nx.MultiDiGraph, Path]:
        G = build_network(*rows)
        path = write_network_html(G, out / f"ours_{n_nodes}.html", f"合成 {n_nodes}", ["合成测试方案"], date.today())
        return G, path

    (G, path), seconds = timed(render)
    return path, G, seconds


def render_plan(out: Path) -> tuple[Path, float]:
    """Ingest the seeds and write the whole Jiangxi plan view; return (path, seconds for write_view)."""
    from graph.ingest import ingest_files
    from graph.render.selection import SelectionOptions
    from graph.render.views import write_view
    from graph.store import open_store

    db = out / "seeds.db"
    with open_store(str(db)) as store:
        ingest_files(sorted(SAMPLES.glob("*.txt")), store)
    with open_store(str(db), read_only=True) as store:
        plan = SelectionOptions(document=JIANGXI_ID)
        summary, seconds = timed(lambda: write_view(store, out / "jiangxi-plan.html", plan))
    return summary.path, seconds


def render_pyvis(G: nx.MultiDiGraph, path: Path) -> float:
    """Write plain pyvis's page for ``G`` (its defaults, physics on, vis inlined); return the build seconds."""
    from pyvis.network import Network

    def build() -> None:
        net = Network(directed=True, cdn_resources="in_line")
        for n, data in G.nodes(data=True):
            net.add_node(n, label=str(data.get("label", ""))[:16], title=str(data.get("label", "")))
        for u, v, data in G.edges(data=True):
            net.add_edge(u, v, title=str(data.get("quote", "")) if is_duty(data) else str(data.get("relation")))
        html = net.generate_html()
        # pyvis's write_html uses the platform encoding; write UTF-8 explicitly.
        path.write_text(html, encoding="utf-8")

    return timed(build)[1]


def time_pyvis_add_edge(G: nx.MultiDiGraph, directed: bool) -> float:
    """Seconds pyvis's own add_node/add_edge take for ``G`` (no page written).

    Undirected, pyvis scans every edge added so far for a duplicate before
    adding one: quadratic.  Directed, it only looks the two nodes up in a list.
    """
    from pyvis.network import Network

    def build() -> None:
        net = Network(directed=directed)
        for n in G.nodes:
            net.add_node(n)
        for u, v in G.edges():
            net.add_edge(u, v)

    return timed(build)[1]


# ---- the browser -----------------------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline(browser: Any, path: Path) -> Iterator[tuple[Any, list[str]]]:
    """A fresh context where only ``path`` may load; yields (page, blocked URLs)."""
    url = path.resolve().as_uri()
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        yield page, blocked
    finally:
        context.close()


def measure_ours(browser: Any, path: Path, probe_name: str) -> dict[str, float]:
    """Open our page once; return ready, click and search times in milliseconds."""
    with offline(browser, path) as (page, blocked):
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit")
        page.wait_for_selector(READY, state="attached", timeout=180_000)
        wall = (time.perf_counter() - start) * 1000
        ready = float(page.evaluate("dutygraph.readyAt"))
        node = page.evaluate(
            """(name) => dutygraph.nodes.get({filter: n => n.names.indexOf(name) >= 0})[0].id""", probe_name
        )
        point = page.evaluate(
            """(id) => {
                const net = dutygraph.network;
                net.moveTo({position: net.getPositions([id])[id], scale: 1.2, animation: false});
                net.redraw();
                const dom = net.canvasToDOM(net.getPositions([id])[id]);
                const rect = net.canvas.frame.canvas.getBoundingClientRect();
                return {x: rect.left + dom.x, y: rect.top + dom.y};
            }""",
            node,
        )
        start = time.perf_counter()
        page.mouse.click(point["x"], point["y"])
        page.wait_for_selector(f'#dg-details[data-node="{node}"]', state="attached", timeout=30_000)
        click = (time.perf_counter() - start) * 1000
        page.fill("#dg-search", probe_name)
        start = time.perf_counter()
        page.press("#dg-search", "Enter")
        page.wait_for_selector("#dg-search-status span", state="attached", timeout=30_000)
        search = (time.perf_counter() - start) * 1000
        if errors or blocked:
            raise RuntimeError(f"{path.name}: page errors {errors}, requests {blocked}")
        return {"ready_ms": ready, "wall_ms": wall, "click_ms": click, "search_ms": search}


# The pyvis page declares `var network` and assigns it once; an accessor on
# window set before its scripts run catches the Network as it is assigned.
_STABILIZED_PROBE = """
(() => {
  let value;
  window.__bench = {iterationsDone: null, stabilized: null};
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return value; },
    set(v) {
      value = v;
      v.once("stabilizationIterationsDone", () => { window.__bench.iterationsDone = performance.now(); });
      v.once("stabilized", () => { window.__bench.stabilized = performance.now(); });
    },
  });
})();
"""


def measure_pyvis(browser: Any, path: Path) -> dict[str, float]:
    """Open plain pyvis's page once; return ms to its stabilisation and to rest, and what it tried to fetch."""
    with offline(browser, path) as (page, blocked):
        page.add_init_script(_STABILIZED_PROBE)
        page.goto(path.resolve().as_uri(), wait_until="commit")
        deadline = time.perf_counter() + BASELINE_CAP_S
        state: dict[str, Any] = {}
        while time.perf_counter() < deadline:
            state = page.evaluate("window.__bench")
            if state and state.get("stabilized") is not None:
                break
            page.wait_for_timeout(200)
        settled = state.get("stabilized") if state else None
        return {
            "iterations_done_ms": float(state.get("iterationsDone") or "nan") if state else float("nan"),
            "stabilized_ms": float(settled) if settled is not None else float("inf"),
            "blocked_requests": float(len(blocked)),
        }


def measure_ready(browser: Any, path: Path) -> float:
    """Open any of our pages once; return ms from navigation start until it says it is ready."""
    with offline(browser, path) as (page, blocked):
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.resolve().as_uri(), wait_until="commit")
        page.wait_for_selector(READY, state="attached", timeout=180_000)
        ready = float(page.evaluate("dutygraph.readyAt"))
        if errors or blocked:
            raise RuntimeError(f"{path.name}: page errors {errors}, requests {blocked}")
        return ready


def map_rows(n_regions: int = 3000, n_units: int = 300) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of a plan whose problems concern ``n_regions`` gazetteer regions, one problem each."""
    from graph.core.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    places = [r for r in gazetteer.regions() if gazetteer.coordinates(r.adcode) is not None][:n_regions]
    base = "https://w3id.org/dutygraph/id/synthetic/"
    assignments: list[dict[str, Any]] = []
    structure: list[dict[str, Any]] = []
    for i, place in enumerate(places):
        task = f"{base}problem/{i}"
        assignments.append({
            "agent": f"{base}unit/{i % n_units}", "agentLabel": f"测试单位{i % n_units}", "agentType": "Unit",
            "task": task, "taskLabel": f"第{i}个问题", "taskType": "Problem", "taskCode": str(i + 1),
            "role": "Lead" if i % 3 else "JurisdictionLead", "quote": f"测试单位{i % n_units}牵头", "doc": f"{base}doc",
            "docTitle": "合成地图方案", "start": i, "end": i + 1, "line": i + 1,
        })
        structure.append({
            "source": task, "sourceLabel": f"第{i}个问题", "sourceType": "Problem", "sourceCode": str(i + 1),
            "target": f"https://w3id.org/dutygraph/id/region/{place.adcode}", "targetLabel": place.name,
            "targetType": "Region", "relation": "concerns", "doc": f"{base}doc",
        })
    return assignments, structure


def render_pictures(out: Path) -> list[tuple[str, Path, float, Path, float, str]]:
    """Write each picture and the network view of the same selection; (name, path, s, network path, s, size)."""
    from graph.core.gazetteer import load_gazetteer
    from graph.ingest import ingest_files
    from graph.render.map import build_map_data, render_map_html
    from graph.render.matrix import build_matrix_data, render_matrix_html
    from graph.render.selection import SelectionOptions
    from graph.render.views import write_view
    from graph.store import open_store

    written: list[tuple[str, Path, float, Path, float, str]] = []
    titles = {"https://w3id.org/dutygraph/id/synthetic/doc": "合成测试方案"}

    def page(path: Path, text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    rows = synthetic_rows(5000)
    G, _ = timed(lambda: build_network(*rows))
    matrix_path, matrix_s = timed(lambda: page(out / "matrix.html", render_matrix_html(
        build_matrix_data(build_network(*rows), titles), "合成 500×1000", ["合成测试方案"], date.today())))
    net_path, net_s = timed(lambda: write_network_html(build_network(*rows), out / "matrix-network.html", "合成",
                                                       ["合成测试方案"], date.today()))
    data = build_matrix_data(G, titles)
    written.append(("matrix", matrix_path, matrix_s, net_path, net_s,
                    f"{len(data['rows'])} units × {len(data['columns'])} problems, {len(data['duties'])} duties"))

    regions = map_rows()
    gazetteer = load_gazetteer()
    map_path, map_s = timed(lambda: page(out / "map.html", render_map_html(
        build_map_data(build_network(*regions), titles, gazetteer), "合成 3000 地区", ["合成地图方案"], date.today())))
    map_net, map_net_s = timed(lambda: write_network_html(build_network(*regions), out / "map-network.html", "合成",
                                                          ["合成地图方案"], date.today()))
    n_regions = len(build_map_data(build_network(*regions), titles, gazetteer)["regions"])
    written.append(("map", map_path, map_s, map_net, map_net_s, f"{n_regions} regions"))

    db = out / "seeds.db"
    with open_store(str(db)) as store:
        ingest_files(sorted(SAMPLES.glob("*.txt")), store)
    with open_store(str(db), read_only=True) as store:
        plan = SelectionOptions(document=JIANGXI_ID)
        layered, layered_s = timed(lambda: write_view(store, out / "layered.html", plan, layout="layered"))
        force, force_s = timed(lambda: write_view(store, out / "force.html", plan))
    written.append(("layered Jiangxi", layered.path, layered_s, force.path, force_s,
                    f"{layered.nodes} nodes (force layout beside it)"))
    # The plan as drawn before issue 16: the browser's physics, bounded, from the same positions.
    found = re.search(r'<script id="dg-data" type="application/json"[^>]*>(.*?)</script>',
                      force.path.read_text(encoding="utf-8"), re.S)
    assert found is not None
    with open_store(str(db), read_only=True) as store:
        from graph.render.selection import SelectionOptions, select_network

        chosen = select_network(store, SelectionOptions(document=JIANGXI_ID))
        before, before_s = timed(lambda: write_network_html(chosen.network, out / "before.html", "before",
                                                            chosen.document_names, date.today(), physics=True))
    written.append(("layered Jiangxi", layered.path, layered_s, before, before_s,
                    "beside the view before issue 16 (physics in the browser)"))
    return written


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


# ---- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per view (median reported)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain pyvis page")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--pictures-only", action="store_true", help="only the matrix, map and layered figures")
    args = parser.parse_args(argv)

    info = machine()
    results: dict[str, Any] = {"machine": info, "views": {}, "baseline": {}}
    with tempfile.TemporaryDirectory(prefix="view-bench-") as tmp, chromium() as browser:
        out = Path(tmp)
        info["chromium"] = browser.version
        print(f"# dutygraph view benchmark, {info['date']}")
        print(f"# {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}, "
              f"load average {info['load_average_1min']} at start")
        print(f"# Python {info['python']}, numpy {info['numpy']}, networkx {info['networkx']}, "
              f"Chromium {info['chromium']} (headless, software rendering), {args.runs} runs, medians")
        print(f"{'picture':<17}{'render s':>9}{'ready ms':>10}   {'network view':<13}{'render s':>9}{'ready ms':>10}"
              f"{'ratio':>8}  size")
        results["pictures"] = []
        for name, path, seconds, net_path, net_seconds, size in render_pictures(out):
            ready = statistics.median(measure_ready(browser, path) for _ in range(args.runs))
            net_ready = statistics.median(measure_ready(browser, net_path) for _ in range(args.runs))
            print(f"{name:<17}{seconds:>9.2f}{ready:>10.0f}   {'same sel.':<13}{net_seconds:>9.2f}{net_ready:>10.0f}"
                  f"{ready / net_ready:>8.2f}  {size}")
            results["pictures"].append({"picture": name, "render_s": seconds, "ready_ms": ready,
                                        "network_render_s": net_seconds, "network_ready_ms": net_ready,
                                        "size": size})
        if args.pictures_only:
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
            return 0
        pages: list[tuple[str, Path, float, int, int, str]] = []
        graphs: dict[int, nx.MultiDiGraph] = {}
        for n in SIZES:
            path, G, seconds = render_synthetic(n, out)
            graphs[n] = G
            pages.append((f"synthetic {n}", path, seconds, G.number_of_nodes(), G.number_of_edges(), "测试单位0"))
        plan_path, plan_seconds = render_plan(out)
        found = re.search(r'<script id="dg-data" type="application/json"[^>]*>(.*?)</script>',
                          plan_path.read_text(encoding="utf-8"), re.S)
        assert found is not None
        plan_data = json.loads(found.group(1))
        pages.append(
            ("Jiangxi plan", plan_path, plan_seconds, len(plan_data["nodes"]), len(plan_data["edges"]), "省环保厅")
        )

        header = f"{'view':<16}{'nodes':>7}{'edges':>7}{'render s':>10}{'ready ms':>10}{'end-to-end s':>14}" \
                 f"{'click ms':>10}{'search ms':>11}  physics"
        print(header)
        for name, path, seconds, n_nodes, n_edges, probe in pages:
            runs = [measure_ours(browser, path, probe) for _ in range(args.runs)]
            m = median_of(runs)
            physics = "off (Python layout)"
            end_to_end = seconds + m["ready_ms"] / 1000
            print(f"{name:<16}{n_nodes:>7}{n_edges:>7}{seconds:>10.2f}{m['ready_ms']:>10.0f}{end_to_end:>14.2f}"
                  f"{m['click_ms']:>10.0f}{m['search_ms']:>11.0f}  {physics}")
            results["views"][name] = {"nodes": n_nodes, "edges": n_edges, "render_s": seconds, **m,
                                      "end_to_end_s": end_to_end, "runs": runs}

        add_directed = time_pyvis_add_edge(graphs[2000], directed=True)
        add_undirected = time_pyvis_add_edge(graphs[2000], directed=False)
        print(f"pyvis add_node/add_edge, 2000 nodes / 4000 edges: directed {add_directed:.2f} s, "
              f"undirected {add_undirected:.2f} s (ours fills pyvis's lists directly)")
        results["baseline"]["pyvis_add_edge_2000"] = {"directed_s": add_directed, "undirected_s": add_undirected}
        if not args.no_baseline:
            G = graphs[300]
            base_path = out / "pyvis_300.html"
            build_s = render_pyvis(G, base_path)
            base_runs = [measure_pyvis(browser, base_path) for _ in range(args.runs)]
            b = median_of(base_runs)
            ours = results["views"]["synthetic 300"]["ready_ms"]
            ratio = b["stabilized_ms"] / ours
            print(f"baseline: plain pyvis, 300 nodes, physics on (its defaults), vis inlined, "
                  f"{b['blocked_requests']:.0f} CDN requests blocked")
            print(f"  build {build_s:.2f} s; stabilisation iterations done {b['iterations_done_ms']:.0f} ms; "
                  f"still (stabilized) {b['stabilized_ms']:.0f} ms")
            print(f"  ours, same graph: ready {ours:.0f} ms -> pyvis/ours = {ratio:.0f}x")
            results["baseline"]["pyvis_300"] = {**b, "build_s": build_s, "runs": base_runs}
            results["baseline"]["ratio"] = ratio
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        results["written"] = datetime.now().isoformat(timespec="seconds")
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
