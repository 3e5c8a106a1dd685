"""Links from reports' problems to stored plans' problems (graph/link.py), on every backend.

The plans and reports are written for these tests in the shapes real ones take (a province's
look-back plan numbering its problems 十三、十四、, a report heading each problem with
``《整改方案》第三项:``, a city's notice); the per-task notice of ``../shared/corpus/`` that names
``省“回头看”《整改方案》第十四项`` is read where it is; the Jiangxi seed plan is the plan of the
seed's report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import InputError
from graph.ingest import ingest_corpus, ingest_files
from graph.model.iris import document_iri, links_graph_iri, problem_iri
from graph.store import GraphStore, open_store
from tests.support.paths import CORPUS, JIANGXI

JX_PLAN = "000_89c821903e6b9e73"

# The province's report on the seed plan: problem 三 completed, 九 not.
JIANGXI_REPORT = """江西省贯彻落实中央环境保护督察反馈意见整改进展情况的报告
根据《江西省贯彻落实中央环境保护督察组督察反馈意见整改方案》要求,省整改工作领导小组办公室对各项整改任务进展情况进行了调度,现报告如下。
一、《整改方案》第三项:部分城市空气质量下降。
整改进展情况:已完成整改。南昌、新余、赣州、宜春4个城市可吸入颗粒物浓度同比下降,省环保厅牵头开展了大气污染防治专项督查。
二、《整改方案》第九项:采砂区与鄱阳湖银鱼产卵场等省级自然保护区重叠。
整改进展情况:未完成整改。省水利厅会同省农业厅正在调整采砂规划,尚未完成保护区重叠区域的退出。
江西省环境保护督察整改工作领导小组办公室
2018年6月30日
"""

# A city's report citing 第三项 of its own plan, which is not stored: never the province's 三.
JIUJIANG_REPORT = """九江市贯彻落实中央环境保护督察反馈意见整改进展情况
一、《整改方案》第三项:城区部分黑臭水体整治进度滞后。
整改进展情况:已完成整改。
九江市环境保护督察整改工作领导小组办公室
2018年7月2日
"""

LOOK_BACK_PLAN = """辽宁省贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案
十三、部分地区城镇污水处理设施建设滞后。
整改目标:2019年底前,城市污水处理率达到95%。
整改措施:
1.加快污水处理厂提标改造。
责任单位:省住房城乡建设厅(牵头),各市政府
十四、有的地方对待督察整改态度消极,照搬照抄省级整改方案。
整改目标:实施浑河流域综合整治,确保考核断面优良比例达到75%以上。
整改时限:2020年底前
整改措施:
1.开展重点水污染源专项执法行动。
2.严格落实河长制工作。
责任单位:抚顺市政府(牵头),省生态环境厅
"""

# The same province's first-round plan: its 十四 is another problem of another round.
FIRST_ROUND_PLAN = """辽宁省贯彻落实中央第三环境保护督察组第一轮督察反馈意见整改方案
十四、部分自然保护区内违规开发建设问题突出。
整改目标:2018年底前,完成保护区内违规项目清理整治。
整改措施:
1.开展自然保护区违规项目排查。
责任单位:省环保厅(牵头),省林业厅
"""


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _links(store: GraphStore) -> set[tuple[str, str, str, str]]:
    rows = store.select("""SELECT ?source ?target ?quote ?method WHERE {
        ?source dg:reportsOn ?target .
        ?link dg:linkSource ?source ; dg:linkTarget ?target ; dg:linkMethod ?m ; dg:evidence ?span .
        ?span dg:quote ?quote BIND(STRAFTER(STR(?m), "#") AS ?method) }""")
    return {(str(r["source"]), str(r["target"]), str(r["quote"]), str(r["method"])) for r in rows}


JX_LINKS = {
    (problem_iri("jx_report", "1"), problem_iri(JX_PLAN, "3"), "第三项", "ExplicitReference"),
    (problem_iri("jx_report", "2"), problem_iri(JX_PLAN, "9"), "第九项", "ExplicitReference"),
}


def test_a_report_links_to_the_plan_stored_before_or_after_it(tmp_path: Path, fresh_location: str) -> None:
    report = _write(tmp_path, "jx_report.txt", JIANGXI_REPORT)
    with open_store(fresh_location) as store:
        first = ingest_files([report], store)
        assert first.links is not None and first.links.links == 0 and _links(store) == set()
        second = ingest_files([JIANGXI], store)  # the plan arrives after its report
        assert second.links is not None and second.links.links == 2
        assert _links(store) == JX_LINKS
        answered = store.select("SELECT ?report ?plan WHERE { ?report dg:answersTo ?plan }",
                                {"report": ox.NamedNode(document_iri("jx_report"))})
        assert [str(r["plan"]) for r in answered] == [document_iri(JX_PLAN)]


def test_links_are_made_again_when_either_document_is_replaced(tmp_path: Path) -> None:
    plan = tmp_path / f"{JX_PLAN}.txt"
    shutil.copy(JIANGXI, plan)
    report = _write(tmp_path, "jx_report.txt", JIANGXI_REPORT)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([plan, report], store)
        assert _links(store) == JX_LINKS
        # The report is replaced: it now names 第八项 where it named 第九项.
        _write(tmp_path, "jx_report.txt", JIANGXI_REPORT.replace("第九项", "第八项"))
        ingest_files([report], store)
        assert _links(store) == {
            (problem_iri("jx_report", "1"), problem_iri(JX_PLAN, "3"), "第三项", "ExplicitReference"),
            (problem_iri("jx_report", "2"), problem_iri(JX_PLAN, "8"), "第八项", "ExplicitReference"),
        }


@pytest.mark.skipif(not CORPUS.exists(), reason="the corpus of ../shared/corpus is not beside the checkout")
def test_a_link_goes_when_the_plan_is_replaced_by_one_without_the_task(tmp_path: Path) -> None:
    notice = CORPUS / "xinbin_fushun_task14_result_2020.txt"
    plan = _write(tmp_path, "liaoning_lookback_plan.txt", LOOK_BACK_PLAN)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([plan, notice], store)
        assert len(_links(store)) == 1
        _write(tmp_path, "liaoning_lookback_plan.txt", LOOK_BACK_PLAN[: LOOK_BACK_PLAN.index("十四、")]
               + "责任单位:抚顺市政府,省生态环境厅\n")
        report = ingest_files([plan], store)
        assert report.links is not None and (report.links.links, report.links.rewritten) == (0, 1)
        assert _links(store) == set()
        assert store.select(f"SELECT ?s WHERE {{ GRAPH <{links_graph_iri('xinbin_fushun_task14_result_2020')}> "
                            "{ ?s ?p ?o } }") == []


def test_a_citys_report_does_not_link_to_the_provinces_plan(tmp_path: Path) -> None:
    report = _write(tmp_path, "jiujiang_report.txt", JIUJIANG_REPORT)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([JIANGXI, report], store)
        assert _links(store) == set()


@pytest.mark.skipif(not CORPUS.exists(), reason="the corpus of ../shared/corpus is not beside the checkout")
def test_the_real_notice_links_to_task_fourteen_of_the_look_back_plan_not_the_first_rounds(tmp_path: Path) -> None:
    notice = CORPUS / "xinbin_fushun_task14_result_2020.txt"
    look_back = _write(tmp_path, "liaoning_lookback_plan.txt", LOOK_BACK_PLAN)
    first_round = _write(tmp_path, "liaoning_first_round_plan.txt", FIRST_ROUND_PLAN)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([notice, first_round], store)
        assert _links(store) == set()  # the only plan of Liaoning stored is of another round
        report = ingest_corpus([look_back], store)
        assert report.links is not None and report.links.links == 1
        [(source, target, quote, method)] = _links(store)
        assert (source, target) == (problem_iri("xinbin_fushun_task14_result_2020", "14"),
                                    problem_iri("liaoning_lookback_plan", "14"))
        assert quote == "第十四项整改任务" and method == "ExplicitReference"


def test_two_plans_that_fit_alike_link_nothing(tmp_path: Path) -> None:
    """Two stored plans of Jiangxi of no stated round: which one 第三项 means is not known."""
    twin = tmp_path / "jiangxi_copy.txt"
    shutil.copy(JIANGXI, twin)
    unquoted = JIANGXI_REPORT.replace("根据《江西省贯彻落实中央环境保护督察组督察反馈意见整改方案》要求,", "")
    report = _write(tmp_path, "jx_report.txt", unquoted)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([JIANGXI, twin, report], store)
        assert _links(store) == set()


def test_a_refused_file_leaves_the_links_as_they_were(tmp_path: Path) -> None:
    report = _write(tmp_path, "jx_report.txt", JIANGXI_REPORT)
    bad = _write(tmp_path, "memo.txt", "This is a plain English memo about nothing in particular.\n" * 5)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([JIANGXI, report], store)
        before = store.dump_nquads()
        with pytest.raises(InputError):
            ingest_files([_write(tmp_path, "jx_report.txt", JIANGXI_REPORT.replace("第九项", "第八项")), bad], store)
        assert store.dump_nquads() == before
        assert any(f"<{links_graph_iri('jx_report')}>" in line for line in before.decode("utf-8").splitlines())


# A report that names no task number: its problems repeat the plan's in their own words.
WORDED_REPORT = """江西省贯彻落实中央环境保护督察反馈意见整改进展情况
一、关于“部分城市空气质量下降”问题。
整改进展情况:已完成整改。
二、关于余干、进贤、鄱阳三县部分采砂区与鄱阳湖银鱼、鲤鲫鱼产卵场保护区重叠问题。
整改进展情况:正在推进整改。
三、关于南昌市城区部分黑臭水体整治进度滞后问题。
整改进展情况:已完成整改。
江西省环境保护督察整改工作领导小组办公室
2018年9月30日
"""


def _text_links(store: GraphStore) -> set[tuple[str, str, float]]:
    rows = store.select("""SELECT ?source ?target ?score WHERE {
        ?link dg:linkSource ?source ; dg:linkTarget ?target ; dg:linkMethod dg:TextMatch ; dg:matchScore ?score }""")
    return {(str(r["source"]), str(r["target"]), float(str(r["score"]))) for r in rows}


def test_a_report_naming_no_task_links_by_wording_and_a_near_miss_does_not(tmp_path: Path) -> None:
    report = _write(tmp_path, "jx_worded.txt", WORDED_REPORT)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([report, JIANGXI], store)
        assert _text_links(store) == {
            (problem_iri("jx_worded", "1"), problem_iri(JX_PLAN, "3"), 1.0),
            (problem_iri("jx_worded", "2"), problem_iri(JX_PLAN, "9"), 0.808),
        }  # 三、南昌市城区…黑臭水体 is none of the plan's problems: no link
        rows = store.select("""SELECT ?quote WHERE { ?link dg:linkMethod dg:TextMatch ; dg:evidence ?span .
                               ?span dg:quote ?quote }""")
        assert "关于“部分城市空气质量下降”问题。" in {str(r["quote"]) for r in rows}
        out = store.select("SELECT ?task ?s WHERE { ?task dg:currentStatus ?s }",
                           {"task": ox.NamedNode(problem_iri(JX_PLAN, "9"))})
        assert [str(r["s"]) for r in out] == ["https://w3id.org/dutygraph/ontology#InProgress"]


def test_no_link_by_wording_when_two_plans_fit(tmp_path: Path) -> None:
    twin = tmp_path / "jiangxi_copy.txt"
    shutil.copy(JIANGXI, twin)
    report = _write(tmp_path, "jx_worded.txt", WORDED_REPORT)
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([JIANGXI, twin, report], store)
        assert _text_links(store) == set()


def test_a_relink_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    from graph.link import relink

    worded = _write(tmp_path, "jx_worded.txt", WORDED_REPORT)
    numbered = _write(tmp_path, "jx_report.txt", JIANGXI_REPORT)
    with open_store(str(tmp_path / "db")) as store:
        first = ingest_files([worded, numbered, JIANGXI], store)
        assert first.links is not None and (first.links.links, first.links.by_text) == (4, 2)
        before = store.dump_nquads()
        again = relink(store)
        assert (again.links, again.rewritten) == (4, 0)
        assert store.dump_nquads() == before


# ---- a relink after an ingest reads only the places of the documents written ---------------------------

LIAONING_REPORT = """辽宁省贯彻落实中央第三环境保护督察组第一轮督察反馈意见整改进展情况
一、《整改方案》第十四项:部分自然保护区内违规开发建设问题突出。
整改进展情况:已完成整改。
辽宁省环境保护督察整改工作领导小组办公室
2017年12月30日
"""


def _statuses(store: GraphStore) -> set[tuple[str, str]]:
    rows = store.select("SELECT ?task ?s WHERE { ?task dg:currentStatus ?s }")
    return {(str(r["task"]), str(r["s"]).rsplit("#", 1)[-1]) for r in rows}


def test_a_relink_reads_only_the_places_of_the_documents_written(tmp_path: Path) -> None:
    from graph.link import relink

    report = _write(tmp_path, "jx_report.txt", JIANGXI_REPORT)
    first_round = _write(tmp_path, "ln_first_round_plan.txt", FIRST_ROUND_PLAN)
    ln_report = _write(tmp_path, "ln_report.txt", LIAONING_REPORT)
    with open_store(str(tmp_path / "db")) as store:
        jiangxi = ingest_files([JIANGXI, report], store)
        assert jiangxi.links is not None and (jiangxi.links.links, jiangxi.links.references) == (2, 2)
        liaoning = ingest_files([first_round, ln_report], store)
        # Jiangxi's two references are not read again: only Liaoning's one.
        assert liaoning.links is not None and (liaoning.links.links, liaoning.links.references) == (1, 1)
        assert _statuses(store) == {(problem_iri(JX_PLAN, "3"), "Completed"),
                                    (problem_iri(JX_PLAN, "9"), "NotCompleted"),
                                    (problem_iri("ln_first_round_plan", "14"), "Completed")}
        whole = relink(store)  # what the scoped relinks made is what a relink of everything makes
        assert (whole.links, whole.references, whole.rewritten) == (3, 3, 0)


def test_a_report_moved_to_another_place_takes_its_links_and_statuses_with_it(tmp_path: Path,
                                                                            fresh_location: str) -> None:
    from graph.link import relink

    report = _write(tmp_path, "jx_report.txt", JIANGXI_REPORT)
    first_round = _write(tmp_path, "ln_first_round_plan.txt", FIRST_ROUND_PLAN)
    with open_store(fresh_location) as store:  # the statuses' update (DELETE … WHERE, INSERT DATA) on every backend
        ingest_files([JIANGXI, report, first_round], store)
        assert _links(store) == JX_LINKS
        # The same file now holds Liaoning's report: Jiangxi's plan is no longer among the places written.
        _write(tmp_path, "jx_report.txt", LIAONING_REPORT)
        moved = ingest_files([report], store)
        assert moved.links is not None and moved.links.links == 1
        assert _links(store) == {(problem_iri("jx_report", "1"), problem_iri("ln_first_round_plan", "14"), "第十四项",
                                  "ExplicitReference")}
        assert _statuses(store) == {(problem_iri("ln_first_round_plan", "14"), "Completed")}
        assert relink(store).rewritten == 0


def test_scoped_relinks_in_any_order_leave_nothing_for_a_whole_relink(tmp_path: Path) -> None:
    from graph.link import relink

    files = [_write(tmp_path, "jx_report.txt", JIANGXI_REPORT), JIANGXI,
             _write(tmp_path, "jx_worded.txt", WORDED_REPORT), _write(tmp_path, "ln_report.txt", LIAONING_REPORT),
             _write(tmp_path, "ln_look_back_plan.txt", LOOK_BACK_PLAN),
             _write(tmp_path, "ln_first_round_plan.txt", FIRST_ROUND_PLAN)]
    for order in (files, files[::-1]):
        with open_store(str(tmp_path / f"db{len(order)}{order[0].stem}")) as store:
            for path in order:  # one file at a time, as files trickle in
                ingest_files([path], store)
                assert relink(store).rewritten == 0, path.name
            assert len(_links(store)) == 5 and len(_statuses(store)) == 3
