"""Every command, in-process with click's CliRunner, against a real on-disk store."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main
from tests.support.paths import JIANGXI, ROOT, SHANXI
from tests.support.shacl import ShapeCheck


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shape_check: ShapeCheck) -> str:
    """Both seeds ingested by the command line, once for the module: the tests using it only read."""
    path = str(tmp_path_factory.mktemp("cli") / "cli.db")
    result = CliRunner().invoke(main, ["--store", path, "ingest", str(JIANGXI), str(SHANXI)])
    assert result.exit_code == 0, result.output
    shape_check.check_store(path)
    return path


def test_ingest_reports_what_it_found(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["--store", str(tmp_path / "db"), "ingest", str(JIANGXI)])
    assert result.exit_code == 0, result.output
    assert "000_89c821903e6b9e73.txt: plan" in result.stderr
    assert "12 problems, 50 measures" in result.stderr
    assert "5 jurisdiction_lead, 41 lead, 16 responsible, 1 supervise, 33 support" in result.stderr
    assert "line 319: problem 9 has no target" in result.stderr
    assert result.stdout == ""


def test_strict_turns_warnings_into_a_failure_and_stores_nothing(tmp_path: Path, runner: CliRunner) -> None:
    db = str(tmp_path / "db")
    result = runner.invoke(main, ["--store", db, "ingest", "--strict", str(JIANGXI)])
    assert result.exit_code == 1
    assert "000_89c821903e6b9e73.txt" in result.stderr and "--strict" in result.stderr
    stats = runner.invoke(main, ["--store", db, "stats", "--format", "json"])
    counts = {row["what"]: row["count"] for row in json.loads(stats.stdout)} if stats.exit_code == 0 else {}
    assert counts.get("documents", 0) == 0


def test_who_owns_by_chinese_numeral(store: str, runner: CliRunner) -> None:
    result = runner.invoke(main, ["--store", store, "who-owns", "三", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    leads = sorted((r["task"], r["agent"]) for r in rows if r["role"] == "Lead")
    assert leads == [("3.1", "省环保厅"), ("3.2", "省工信委"), ("3.3", "省环保厅"), ("3.4", "省住建厅"),
                     ("3.5", "省公安厅")]
    assert all("责任单位" in r["quote"] for r in rows)
    assert "problem 3:" in result.stderr


def test_who_owns_by_words_and_ambiguity(store: str, runner: CliRunner) -> None:
    result = runner.invoke(main, ["--store", store, "who-owns", "稀土开采"])
    assert result.exit_code == 1
    assert "matches 2 problems" in result.stderr
    result = runner.invoke(main, ["--store", store, "who-owns", "6.2", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert ("6.2.4", "省工信委", "Lead") in {(r["task"], r["agent"], r["role"]) for r in rows}
    missing = runner.invoke(main, ["--store", store, "who-owns", "no such words"])
    assert missing.exit_code == 1 and "nothing in the graph is named 'no such words'" in missing.stderr
    assert "(looked among problems or cases)" in missing.stderr


def test_query_inline_and_from_file(store: str, runner: CliRunner, tmp_path: Path) -> None:
    sparql = 'SELECT ?name WHERE { ?l a dg:Leader ; rdfs:label ?name ; dg:headOf ?g } ORDER BY ?name'
    result = runner.invoke(main, ["--store", store, "query", sparql, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "刘奇", "楼阳生", "郑为文", "骆惠宁"]
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?m dg:code \"6.3.4\" }", encoding="utf-8")
    result = runner.invoke(main, ["--store", store, "query", "--file", str(path), "--format", "json"])
    assert json.loads(result.stdout) == [{"result": True}]
    bad = runner.invoke(main, ["--store", store, "query", "SELECT WHERE {"])
    assert bad.exit_code == 1 and "invalid SPARQL" in bad.stderr


def test_export_formats(store: str, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--store", store, "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"document", "problem", "measure", "unit", "role"} <= set(rows[0])
    found = {(r["problem"], r["measure"], r["unit"], r["role"]) for r in rows}
    assert ("6.3", "6.3.4", "景德镇市政府", "Lead") in found
    assert len(rows) == 94
    for fmt, marker in (("ttl", "@prefix dg:"), ("nq", "<https://w3id.org/dutygraph/"), ("jsonld", '"@context"')):
        out = tmp_path / f"export.{fmt}"
        result = runner.invoke(main, ["--store", store, "export", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert marker in out.read_text(encoding="utf-8")


def test_view_writes_a_self_contained_page(store: str, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "meeting.html"
    result = runner.invoke(main, ["--store", store, "view", "--focus", "省环保厅", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "省环保厅" in page and "<meta charset=\"utf-8\">" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page)
    ambiguous = runner.invoke(main, ["--store", store, "view", "--focus", "市政府", "-o", str(out)])
    assert ambiguous.exit_code == 1 and "matches" in ambiguous.stderr


def test_stats(store: str, runner: CliRunner) -> None:
    result = runner.invoke(main, ["--store", store, "stats", "--format", "json"])
    counts = {row["what"]: row["count"] for row in json.loads(result.stdout)}
    assert counts["documents"] == 2
    assert counts["problems"] == 12 and counts["cases"] == 6 and counts["measures"] == 50
    # 岳阳…分别负责牵头辖区内 (3) and 各级党委、政府…是本地本部门整改工作的责任主体 (2)
    assert counts["assignments: JurisdictionLead"] == 5


def test_reading_commands_need_a_store(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["--store", str(tmp_path / "none"), "stats"])
    assert result.exit_code == 1 and "no store here yet" in result.stderr


def test_version_and_help(runner: CliRunner) -> None:
    assert runner.invoke(main, ["--version"]).output.startswith("dutygraph, version ")
    for command in main.commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, command


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in main.commands:
        assert f"dutygraph {command}" in readme, f"README has no usage for `dutygraph {command}`"


def test_ingest_remaps_documents_stored_by_an_older_mapping(tmp_path: Path, runner: CliRunner) -> None:
    import pyoxigraph as ox

    from graph.model.mapping import MAPPING_VERSION
    from graph.store import open_store

    path = str(tmp_path / "old.db")
    assert runner.invoke(main, ["--store", path, "ingest", str(JIANGXI), str(SHANXI)]).exit_code == 0
    again = runner.invoke(main, ["--store", path, "ingest", str(JIANGXI), str(SHANXI)])
    assert "skipped 2 document(s)" in again.output
    # Make the Jiangxi graph look written by the mapping before dg:mappingVersion and dg:leadNames.
    version = ox.NamedNode("https://w3id.org/dutygraph/ontology#mappingVersion")
    lead_names = ox.NamedNode("https://w3id.org/dutygraph/ontology#leadNames")
    with open_store(path) as store:
        quads = [q for q in ox.parse(store.dump_nquads(), format=ox.RdfFormat.N_QUADS)
                 if q.graph_name.value.endswith("000_89c821903e6b9e73")]
        old = [q for q in quads if q.predicate not in (version, lead_names)]
        assert len(old) < len(quads)
        store.replace_documents([(quads[0].graph_name.value, old)])
    # Until then, a read command says which document an older dutygraph wrote (answers miss its facts).
    stale = runner.invoke(main, ["--store", path, "who-owns", "三"])
    assert stale.exit_code == 0, stale.output
    assert "warning: 1 document(s)" in stale.stderr and "mapping version 1;" in stale.stderr
    assert "000_89c821903e6b9e73.txt" in stale.stderr and SHANXI.name not in stale.stderr
    rerun = runner.invoke(main, ["--store", path, "ingest", str(JIANGXI), str(SHANXI)])
    assert rerun.exit_code == 0, rerun.output
    assert "skipped 1 document(s)" in rerun.output
    with open_store(path, read_only=True) as store:
        rows = store.select("SELECT ?d ?v WHERE { GRAPH ?d { ?d dg:mappingVersion ?v } }")
        assert sorted(int(str(r["v"])) for r in rows) == [MAPPING_VERSION, MAPPING_VERSION]
        assert store.select("SELECT ?n WHERE { ?t dg:code \"3.2\" ; dg:leadNames ?n }")[0]["n"] == "省工信委"
    assert "warning" not in runner.invoke(main, ["--store", path, "who-owns", "三"]).stderr


def test_query_from_stdin(store: str, runner: CliRunner) -> None:
    ask = 'ASK { ?m dg:code "6.3.4" }'
    for args in (["--file", "-"], ["-"]):
        result = runner.invoke(main, ["--store", store, "query", *args, "--format", "json"], input=ask)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [{"result": True}]


# Each names 省环保厅: as stored, in traditional characters, in its long form (an alias), and by the
# name it took in the 2018 reorganisation.
UNIT_NAMES = ("省环保厅", "省環保廳", "江西省环境保护厅", "省生态环境厅")
# Each names problem 3: its code, the code as the plan writes it, words of its text in traditional characters.
PROBLEM_NAMES = ("3", "（三）", "空氣質量下降")


# Slow (about 4 s): every read command run for every name; `make test` runs it.
@pytest.mark.slow
def test_names_resolve_alike_in_every_command(store: str, runner: CliRunner, tmp_path: Path) -> None:
    def run(*args: str) -> Result:
        result = runner.invoke(main, ["--store", store, *args])
        assert result.exit_code == 0, (args, result.output)
        return result

    def alike(answers: dict[str, object]) -> None:
        first = next(iter(answers.values()))
        assert first, answers
        assert all(answer == first for answer in answers.values()), answers

    page = str(tmp_path / "focus.html")
    alike({name: json.loads(run("unit", name, "--format", "json").stdout) for name in UNIT_NAMES})
    alike({name: [{k: v for k, v in row.items() if k != "unit"}
                  for row in json.loads(run("query", "unit-duties", "--param", f"unit={name}",
                                            "--format", "json").stdout)]
           for name in UNIT_NAMES})
    alike({name: run("view", "--focus", name, "-o", page).stderr for name in UNIT_NAMES})
    alike({name: json.loads(run("who-owns", name, "--format", "json").stdout) for name in PROBLEM_NAMES})
    alike({name: json.loads(run("query", "who-owns", "--param", f"task={name}", "--format", "json").stdout)
           for name in PROBLEM_NAMES})
    alike({name: run("view", "--focus", name, "--document", "000_89c821903e6b9e73", "-o", page).stderr
           for name in PROBLEM_NAMES})
