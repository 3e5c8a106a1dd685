"""Every saved query (ontology/queries/*.rq) answers the seeds with their real facts."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.model.iris import document_iri, entities_graph_iri, region_iri
from graph.sparql.saved import listing, parse_saved_query, run_saved, saved_queries
from graph.store import GraphStore, open_store
from tests.support.paths import QUERIES

JX = document_iri("000_89c821903e6b9e73")
PROVINCE_JX = region_iri("360000000000")
REQUIRED = {"who-owns", "unit-duties", "leader-duties", "region-problems", "gaps", "overdue", "workload",
            "co-responsibility"}


def test_every_required_query_is_saved_with_a_header() -> None:
    queries = saved_queries()
    assert REQUIRED <= set(queries)
    for query in queries.values():
        assert query.description and query.path.parent == QUERIES
    assert [p.name for p in queries["unit-duties"].params] == ["unit"]
    assert [(p.name, p.kind, p.optional) for p in queries["overdue"].params] == [
        ("as_of", "date", False), ("province", "region", True)]
    assert [(p.name, p.kind, p.optional) for p in queries["co-responsibility"].params] == [
        ("province", "region", False)]
    assert {row[0] for row in listing().rows} == set(queries)


def test_no_saved_query_negates_with_filter_not_exists() -> None:
    # FILTER NOT EXISTS re-runs its pattern per row and goes quadratic on a national graph.
    for path in QUERIES.glob("*.rq"):
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        assert "NOT EXISTS" not in body.upper(), path.name


def test_a_parameter_line_must_name_a_known_kind(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="bad parameter line"):
        parse_saved_query("# name: x\n# description: y\n# param: unit  person  who\nSELECT * {}", tmp_path / "x.rq")


def test_who_owns_problem_three(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "who-owns", {"task": "三"}).dicts()
    leads = sorted((r["code"], r["agentName"]) for r in rows if r["role"] == "Lead")
    assert leads == [("3.1", "省环保厅"), ("3.2", "省工信委"), ("3.3", "省环保厅"), ("3.4", "省住建厅"),
                     ("3.5", "省公安厅")]
    supports = {r["agentName"] for r in rows if r["role"] == "Support"}
    assert {"省发改委", "省交通厅", "南昌市政府", "吉安市政府"} <= supports
    assert all("责任单位" in str(r["quote"]) and r["line"] == 175 for r in rows)


def test_who_owns_a_measure_brings_its_problems_units(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "who-owns", {"task": "6.3.4"}).dicts()
    assert sorted(r["agentName"] for r in rows if r["role"] == "Lead") == ["上饶市政府", "景德镇市政府"]
    assert {(r["code"], r["agentName"]) for r in rows if r["role"] == "Support"} == {
        ("6.3", "省发改委"), ("6.3", "省工信委"), ("6.3", "省林业厅"), ("6.3", "省水利厅")}


def test_who_owns_jurisdiction_leads_and_leaders(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "who-owns", {"task": "七"}).dicts()
    assert sorted((r["agentName"], r["role"]) for r in rows) == [
        ("上饶市政府", "JurisdictionLead"), ("宜春市政府", "JurisdictionLead"), ("景德镇市政府", "JurisdictionLead")]
    case = run_saved(seed_store, "who-owns", {"task": "case.4"}).dicts()
    assert [(r["agentName"], r["agentKind"], r["kind"]) for r in case] == [("楼阳生", "leader", "case")]


def _duties(store: GraphStore, unit: str) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for r in run_saved(store, "unit-duties", {"unit": unit}).dicts():
        out[str(r["role"])][str(r["problem"])] = set(str(r["measures"] or "").split())
    return dict(out)


def test_unit_duties_of_the_environment_department(seed_store: GraphStore) -> None:
    duties = _duties(seed_store, "省环保厅")
    assert duties["Lead"] == {
        "3": {"3.1", "3.3"}, "4": {"4.1"}, "6.1": {"6.1.2", "6.1.3", "6.1.5", "6.1.6"}, "6.2": {"6.2.5"},
        "6.3": {"6.3.2", "6.3.3", "6.3.6"},
    }
    assert duties["Support"] == {"1": set()}
    assert duties["Responsible"] == {"5": set(), "8": set()}
    counts = {(r["role"], r["problem"]): r["tasks"] for r in run_saved(seed_store, "unit-duties",
                                                                         {"unit": "省环保厅"}).dicts()}
    assert counts[("Lead", "6.1")] == 4 and counts[("Support", "1")] == 1


def test_unit_duties_follow_the_2018_rename_and_other_spellings(seed_store: GraphStore) -> None:
    expected = _duties(seed_store, "省环保厅")
    for name in ("省生态环境厅", "江西省环境保护厅", "省環保廳"):
        assert _duties(seed_store, name) == expected, name


def test_leader_duties(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "leader-duties", {"leader": "骆惠宁"}).dicts()
    cases = sorted(str(r["what"]) for r in rows if r["kind"] == "case")
    assert cases == ["case.1 太原市黑臭水体", "case.2 散煤清洁治理", "case.3 晋祠宾馆污水排放农田问题"]
    assert {(r["what"], r["role"]) for r in rows if r["kind"] == "group"} == {("整改工作领导小组", "Head")}
    assert "省委书记" in {r["what"] for r in rows if r["kind"] == "post"}
    liu = run_saved(seed_store, "leader-duties", {"leader": "刘奇"}).dicts()
    assert {r["what"] for r in liu if r["kind"] == "post"} == {"省长", "省委副书记"}
    assert {(r["what"], r["role"]) for r in liu if r["kind"] == "group"} == {
        ("江西省环境保护督察问题整改工作领导小组", "Head")}


def test_region_problems_of_shangrao_include_its_counties(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "region-problems", {"region": "上饶市"}).dicts()
    assert {r["code"] for r in rows} == {"6.3", "7", "9"}
    assert {r["place"] for r in rows if r["code"] == "7"} == {"上饶市", "万年县", "铅山县"}
    assert {r["place"] for r in rows if r["code"] == "9"} == {"余干县", "鄱阳县"}
    county = run_saved(seed_store, "region-problems", {"region": "铅山县"}).dicts()
    assert {r["code"] for r in county} == {"7"}
    shanxi = run_saved(seed_store, "region-problems", {"region": "临汾市"}).dicts()
    assert {r["code"] for r in shanxi} == {"case.4", "case.6"}  # 霍州市 is a county-level city of 临汾


def test_gaps(seed_store: GraphStore) -> None:
    gaps: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in run_saved(seed_store, "gaps").dicts():
        gaps[str(r["gap"])].add((str(r["code"]), str(r["unit"] or "")))
    assert gaps["measure without a lead"] == {(c, "") for c in ("2.1", "2.2", "5.1", "5.2", "8.1", "8.2", "8.3")}
    assert gaps["problem without a responsible unit"] == {("9", "")}
    assert gaps["problem text truncated"] == {("9", "")}
    assert {code for code, _ in gaps["responsibility undistinguished"]} == {"2", "5", "8"}
    assert ("5", "省环保厅") in gaps["responsibility undistinguished"]
    assert gaps["collective unit not backed (Lead)"] == {("4.3", "各设区市政府")}
    assert gaps["collective unit not backed (Support)"] == {("4", "各设区市政府")}
    assert set(gaps) == {"measure without a lead", "problem without a responsible unit", "problem text truncated",
                         "responsibility undistinguished", "collective unit not backed (Lead)",
                         "collective unit not backed (Support)"}


def test_overdue_as_of_a_date(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "overdue", {"as_of": "2018-01-01"}).dicts()
    assert sorted(str(r["code"]) for r in rows) == ["3.2", "3.4", "3.5", "4.2", "4.5", "7.6", "8", "8.1"]
    by_code = {r["code"]: r for r in rows}
    assert by_code["3.2"]["leads"] == "省工信委" and by_code["3.2"]["due"] == "2017-12-31"
    assert set(str(by_code["7.6"]["leads"]).split(", ")) == {"上饶市政府", "宜春市政府", "景德镇市政府"}
    early = run_saved(seed_store, "overdue", {"as_of": "2017-02-01"}).dicts()
    assert [r["code"] for r in early] == ["8.1"]
    with pytest.raises(QueryError, match="not a date"):
        run_saved(seed_store, "overdue", {"as_of": "next week"})


def test_overdue_leaves_out_what_a_report_declares_completed(seed_store: GraphStore, tmp_path: Path) -> None:
    # The plan's graph, and the facts of the units and leaders it names (the entities graph).
    graphs = (ox.NamedNode(JX), ox.NamedNode(entities_graph_iri()))
    quads = [q for q in ox.parse(seed_store.dump_nquads(), format=ox.RdfFormat.N_QUADS) if q.graph_name in graphs]
    measure = ox.NamedNode(f"{JX}/measure/3.2")
    done = ox.Quad(measure, ox.NamedNode("https://w3id.org/dutygraph/ontology#completed"),
                   ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                   ox.NamedNode(JX))
    with open_store(str(tmp_path / "done.db")) as store:
        store.replace_documents([(JX, [*quads, done])])
        codes = {r["code"] for r in run_saved(store, "overdue", {"as_of": "2018-01-01"}).dicts()}
    assert "3.2" not in codes and {"3.4", "8.1"} <= codes


def test_workload_ranks_units_by_leads(seed_store: GraphStore) -> None:
    rows = run_saved(seed_store, "workload").dicts()
    top = rows[0]
    assert (top["name"], top["leads"], top["supports"], top["responsibleFor"], top["total"]) == (
        "省环保厅", 11, 1, 2, 14)
    by_name = {r["name"]: r for r in rows}
    assert (by_name["各设区市政府"]["leads"], by_name["各设区市政府"]["supports"]) == (1, 2)
    assert all(r["name"] not in ("骆惠宁", "楼阳生") for r in rows)  # leaders are not units
    leads = [int(str(r["leads"])) for r in rows]
    assert leads == sorted(leads, reverse=True)


def test_overdue_in_one_province(seed_store: GraphStore) -> None:
    everywhere = run_saved(seed_store, "overdue", {"as_of": "2019-06-30"}).dicts()
    jiangxi = run_saved(seed_store, "overdue", {"as_of": "2019-06-30", "province": "江西省"}).dicts()
    # The Shanxi report gives no due dates: its past dates are events, not deadlines.
    assert run_saved(seed_store, "overdue", {"as_of": "2019-06-30", "province": "山西"}).dicts() == []
    assert {str(r["province"]) for r in jiangxi} == {PROVINCE_JX} and {r["document"] for r in jiangxi} == {JX}
    assert all(r["province"] is None for r in everywhere)
    key = ("code", "kind", "due", "leads", "what", "document")
    assert [[r[k] for k in key] for r in everywhere] == [[r[k] for k in key] for r in jiangxi]
    # Blank means not given (a field left empty on the endpoint's query page).
    assert run_saved(seed_store, "overdue", {"as_of": "2019-06-30", "province": " "}).dicts() == everywhere


@pytest.mark.slow
def test_overdue_scope_keeps_each_province_apart(tmp_path: Path) -> None:
    from bench.corpus import generate_documents
    from graph.model.mapping import document_to_quads

    documents = list(generate_documents(3, seed=1))
    provinces = [d.province for d in documents]
    assert len(set(provinces)) == 3
    with open_store(str(tmp_path / "three.db")) as store:
        store.replace_documents([(document_iri(d.doc_id), document_to_quads(d)) for d in documents])
        everywhere = run_saved(store, "overdue", {"as_of": "2030-01-01"}).dicts()
        scoped = [run_saved(store, "overdue", {"as_of": "2030-01-01", "province": region_iri(p or "")}).dicts()
                  for p in provinces]
    for document, rows in zip(documents, scoped, strict=True):
        assert rows and {r["document"] for r in rows} == {document_iri(document.doc_id)}
    key = ("code", "due", "leads", "document")
    assert sorted(tuple(str(r[k]) for k in key) for r in everywhere) == sorted(
        tuple(str(r[k]) for k in key) for rows in scoped for r in rows)


def test_optional_scope_lines(tmp_path: Path) -> None:
    text = ("# name: q\n# description: d\n# param: a  text  x\n# param: b  text  (optional) y\n"
            "SELECT ?a ?b WHERE {\n  ?s ?p ?a .\n  ?s ?q ?b .  # if b\n}\n")
    query = parse_saved_query(text, tmp_path / "q.rq")
    assert [p.optional for p in query.params] == [False, True]
    assert "?s ?q ?b" in query.text({"a", "b"}) and "?s ?q ?b" not in query.text({"a"})
    assert query.text({"a"}).count("\n") == text.count("\n") - 1


def test_co_responsibility_counts_shared_problems(seed_store: GraphStore) -> None:
    pairs = {frozenset((str(r["unitA"]), str(r["unitB"]))): r
             for r in run_saved(seed_store, "co-responsibility", {"province": "江西省"}).dicts()}
    env_ndrc = pairs[frozenset(("省环保厅", "省发改委"))]
    assert env_ndrc["shared"] == 7
    assert set(str(env_ndrc["problems"]).split()) == {"3", "4", "5", "6.1", "6.2", "6.3", "8"}
    assert pairs[frozenset(("上饶市政府", "景德镇市政府"))]["shared"] == 2  # 6.3 and 7
    assert frozenset(("省环保厅", "骆惠宁")) not in pairs


def test_parameters_are_bound_not_spliced(seed_store: GraphStore) -> None:
    # A value that would break out of the query text if it were pasted in is just a name nobody has.
    from graph.errors import UnknownName

    with pytest.raises(UnknownName):
        run_saved(seed_store, "unit-duties", {"unit": '"} } DROP ALL #'})
    with pytest.raises(QueryError, match="needs --param unit"):
        run_saved(seed_store, "unit-duties", {})
    with pytest.raises(QueryError, match="has no parameter"):
        run_saved(seed_store, "gaps", {"unit": "省环保厅"})
