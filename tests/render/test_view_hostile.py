"""Markup in a document stays text in its view: from the real extractor through the store and
``dutygraph view`` to headless Chromium.

The test plan's title, a problem, two measures and two unit names carry ``<img onerror>`` and
``</script><script>`` payloads that would set ``window.__pwned`` if any of them ran.  Each place
the page shows document text is looked at: the canvas labels, the hover tooltips (vis-network 9
shows an Element as is and a string as ``innerText``; the page script passes Elements built with
``textContent``), the details panel of a node and of an edge, the search results and the list of
source documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from graph.server import EndpointConfig, RunningEndpoint
from tests.render.test_view_seeds import READY, READY_TIMEOUT_MS, SeedPage, embedded_data
from tests.support.browser import offline_page, skip_reason
from tests.support.shacl import ShapeCheck

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "</script><script>window.__pwned=2</script>"
UNIT_IMG = f"省{IMG}环保厅"
UNIT_SCRIPT = f"省{SCRIPT}住建厅"
TITLE = "江西省贯彻落实中央环境保护督察组督察反馈意见整改方案</script><script>window.__pwned=3</script>"
PROBLEM = "部分城市<img src=x onerror=window.__pwned=4>大气污染问题突出</script><script>window.__pwned=5</script>。"
PLAN = f"""{TITLE}

为切实做好中央环境保护督察反馈意见整改工作,制定本方案。

附:江西省贯彻落实中央环境保护督察组督察反馈意见问题整改措施清单

一、{PROBLEM}

整改目标:到2018年底,空气质量明显改善。

整改时限:2018年底前。

整改措施:

1、加快淘汰燃煤小锅炉<img src=x onerror=window.__pwned=6>。

2、加强施工工地扬尘环境监管</script><script>window.__pwned=7</script>。

责任单位:{UNIT_IMG}(牵头负责第1条)、{UNIT_SCRIPT}(牵头负责第2条)、省公安厅。
"""

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory, shape_check: ShapeCheck) -> Path:
    """The plan ingested by the command line."""
    root = tmp_path_factory.mktemp("hostile")
    plan = root / "hostile_plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    store = root / "dutygraph.db"
    ingested = CliRunner().invoke(main, ["--store", str(store), "ingest", str(plan)])
    assert ingested.exit_code == 0, ingested.output
    shape_check.check_store(str(store))
    return store


@pytest.fixture(scope="module")
def hostile(hostile_store: Path) -> SeedPage:
    """The plan's view, drawn by the command line."""
    out = hostile_store.parent / "hostile.html"
    drawn = CliRunner().invoke(main, ["--store", str(hostile_store), "view", "--document", "hostile_plan",
                                      "-o", str(out)])
    assert drawn.exit_code == 0, drawn.output
    return SeedPage(out, embedded_data(out))


def test_the_payloads_reach_the_page_as_data_only(hostile: SeedPage) -> None:
    names = {name for n in hostile.data["nodes"] for name in n["names"]}
    assert {UNIT_IMG, UNIT_SCRIPT} <= names  # the extractor kept them: the rest of the test means something
    assert any(n["fullLabel"] == PROBLEM for n in hostile.data["nodes"])
    assert any(IMG in e.get("quote", "") for e in hostile.data["edges"])
    assert {e["docTitle"] for e in hostile.data["edges"] if e["kind"] == "duty"} == {TITLE}
    page = hostile.path.read_text(encoding="utf-8")
    assert "<img" not in page and "__pwned=2</script>" not in page and "<script>window" not in page
    # No record carries a tooltip of its own: a string title would be handed to vis-network as is.
    assert not any("title" in record for record in hostile.data["nodes"] + hostile.data["edges"])


# ---- in the browser ----------------------------------------------------------------------------------


@pytest.fixture()
def opened(browser: Any, hostile: SeedPage) -> Iterator[Any]:
    """The page, drawn; afterwards nothing may have run, failed, alerted or been fetched."""
    with offline_page(browser, hostile.path) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        yield page
        page.wait_for_timeout(100)  # an onerror handler would have fired by now
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.scripts.length") == 3  # data, vis-network, ours
        assert log.console_errors == [] and log.page_errors == [] and log.dialogs == []
        assert log.foreign_requests() == []


def node_id(page: Any, name: str) -> str:
    ids = page.evaluate("(name) => dutygraph.nodes.getIds({filter: n => n.names.includes(name)})", name)
    assert len(ids) == 1, (name, ids)
    return str(ids[0])


def screen_point(page: Any, node: str) -> dict[str, float]:
    """Where ``node`` is drawn, zoomed in on it, in page coordinates."""
    point: dict[str, float] = page.evaluate(
        """(id) => {
            const net = dutygraph.network;
            net.moveTo({position: net.getPositions([id])[id], scale: 1.2, animation: false});
            net.redraw();
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const rect = net.canvas.frame.canvas.getBoundingClientRect();
            return {x: rect.left + dom.x, y: rect.top + dom.y, hit: net.getNodeAt(dom) ?? null};
        }""",
        node,
    )
    assert point["hit"] == node
    return point


