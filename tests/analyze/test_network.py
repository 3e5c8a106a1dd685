"""Tests for graph.analyze.network on rows taken from the Jiangxi rectification plan."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pytest

from graph.analyze.network import (
    LEAD_ROLES,
    build_network,
    compute_layout,
    focus_subgraph,
    is_duty,
)
from tests.support.paths import JIANGXI as SAMPLE

ID = "https://w3id.org/dutygraph/id/"
DOC = ID + "doc/89c821903e6b9e73"
GROUP = ID + "group/89c821903e6b9e73-1"
HOSTILE_UNIT = "<img src=x onerror=alert(1)>环保局"
HOSTILE_QUOTE = "<script>alert(1)</script>"

CITIES = {
    "南昌": "360100",
    "九江": "360400",
    "新余": "360500",
    "鹰潭": "360600",
    "赣州": "360700",
    "宜春": "360900",
    "吉安": "360800",
}
LEADS = {
    "省环保厅": ("省环保厅(牵头负责第1、3条)", ("3.1", "3.3")),
    "省工信委": ("省工信委(牵头负责第2条)", ("3.2",)),
    "省住建厅": ("省住建厅(牵头负责第4条)", ("3.4",)),
    "省公安厅": ("省公安厅(牵头负责第5条)", ("3.5",)),
}
SUPPORTERS = ("省发改委", "省商务厅", "省财政厅", "省质监局", "省交通厅")
RESPONSIBLE_2 = ("省发改委", "省委办公厅", "省政府办公厅")
MEMBERS = ("省环保厅", "省工信委", "省住建厅", "省公安厅", *SUPPORTERS)

# 18 units (4 leads, 5 supporting departments, 7 city governments, 2 more
# responsible for problem 2), 7 tasks (problems 2 and 3, measures 3.1-3.5),
# 7 regions, 2 leaders and 1 leading group.
EXPECTED_NODES = 35
# 20 duties (5 lead, 12 support, 3 responsible) and 31 structural edges
# (5 ofProblem, 7 concerns, 7 jurisdiction, headOf, deputyHeadOf, 9 memberOf, officeOf).
EXPECTED_EDGES = 51


def unit(name: str) -> str:
    """Return the IRI the tests use for a unit."""
    return f"{ID}unit/{name}"


def task(code: str) -> str:
    """Return the IRI the tests use for a problem or measure."""
    return f"{ID}task/89c821903e6b9e73/{code}"


def region(name: str) -> str:
    """Return the IRI the tests use for a city region."""
    return f"{ID}region/{CITIES[name]}"


def jiangxi_rows(hostile: bool = False) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return assignment and structure rows for problems 2 and 3 of the Jiangxi plan.

    Quotes and offsets are read from the sample text, so ``text[start:end] == quote``.
    """
    text = SAMPLE.read_text(encoding="utf-8")
    title = text.splitlines()[0].strip()
    lines = text.splitlines(keepends=True)
    line_starts = [0]
    for ln in lines:
        line_starts.append(line_starts[-1] + len(ln))

    def locate(quote: str, after: int) -> dict[str, Any]:
        start = text.index(quote, after)
        line = max(i for i, s in enumerate(line_starts) if s <= start) + 1
        return {
            "quote": quote,
            "doc": DOC,
            "docTitle": title,
            "start": start,
            "end": start + len(quote),
            "line": line,
        }

    p3 = text.index("三、2013年以来")
    duty3 = text.index("责任单位:", p3)
    p2 = text.index("二、江西省《关于建设生态文明先行示范区")
    duty2 = text.index("责任单位:", p2)
    issue3_label = text[p3 + 2 : text.index("\n", p3)].strip()
    issue2_label = text[p2 + 2 : text.index("\n", p2)].strip()
    measures = dict(re.findall(r"^([1-5])、(.+)$", text[p3:duty3], flags=re.MULTILINE))
    assert len(measures) == 5

    tasks = {"3": ("Problem", issue3_label), "2": ("Problem", issue2_label)}
    tasks.update({f"3.{k}": ("Measure", v.strip()) for k, v in measures.items()})

    def row(
        agent: str, code: str, role: str, evidence: dict[str, Any], label: str | None = None
    ) -> dict[str, Any]:
        kind, task_label = tasks[code]
        return {
            "agent": unit(agent),
            "agentLabel": label or agent,
            "agentType": "Unit",
            "task": task(code),
            "taskLabel": task_label,
            "taskType": kind,
            "taskCode": code,
            "role": role,
            **evidence,
        }

    assignments: list[dict[str, Any]] = []
    for name, (quote, codes) in LEADS.items():
        evidence = locate(quote, duty3)
        assignments += [row(name, code, "Lead", evidence) for code in codes]
    for name in SUPPORTERS:
        assignments.append(row(name, "3", "Support", locate(name, duty3)))
    cities_quote = locate("南昌、九江、新余、鹰潭、赣州、宜春、吉安市政府", duty3)
    for city in CITIES:
        assignments.append(row(f"{city}市政府", "3", "Support", cities_quote))
    for name in RESPONSIBLE_2:
        assignments.append(row(name, "2", "Responsible", locate(name, duty2)))
    # SPARQL repeats a row for each label of an agent: same duty, another name.
    assignments.append(
        row("省环保厅", "3.1", "Lead", locate(LEADS["省环保厅"][0], duty3), label="江西省环保厅")
    )
    if hostile:
        assignments.append(
            {
                **row("省交通厅", "3", "Support", locate("省交通厅", duty3)),
                "agent": unit("hostile"),
                "agentLabel": HOSTILE_UNIT,
                "quote": HOSTILE_QUOTE,
            }
        )

    def srow(
        source: str, slabel: str, stype: str, target: str, tlabel: str, ttype: str, rel: str
    ) -> dict[str, Any]:
        return {
            "source": source,
            "sourceLabel": slabel,
            "sourceType": stype,
            "target": target,
            "targetLabel": tlabel,
            "targetType": ttype,
            "relation": rel,
        }

    group_label = "江西省环境保护督察问题整改工作领导小组"
    structure = [
        srow(task(f"3.{k}"), tasks[f"3.{k}"][1], "Measure", task("3"), issue3_label, "Problem", "ofProblem")
        for k in "12345"
    ]
    for city in CITIES:
        structure.append(
            srow(task("3"), issue3_label, "Problem", region(city), f"{city}市", "Region", "concerns")
        )
        structure.append(
            srow(
                unit(f"{city}市政府"),
                f"{city}市政府",
                "Unit",
                region(city),
                f"{city}市",
                "Region",
                "jurisdiction",
            )
        )
    structure.append(srow(f"{ID}leader/刘奇", "刘奇", "Leader", GROUP, group_label, "LeadingGroup", "headOf"))
    structure.append(
        srow(f"{ID}leader/毛伟明", "毛伟明", "Leader", GROUP, group_label, "LeadingGroup", "deputyHeadOf")
    )
    for name in MEMBERS:
        structure.append(srow(unit(name), name, "Unit", GROUP, group_label, "LeadingGroup", "memberOf"))
    structure.append(
        srow(unit("省环保厅"), "省环保厅", "Unit", GROUP, group_label, "LeadingGroup", "officeOf")
    )
    return assignments, structure


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    """The network of the Jiangxi sample rows."""
    return build_network(*jiangxi_rows())


