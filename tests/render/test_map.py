"""The map of the seeds, written by the real CLI and checked in headless Chromium.

Each marker is a region the selection's problems concern (or a unit's
jurisdiction), at the gazetteer's coordinates; a click lists the problems
the store says concern it; no label covers another; nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.core.gazetteer import Gazetteer
from graph.store import open_store
from tests.render.test_matrix import JIANGXI_DOC, JIANGXI_ID, READY, READY_TIMEOUT_MS, embedded
from tests.render.test_view_hostile import PLAN, PROBLEM
from tests.support.browser import offline_page, skip_reason
from tests.support.paths import ARTIFACTS

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


def run_map(store: Path, out: Path, *args: str) -> Path:
    from click.testing import CliRunner

    from cli import main

    result = CliRunner().invoke(main, ["--store", str(store), "map", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    return out


def concerning(store_path: Path, graph: str) -> dict[str, set[str]]:
    """Region IRI -> the problems of ``graph`` that concern it, read straight from the store."""
    with open_store(str(store_path), read_only=True) as store:
        rows = store.select(f"SELECT DISTINCT ?p ?r WHERE {{ GRAPH <{graph}> {{ ?p a dg:Problem ; dg:concerns ?r }} }}")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(str(row["r"]), set()).add(str(row["p"]))
    return found


@pytest.fixture(scope="module")
def plan_map(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_map(seed_store_path, tmp_path_factory.mktemp("map") / "jiangxi-map.html", "--document", JIANGXI_ID)


def test_regions_at_their_gazetteer_coordinates(plan_map: Path, seed_store_path: Path, gazetteer: Gazetteer) -> None:
    data = embedded(plan_map)
    stored = concerning(seed_store_path, JIANGXI_DOC)
    by_id = {r["id"]: r for r in data["regions"]}
    # Every region a problem concerns is on the map (those the gazetteer has a seat for).
    for region in stored:
        code = region.rsplit("/", 1)[-1]
        if gazetteer.coordinates(code) is not None:
            assert region in by_id, region
    for r in data["regions"]:
        code = r["id"].rsplit("/", 1)[-1]
        assert (r["lon"], r["lat"]) == gazetteer.coordinates(code)
        listed = {data["problems"][i]["id"] for i in r["problems"]}
        assert stored.get(r["id"], set()) <= listed
    page = plan_map.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "<link" not in page.lower() and "<img" not in page.lower() and "@import" not in page


@pytest.fixture()
def opened(browser: Any, plan_map: Path) -> Iterator[tuple[Any, Any]]:
    with offline_page(browser, plan_map, viewport=(1600, 1000)) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        yield page, log
        assert log.console_errors == [] and log.page_errors == [] and log.dialogs == []
        assert log.foreign_requests() == []


def label_boxes(page: Any) -> list[dict[str, float]]:
    boxes: list[dict[str, float]] = page.evaluate(
        """() => Array.from(document.querySelectorAll('#mp-labels text'))
            .filter(t => t.getAttribute('display') !== 'none')
            .map(t => { const b = t.getBoundingClientRect();
                        return {x0: b.left, y0: b.top, x1: b.right, y1: b.bottom, name: t.textContent}; })"""
    )
    return boxes


def overlapping(boxes: list[dict[str, float]], slack: float = 1.0) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x0"] + slack < b["x1"] and b["x0"] + slack < a["x1"] and a["y0"] + slack < b["y1"] and \
                    b["y0"] + slack < a["y1"]:
                pairs.append((str(a["name"]), str(b["name"])))
    return pairs


@needs_browser
def test_markers_labels_and_click(opened: tuple[Any, Any], seed_store_path: Path) -> None:
    page, _ = opened
    data = page.evaluate("dutygraph.data")
    assert page.locator("#mp-markers circle").count() == len(data["regions"])
    # Bigger markers for more problems.
    radii = page.evaluate(
        "() => Array.from(document.querySelectorAll('#mp-markers circle')).map(c => Number(c.getAttribute('r')))"
    )
    counts = [len(r["problems"]) for r in data["regions"]]
    for (ra, ca) in zip(radii, counts, strict=True):
        for (rb, cb) in zip(radii, counts, strict=True):
            if ca > cb:
                assert ra > rb
    boxes = label_boxes(page)
    assert len(boxes) >= 10
    assert overlapping(boxes) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_jiangxi.png"))
    # A click on 上饶市 lists the problems concerning it, each with its owners.
    index = next(i for i, r in enumerate(data["regions"]) if r["name"] == "上饶市")
    marker = page.locator(f'#mp-markers circle[data-region="{index}"]')
    marker.click()
    shangrao = data["regions"][index]["id"]
    page.wait_for_selector(f'#dg-details[data-region="{shangrao}"]', timeout=10_000)
    listed = set(page.evaluate(
        "() => Array.from(document.querySelectorAll('#dg-details .mp-problem'))"
        ".map(p => p.getAttribute('data-problem'))"
    ))
    assert concerning(seed_store_path, JIANGXI_DOC)[shangrao] <= listed
    text = page.locator("#dg-details").text_content()
    assert "上饶市政府" in text and "属地牵头" in text


@needs_browser
def test_zoom_keeps_labels_apart(opened: tuple[Any, Any]) -> None:
    page, _ = opened
    before = page.evaluate("dutygraph.placedLabels()")
    box = page.locator("#mp-svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.75)
    for _ in range(4):
        page.mouse.wheel(0, -300)
    page.wait_for_timeout(100)
    page.evaluate("dutygraph.draw()")
    assert overlapping(label_boxes(page)) == []
    page.click("#mp-fit")
    assert page.evaluate("dutygraph.placedLabels()") == before


@needs_browser
def test_markup_stays_text(browser: Any, tmp_path: Path) -> None:
    # The hostile plan of the view tests, its problem placed in a city so that it has a marker.
    plan = tmp_path / "hostile_plan.txt"
    problem = PROBLEM.replace("部分城市", "南昌市")
    plan.write_text(PLAN.replace(PROBLEM, problem), encoding="utf-8")
    from click.testing import CliRunner

    from cli import main

    store = tmp_path / "dutygraph.db"
    assert CliRunner().invoke(main, ["--store", str(store), "ingest", str(plan)]).exit_code == 0
    out = run_map(store, tmp_path / "hostile-map.html", "--document", "hostile_plan")
    assert "<img src=x" not in out.read_text(encoding="utf-8")
    with offline_page(browser, out) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        names = page.evaluate("dutygraph.data.regions.map(r => r.name)")
        index = names.index("南昌市")
        page.locator(f'#mp-markers circle[data-region="{index}"]').click()
        shown = page.locator("#dg-details .mp-problem").first.text_content()
        assert "<img src=x onerror=window.__pwned=4>" in shown  # the markup, as text
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        assert log.page_errors == [] and log.dialogs == [] and log.foreign_requests() == []