@needs_browser
def test_labels_and_tooltips_show_the_markup(opened: Any) -> None:
    page = opened
    for name in (UNIT_IMG, UNIT_SCRIPT):
        node = node_id(page, name)
        # The canvas draws the label with fillText; it must be the name, shortened, not something parsed.
        label = page.evaluate("(id) => dutygraph.nodes.get(id).label", node)
        assert label == name[:16] + "…"
        point = screen_point(page, node)
        page.mouse.move(point["x"] - 3, point["y"])
        page.mouse.move(point["x"], point["y"])
        # vis-network shows the tooltip after its delay, and moves the one element from node to node.
        page.wait_for_function(
            """(text) => { const tip = document.querySelector('div.vis-tooltip');
                           return tip && tip.style.visibility !== 'hidden' && tip.textContent === text; }""",
            arg="单位" + name, timeout=10_000,
        )
        assert page.locator("div.vis-tooltip").locator("img, script").count() == 0


@needs_browser
def test_the_details_of_a_node_and_an_edge_show_the_markup(opened: Any) -> None:
    page = opened
    unit = node_id(page, UNIT_IMG)
    point = screen_point(page, unit)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(f'#dg-details[data-node="{unit}"]', timeout=10_000)
    assert page.locator("#dg-details h2").text_content() == UNIT_IMG
    duties = page.locator("#dg-details ul.dg-duties li").all_text_contents()
    # A measure is listed by its label, the start of its text (markup included, as text).
    assert duties and duties[0].startswith("牵头1.1加快淘汰燃煤小锅炉<img src=x onerror=")
    # The unit's lead edge, clicked at its midpoint with the two ends zoomed to fill the canvas.
    point = page.evaluate(
        """(unit) => {
            const net = dutygraph.network;
            const e = dutygraph.edges.get({filter: e => e.from === unit && e.kind === 'duty'})[0];
            net.fit({nodes: [e.from, e.to], animation: false});
            net.redraw();
            const pos = net.getPositions([e.from, e.to]);
            const dom = net.canvasToDOM({x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2});
            const rect = net.canvas.frame.canvas.getBoundingClientRect();
            return {id: e.id, quote: e.quote, x: rect.left + dom.x, y: rect.top + dom.y,
                    edge: net.getEdgeAt(dom) ?? null, node: net.getNodeAt(dom) ?? null};
        }""",
        unit,
    )
    assert (point["edge"], point["node"]) == (point["id"], None)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(f'#dg-details[data-edge="{point["id"]}"]', timeout=10_000)
    assert IMG in point["quote"]
    assert page.locator("#dg-details blockquote").text_content() == point["quote"]
    assert page.locator("#dg-details h2").text_content().startswith(UNIT_IMG)
    assert f"来源:{TITLE}" in page.locator("#dg-details .dg-source").all_text_contents()


@needs_browser
def test_search_results_and_the_document_list_show_the_markup(opened: Any) -> None:
    page = opened
    page.fill("#dg-search", "onerror")
    page.press("#dg-search", "Enter")
    # One button per match, code and name cut at 18 characters, the markup as text.
    choices = page.locator("#dg-search-status button").all_text_contents()
    assert sorted(choices) == ["1 部分城市<img src=x o…", "1.1 加快淘汰燃煤小锅炉<img …", "省<img src=x onerro…"]
    assert page.locator("#dg-search-status button *").count() == 0
    page.fill("#dg-search", "</script><script>window.__pwned=2")
    page.press("#dg-search", "Enter")
    assert page.locator("#dg-details h2").text_content() == UNIT_SCRIPT
    options = page.evaluate("[...document.querySelectorAll('#dg-names option')].map(o => o.value)")
    assert UNIT_IMG in options and UNIT_SCRIPT in options
    assert page.locator("#dg-documents li").all_text_contents() == [TITLE]
    assert page.title() == page.evaluate("document.title")  # the page's own title, none of the payloads


@needs_browser
def test_the_query_page_shows_the_markup_as_text(browser: Any, hostile_store: Path) -> None:
    # The endpoint's own page renders query results from the same documents.
    running = RunningEndpoint(EndpointConfig(store=str(hostile_store), port=0, workers=1)).start()
    context = browser.new_context(service_workers="block")
    blocked: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(running.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", route)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
        page.goto(running.url, wait_until="load")
        page.fill("#query", "SELECT DISTINCT ?name WHERE { ?u a dg:Unit ; rdfs:label ?name } ORDER BY ?name")
        page.click("#query-form button[type=submit]")
        page.wait_for_selector("#results table", timeout=30_000)
        cells = page.locator("#results td").all_text_contents()
        assert UNIT_IMG in cells and UNIT_SCRIPT in cells
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.scripts.length") == 1  # query.js
        assert problems == [] and blocked == []
    finally:
        context.close()
        running.stop()
