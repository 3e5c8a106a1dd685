"""Problems coloured by their current status in the network view, with a legend (issue 15, item 5).

The seed plan is stored with the progress report written for the history tests (三 completed, 九
not: tests/test_link.py's JIANGXI_REPORT); the view is written by the real command line and the
page drawn in headless Chromium, offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from graph.link import current_status_of
from graph.render.html import STATUS_CLASSES, STATUS_STYLES
from graph.store import open_store
from tests.render.test_view_seeds import JIANGXI_ID, READY, READY_TIMEOUT_MS, SeedPage, needs_browser, run_view
from tests.support.browser import offline_page
from tests.support.paths import JIANGXI
from tests.test_link import JIANGXI_REPORT

PLAN = f"https://w3id.org/dutygraph/id/doc/{JIANGXI_ID}"


def _ingest(store: Path, *files: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(store), "ingest", *map(str, files)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the seed plan and a report saying 三 is completed and 九 is not."""
    folder = tmp_path_factory.mktemp("status-view")
    report = folder / "jx_report.txt"
    report.write_text(JIANGXI_REPORT, encoding="utf-8")
    _ingest(folder / "db", JIANGXI, report)
    return folder / "db"


@pytest.fixture(scope="module")
def plan_page(reported: Path, tmp_path_factory: pytest.TempPathFactory) -> SeedPage:
    return run_view(reported, tmp_path_factory.mktemp("status-page") / "plan.html", "--document", JIANGXI_ID)


def _problem(page: SeedPage, code: str) -> dict[str, Any]:
    (node,) = [n for n in page.data["nodes"] if n["type"] == "Problem" and n["code"] == code]
    return node


def test_the_lookup_reads_the_current_status_of_the_problems_asked_for(reported: Path) -> None:
    with open_store(str(reported), read_only=True) as store:
        found = current_status_of(store, [f"{PLAN}/problem/3", f"{PLAN}/problem/9", f"{PLAN}/problem/8",
                                          "more:0", "https://x/with space"])
    assert {task: status.status for task, status in found.items()} == {
        f"{PLAN}/problem/3": "Completed", f"{PLAN}/problem/9": "NotCompleted"}
    assert found[f"{PLAN}/problem/3"].issued == "2018-06-30"
    assert found[f"{PLAN}/problem/3"].document.endswith("/doc/jx_report")


def test_reported_problems_carry_their_status_look_and_mark(plan_page: SeedPage) -> None:
    three, nine, eight = (_problem(plan_page, code) for code in ("3", "9", "8"))
    done, behind = STATUS_STYLES["done"], STATUS_STYLES["behind"]
    assert (three["status"], STATUS_CLASSES[three["status"]]) == ("Completed", "done")
    assert three["color"]["background"] == done.color and three["label"].startswith(done.mark + " 3 ")
    assert three["statusText"] == "当前进展:已完成(2018-06-30,江西省贯彻落实中央环境保护督察反馈意见整改进展情况的报告)"
    assert nine["color"]["background"] == behind.color and nine["label"].startswith(behind.mark + " 9 ")
    assert nine["shapeProperties"]["borderDashes"] == list(behind.dashes)  # not told by colour alone
    # A problem no report speaks of keeps the problem's own look.
    assert "status" not in eight and eight["color"] == "#e15759" and eight["label"].startswith("8 ")
    problems = sum(n["type"] == "Problem" for n in plan_page.data["nodes"])  # sub-problems (6.1) too
    legend = plan_page.path.read_text(encoding="utf-8")
    assert '<fieldset class="dg-box" id="dg-status-legend">' in legend
    assert f'<span>无进展信息</span><span class="dg-count">{problems - 2}</span>' in legend


def test_a_view_without_any_status_has_no_status_legend(tmp_path: Path) -> None:
    _ingest(tmp_path / "db", JIANGXI)
    page = run_view(tmp_path / "db", tmp_path / "plan.html", "--document", JIANGXI_ID)
    assert not any("status" in n for n in page.data["nodes"])
    assert "dg-status-legend" not in page.path.read_text(encoding="utf-8")


@pytest.fixture()
def drawn(browser: Any, plan_page: SeedPage) -> Iterator[Any]:
    with offline_page(browser, plan_page.path) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        yield page
        assert log.console_errors == [] and log.page_errors == [] and log.foreign_requests() == []


def _pixel_at_node(page: Any, node: str) -> dict[str, Any]:
    """The colour the canvas shows at a node's centre, zoomed in on it, and the node found there."""
    result: dict[str, Any] = page.evaluate(
        """(id) => {
            const net = dutygraph.network;
            net.moveTo({position: net.getPositions([id])[id], scale: 2.5, animation: false});
            net.redraw();
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const canvas = net.canvas.frame.canvas;
            const ratio = canvas.width / canvas.getBoundingClientRect().width;
            const x = Math.round(dom.x * ratio), y = Math.round(dom.y * ratio);
            const px = canvas.getContext("2d").getImageData(x, y, 1, 1).data;
            return {hit: net.getNodeAt(dom) ?? null, rgb: [px[0], px[1], px[2]]};
        }""",
        node,
    )
    return result


def _rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


@needs_browser
def test_the_page_draws_a_problem_reported_done_in_the_done_colour(drawn: Any, plan_page: SeedPage) -> None:
    legend = drawn.locator("#dg-status-legend")
    assert legend.is_visible()
    rows = legend.locator(".dg-row").all_text_contents()
    assert [row.rstrip("0123456789") for row in rows] == [
        f"{style.mark} {style.name}" for style in STATUS_STYLES.values()] + ["无进展信息"]
    assert legend.locator('[data-status="done"] .dg-count').text_content() == "1"
    assert legend.locator('[data-status="behind"] .dg-count').text_content() == "1"
    for code, kind in (("3", "done"), ("9", "behind"), ("8", None)):
        node = _problem(plan_page, code)
        seen = _pixel_at_node(drawn, node["id"])
        assert seen["hit"] == node["id"]
        expected = _rgb(STATUS_STYLES[kind].color if kind else "#e15759")
        assert all(abs(a - b) <= 8 for a, b in zip(seen["rgb"], expected, strict=True)), (code, seen, expected)
    three = _problem(plan_page, "3")
    drawn.evaluate("(id) => dutygraph.selectNode(id)", three["id"])
    drawn.wait_for_selector(f'#dg-details[data-node="{three["id"]}"]', timeout=10_000)
    assert drawn.locator("#dg-details .dg-current-status").text_content() == three["statusText"]


def test_matrix_and_map_read_the_current_status(reported: Path, tmp_path: Path) -> None:
    from graph.render.map import write_map
    from graph.render.matrix import write_matrix
    from graph.render.selection import SelectionOptions
    from tests.render.test_view_seeds import embedded_data

    with open_store(str(reported), read_only=True) as store:
        matrix = embedded_data(write_matrix(store, tmp_path / "m.html", SelectionOptions(document=JIANGXI_ID)).path)
        drawn = embedded_data(write_map(store, tmp_path / "map.html", SelectionOptions(focus="三")).path)
    columns = {c["code"]: c for c in matrix["columns"]}
    assert (columns["3"]["statuses"], columns["3"]["completed"]) == (["已完成"], True)
    assert (columns["9"]["statuses"], columns["9"]["completed"]) == (["未完成"], False)
    assert columns["8"]["statuses"] == []
    # Problem 三 concerns five cities: each marker of its map is coloured done.
    assert {p["status"] for p in drawn["problems"]} == {"已完成"}
    assert drawn["regions"] and {r["colour"] for r in drawn["regions"] if r["problems"]} == {"done"}