def test_rows_quote_the_source_text() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assignments, _ = jiangxi_rows()
    for row in assignments:
        assert text[row["start"] : row["end"]] == row["quote"]
    assert {r["line"] for r in assignments if r["taskCode"].startswith("3")} == {175}


def test_build_network_counts(G: nx.MultiDiGraph) -> None:
    assert G.number_of_nodes() == EXPECTED_NODES
    assert G.number_of_edges() == EXPECTED_EDGES
    duties = [d for *_, d in G.edges(data=True) if is_duty(d)]
    assert len(duties) == 20
    assert sorted(d["role"] for d in duties).count("Lead") == 5
    assert sum(d["role"] == "Support" for d in duties) == 12
    assert sum(d["role"] == "Responsible" for d in duties) == 3


def test_build_network_attributes(G: nx.MultiDiGraph) -> None:
    hb = G.nodes[unit("省环保厅")]
    assert hb["label"] == "省环保厅"
    assert hb["type"] == "Unit"
    assert hb["names"] == ["省环保厅", "江西省环保厅"]
    assert G.nodes[task("3.2")]["code"] == "3.2"
    assert G.nodes[task("3.2")]["type"] == "Measure"
    # Regions: a problem's from `concerns`, a measure's from its problem, a city's from its jurisdiction.
    assert set(G.nodes[task("3")]["regions"]) == {region(c) for c in CITIES}
    assert set(G.nodes[task("3.4")]["regions"]) == {region(c) for c in CITIES}
    assert G.nodes[unit("南昌市政府")]["regions"] == [region("南昌")]
    assert G.nodes[task("2")]["regions"] == []
    (data,) = G.get_edge_data(unit("省工信委"), task("3.2")).values()
    assert data["role"] == "Lead"
    assert data["quote"] == "省工信委(牵头负责第2条)"
    assert data["docTitle"].startswith("最新江西省贯彻落实")
    assert data["line"] == 175
    assert data["end"] - data["start"] == len(data["quote"])
    assert G.get_edge_data(task("3.1"), task("3"))["ofProblem"]["relation"] == "ofProblem"


