"""Shortest chains of responsibility, in networkx, with the evidence of each step."""

from __future__ import annotations

import doctest

import graph.analyze.paths
from graph.analyze.network import build_network
from graph.analyze.paths import describe_step, responsibility_chains
from graph.reports import path_report
from graph.sparql.reads import network_rows
from graph.store import GraphStore


def test_the_module_examples_run() -> None:
    result = doctest.testmod(graph.analyze.paths)
    assert result.attempted > 0 and result.failed == 0


def test_a_department_and_a_city_meet_through_problem_6_3(seed_store: GraphStore) -> None:
    chains = path_report(seed_store, "省环保厅", "上饶市政府", limit=50).chains
    assert chains and all(len(chain) == 4 for chain in chains)
    via_6_3 = [c for c in chains if describe_step(c[3]) == "上饶市政府 leads measure 6.3.4"]
    assert via_6_3, [[describe_step(s) for s in c] for c in chains]
    chain = via_6_3[0]
    sentences = [describe_step(s) for s in chain]
    assert sentences[0].startswith("省环保厅 leads measure 6.3.")
    assert sentences[1].endswith("is a measure of problem 6.3")
    assert sentences[2] == "measure 6.3.4 is a measure of problem 6.3"
    assert "上饶和景德镇市政府(牵头负责第4条)" in chain[3].quote and chain[3].line == 279
    assert chain[2].quote.startswith("4、加强重金属污染企业监管")  # a structure step cites the measure's text
    # Another chain: both answer for a problem with 宜春市政府 in between (8, then 7's jurisdiction leads).
    assert any(describe_step(c[0]) == "省环保厅 is responsible for problem 8" for c in chains)


def test_a_leader_reaches_a_city_only_through_the_case_taken_on(seed_store: GraphStore) -> None:
    report = path_report(seed_store, "骆惠宁", "太原市")
    assert [[describe_step(s) for s in c] for c in report.chains] == [
        ["骆惠宁 leads case.1", "case.1 concerns region 太原市"]]


def test_regions_are_never_a_shortcut(seed_store: GraphStore) -> None:
    assignments, structure = network_rows(seed_store)
    G = build_network(assignments, structure)
    env = next(n for n, d in G.nodes(data=True) if d.get("label") == "省环保厅")
    transport = next(n for n, d in G.nodes(data=True) if d.get("label") == "省交通厅")
    for chain in responsibility_chains(G, env, transport):
        assert all(step.target_type != "Region" for step in chain)  # not "both have the province" in 2 steps
    assert responsibility_chains(G, env, env) == []
