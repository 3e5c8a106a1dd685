"""What a document says of itself: its date, its inspection round, the plan it answers to, the tasks it cites.

The short documents are written for these tests in the shapes real ones take (a city's progress
report under a signature, a county's one-task notice, a report numbering its problems as the plan
does); the corpus excerpts of ``../shared/corpus/`` are read where they are.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.extract.document import extract_file
from graph.records import InspectionLevel, InspectionRound
from tests.support.documents import extract_text
from tests.support.paths import CORPUS, JIANGXI

# A city's report on the second round, signed and dated at its end in Chinese numerals.
SIGNED_REPORT = """九江市贯彻落实第二轮中央生态环境保护督察报告整改情况的报告
根据《九江市贯彻落实第二轮中央生态环境保护督察报告整改方案》要求,现将整改进展报告如下。
问题编号三:长江岸线码头整治不彻底。
整改进展情况:已完成整改。
问题编号九:城区污水管网混错接问题突出。
整改进展情况:正在推进整改。
中共九江市委办公室
二〇二一年十二月二十九日
"""

# A county's notice on one task of the province's look-back plan, with a byline.
NOTICE = """关于省“回头看”《整改方案》第七项整改任务完成情况的公示
发布时间:2019-11-20 10:02:11 来源:都昌县人民政府
根据省“回头看”《整改方案》第七项整改任务要求,现将完成情况公示如下:
一、整改任务
鄱阳湖区部分砂石码头未按要求整治。
二、整改完成情况
已完成整改。
"""


def test_a_signed_report_has_its_date_round_plan_and_citations() -> None:
    doc = extract_text(SIGNED_REPORT, "jiujiang_report.txt")
    facts = doc.facts
    assert facts.issued == date(2021, 12, 29)
    assert facts.issued_span is not None and facts.issued_span.text == "二〇二一年十二月二十九日"
    assert SIGNED_REPORT[facts.issued_span.start:facts.issued_span.end] == facts.issued_span.text
    assert facts.issued_span.line == 8
    assert facts.round is InspectionRound.SECOND and facts.level is InspectionLevel.CENTRAL
    assert facts.answers_to == "九江市贯彻落实第二轮中央生态环境保护督察报告整改方案"
    cited = {(r.problem, r.number, r.span.text) for r in facts.references}
    assert cited == {("3", 3, "问题编号三"), ("9", 9, "问题编号九")}


def test_a_one_task_notice_cites_the_provinces_plan_in_its_title() -> None:
    doc = extract_text(NOTICE, "duchang_task7.txt")
    facts = doc.facts
    assert facts.issued == date(2019, 11, 20)
    assert facts.round is InspectionRound.LOOK_BACK
    [problem] = [i for i in doc.problems if i.kind == "problem"]
    [ref] = facts.references
    assert (ref.problem, ref.number, ref.provincial_plan) == (problem.code, 7, True)
    assert ref.span.text == "第七项整改任务" and ref.span.line == 1


def test_a_site_update_time_and_a_measure_number_are_not_facts() -> None:
    text = ("某县整改情况\n更新时间:2023-07-09 09:36:56\n"
            "一、关于“河道采砂”问题。整改进展:已完成。第3项措施已落实。\n")
    facts = extract_text(text, "county.txt").facts
    assert facts.issued is None
    assert facts.references == ()


def test_a_plans_own_numbers_cite_nothing_and_a_plan_of_other_work_is_not_answered_to() -> None:
    facts = extract_file(JIANGXI).facts
    assert facts.references == ()
    assert facts.answers_to is None  # 落实《江西省实施“河长制”工作方案》 is a measure's, not the plan's basis
    assert facts.issued is None  # the reprint's 更新时间:2023-07-09 is the site's


@pytest.mark.skipif(not CORPUS.exists(), reason="the corpus of ../shared/corpus is not beside the checkout")
def test_the_real_notice_of_task_fourteen() -> None:
    doc = extract_file(CORPUS / "xinbin_fushun_task14_result_2020.txt")
    facts = doc.facts
    assert facts.issued == date(2020, 5, 29)
    assert facts.round is InspectionRound.LOOK_BACK and facts.level is InspectionLevel.CENTRAL
    [ref] = facts.references
    assert (ref.problem, ref.number, ref.provincial_plan) == ("14", 14, True)
    assert ref.span.text == "第十四项整改任务"


@pytest.mark.skipif(not CORPUS.exists(), reason="the corpus of ../shared/corpus is not beside the checkout")
@pytest.mark.parametrize("named", ["第一轮第十四项整改任务", "问题编号十五", "整改任务第43项", "第六十九项任务"])
def test_a_task_named_inside_a_sentence_is_no_heading(named: str) -> None:
    # The real notice of task 十四 runs its sections into one line; a measure now names a task in passing
    # (…处罚结果。第一轮第十四项整改任务同步推进,…): a task heading starts a line, or a run of spaces.
    text = (CORPUS / "xinbin_fushun_task14_result_2020.txt").read_text(encoding="utf-8")
    sentence = "并向社会公开处罚结果。"
    assert sentence in text
    doc = extract_text(text.replace(sentence, f"{sentence}{named}同步推进,", 1), "xinbin_fushun_task14.txt")
    original = extract_file(CORPUS / "xinbin_fushun_task14_result_2020.txt")
    assert [(i.code, i.label, len(i.measures)) for i in doc.problems] == [
        (i.code, i.label, len(i.measures)) for i in original.problems] == [(i.code, i.label, 2) for i in doc.problems]
    assert [(r.number, r.span.text) for r in doc.facts.references] == [(14, "第十四项整改任务")]


@pytest.mark.skipif(not CORPUS.exists(), reason="the corpus of ../shared/corpus is not beside the checkout")
@pytest.mark.parametrize(("name", "issued", "round_", "level"), [
    ("shandong_progress_2025_qingdao_provincial_round3.txt", date(2025, 7, 23), InspectionRound.THIRD,
     InspectionLevel.PROVINCIAL),
    ("shenyang_huitoukan_plan_2020.txt", date(2020, 1, 10), InspectionRound.LOOK_BACK, InspectionLevel.CENTRAL),
    ("hebei_plan_round2_2022.txt", None, InspectionRound.SECOND, InspectionLevel.CENTRAL),
    ("henan_checklist_2023_puyang_provincial_task43.txt", date(2023, 1, 9), None, InspectionLevel.PROVINCIAL),
    ("xinjiang_plan_2024_hotan_regional_xuhao.txt", None, InspectionRound.SPECIAL, InspectionLevel.PROVINCIAL),
])
def test_corpus_dates_and_rounds(name: str, issued: date | None, round_: InspectionRound | None,
                                 level: InspectionLevel) -> None:
    facts = extract_file(CORPUS / name).facts
    assert (facts.issued, facts.round, facts.level) == (issued, round_, level)


@pytest.mark.skipif(not CORPUS.exists(), reason="the corpus of ../shared/corpus is not beside the checkout")
def test_a_report_answers_to_the_plan_its_short_name_stands_for() -> None:
    facts = extract_file(CORPUS / "liaoning_progress_2018.txt").facts
    assert facts.answers_to == "辽宁省贯彻落实中央第三环境保护督察组督察反馈意见整改方案"


def test_a_plan_cites_only_the_tasks_of_another_round() -> None:
    plan = """辽宁省贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案
一、(第一轮第十四项)部分自然保护区内违规开发建设问题反弹。
整改措施:
1.开展自然保护区违规项目再排查。
责任单位:省生态环境厅(牵头)
二、(第二轮第六十九项)部分城市黑臭水体整治不彻底。
整改措施:
1.开展黑臭水体排查整治。
责任单位:省住房城乡建设厅(牵头)
三、“回头看”第三项问题:部分地区垃圾填埋场渗滤液直排。
整改措施:
1.完成渗滤液处理设施建设。
责任单位:省住房城乡建设厅(牵头)
"""
    doc = extract_text(plan, "ln_lookback.txt")
    assert doc.kind == "plan" and doc.facts.round is InspectionRound.LOOK_BACK
    cited = {(r.problem, r.number, r.round) for r in doc.facts.references}
    assert cited == {("1", 14, InspectionRound.FIRST), ("2", 69, InspectionRound.SECOND)}