def test_repeated_rows_do_not_duplicate(G: nx.MultiDiGraph) -> None:
    assignments, structure = jiangxi_rows()
    again = build_network(assignments * 2, structure * 2)
    assert again.number_of_nodes() == EXPECTED_NODES
    assert again.number_of_edges() == EXPECTED_EDGES


def test_focus_lead_only(G: nx.MultiDiGraph) -> None:
    F = focus_subgraph(G, unit("省环保厅"), depth=1, role="lead")
    duties = [(u, v, d) for u, v, d in F.edges(data=True) if is_duty(d)]
    assert duties, "省环保厅 leads measures 3.1 and 3.3"
    assert all(d["role"] in LEAD_ROLES for *_, d in duties)
    assert {v for u, v, _ in duties if u == unit("省环保厅")} == {task("3.1"), task("3.3")}
    assert not any(d.get("role") == "Support" for *_, d in F.edges(data=True))
    # Structure stays: the unit is the leading group's office.
    assert GROUP in F
    assert all(n in G for n in F)


def test_focus_support_and_depth(G: nx.MultiDiGraph) -> None:
    F = focus_subgraph(G, task("3"), depth=1, role="support")
    roles = {d["role"] for *_, d in F.edges(data=True) if is_duty(d)}
    assert roles == {"Support"}
    assert unit("省工信委") not in F  # it leads 3.2 and supports nothing
    deep = focus_subgraph(G, unit("省环保厅"), depth=2, role="lead")
    assert task("3") in deep  # 3.1 -> ofProblem -> 3
    assert unit("省工信委") in deep  # fellow member of the leading group
    with pytest.raises(ValueError):
        focus_subgraph(G, task("3"), role="boss")
    with pytest.raises(KeyError):
        focus_subgraph(G, "nowhere")


