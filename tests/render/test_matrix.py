"""The responsibility matrix of the seeds, written by the real CLI and checked in headless Chromium.

What the page shows is compared with what the store holds, read by SPARQL here
independently of the view code: every mark is one assignment of the selection
and every assignment is a mark.  No wall-clock assertions: timing belongs to
bench/view_bench.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from graph.store import open_store
from tests.render.test_view_hostile import PROBLEM, UNIT_IMG, UNIT_SCRIPT, hostile_store  # noqa: F401
from tests.support.browser import offline_page, skip_reason
from tests.support.paths import ARTIFACTS, JIANGXI

READY = "body[data-ready=true]"
READY_TIMEOUT_MS = 180_000  # a ceiling for a hung page, not a performance assertion
JIANGXI_ID = "000_89c821903e6b9e73"
JIANGXI_DOC = f"https://w3id.org/dutygraph/id/doc/{JIANGXI_ID}"
JIANGXI_TITLE = "江西省贯彻落实中央环境保护督察组督察反馈意见整改方案"
ROLE_KEY = "https://w3id.org/dutygraph/ontology#"

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


def embedded(path: Path) -> dict[str, Any]:
    found = re.search(r'<script id="dg-data" type="application/json"[^>]*>(.*?)</script>',
                      path.read_text(encoding="utf-8"), re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def run_matrix(store: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["--store", str(store), "matrix", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    return out


def stored_assignments(store_path: Path, graph: str | None = None) -> Counter[tuple[str, str, str]]:
    """(agent, task, role) of every assignment, read straight from the store."""
    inner = "?a a dg:Assignment ; dg:agent ?agent ; dg:task ?task ; dg:role ?r"
    where = f"GRAPH <{graph}> {{ {inner} }}" if graph else inner
    with open_store(str(store_path), read_only=True) as store:
        rows = store.select(f"SELECT DISTINCT ?a ?agent ?task ?r WHERE {{ {where} }}")
    return Counter((str(r["agent"]), str(r["task"]), str(r["r"]).removeprefix(ROLE_KEY)) for r in rows)


def parent_problems(store_path: Path) -> dict[str, str]:
    with open_store(str(store_path), read_only=True) as store:
        rows = store.select("SELECT DISTINCT ?m ?p WHERE { ?m dg:ofProblem ?p }")
    return {str(r["m"]): str(r["p"]) for r in rows}


@pytest.fixture(scope="module")
def plan_matrix(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_matrix(seed_store_path, tmp_path_factory.mktemp("matrix") / "jiangxi-matrix.html",
                      "--document", JIANGXI_ID)


@pytest.fixture(scope="module")
def all_matrix(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_matrix(seed_store_path, tmp_path_factory.mktemp("matrix-all") / "matrix.html")


# ---- what the CLI writes, without a browser ----------------------------------------------------------


def test_data_holds_every_assignment_of_the_document(plan_matrix: Path, seed_store_path: Path) -> None:
    data = embedded(plan_matrix)
    expected = stored_assignments(seed_store_path, JIANGXI_DOC)
    assert sum(expected.values()) == 96
    got: Counter[tuple[str, str, str]] = Counter()
    for row, column, measure, role, _ in data["duties"]:
        c = data["columns"][column]
        task = c["id"] if measure < 0 else c["measures"][measure]["id"]
        got[data["rows"][row]["id"], task, data["roles"][role]["key"]] += 1
    assert got == expected
    assert {d["title"] for d in data["documents"]} == {JIANGXI_TITLE}


def test_role_selection_and_region_selection(seed_store_path: Path, tmp_path: Path) -> None:
    lead = embedded(run_matrix(seed_store_path, tmp_path / "lead.html", "--document", JIANGXI_ID, "--role", "lead"))
    roles = {lead["roles"][d[3]]["key"] for d in lead["duties"]}
    assert roles == {"Lead", "JurisdictionLead"}
    everything = stored_assignments(seed_store_path, JIANGXI_DOC)
    assert len(lead["duties"]) == sum(n for (_, _, r), n in everything.items() if r in roles) == 46
    region = embedded(run_matrix(seed_store_path, tmp_path / "shangrao.html", "--region", "上饶市"))
    codes = {c["code"] for c in region["columns"]}
    assert {"6.3", "7"} <= codes and "1" not in codes  # problem 1 names no city
    assert "上饶市政府" in {r["label"] for r in region["rows"]}
    focus = embedded(run_matrix(seed_store_path, tmp_path / "hb.html", "--focus", "省环保厅"))
    assert sum(1 for d in focus["duties"] if focus["rows"][d[0]]["label"] == "省环保厅") == 14


def test_unknown_region_is_a_domain_error(seed_store_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(seed_store_path), "matrix", "--region", "火星",
                                       "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "火星" in result.output


def test_page_is_self_contained_and_escaped(plan_matrix: Path) -> None:
    page = plan_matrix.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "<link" not in page.lower() and "@import" not in page and "@font-face" not in page
    assert len(re.findall(r"^<script\b", page, re.MULTILINE)) == 2  # data, ours


# ---- in the browser ----------------------------------------------------------------------------------


@pytest.fixture()
def opened(browser: Any, plan_matrix: Path) -> Iterator[tuple[Any, Any]]:
    with offline_page(browser, plan_matrix, viewport=(1600, 1000)) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        yield page, log
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.dialogs == []
        assert log.foreign_requests() == []


def drawn_cells(page: Any) -> list[dict[str, Any]]:
    """Every cell element on the sheet: its row and column header texts and the marks it shows."""
    cells: list[dict[str, Any]] = page.evaluate(
        """() => {
            const rowAt = {}, slotAt = {};
            document.querySelectorAll('#mx-rowheads .mx-row')
                .forEach(r => { rowAt[r.style.top] = r.getAttribute('data-row'); });
            document.querySelectorAll('#mx-colheads .mx-col')
                .forEach(c => { slotAt[c.style.left] = c.getAttribute('data-slot'); });
            return Array.from(document.querySelectorAll('#mx-body .mx-cell')).map(c => ({
                row: rowAt[c.style.top], slot: slotAt[c.style.left],
                marks: Array.from(c.querySelectorAll('span')).map(s => s.textContent),
                counts: Array.from(c.querySelectorAll('sub')).map(s => Number(s.textContent)),
            }));
        }"""
    )
    return cells


@needs_browser
def test_every_mark_is_an_assignment_and_back(opened: tuple[Any, Any], seed_store_path: Path) -> None:
    page, _ = opened
    data = embedded_page_data(page)
    expected = stored_assignments(seed_store_path, JIANGXI_DOC)
    parents = parent_problems(seed_store_path)
    marks = {r["mark"]: r["key"] for r in data["roles"]}
    for expand in (False, True):
        if expand:
            page.click("#mx-expand-all")
        cells = drawn_cells(page)
        assert len(cells) == page.evaluate("dutygraph.state().cells.length")
        # What the elements show, as (row, slot) -> role -> count …
        shown: Counter[tuple[str, str, str]] = Counter()
        for cell in cells:
            assert cell["row"] is not None and cell["slot"] is not None
            for mark in cell["marks"]:
                shown[cell["row"], cell["slot"], marks[mark]] += 1
        # … equals the store's assignments folded onto the same rows and slots.
        folded: Counter[tuple[str, str, str]] = Counter()
        row_of = {r["id"]: str(i) for i, r in enumerate(data["rows"])}
        slot_of: dict[str, str] = {}
        for i, c in enumerate(data["columns"]):
            slot_of[c["id"]] = str(i)
            for j, m in enumerate(c["measures"]):
                slot_of[m["id"]] = f"{i}.{j}" if expand else str(i)
        for (agent, task, role), _ in expected.items():
            column_task = task if task in slot_of else parents[task]
            folded[row_of[agent], slot_of.get(task, slot_of[column_task]), role] = 1
        assert set(shown) == set(folded)
        # The per-role counts of the cells add up to every assignment.
        total = page.evaluate(
            "() => dutygraph.state().cells.reduce((n, c) => n + c.duties.length, 0)"
        )
        assert total == sum(expected.values()) == 96
        drawn = Counter(tuple(m[:3]) for m in page.evaluate("dutygraph.drawnMarks()"))
        assert drawn == expected
        if expand:
            assert all(m[1] == m[3] for m in page.evaluate("dutygraph.drawnMarks()"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.click("#mx-collapse-all")
    page.screenshot(path=str(ARTIFACTS / "matrix_jiangxi.png"))


def embedded_page_data(page: Any) -> dict[str, Any]:
    data: dict[str, Any] = page.evaluate("JSON.parse(document.getElementById('dg-data').textContent)")
    return data


@needs_browser
def test_counts_per_row_and_column(opened: tuple[Any, Any], seed_store_path: Path) -> None:
    page, _ = opened
    expected = stored_assignments(seed_store_path, JIANGXI_DOC)
    data = embedded_page_data(page)
    rows = page.evaluate(
        "() => Array.from(document.querySelectorAll('#mx-rowheads .mx-row')).map(r => "
        "[r.querySelector('.mx-name').textContent, Number(r.querySelector('.mx-rowcount').textContent)])"
    )
    by_label = Counter()
    label_of = {r["id"]: r["label"] for r in data["rows"]}
    for (agent, _, _), n in expected.items():
        by_label[label_of[agent]] += n
    assert dict(rows) == dict(by_label)
    # Sorted by load as the workload query ranks: leads first.
    assert rows[0][0] == "省环保厅"
    columns = page.evaluate(
        "() => Array.from(document.querySelectorAll('#mx-colheads .mx-col')).map(c => "
        "Number(c.querySelector('.mx-colcount').textContent))"
    )
    assert sum(columns) == 96
    page.select_option("#mx-sort", "name")
    names = page.locator("#mx-rowheads .mx-name").all_text_contents()
    assert names == sorted(names)


@needs_browser
def test_filters_really_hide(opened: tuple[Any, Any]) -> None:
    page, _ = opened
    visible_marks = "() => Array.from(document.querySelectorAll('#mx-body .mx-cell span')).map(s => s.textContent)"
    assert "○" in page.evaluate(visible_marks)
    rows_before = page.locator("#mx-rowheads .mx-row").count()
    page.uncheck("#mx-role-Support")
    assert "○" not in page.evaluate(visible_marks)
    # 省林业厅 only supports: its row is gone from the page, not merely emptied.
    names = page.locator("#mx-rowheads .mx-name").all_text_contents()
    assert "省林业厅" not in names and len(names) < rows_before
    page.check("#mx-role-Support")
    page.fill("#mx-filter", "市政府")
    names = page.locator("#mx-rowheads .mx-name").all_text_contents()
    assert names and all("市政府" in n for n in names)
    page.fill("#mx-filter", "")
    page.uncheck("#mx-hide-empty")
    assert page.locator("#mx-colheads .mx-col").count() == 13  # every problem, marked or not, and the whole plan
    assert page.locator("#mx-rowheads .mx-row").count() == rows_before


@needs_browser
def test_cell_click_lists_its_evidence(opened: tuple[Any, Any]) -> None:
    page, _ = opened
    page.fill("#mx-search", "省工信委")
    page.press("#mx-search", "Enter")
    row = page.evaluate("() => document.querySelector('#mx-rowheads .mx-hit').getAttribute('data-row')")
    index = page.evaluate(
        "(row) => dutygraph.state().cells.findIndex(c => String(c.row) === row && "
        "dutygraph.data.columns[dutygraph.state().slots[c.x].column].code === '3')",
        row,
    )
    cell = page.locator(f'#mx-body .mx-cell[data-cell="{index}"]')
    cell.scroll_into_view_if_needed()
    cell.click()
    page.wait_for_selector(f'#dg-details[data-cell="{index}"]', timeout=10_000)
    assert page.locator("#dg-details h2").text_content() == "省工信委"
    (quote,) = page.locator("#dg-details blockquote").all_text_contents()
    assert "省工信委(牵头负责第2条)" in quote
    # The quote is the published text at its offsets, on the line the panel names.
    source = JIANGXI.read_text(encoding="utf-8")
    position = page.locator("#dg-details .dg-source").nth(1).text_content()
    found = re.search(r"第 (\d+) 行,字符 (\d+)–(\d+)", position)
    assert found is not None
    line, start, end = (int(g) for g in found.groups())
    assert source[start:end] == quote
    assert source[:start].count("\n") + 1 == line
    assert JIANGXI_TITLE in page.locator("#dg-details .dg-source").first.text_content()


@needs_browser
def test_header_click_lists_text_deadline_and_status(opened: tuple[Any, Any]) -> None:
    page, _ = opened
    page.fill("#mx-search", "8")
    page.press("#mx-search", "Enter")
    head = page.locator("#mx-colheads .mx-hit")
    head.locator(".mx-code").click()
    details = page.locator("#dg-details").text_content()
    assert page.locator("#dg-details h2").text_content().startswith("8 ")
    assert "到期日:2017-03-31" in details
    assert "整改进展:(未见进展报告)" in details
    head = page.locator('#mx-colheads .mx-col[data-slot="2"]')  # problem 3
    head.locator(".mx-code").click()
    assert page.locator("#dg-details h2").text_content().startswith("3 ")
    assert "整改措施(5)" in page.locator("#dg-details").text_content()


@needs_browser
def test_png_and_csv_download(opened: tuple[Any, Any], tmp_path: Path) -> None:
    page, _ = opened
    with page.expect_download() as info:
        page.click("#mx-save-csv")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name.endswith(".csv")
    text = saved.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    state = page.evaluate("({rows: dutygraph.state().rows.length, slots: dutygraph.state().slots.length})")
    assert len(table) == 2 + state["rows"]
    assert all(len(line) == 2 + state["slots"] for line in table)
    assert table[1][:2] == ["单位", "职责数"]
    assert table[2][0] == "省环保厅" and table[2][1] == "14"
    assert sum(int(line[1]) for line in table[2:]) == 96
    assert any("牵头" in cell for line in table[2:] for cell in line[2:])
    with page.expect_download() as info:
        page.click("#mx-save-png")
    png = tmp_path / info.value.suggested_filename
    info.value.save_as(png)
    raw = png.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    assert width > 240 + 30 * state["slots"] - 1 and height > 160 + 24 * state["rows"] - 1


@needs_browser
def test_print_paginates_with_headers_on_every_page(opened: tuple[Any, Any], tmp_path: Path) -> None:
    import pdfplumber

    page, _ = opened
    page.click("#mx-expand-all")  # 10 problems and 50 measures: more columns than one page holds
    slots = page.evaluate("dutygraph.state().slots.length")
    pdf = tmp_path / "matrix.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    bands = page.locator("#mx-print table.mx-band").count()
    assert bands == -(-slots // 30) >= 2  # built by the page's beforeprint handler
    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() or "" for p in doc.pages]
        sizes = {(round(float(p.width)), round(float(p.height))) for p in doc.pages}
    assert sizes == {(842, 595)}  # A4 landscape, in points
    assert len(pages) >= bands
    for text in pages:
        assert "单位" in text  # the header row, repeated on every page
    # Every unit is printed once in every band of columns.
    assert sum(text.count("省环保厅") for text in pages) == bands


@needs_browser
def test_markup_in_documents_stays_text(browser: Any, hostile_store: Path) -> None:  # noqa: F811
    out = run_matrix(hostile_store, hostile_store.parent / "hostile-matrix.html", "--document", "hostile_plan")
    page_text = out.read_text(encoding="utf-8")
    assert "<img src=x" not in page_text
    with offline_page(browser, out) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        names = page.locator("#mx-rowheads .mx-name").all_text_contents()
        assert UNIT_IMG in names and UNIT_SCRIPT in names
        page.locator("#mx-colheads .mx-col .mx-code").first.click()
        assert PROBLEM.rstrip("。") in page.locator("#dg-details").text_content()
        page.locator("#mx-body .mx-cell").first.click()
        page.click("#mx-expand-all")
        page.evaluate("dutygraph.buildPrint()")
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.scripts.length") == 2
        page.wait_for_timeout(200)  # an onerror handler would fire on the next tick
        assert page.evaluate("window.__pwned") is None
        assert log.dialogs == [] and log.page_errors == [] and log.foreign_requests() == []


@needs_browser
def test_whole_store_matrix(browser: Any, all_matrix: Path, seed_store_path: Path) -> None:
    with offline_page(browser, all_matrix, viewport=(1600, 1000)) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        drawn = Counter(tuple(m[:3]) for m in page.evaluate("dutygraph.drawnMarks()"))
        assert drawn == stored_assignments(seed_store_path)
        docs = page.locator("#mx-colheads .mx-doc").all_text_contents()
        assert len(docs) == 2  # the columns grouped under their two documents
        # The Shanxi report's leaders lead cases: rows of their own.
        assert page.locator("#mx-rowheads .mx-leader").count() > 0
        page.select_option("#mx-document", label=JIANGXI_TITLE)
        assert page.locator("#mx-colheads .mx-doc").all_text_contents() == [JIANGXI_TITLE]
        assert log.foreign_requests() == [] and log.page_errors == []


@needs_browser
def test_headers_stick_when_the_sheet_scrolls(browser: Any, plan_matrix: Path) -> None:
    with offline_page(browser, plan_matrix, viewport=(1000, 600)) as (page, log):
        page.wait_for_selector(READY, state="attached", timeout=READY_TIMEOUT_MS)
        page.click("#mx-expand-all")  # wider than the window
        boxes = page.evaluate(
            """() => {
                const s = document.getElementById('mx-scroll');
                s.scrollTop = s.scrollHeight; s.scrollLeft = s.scrollWidth;
                const box = id => { const b = document.getElementById(id).getBoundingClientRect();
                                    return {left: b.left, top: b.top}; };
                return {scrolled: [s.scrollLeft, s.scrollTop], frame: box('mx-scroll'),
                        rows: box('mx-rowheads'), columns: box('mx-colheads'), corner: box('mx-corner')};
            }"""
        )
        assert boxes["scrolled"][0] > 0 and boxes["scrolled"][1] > 0
        frame = boxes["frame"]
        assert abs(boxes["rows"]["left"] - frame["left"]) < 1
        assert abs(boxes["columns"]["top"] - frame["top"]) < 1
        assert abs(boxes["corner"]["left"] - frame["left"]) < 1 and abs(boxes["corner"]["top"] - frame["top"]) < 1
        assert log.page_errors == [] and log.foreign_requests() == []
