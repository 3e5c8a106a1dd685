"""What the matrix and the map are built from, without a browser: statuses, deadlines, region scope.

The network is the hand-written Jiangxi sample of tests/analyze (problems 2 and 3,
measures 3.1-3.5, seven cities); progress facts are given as the store would
give them, since neither seed states a problem's status.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from cli import main
from graph.analyze.network import build_network
from graph.core.gazetteer import Gazetteer
from graph.render.map import build_map_data
from graph.render.matrix import build_matrix_data
from graph.render.selection import keep_region
from graph.sparql.facts import TaskFacts
from tests.analyze.test_network import jiangxi_rows, region, task, unit
from tests.render.test_view_seeds import embedded_data

TITLES = {"https://w3id.org/dutygraph/id/doc/000_89c821903e6b9e73": "江西省整改方案"}


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_network(*jiangxi_rows())


def test_matrix_columns_measures_and_facts(G: nx.MultiDiGraph) -> None:
    facts = {task("3"): TaskFacts(due=["2018-12-31"], deadlines=["2018年底前"], kinds=["Dated"],
                                  statuses=["InProgress"]),
             task("3.2"): TaskFacts(deadlines=["长期坚持"], completed=True)}
    data = build_matrix_data(G, TITLES, facts)
    assert [c["code"] for c in data["columns"]] == ["2", "3"]
    three = data["columns"][1]
    assert [m["code"] for m in three["measures"]] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    assert three["statuses"] == ["推进中"] and three["due"] == ["2018-12-31"] and three["kinds"] == ["限期完成"]
    assert three["measures"][1]["completed"] is True and three["measures"][1]["deadlines"] == ["长期坚持"]
    # Rows by name here; the page sorts by load.  省环保厅 leads 3.1 and 3.3.
    row = next(r for r in data["rows"] if r["id"] == unit("省环保厅"))
    assert row["load"] == [2, 0, 0, 0]
    assert len(data["duties"]) == 20


def test_map_colours_by_status_then_by_who_leads(G: nx.MultiDiGraph, gazetteer: Gazetteer) -> None:
    plain = build_map_data(G, TITLES, gazetteer)
    colours = {r["id"]: r["colour"] for r in plain["regions"]}
    # Problem 3 concerns the seven cities; each city government answers in its own area.
    assert {colours[region(c)] for c in ("南昌", "九江")} <= {"local", "lead"}
    behind = build_map_data(G, TITLES, gazetteer, {task("3"): TaskFacts(statuses=["Behind"])})
    assert {r["colour"] for r in behind["regions"] if r["problems"]} == {"behind"}
    done = build_map_data(G, TITLES, gazetteer, {task("3"): TaskFacts(statuses=["Completed"])})
    assert {r["colour"] for r in done["regions"] if r["problems"]} == {"done"}
    nanchang = next(r for r in plain["regions"] if r["id"] == region("南昌"))
    (problem,) = [plain["problems"][i] for i in nanchang["problems"]]
    assert problem["code"] == "3"
    assert ["省环保厅", "Lead"] in problem["owners"] and ["省发改委", "Support"] in problem["owners"]


def test_keep_region_keeps_tasks_of_the_place_and_their_owners(G: nx.MultiDiGraph) -> None:
    H = keep_region(G, region("南昌"))
    assert task("3") in H and task("3.4") in H and task("2") not in H
    assert unit("省委办公厅") not in H  # only responsible for problem 2, which names no city
    assert unit("南昌市政府") in H
    # A province holds every city: the same tasks.
    province = "https://w3id.org/dutygraph/id/region/360000000000"
    assert {n for n in keep_region(G, province) if n.startswith(task(""))} == {task(c) for c in
                                                                               ("3", "3.1", "3.2", "3.3", "3.4",
                                                                                "3.5")}


def test_view_takes_region_and_layout(seed_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "shangrao.html"
    result = CliRunner().invoke(main, ["--store", str(seed_store_path), "view", "--region", "上饶市",
                                       "--layout", "layered", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "上饶市 · 责任关系网络" in result.stderr
    data = embedded_data(out)
    assert data["physics"] is False
    codes = {n["code"] for n in data["nodes"] if n["type"] == "Problem"}
    assert {"6.3", "7"} <= codes and "1" not in codes
    assert [n["type"] for n in data["nodes"]].count("Document") == 1