def test_focus_cap_adds_more_node(G: nx.MultiDiGraph) -> None:
    # Problem 3 comes with its 5 measures (its core); beyond them it has 19
    # neighbours of its own: 12 supporters and 7 regions.
    F = focus_subgraph(G, task("3"), depth=1, role="all", cap=5)
    more = [n for n, d in F.nodes(data=True) if d["type"] == "More"]
    assert len(more) == 1
    data = F.nodes[more[0]]
    assert data["label"] == "…及其他 14 个"
    assert data["count"] == 14
    # The problem, its 5 measures, 5 of its 19 neighbours, the 4 units leading
    # the measures, and the "more" node.
    assert F.number_of_nodes() == 1 + 5 + 5 + 4 + 1
    # 省发改委 has the most duties (supports 3, responsible for 2), so it stays.
    assert unit("省发改委") in F
    assert F.has_edge(task("3"), more[0])
    uncapped = focus_subgraph(G, task("3"), cap=40)
    assert not any(d["type"] == "More" for _, d in uncapped.nodes(data=True))
    assert uncapped.number_of_nodes() == 25 + 4


def test_focus_on_a_problem_shows_who_leads_its_measures(G: nx.MultiDiGraph) -> None:
    F = focus_subgraph(G, task("3"), depth=1, role="lead")
    leads = {(u, v) for u, v, d in F.edges(data=True) if is_duty(d)}
    assert leads == {
        (unit(name), task(code)) for name, (_, codes) in LEADS.items() for code in codes
    }
    core = focus_subgraph(G, task("3"), depth=0)
    assert set(core) == {task("3"), *(task(f"3.{k}") for k in "12345")}


def test_focus_on_a_region_shows_problems_and_units_around_it(G: nx.MultiDiGraph) -> None:
    # A region has no duties: it reaches the graph only through the problems
    # that concern it and the city government whose jurisdiction it is.
    F = focus_subgraph(G, region("南昌"), depth=1)
    assert {task("3"), unit("南昌市政府")} <= set(F)
    assert all(task(f"3.{k}") in F for k in "12345")
    assert unit("省公安厅") in F  # leads 3.5, a measure of the problem
    assert unit("省发改委") in F  # supports the problem
    assert unit("省委办公厅") not in F  # only responsible for problem 2, which names no city
    assert F.has_edge(unit("南昌市政府"), region("南昌"))
    only_region = focus_subgraph(G, region("南昌"), depth=0)
    assert set(only_region) == {region("南昌"), task("3"), unit("南昌市政府"), *(task(f"3.{k}") for k in "12345")}


def test_compute_layout_is_deterministic(G: nx.MultiDiGraph) -> None:
    first = compute_layout(G)
    second = compute_layout(G)
    assert first == second
    rebuilt = compute_layout(build_network(*jiangxi_rows()))
    assert rebuilt == first
    assert set(first) == set(G)
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 200  # pixels, not the unit square
    assert compute_layout(nx.MultiDiGraph()) == {}


def test_unlabelled_node_gets_a_name() -> None:
    G = build_network(
        [],
        [
            {
                "source": task("3.1"),
                "sourceType": "Measure",
                "target": task("3"),
                "targetType": "Problem",
                "relation": "ofProblem",
            }
        ],
    )
    assert G.nodes[task("3")]["label"] == "3"
    assert G.nodes[task("3")]["names"] == ["3"]
    # A later labelled row replaces the fallback rather than adding to it.
    assignments, _ = jiangxi_rows()
    H = build_network(assignments, [{"source": task("3.1"), "target": task("3"), "relation": "ofProblem"}])
    assert H.nodes[task("3")]["label"].startswith("2013年以来")


def test_focus_all_keeps_every_role() -> None:
    # Roles beyond lead/support (督办, 负总责, 验收销号 …) stay in an "all" view.
    assignments, structure = jiangxi_rows()
    first = assignments[0]
    assignments.append({**first, "role": "Supervise", "start": first["start"] + 1})
    H = build_network(assignments, structure)
    everything = focus_subgraph(H, first["agent"], role="all")
    assert "Supervise" in {d["role"] for *_, d in everything.edges(data=True) if is_duty(d)}
    leads = focus_subgraph(H, first["agent"], role="lead")
    assert "Supervise" not in {d["role"] for *_, d in leads.edges(data=True) if is_duty(d)}
