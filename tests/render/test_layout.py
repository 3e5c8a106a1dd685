"""A whole plan's network reads at a glance: every unit label drawn, big enough, and clear of every other node.

The Jiangxi plan's view (131 nodes) is written by the real CLI, in the default
layout and in layers, and opened in headless Chromium at 1600×1000; the boxes
are vis-network's own (shape and label, canvas coordinates turned into the
page's), not estimates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.analyze.layout import label_box, layered_positions, remove_overlaps
from tests.render.test_matrix import JIANGXI_ID, READY, READY_TIMEOUT_MS
from tests.render.test_view_seeds import run_view
from tests.support.browser import offline_page, skip_reason
from tests.support.paths import ARTIFACTS

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
# A label drawn under this many pixels is not read from the back of a meeting room
# (vis-network stops drawing labels at 8).
READABLE_PX = 10

BOXES = """() => {
  const net = dutygraph.network, scale = net.getScale();
  const rect = net.canvas.frame.canvas.getBoundingClientRect();
  return dutygraph.nodes.get().map(n => {
    const b = net.getBoundingBox(n.id);
    const a = net.canvasToDOM({x: b.left, y: b.top}), c = net.canvasToDOM({x: b.right, y: b.bottom});
    return {id: n.id, type: n.type, label: n.label, px: n.font.size * scale,
            x0: a.x, y0: a.y, x1: c.x, y1: c.y, w: rect.width, h: rect.height};
  });
}"""


def test_remove_overlaps_leaves_none() -> None:
    import random

    rng = random.Random(3)
    points = [(rng.uniform(0, 200), rng.uniform(0, 200)) for _ in range(300)]
    sizes = [(rng.uniform(10, 120), rng.uniform(10, 40)) for _ in range(300)]
    moved = remove_overlaps(points, sizes, gap=2)
    assert moved == remove_overlaps(points, sizes, gap=2)  # a function of its input
    for i, (a, sa) in enumerate(zip(moved, sizes, strict=True)):
        for b, sb in zip(moved[i + 1:], sizes[i + 1:], strict=True):
            assert abs(a[0] - b[0]) >= (sa[0] + sb[0]) / 2 or abs(a[1] - b[1]) >= (sa[1] + sb[1]) / 2


def test_layered_positions_order_columns_left_to_right() -> None:
    layers = [["doc"], ["p1", "p2"], ["m1", "m2", "m3"], ["u1", "u2"]]
    links = {"p1": ["doc"], "p2": ["doc"], "m1": ["p2"], "m2": ["p1"], "m3": ["p2"], "u1": ["m2"], "u2": ["m1", "m3"]}
    neighbours: dict[str, list[str]] = {n: [] for layer in layers for n in layer}
    for a, bs in links.items():
        for b in bs:
            neighbours[a].append(b)
            neighbours[b].append(a)
    sizes = {n: label_box(n, 14, "box", 10) for n in neighbours}
    at = layered_positions(layers, neighbours, sizes)
    xs = [at[layer[0]][0] for layer in layers]
    assert xs == sorted(xs) and len(set(xs)) == 4
    # Measures follow their problems: m2 (of p1) above m1 and m3 (of p2).
    assert at["m2"][1] < at["m1"][1] and at["m2"][1] < at["m3"][1]
    assert at["u1"][1] < at["u2"][1]


@needs_browser
@pytest.mark.parametrize("layout", ["force", "layered"])
def test_every_unit_label_is_readable(browser: Any, seed_store_path: Path, tmp_path: Path, layout: str) -> None:
    page_file = run_view(seed_store_path, tmp_path / f"plan-{layout}.html", "--document", JIANGXI_ID,
                         "--layout", layout).path
    with offline_page(browser, page_file, viewport=(1600, 1000)) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        boxes = page.evaluate(BOXES)
        units = [b for b in boxes if b["type"] == "Unit"]
        assert len(units) == 46
        for unit in units:
            assert unit["px"] >= READABLE_PX, unit
            assert 0 <= unit["x0"] and unit["x1"] <= unit["w"] and 0 <= unit["y0"] and unit["y1"] <= unit["h"], unit
            for other in boxes:
                if other["id"] != unit["id"]:
                    apart = (unit["x1"] <= other["x0"] or other["x1"] <= unit["x0"] or
                             unit["y1"] <= other["y0"] or other["y1"] <= unit["y0"])
                    assert apart, (unit["label"], other["label"])
        if layout == "layered":
            # Left to right: the document, its problems, their measures, the units.
            column = {t: sorted(b["x0"] for b in boxes if b["type"] == t) for t in ("Document", "Problem", "Measure")}
            unit_left = min(b["x0"] for b in units)
            assert column["Document"][-1] < column["Problem"][0] < column["Measure"][0] < unit_left
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"network_jiangxi_{layout}.png"))
        assert log.page_errors == [] and log.console_errors == [] and log.foreign_requests() == []
