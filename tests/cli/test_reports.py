"""The investigation commands and saved queries from the command line, on a real store of the seeds."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main

Run = Callable[..., Result]


@pytest.fixture()
def run(seed_store_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, ["--store", str(seed_store_path), *args])

    return invoke


def test_queries_lists_the_saved_queries(run: Run) -> None:
    result = run("queries", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["unit-duties"]["params"] == "unit=UNIT" and rows["overdue"]["params"] == "as_of=DATE [province=REGION]"


def test_query_runs_a_saved_query_by_name_with_params(run: Run) -> None:
    result = run("query", "region-problems", "--param", "region=上饶市", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {r["code"] for r in csv.DictReader(io.StringIO(result.stdout))} == {"6.3", "7", "9"}
    missing = run("query", "region-problems")
    assert missing.exit_code == 1 and "needs --param region" in missing.stderr
    stray = run("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--param", "x=1")
    assert stray.exit_code == 2


def test_unit(run: Run) -> None:
    result = run("unit", "省生态环境厅", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    leads = {r["problem"]: set(r["measures"].split()) for r in rows if r["role"] == "Lead"}
    assert leads["6.3"] == {"6.3.2", "6.3.3", "6.3.6"} and set(leads) == {"3", "4", "6.1", "6.2", "6.3"}
    assert all(r["as"] == "省环保厅" and r["document"] == "000_89c821903e6b9e73" for r in rows)
    assert "also named 省环保厅" in result.stderr and "Lead 11, Responsible 2, Support 1" in result.stderr
    ambiguous = run("unit", "市政府")
    assert ambiguous.exit_code == 1 and "上饶市政府" in ambiguous.stderr and "matches 10 units" in ambiguous.stderr


def test_leader_and_region(run: Run) -> None:
    leader = run("leader", "骆惠宁", "--format", "csv")
    assert leader.exit_code == 0, leader.output
    rows = list(csv.DictReader(io.StringIO(leader.stdout)))
    assert sum(r["kind"] == "case" for r in rows) == 3 and "3 cases" in leader.stderr
    region = run("region", "上饶")
    assert region.exit_code == 0, region.output
    assert "铅山县" in region.stdout and "region 上饶市" in region.stderr and "(6 rows)" in region.stdout


def test_gaps_and_overdue(run: Run) -> None:
    gaps = run("gaps", "--format", "json")
    assert gaps.exit_code == 0, gaps.output
    assert ("problem text truncated", "9") in {(r["gap"], r["code"]) for r in json.loads(gaps.stdout)}
    overdue = run("overdue", "--as-of", "2018-01-01", "--format", "csv")
    assert overdue.exit_code == 0, overdue.output
    rows = list(csv.DictReader(io.StringIO(overdue.stdout)))
    assert [r["code"] for r in rows][:2] == ["8.1", "8"] and len(rows) == 8
    assert "8 overdue as of 2018-01-01, the longest by 335 days" in overdue.stderr
    assert run("overdue", "--as-of", "soon").exit_code == 2
    jiangxi = run("overdue", "--as-of", "2018-01-01", "--province", "江西", "--format", "csv")
    assert jiangxi.exit_code == 0, jiangxi.output
    assert "8 overdue as of 2018-01-01 in 江西, the longest by 335 days" in jiangxi.stderr
    assert [r["code"] for r in csv.DictReader(io.StringIO(jiangxi.stdout))] == [r["code"] for r in rows]
    shanxi = run("overdue", "--as-of", "2018-01-01", "--province", "山西省", "--format", "csv")
    assert shanxi.exit_code == 0 and "0 overdue as of 2018-01-01 in 山西省" in shanxi.stderr
    nowhere = run("overdue", "--as-of", "2018-01-01", "--province", "火星")
    assert nowhere.exit_code != 0 and "火星" in nowhere.output


def test_path_prints_sentences_with_their_evidence(run: Run) -> None:
    result = run("path", "上饶市政府", "铅山县")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        "chain 1:",
        "  1. 上饶市政府 leads, in its own jurisdiction, problem 7",
        "     「责任单位:宜春、景德镇、上饶市政府(分别负责牵头辖区内整改工作)。」 (000_89c821903e6b9e73, line 301)",
    ]
    as_json = json.loads(run("path", "上饶市政府", "铅山县", "--format", "json").stdout)
    assert [r["step"] for r in as_json] == [1, 2] and as_json[1]["sentence"] == "problem 7 concerns region 铅山县"
