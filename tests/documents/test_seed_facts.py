"""The seeds' real facts, asked of the stored graph through SPARQL."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.ingest import ingest_files
from graph.model.iris import document_iri
from graph.store import GraphStore, open_store
from tests.support.paths import JIANGXI, SHANXI

JX = document_iri("000_89c821903e6b9e73")
SX = document_iri("003_af2e98385806c551")


def values(store: GraphStore, sparql: str, var: str = "x", **bindings: str) -> list[object]:
    terms = {k: ox.NamedNode(v) if v.startswith("http") else ox.Literal(v) for k, v in bindings.items()}
    return sorted(row[var] for row in store.select(sparql, terms))  # type: ignore[type-var]


def test_problem_three_has_five_measures(seed_store: GraphStore) -> None:
    codes = values(seed_store, """
        SELECT DISTINCT ?x ?doc WHERE { ?m dg:ofProblem ?i ; dg:code ?x . ?i dg:code "3" ; dg:inDocument ?doc }""",
        doc=JX)
    assert codes == ["3.1", "3.2", "3.3", "3.4", "3.5"]


def test_measure_3_2_is_led_by_the_industry_commission(seed_store: GraphStore) -> None:
    leads = values(seed_store, """
        SELECT DISTINCT ?x WHERE { ?u dg:leads ?m ; rdfs:label ?x . ?m a dg:Measure ; dg:code "3.2" }""")
    assert leads == ["省工信委"]


def test_measure_6_3_4_is_led_jointly_by_two_city_governments(seed_store: GraphStore) -> None:
    leads = values(seed_store, """
        SELECT DISTINCT ?x WHERE {
          ?a a dg:Assignment ; dg:role dg:Lead ; dg:agent/rdfs:label ?x ; dg:task ?m .
          ?m dg:code "6.3.4" }""")
    assert leads == ["上饶市政府", "景德镇市政府"]


def test_problem_two_units_are_responsible_without_distinction(seed_store: GraphStore) -> None:
    rows = seed_store.select("""
        SELECT DISTINCT ?doc ?unit ?role WHERE {
          ?i dg:code "2" ; dg:inDocument ?doc .
          { ?a dg:task ?i } UNION { ?m dg:ofProblem ?i . ?a dg:task ?m }
          ?a dg:agent/rdfs:label ?unit ; dg:role ?role }""", {"doc": ox.NamedNode(JX)})
    assert sorted((r["unit"], r["role"]) for r in rows) == [
        ("省发改委", "https://w3id.org/dutygraph/ontology#Responsible"),
        ("省委办公厅", "https://w3id.org/dutygraph/ontology#Responsible"),
        ("省政府办公厅", "https://w3id.org/dutygraph/ontology#Responsible"),
    ]


def test_environment_department_supports_problem_one(seed_store: GraphStore) -> None:
    assert seed_store.query("""
        ASK { ?u rdfs:label "省环保厅" ; dg:supports ?i . ?i a dg:Problem ; dg:code "1" }""")
    supporters = values(seed_store, """
        SELECT DISTINCT ?x WHERE { ?u dg:supports ?i ; rdfs:label ?x . ?i dg:code "1" }""")
    assert supporters == ["各级党委", "各级政府", "省环保厅"]


def test_problem_one_measure_leads_follow_the_parentheses(seed_store: GraphStore) -> None:
    rows = seed_store.select("""
        SELECT DISTINCT ?code ?unit WHERE { ?u dg:leads ?m ; rdfs:label ?unit . ?m dg:ofProblem/dg:code "1" ;
          dg:code ?code }""")
    assert sorted((r["code"], r["unit"]) for r in rows) == [
        ("1.1", "省委宣传部"), ("1.2", "省委党校"), ("1.3", "省委办公厅"), ("1.3", "省政府办公厅"),
        ("1.4", "省委组织部"), ("1.5", "省委组织部"), ("1.5", "省监察厅"), ("1.6", "省河长办"),
        ("1.7", "省考评办"), ("1.8", "省委宣传部"),
    ]


def test_problem_seven_has_three_jurisdictional_leads(seed_store: GraphStore) -> None:
    leads = values(seed_store, """
        SELECT DISTINCT ?x WHERE {
          ?a a dg:Assignment ; dg:role dg:JurisdictionLead ; dg:agent/rdfs:label ?x ; dg:task/dg:code "7" }""")
    assert leads == ["上饶市政府", "宜春市政府", "景德镇市政府"]
    # A jurisdictional lead is also a plain dg:leads edge to the problem itself.
    direct = values(seed_store, """
        SELECT DISTINCT ?x WHERE { ?u dg:leads ?i ; rdfs:label ?x . ?i a dg:Problem ; dg:code "7" }""")
    assert direct == leads


def test_problem_eight_is_due_end_of_march_2017(seed_store: GraphStore) -> None:
    rows = seed_store.select("""
        SELECT ?due ?text WHERE { ?i a dg:Problem ; dg:code "8" ; dg:dueDate ?due ; dg:deadlineText ?text }""")
    assert [(r["due"], r["text"]) for r in rows] == [("2017-03-31", "2017年3月底")]
    kinds = values(seed_store, """SELECT ?x WHERE { ?i dg:code "1" ; a dg:Problem ; dg:deadlineKind ?x }""")
    assert kinds == ["https://w3id.org/dutygraph/ontology#Immediate",
                     "https://w3id.org/dutygraph/ontology#LongTerm"]


def test_measure_deadlines_are_dated_or_flagged(seed_store: GraphStore) -> None:
    due = values(seed_store, """SELECT ?x WHERE { ?m a dg:Measure ; dg:code "4.2" ; dg:dueDate ?x }""")
    assert due == ["2017-12-31"]
    flags = values(seed_store, """
        SELECT ?x WHERE { ?m a dg:Measure ; dg:code "7.4" ; dg:deadline ?d . ?d dg:deadlineFlag ?x }""")
    assert flags == ["year-missing"]


def test_rectification_leading_group(seed_store: GraphStore) -> None:
    rows = seed_store.select("""
        SELECT DISTINCT ?name ?role WHERE {
          ?g a dg:LeadingGroup ; rdfs:label "江西省环境保护督察问题整改工作领导小组" .
          ?m dg:group ?g ; dg:member/rdfs:label ?name ; dg:groupRole ?role .
          FILTER(?role IN (dg:Head, dg:DeputyHead)) }""")
    people = sorted((r["name"], str(r["role"]).split("#")[1]) for r in rows)
    assert people == [("刘奇", "Head"), ("尹建业", "DeputyHead"), ("李贻煌", "DeputyHead"),
                      ("毛伟明", "DeputyHead"), ("郑为文", "DeputyHead")]
    office = values(seed_store, """
        SELECT ?x WHERE { ?u dg:officeOf ?g ; rdfs:label ?x .
          ?g rdfs:label "江西省环境保护督察问题整改工作领导小组" }""")
    assert office == ["省环保厅"]
    # The posts a document gives a leader hang from its mention of him (problem 13: the leader's own
    # facts are in the entities graph, what a document says of him in the document).
    posts = values(seed_store, """SELECT ?x WHERE { ?l a dg:Leader ; rdfs:label "毛伟明" .
                                  ?m dg:mentionOf ?l ; dg:post ?x }""")
    assert posts == ["常务副省长", "省委常委"]


def test_article_titles_after_problem_nine_are_not_problems(seed_store: GraphStore) -> None:
    codes = values(seed_store, """
        SELECT DISTINCT ?doc ?x WHERE { ?i a dg:Problem ; dg:code ?x ; dg:inDocument ?doc }""", doc=JX)
    assert codes == ["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3", "7", "8", "9"]
    assert not seed_store.query(
        """ASK { ?i rdfs:label ?l FILTER(CONTAINS(?l, "心得体会") || CONTAINS(?l, "自查报告")) }""")
    truncated = values(seed_store, """SELECT ?x WHERE { ?i dg:code ?x ; dg:truncated true }""")
    assert truncated == ["9"]


def test_sub_problems_hang_under_problem_six(seed_store: GraphStore) -> None:
    subs = values(seed_store, """SELECT ?x WHERE { ?s dg:subProblemOf ?p ; dg:code ?x . ?p dg:code "6" }""")
    assert subs == ["6.1", "6.2", "6.3"]


def test_luo_huining_led_the_taiyuan_black_water_case(seed_store: GraphStore) -> None:
    cases = values(seed_store, """
        SELECT ?x WHERE { ?l a dg:Leader ; rdfs:label "骆惠宁" ; dg:tookOn ?c . ?c a dg:Case ; rdfs:label ?x }""")
    assert cases == ["太原市黑臭水体", "散煤清洁治理", "晋祠宾馆污水排放农田问题"]
    lou = values(seed_store, """
        SELECT ?x WHERE { ?l rdfs:label "楼阳生" ; dg:leads ?c . ?c a dg:Case ; rdfs:label ?x }""")
    assert lou == ["临汾市区规划区内清洁供暖工程", "汾河城区段生活污水处理", "霍州市58户副食品加工燃煤替代问题"]


def test_progress_sixty_tasks_thirty_three_done(seed_store: GraphStore) -> None:
    rows = seed_store.select("""
        SELECT ?doc ?total ?done ?quote WHERE { ?p a dg:ProgressCount ; dg:inDocument ?doc ; dg:total ?total ;
          dg:done ?done ; dg:evidence/dg:quote ?quote }""", {"doc": ox.NamedNode(SX)})
    assert [(r["total"], r["done"], r["quote"]) for r in rows] == [(60, 33, "60项整改任务中已完成33项")]


def test_every_evidence_quote_is_the_original_text(seed_store: GraphStore) -> None:
    originals = {JX: JIANGXI.read_text(encoding="utf-8"), SX: SHANXI.read_text(encoding="utf-8")}
    rows = seed_store.select("SELECT DISTINCT ?doc ?start ?end ?quote WHERE { ?s a dg:Span ; dg:document ?doc ;"
                             " dg:start ?start ; dg:end ?end ; dg:quote ?quote }")
    assert len(rows) > 100
    for row in rows:
        assert originals[row["doc"]][row["start"]:row["end"]] == row["quote"]


def test_only_spans_with_masks_are_marked_restored(seed_store: GraphStore) -> None:
    rows = seed_store.select("SELECT DISTINCT ?quote ?restored WHERE { ?s a dg:Span ; dg:quote ?quote ;"
                             " dg:restored ?restored }")
    assert rows
    for row in rows:
        if row["restored"]:
            assert "*" in str(row["quote"])


def test_regions_concerned_and_their_hierarchy(seed_store: GraphStore) -> None:
    concerned = values(seed_store, """
        SELECT DISTINCT ?x WHERE { ?i a dg:Problem ; dg:code "7" ; dg:concerns/rdfs:label ?x }""")
    assert {"宜春市", "乐平市", "万年县", "铅山县"} <= set(concerned)
    chain = values(seed_store, """
        SELECT ?x WHERE { ?r rdfs:label "铅山县" ; dg:partOf+ ?p . ?p rdfs:label ?x }""")
    assert chain == ["上饶市", "江西省"]
    cities = values(seed_store, """
        SELECT DISTINCT ?x WHERE { ?u rdfs:label "各设区市政府" ; dg:collective true ; dg:covers/rdfs:label ?x }""")
    assert len(cities) == 11 and "赣州市" in cities


def test_reingest_replaces_the_graph_without_duplicates(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([JIANGXI], store)
        first = store.count()
        ingest_files([JIANGXI], store)
        assert store.count() == first
        ingest_files([SHANXI], store)
        assert store.count() > first
        graphs = values(store, "SELECT DISTINCT ?x WHERE { GRAPH ?x { ?x a dg:Document } }")
        assert graphs == [JX, SX]
