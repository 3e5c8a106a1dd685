"""The offline network page: static checks, then headless Chromium with all network blocked.

The browser tests drive Debian's /usr/bin/chromium through Python Playwright and
are skipped only when that browser (or Playwright) is missing.  No wall-clock
assertions here: timing belongs to benchmarks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from bench.network_rows import synthetic_rows
from graph.analyze.network import build_network, focus_subgraph, is_duty
from graph.render.html import (
    PHYSICS_NODE_LIMIT,
    build_page_data,
    inline_safe,
    render_network_html,
    write_network_html,
)
from tests.analyze.test_network import HOSTILE_QUOTE, HOSTILE_UNIT, jiangxi_rows, task, unit
from tests.support.browser import offline_page, skip_reason
from tests.support.paths import ARTIFACTS

TITLE = "江西省中央环保督察整改责任图"
HOSTILE_DOC = "<script>alert(1)</script>江西省整改方案"
GENERATED = date(2025, 3, 1)
READY = "body[data-ready=true]"
# Generous: a 2,000-node page on a slow CI machine must not flake.  This is a
# ceiling for a hung page, not a performance assertion.
READY_TIMEOUT_MS = 180_000

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    """The Jiangxi sample network, with one unit and one quote carrying markup."""
    return build_network(*jiangxi_rows(hostile=True))


@pytest.fixture(scope="module")
def page_html(G: nx.MultiDiGraph) -> str:
    """The rendered page for the sample network."""
    return render_network_html(G, TITLE, [HOSTILE_DOC], GENERATED)


# ---- static checks: run everywhere, browser or not -------------------------------------------------


def test_page_is_self_contained(page_html: str) -> None:
    assert page_html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page_html
    # No resource may come from elsewhere: no external src/href, no <link>, no @import or web font.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page_html, re.IGNORECASE)
    assert "<link" not in page_html.lower()
    assert "@import" not in page_html
    assert "@font-face" not in page_html
    assert "vis.Network" in page_html  # the library is inlined, not linked
    assert len(re.findall(r"^<script\b", page_html, re.MULTILINE)) == 3  # data, vis-network, ours


def test_page_escapes_document_text(page_html: str, G: nx.MultiDiGraph) -> None:
    assert "<img src=x" not in page_html
    assert "<script>alert" not in page_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;江西省整改方案" in page_html  # the document list, as text
    data_text = re.search(
        r'<script id="dg-data" type="application/json"[^>]*>(.*?)</script>', page_html, re.S
    )
    assert data_text is not None
    assert "<" not in data_text.group(1) and ">" not in data_text.group(1) and "&" not in data_text.group(1)
    data = json.loads(data_text.group(1))
    labels = {n["fullLabel"] for n in data["nodes"]}
    assert HOSTILE_UNIT in labels
    assert HOSTILE_QUOTE in {e.get("quote") for e in data["edges"]}
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()


def test_labels_truncated_full_text_kept(G: nx.MultiDiGraph) -> None:
    data = build_page_data(G)
    measure = next(n for n in data["nodes"] if n["id"] == task("3.2"))
    assert measure["label"].startswith("3.2 逐步淘汰燃煤小锅炉")
    assert measure["label"].endswith("…")
    assert len(measure["label"]) <= len("3.2 ") + 12 + 1
    assert measure["fullLabel"] == G.nodes[task("3.2")]["label"]
    assert data["physics"] is True  # a small graph settles in the browser


def test_focus_view_renders_more_node(G: nx.MultiDiGraph) -> None:
    data = build_page_data(focus_subgraph(G, task("3"), cap=5))
    (more,) = [n for n in data["nodes"] if n["type"] == "More"]
    # 20 neighbours besides its measures with the hostile unit, 5 kept.
    assert more["label"] == "…及其他 15 个"
    assert more["shapeProperties"] == {"borderDashes": [4, 3]}
    assert [e["relation"] for e in data["edges"] if e["to"] == more["id"]] == ["more"]


def test_oversight_roles_have_their_own_filter(G: nx.MultiDiGraph) -> None:
    assignments, structure = jiangxi_rows()
    assignments.append({**assignments[0], "role": "SignOff", "start": assignments[0]["start"] + 1})
    H = build_network(assignments, structure)
    data = build_page_data(H)
    (edge,) = [e for e in data["edges"] if e.get("role") == "SignOff"]
    assert edge["dashes"] and data["roleGroups"]["SignOff"] == "oversight"
    assert data["roleNames"]["SignOff"] == "验收销号"
    page = render_network_html(H, TITLE, [HOSTILE_DOC], GENERATED)
    assert 'id="dg-role-oversight"' in page


def test_write_is_utf8(tmp_path: Path, G: nx.MultiDiGraph) -> None:
    path = write_network_html(G, tmp_path / "网络.html", TITLE, [HOSTILE_DOC], GENERATED)
    raw = path.read_bytes()
    assert raw.decode("utf-8") == render_network_html(G, TITLE, [HOSTILE_DOC], GENERATED)
    assert "省工信委".encode() in raw
    assert b"\r\n" not in raw[:2000]


def test_inline_code_cannot_close_its_element() -> None:
    assert inline_safe('var s = "</script><!--";', "script") == 'var s = "<\\/script><\\!--";'
    assert inline_safe("a::after{content:'</STYLE>'}", "style") == "a::after{content:'<\\/STYLE>'}"
    assert inline_safe("if (a </b) {}", "script") == "if (a </b) {}"


# ---- in the browser ----------------------------------------------------------------------------------


@pytest.fixture()
def loaded(browser: Any, tmp_path: Path, G: nx.MultiDiGraph) -> Iterator[tuple[Any, Any]]:
    """The sample page, opened offline and drawn; yields (page, log)."""
    path = write_network_html(G, tmp_path / "dutygraph.html", TITLE, [HOSTILE_DOC], GENERATED)
    with offline_page(browser, path) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        yield page, log
        # Every test, whatever it did, must leave no error, no alert and no fetch behind.
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.dialogs == []
        assert log.foreign_requests() == []


def edge_id(page: Any, source: str, target: str, role: str) -> str:
    """Return the vis id of the duty edge source -> target with ``role``."""
    ids = page.evaluate(
        "([s, t, r]) => dutygraph.edges.getIds({filter: e => e.from === s && e.to === t && e.role === r})",
        [source, target, role],
    )
    assert len(ids) == 1, ids
    return ids[0]


@needs_browser
def test_draws_every_node_and_edge(loaded: tuple[Any, Any], G: nx.MultiDiGraph) -> None:
    page, log = loaded
    counts = page.evaluate(
        """() => ({nodes: dutygraph.nodes.length, edges: dutygraph.edges.length,
                  drawnNodes: dutygraph.network.body.nodeIndices.length,
                  drawnEdges: dutygraph.network.body.edgeIndices.length,
                  positions: Object.keys(dutygraph.network.getPositions()).length,
                  physics: dutygraph.network.physics.options.enabled})"""
    )
    assert counts == {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "drawnNodes": G.number_of_nodes(),
        "drawnEdges": G.number_of_edges(),
        "positions": G.number_of_nodes(),
        "physics": False,  # stabilised, then switched off
    }
    assert page.evaluate("window.dutygraphReady") is True
    assert log.requests == [log.allowed]
    assert page.locator("#dg-title").text_content() == TITLE
    assert page.locator("#dg-generated").text_content() == "2025-03-01"
    assert page.locator("#dg-documents li").first.text_content() == HOSTILE_DOC
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network_sample.png"))


@needs_browser
def test_search_selects_node(loaded: tuple[Any, Any]) -> None:
    page, _ = loaded
    page.fill("#dg-search", "省工信委")
    page.click("#dg-search-go")
    assert page.evaluate("dutygraph.network.getSelectedNodes()") == [unit("省工信委")]
    assert page.locator("#dg-details h2").text_content() == "省工信委"
    duties = page.locator("#dg-details ul.dg-duties li").all_text_contents()
    assert len(duties) == 1 and duties[0].startswith("牵头3.2")
    # Any name finds the node, here the alias a second label row gave 省环保厅.
    page.fill("#dg-search", "江西省环保厅")
    page.press("#dg-search", "Enter")
    assert page.evaluate("dutygraph.network.getSelectedNodes()") == [unit("省环保厅")]
    page.fill("#dg-search", "没有这个单位")
    page.press("#dg-search", "Enter")
    assert "未找到" in page.locator("#dg-search-status").text_content()


@needs_browser
def test_click_node_lists_duties(loaded: tuple[Any, Any]) -> None:
    page, _ = loaded
    point = page.evaluate(
        """(id) => {
            const net = dutygraph.network;
            net.fit({animation: false});
            net.redraw();
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const rect = net.canvas.frame.canvas.getBoundingClientRect();
            return {x: rect.left + dom.x, y: rect.top + dom.y, hit: net.getNodeAt(dom) ?? null};
        }""",
        unit("省环保厅"),
    )
    assert point["hit"] == unit("省环保厅")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(f'#dg-details[data-node="{unit("省环保厅")}"]', timeout=10_000)
    duties = page.locator("#dg-details ul.dg-duties li").all_text_contents()
    assert [d[:5] for d in duties] == ["牵头3.1", "牵头3.3"]
    assert "又称:江西省环保厅" in page.locator("#dg-details").text_content()


@needs_browser
def test_filters_hide_and_show(loaded: tuple[Any, Any], G: nx.MultiDiGraph) -> None:
    page, _ = loaded
    support = sum(1 for *_, d in G.edges(data=True) if is_duty(d) and d["role"] == "Support")
    assert support == 13
    visible_support = "dutygraph.edges.get({filter: e => e.role === 'Support' && !e.hidden}).length"
    assert page.evaluate(visible_support) == support
    page.uncheck("#dg-role-support")
    assert page.evaluate(visible_support) == 0
    assert page.evaluate("dutygraph.visibleCounts().edges") == G.number_of_edges() - support
    assert page.evaluate("dutygraph.network.body.edgeIndices.length") == G.number_of_edges() - support
    page.check("#dg-role-support")
    assert page.evaluate(visible_support) == support

    page.uncheck("#dg-type-Measure")
    assert page.evaluate("dutygraph.nodes.get({filter: n => n.type === 'Measure' && !n.hidden}).length") == 0
    # Edges of hidden nodes are hidden too: no lead edge remains (all leads are on measures).
    assert page.evaluate("dutygraph.edges.get({filter: e => e.role === 'Lead' && !e.hidden}).length") == 0
    page.check("#dg-type-Measure")

    page.select_option("#dg-region", label="南昌市")
    shown = page.evaluate("dutygraph.nodes.getIds({filter: n => !n.hidden})")
    assert unit("南昌市政府") in shown
    assert unit("省公安厅") in shown  # leads 3.5, a measure of a problem concerning 南昌
    assert unit("九江市政府") not in shown
    assert unit("省委办公厅") not in shown  # only responsible for problem 2, which names no city
    page.select_option("#dg-region", value="")
    assert page.evaluate("dutygraph.visibleCounts()") == {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }


@needs_browser
def test_click_edge_shows_quote(loaded: tuple[Any, Any], G: nx.MultiDiGraph) -> None:
    page, _ = loaded
    wanted = edge_id(page, unit("省工信委"), task("3.2"), "Lead")
    # Try the wanted edge first; if a node or crossing edge sits on its midpoint,
    # any other duty edge with a clean midpoint proves the same click path.
    candidates = [wanted, *page.evaluate("dutygraph.edges.getIds({filter: e => e.kind === 'duty'})")]
    target = None
    for candidate in candidates:
        point = page.evaluate(
            """(id) => {
                const net = dutygraph.network;
                net.fit({animation: false});
                net.redraw();
                const e = dutygraph.edges.get(id);
                const pos = net.getPositions([e.from, e.to]);
                const mid = {x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2};
                const dom = net.canvasToDOM(mid);
                const rect = net.canvas.frame.canvas.getBoundingClientRect();
                return {x: rect.left + dom.x, y: rect.top + dom.y,
                        edge: net.getEdgeAt(dom) ?? null, node: net.getNodeAt(dom) ?? null};
            }""",
            candidate,
        )
        if point["edge"] == candidate and point["node"] is None:
            target = (candidate, point)
            break
    assert target is not None, "no duty edge has a clickable midpoint"
    chosen, point = target
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(f'#dg-details[data-edge="{chosen}"]', timeout=10_000)
    edge = page.evaluate("(id) => dutygraph.edges.get(id)", chosen)
    assert page.locator("#dg-details blockquote").text_content() == edge["quote"]
    source = " ".join(page.locator("#dg-details .dg-source").all_text_contents())
    assert edge["docTitle"] in source
    assert f"第 {edge['line']} 行" in source and f"{edge['start']}–{edge['end']}" in source
    if chosen == wanted:
        assert edge["quote"] == "省工信委(牵头负责第2条)"
        assert "第 175 行" in source
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network_edge_details.png"))


@needs_browser
def test_markup_in_documents_stays_text(loaded: tuple[Any, Any]) -> None:
    page, log = loaded
    page.fill("#dg-search", "onerror")
    page.press("#dg-search", "Enter")
    assert page.locator("#dg-details h2").text_content() == HOSTILE_UNIT
    hostile_edge = edge_id(page, unit("hostile"), task("3"), "Support")
    page.locator(f'#dg-details li[data-edge="{hostile_edge}"]').click()
    assert page.locator("#dg-details blockquote").text_content() == HOSTILE_QUOTE
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert page.locator("#dg-documents li").first.text_content() == HOSTILE_DOC
    page.wait_for_timeout(200)  # an onerror handler would fire on the next tick
    assert log.dialogs == []


@needs_browser
def test_save_png(loaded: tuple[Any, Any], tmp_path: Path) -> None:
    page, _ = loaded
    with page.expect_download() as info:
        page.click("#dg-save")
    download = info.value
    assert download.suggested_filename == "dutygraph-2025-03-01.png"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_browser
@pytest.mark.parametrize("n_nodes", [300, 2000])
def test_large_graph_draws(browser: Any, tmp_path: Path, n_nodes: int) -> None:
    G = build_network(*synthetic_rows(n_nodes))
    assert G.number_of_nodes() == n_nodes > PHYSICS_NODE_LIMIT
    path = write_network_html(
        G, tmp_path / f"large_{n_nodes}.html", f"合成 {n_nodes}", ["合成测试方案"], GENERATED
    )
    with offline_page(browser, path) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        counts = page.evaluate(
            """() => ({nodes: dutygraph.nodes.length, edges: dutygraph.edges.length,
                      drawn: dutygraph.network.body.nodeIndices.length,
                      physics: dutygraph.network.physics.options.enabled})"""
        )
        assert counts == {"nodes": n_nodes, "edges": G.number_of_edges(), "drawn": n_nodes, "physics": False}
        # Positions come from Python (compute_layout), not from a browser simulation.
        # (read back from the page: a second compute_layout would double the test's cost).
        first = page.evaluate("JSON.parse(document.getElementById('dg-data').textContent).nodes[0]")
        pos = page.evaluate("(id) => dutygraph.network.getPositions([id])[id]", first["id"])
        assert abs(pos["x"] - first["x"]) <= 1 and abs(pos["y"] - first["y"]) <= 1  # vis rounds to pixels
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"network_{n_nodes}.png"))
        assert log.console_errors == [] and log.page_errors == [] and log.dialogs == []
        assert log.foreign_requests() == []


@needs_browser
def test_empty_graph_page_is_ready(browser: Any, tmp_path: Path) -> None:
    path = write_network_html(nx.MultiDiGraph(), tmp_path / "empty.html", "空图", [], GENERATED)
    with offline_page(browser, path) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        assert page.evaluate("dutygraph.nodes.length") == 0
        assert log.console_errors == [] and log.page_errors == []


@needs_browser
def test_guard_sees_external_requests(browser: Any, tmp_path: Path) -> None:
    # The offline assertions are only worth something if the guard notices a
    # fetch: a page that asks for a (loopback, never served) image must show up.
    path = tmp_path / "leaky.html"
    path.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    with offline_page(browser, path) as (page, log):
        page.wait_for_timeout(300)
        assert log.blocked == ["http://127.0.0.1:9/x.png"]
        assert "http://127.0.0.1:9/x.png" in log.foreign_requests()
