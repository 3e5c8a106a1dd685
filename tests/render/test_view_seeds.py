"""Meeting views of the ingested seeds, written by the real CLI and checked in headless Chromium.

The synthetic pages of test_view_browser.py prove the page's machinery; these
prove what an official gets from ``make demo``: the focus view of 省环保厅 and
the whole Jiangxi plan, counted against the store, offline, with quotes that
are the original text at their offsets.  Timing lives in bench/view_bench.py.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from graph.errors import AmbiguousName
from graph.render.selection import SelectionOptions
from graph.render.views import write_view
from graph.store import open_store
from tests.support.browser import offline_page, skip_reason
from tests.support.paths import ARTIFACTS, JIANGXI, SHANXI

READY = "body[data-ready=true]"
READY_TIMEOUT_MS = 180_000  # a ceiling for a hung page, not a performance assertion
JIANGXI_ID = "000_89c821903e6b9e73"
JIANGXI_DOC = f"https://w3id.org/dutygraph/id/doc/{JIANGXI_ID}"
JIANGXI_TITLE = "江西省贯彻落实中央环境保护督察组督察反馈意见整改方案"  # 最新 (the site's "latest") left out
ORIGINALS = {JIANGXI_DOC: JIANGXI, f"https://w3id.org/dutygraph/id/doc/{SHANXI.stem}": SHANXI}

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@dataclass(frozen=True)
class SeedPage:
    """A page the CLI wrote, with the data it embeds."""

    path: Path
    data: dict[str, Any]

    def nodes_of(self, kind: str) -> list[dict[str, Any]]:
        return [n for n in self.data["nodes"] if n["type"] == kind]

    def node_named(self, name: str) -> dict[str, Any]:
        (node,) = [n for n in self.data["nodes"] if name in n["names"]]
        return node


def embedded_data(path: Path) -> dict[str, Any]:
    """Return the JSON the page draws, as the page script reads it."""
    page = path.read_text(encoding="utf-8")
    found = re.search(r'<script id="dg-data" type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def run_view(store: Path, out: Path, *args: str) -> SeedPage:
    """Write a view with the real command line and return it."""
    result = CliRunner().invoke(main, ["--store", str(store), "view", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    return SeedPage(out, embedded_data(out))


@pytest.fixture(scope="module")
def pages(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, SeedPage]:
    """The two views ``make demo`` writes, from the seeds through the CLI."""
    out = tmp_path_factory.mktemp("seed-views")
    return {
        "meeting": run_view(seed_store_path, out / "meeting.html", "--focus", "省环保厅"),
        "plan": run_view(seed_store_path, out / "jiangxi-plan.html", "--document", JIANGXI_ID),
    }


@pytest.fixture(scope="module")
def store_counts(seed_store_path: Path) -> dict[str, int]:
    """What the Jiangxi document graph holds, counted by SPARQL, independently of the view code."""
    counts: dict[str, int] = {}
    with open_store(str(seed_store_path), read_only=True) as store:
        for kind in ("Assignment", "Measure", "Problem"):
            rows = store.select(
                f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{JIANGXI_DOC}> {{ ?x a dg:{kind} }} }}"
            )
            counts[kind] = int(str(rows[0]["n"]))
        # Units are typed once for all documents (the entities graph); the document mentions them.
        rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{JIANGXI_DOC}> "
                            f"{{ <{JIANGXI_DOC}> dg:mentions ?x }} ?x a dg:Unit }}")
        counts["Unit"] = int(str(rows[0]["n"]))
        rows = store.select(
            f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH <{JIANGXI_DOC}> {{ ?a a dg:Assignment ; dg:agent ?u }}"
            " ?u rdfs:label '省环保厅' }"
        )
        counts["省环保厅 duties"] = int(str(rows[0]["n"]))
    return counts


# ---- what the CLI writes, without a browser ----------------------------------------------------------


def test_plan_view_holds_the_whole_plan(pages: dict[str, SeedPage], store_counts: dict[str, int]) -> None:
    plan = pages["plan"]
    duties = [e for e in plan.data["edges"] if e["kind"] == "duty"]
    assert len(duties) == store_counts["Assignment"] == 96
    for kind in ("Measure", "Problem", "Unit"):
        assert len(plan.nodes_of(kind)) == store_counts[kind], kind
    assert {e["doc"] for e in duties} == {JIANGXI_DOC}
    assert plan.data["physics"] is False  # 131 nodes: laid out in Python, labels moved apart, drawn at once
    # A big view labels a measure by its code (its text is in the details
    # panel); unit names get the large font that reads on a projector.
    assert all(n["label"] == n["code"] for n in plan.nodes_of("Measure"))
    assert {n["font"]["size"] for n in plan.nodes_of("Unit")} == {30}
    # A label never repeats the code its text already starts with (6.3.2 6.3.2 …).
    meeting_labels = [n["label"] for n in pages["meeting"].nodes_of("Measure")]
    assert meeting_labels and not any(re.match(r"^(\S+) \1 ", label) for label in meeting_labels)
    assert all(n["text"] for n in plan.nodes_of("Measure"))  # the whole measure, for the details panel


def test_focus_view_holds_every_duty_of_the_unit(pages: dict[str, SeedPage], store_counts: dict[str, int]) -> None:
    meeting = pages["meeting"]
    hb = meeting.node_named("省环保厅")
    duties = [e for e in meeting.data["edges"] if e["kind"] == "duty" and e["from"] == hb["id"]]
    assert len(duties) == store_counts["省环保厅 duties"] == 14
    assert not meeting.nodes_of("More")  # 17 neighbours, under the cap


def test_quotes_are_the_original_text_at_their_offsets(pages: dict[str, SeedPage]) -> None:
    texts = {doc: path.read_text(encoding="utf-8") for doc, path in ORIGINALS.items()}
    for page in pages.values():
        for e in (e for e in page.data["edges"] if e["kind"] == "duty"):
            assert texts[e["doc"]][e["start"] : e["end"]] == e["quote"], e
            assert e["docTitle"] == JIANGXI_TITLE


@pytest.mark.parametrize(
    ("focus", "kind", "present"),
    [
        ("省环保厅", "Unit", ["3.1", "6.3.2"]),
        ("6.3", "Problem", ["6.3.1", "省环保厅"]),  # a problem shows who leads its measures
        ("三", "Problem", ["3.1", "3.5", "省公安厅"]),  # a Chinese numeral is a code, not a substring
        ("刘奇", "Leader", ["江西省环境保护督察问题整改工作领导小组"]),
        ("骆惠宁", "Leader", ["太原市黑臭水体"]),
        # A region has no duties of its own: the problems that concern it and
        # the government of the city come with it, and their units with them.
        ("上饶市", "Region", ["上饶市政府", "6.3", "7", "6.3.2", "省环保厅"]),
    ],
)
def test_each_kind_of_focus(seed_store: Any, tmp_path: Path, focus: str, kind: str, present: list[str]) -> None:
    summary = write_view(seed_store, tmp_path / "focus.html", SelectionOptions(focus=focus), generated=date(2025, 3, 1))
    data = embedded_data(summary.path)
    assert (summary.nodes, summary.edges) == (len(data["nodes"]), len(data["edges"]))
    by_name = {name: n for n in data["nodes"] for name in [*n["names"], n["code"]] if name}
    centre = by_name[focus] if focus in by_name else next(n for n in data["nodes"] if focus in n["aliases"])
    assert centre["type"] == kind
    for name in present:
        assert name in by_name, f"{name} missing from the view of {focus}"
    assert f"<title>{html.escape(summary.title)}</title>" in summary.path.read_text(encoding="utf-8")


def test_region_focus_keeps_to_its_region(seed_store: Any, tmp_path: Path) -> None:
    summary = write_view(seed_store, tmp_path / "r.html", SelectionOptions(focus="上饶市"))
    names = {name for n in embedded_data(summary.path)["nodes"] for name in n["names"]}
    assert "九江市政府" not in names and "南昌市" not in names
    assert summary.title == "上饶市 的责任关系"


def test_role_filter_on_a_focus(seed_store: Any, tmp_path: Path) -> None:
    summary = write_view(seed_store, tmp_path / "lead.html", SelectionOptions(focus="省环保厅", role="lead"))
    roles = {e["role"] for e in embedded_data(summary.path)["edges"] if e["kind"] == "duty"}
    assert roles == {"Lead"}
    assert summary.title.endswith("(仅牵头)")


def test_role_filter_on_a_whole_document(seed_store: Any, tmp_path: Path) -> None:
    summary = write_view(seed_store, tmp_path / "support.html", SelectionOptions(document=JIANGXI_ID, role="support"))
    data = embedded_data(summary.path)
    assert {e["role"] for e in data["edges"] if e["kind"] == "duty"} == {"Support"}
    assert sum(e["kind"] == "duty" for e in data["edges"]) == 33


def test_same_graph_same_page(seed_store: Any, tmp_path: Path) -> None:
    # Seeded layout, sorted inputs: writing a view twice gives the same bytes.
    plan = SelectionOptions(document=JIANGXI_ID)
    first = write_view(seed_store, tmp_path / "a.html", plan, generated=date(2025, 3, 1))
    second = write_view(seed_store, tmp_path / "b.html", plan, generated=date(2025, 3, 1))
    assert first.path.read_bytes() == second.path.read_bytes()


def test_ambiguous_and_unknown_focus(seed_store: Any, tmp_path: Path) -> None:
    with pytest.raises(AmbiguousName) as info:
        write_view(seed_store, tmp_path / "x.html", SelectionOptions(focus="市政府"))
    assert "上饶市政府 (unit — 江西省)" in str(info.value) and "景德镇市政府 (unit" in str(info.value)
    # A short region name means the region, as in `dutygraph region 上饶`.
    assert write_view(seed_store, tmp_path / "x.html", SelectionOptions(focus="上饶")).title == "上饶市 的责任关系"
    with pytest.raises(Exception, match="nothing in the graph is named"):
        write_view(seed_store, tmp_path / "x.html", SelectionOptions(focus="不存在的单位"))


def test_a_code_two_plans_share_is_settled_by_the_document(tmp_path: Path) -> None:
    # The same plan under another file name: two documents, each with a problem 3.
    twin = tmp_path / "twin_jiangxi.txt"
    twin.write_bytes(JIANGXI.read_bytes())
    db = str(tmp_path / "two.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--store", db, "ingest", str(JIANGXI), str(twin)]).exit_code == 0
    out = tmp_path / "p3.html"
    ambiguous = runner.invoke(main, ["--store", db, "view", "--focus", "三", "-o", str(out)])
    assert ambiguous.exit_code == 1
    assert "matches 2 problems" in ambiguous.stderr and "--document" in ambiguous.stderr
    chosen = runner.invoke(main, ["--store", db, "view", "--focus", "三", "--document", "twin", "-o", str(out)])
    assert chosen.exit_code == 0, chosen.output
    data = embedded_data(out)
    assert {e["doc"] for e in data["edges"] if e["kind"] == "duty"} == {
        "https://w3id.org/dutygraph/id/doc/twin_jiangxi"
    }
    assert "问题 3" in chosen.stderr


# ---- in the browser --------------------------------------------------------------------------------------


@pytest.fixture(params=["meeting", "plan"])
def opened(request: pytest.FixtureRequest, browser: Any, pages: dict[str, SeedPage]) -> Iterator[tuple[Any, SeedPage]]:
    """Each seed page, opened offline and drawn; yields (page, SeedPage) and checks the log after."""
    seed = pages[request.param]
    with offline_page(browser, seed.path) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        yield page, seed
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.dialogs == []
        assert log.requests == [log.allowed]
        assert log.foreign_requests() == []


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


@needs_browser
def test_draws_the_whole_graph(opened: tuple[Any, SeedPage]) -> None:
    page, seed = opened
    counts = page.evaluate(
        """() => ({nodes: dutygraph.network.body.nodeIndices.length,
                  edges: dutygraph.network.body.edgeIndices.length,
                  positions: Object.keys(dutygraph.network.getPositions()).length,
                  physics: dutygraph.network.physics.options.enabled})"""
    )
    n, m = len(seed.data["nodes"]), len(seed.data["edges"])
    assert counts == {"nodes": n, "edges": m, "positions": n, "physics": False}
    assert page.locator("#dg-stats").text_content() == f"{n} 个节点 · {m} 条关系"
    assert page.locator("#dg-documents li").all_text_contents() == [JIANGXI_TITLE]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.locator("#dg-generated").text_content() or "")
    # The legend draws every node type and every group of roles, each with its count.
    assert page.locator(".dg-controls [data-type]").count() >= 7
    assert page.locator(".dg-controls [data-role]").count() == 4
    screenshot(page, f"seed_{seed.path.stem}.png")


@needs_browser
def test_search_finds_and_centres(opened: tuple[Any, SeedPage]) -> None:
    page, seed = opened
    for query, expected in (("省环保厅", "省环保厅"), ("6.3.2", "6.3.2"), ("三", "3")):
        wanted = [n["id"] for n in seed.data["nodes"] if expected in (*n["names"], n["code"])]
        if not wanted:
            continue  # problem 3 is not in the focus view of 省环保厅
        page.fill("#dg-search", query)
        page.press("#dg-search", "Enter")
        selected = page.evaluate("dutygraph.network.getSelectedNodes()")
        assert selected == wanted[:1], query
        # Centred: after the focus animation (300 ms, longer on a loaded machine: wait for its
        # end rather than for a fixed time) the node sits in the middle of the canvas.
        centred = """(id) => {
                const net = dutygraph.network;
                const dom = net.canvasToDOM(net.getPositions([id])[id]);
                const c = net.canvas.frame.canvas;
                return Math.abs(dom.x - c.clientWidth / 2) < 30 && Math.abs(dom.y - c.clientHeight / 2) < 30;
            }"""
        try:
            page.wait_for_function(centred, arg=wanted[0], timeout=10_000)
        except Exception:  # a timeout: the assertion below says where the node ended up
            pass
        offset = page.evaluate(
            """(id) => {
                const net = dutygraph.network;
                const dom = net.canvasToDOM(net.getPositions([id])[id]);
                const c = net.canvas.frame.canvas;
                return [dom.x - c.clientWidth / 2, dom.y - c.clientHeight / 2];
            }""",
            wanted[0],
        )
        assert abs(offset[0]) < 30 and abs(offset[1]) < 30, (query, offset)
        assert page.locator("#dg-details").get_attribute("data-node") == wanted[0]


@needs_browser
def test_role_filter_hides_support_edges(opened: tuple[Any, SeedPage]) -> None:
    page, seed = opened
    support = sum(1 for e in seed.data["edges"] if e.get("role") == "Support")
    total = len(seed.data["edges"])
    assert support > 0
    page.uncheck("#dg-role-support")
    assert page.evaluate("dutygraph.edges.get({filter: e => e.role === 'Support' && !e.hidden}).length") == 0
    assert page.evaluate("dutygraph.network.body.edgeIndices.length") == total - support
    assert page.locator("#dg-visible").text_content().endswith(f"{total - support} 条关系")
    page.check("#dg-role-support")
    assert page.evaluate("dutygraph.network.body.edgeIndices.length") == total


@needs_browser
def test_type_and_region_filters(opened: tuple[Any, SeedPage]) -> None:
    page, seed = opened
    measures = len(seed.nodes_of("Measure"))
    page.uncheck("#dg-type-Measure")
    assert page.evaluate("dutygraph.network.body.nodeIndices.length") == len(seed.data["nodes"]) - measures
    page.check("#dg-type-Measure")
    # The region list offers every region a node concerns, even in a focus view
    # that does not draw the region itself.
    page.select_option("#dg-region", label="上饶市")
    shown = set(page.evaluate("dutygraph.nodes.get({filter: n => !n.hidden}).map(n => n.code || n.fullLabel)"))
    assert {"省环保厅", "6.3.2", "6.3.6"} <= shown  # it leads measures of problem 6.3, in 上饶市
    assert "3.1" not in shown  # problem 3 is about other cities
    if seed.path.stem == "jiangxi-plan":
        assert {"上饶市政府", "上饶市", "6.3", "7"} <= shown
        assert "九江市政府" not in shown and "南昌市" not in shown
    page.select_option("#dg-region", value="")
    assert page.evaluate("dutygraph.network.body.nodeIndices.length") == len(seed.data["nodes"])


@needs_browser
def test_click_on_an_edge_shows_its_quote(opened: tuple[Any, SeedPage]) -> None:
    page, seed = opened
    # Zoomed so that edges are long: a lead edge whose midpoint no node or other
    # edge covers is clicked with the mouse, as a person would.
    point = page.evaluate(
        """() => {
            const net = dutygraph.network;
            net.fit({animation: false});
            net.redraw();
            const rect = net.canvas.frame.canvas.getBoundingClientRect();
            for (const e of dutygraph.edges.get({filter: e => e.kind === 'duty'})) {
                const pos = net.getPositions([e.from, e.to]);
                const mid = {x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2};
                const exact = net.canvasToDOM(mid);
                // The browser reports whole pixels: the click must hit this edge
                // alone on the pixel it lands on and on those around it.
                const dom = {x: Math.round(exact.x), y: Math.round(exact.y)};
                if (dom.x < 5 || dom.y < 5 || dom.x > rect.width - 5 || dom.y > rect.height - 5) continue;
                const around = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]]
                    .map(([dx, dy]) => ({x: dom.x + dx, y: dom.y + dy}));
                if (around.every(p => net.getEdgeAt(p) === e.id && net.getNodeAt(p) === undefined)) {
                    return {id: e.id, x: rect.left + dom.x, y: rect.top + dom.y};
                }
            }
            return null;
        }"""
    )
    assert point is not None, "no duty edge has a clickable midpoint"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(f'#dg-details[data-edge="{point["id"]}"]', timeout=10_000)
    edge = next(e for e in seed.data["edges"] if e["id"] == point["id"])
    original = JIANGXI.read_text(encoding="utf-8")
    quote = page.locator("#dg-details blockquote").text_content()
    assert quote == edge["quote"] == original[edge["start"] : edge["end"]]
    source = " ".join(page.locator("#dg-details .dg-source").all_text_contents())
    assert JIANGXI_TITLE in source
    assert f"第 {edge['line']} 行" in source and f"{edge['start']}–{edge['end']}" in source
    screenshot(page, f"seed_{seed.path.stem}_edge.png")


@needs_browser
def test_click_on_a_node_lists_its_duties(opened: tuple[Any, SeedPage]) -> None:
    page, seed = opened
    hb = seed.node_named("省环保厅")
    # Zoomed in on the unit, as a presenter would before clicking it in a dense plan.
    point = page.evaluate(
        """(id) => {
            const net = dutygraph.network;
            net.moveTo({position: net.getPositions([id])[id], scale: 1.5, animation: false});
            net.redraw();
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const rect = net.canvas.frame.canvas.getBoundingClientRect();
            return {x: rect.left + dom.x, y: rect.top + dom.y, hit: net.getNodeAt(dom) ?? null};
        }""",
        hb["id"],
    )
    assert point["hit"] == hb["id"]
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(f'#dg-details[data-node="{hb["id"]}"]', timeout=10_000)
    duties = page.locator("#dg-details ul.dg-duties li").all_text_contents()
    assert len(duties) == 14
    assert duties[0].startswith("牵头")  # leads first


@needs_browser
def test_layout_is_the_same_on_every_load(browser: Any, pages: dict[str, SeedPage]) -> None:
    # The plan settles in the browser (bounded physics from the Python layout):
    # a projector shows the same picture in every meeting.
    positions = []
    for _ in range(2):
        with offline_page(browser, pages["plan"].path) as (page, log):
            page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
            positions.append(page.evaluate("dutygraph.network.getPositions()"))
            assert log.page_errors == []
    assert positions[0] == positions[1]
