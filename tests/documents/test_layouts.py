"""Layouts the extractor was not first written against, each with the exact facts it must give.

The documents were written for the problem in the shapes real ones take: a plan whose tasks are the
numbered items of its body, each closing with its responsibility clause; a one-task acceptance
notice flattened from a table (each cell on its own line ending in ``|``); a per-task completion
notice whose parts are numbered sections, and the same notice as stacked table cells.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.records import Document, ProgressStatus, Role
from tests.support.documents import extract_text

LEAD, SUPPORT, RESPONSIBLE, SIGN_OFF = Role.LEAD, Role.SUPPORT, Role.RESPONSIBLE, Role.SIGN_OFF

PLAN_BODY = """某省贯彻落实中央环境保护督察反馈意见整改方案
一、切实把环境保护摆在更加突出的位置
(一)树立绿色发展意识
1.把绿色发展纳入党委中心组学习内容。2017年起,各级党委中心组每年设立专题。(牵头单位:省委宣传部;责任单位:省委办公厅、省委组织部,各州市党委)
2.深化党校生态文明教学内容。各级党校要加强教学研讨。(牵头单位:省委组织部;责任单位:省委宣传部,省人力资源社会保障厅,各州市党委和人民政府)
(二)严格执法
1.开展执法检查。2017年底前完成。(牵头单位:省环境保护厅;责任单位:省公安厅)
二、加强水污染防治
1.推进污水处理厂建设。2018年底前完成。(牵头单位:省住房城乡建设厅;责任单位:各州市人民政府)
"""

STACKED_NOTICE = """(第一轮第十二项整改任务)
整改目标 |
城市建成区黑臭水体基本消除。 |
整改责任单位 |
省住房城乡建设厅、生态环境厅,各市(州)党委、政府 |
验收销号单位 |
省住房城乡建设厅、生态环境厅 |
整改措施 |
1.省住房城乡建设厅牵头开展黑臭水体排查,2021年6月底前完成。 3.生态环境厅会同水利厅加强水质监测,2021年12月底前完成。 |
完成情况 |
已完成。 |
"""

SECTIONED_NOTICE = """中央生态环境保护督察反馈意见第十五项整改任务已完成整改,现将有关情况公示如下:
一、整改任务
某县城区污水管网建设滞后,部分生活污水直排河道。
二、整改责任单位
某县住房和城乡建设局
三、整改目标
2020年12月底前,城区生活污水实现全收集、全处理。
四、整改措施
1.2020年6月底前,完成城区管网排查。
2.2020年10月底前,完成破损管网修复和雨污分流改造。
五、整改完成情况
城区污水管网已全部建成并投入使用。已完成整改任务。
某县中央生态环境保护督察反馈意见整改工作领导小组办公室
2020年12月28日
"""

# The same notice as a stacked table: cell names ending in |, measures 一是…二是… in one cell.
STACKED_SECTIONS = """中央生态环境保护督察反馈意见第十五项整改任务已完成整改,现将有关情况公示如下:
整改任务概述 |
某县城区污水管网建设滞后,部分生活污水直排河道。 |
整改责任单位 |
某县住房和城乡建设局 |
整改目标 |
2020年12月底前,城区生活污水实现全收集、全处理。 |
整改措施 |
一是2020年6月底前,完成城区管网排查;二是2020年10月底前,完成破损管网修复和雨污分流改造。 |
整改完成情况 |
城区污水管网已全部建成并投入使用。已完成整改任务。 |
某县中央生态环境保护督察反馈意见整改工作领导小组办公室
2020年12月28日
"""


def _duties(doc: Document) -> set[tuple[str, Role, str]]:
    return {(a.agent, a.role, a.task) for a in doc.assignments}


def _measures(doc: Document) -> dict[str, date | None]:
    """Each measure's code with its due date (the last one its text gives)."""
    return {m.code: max((d.due for d in m.deadlines if d.due), default=None) for i in doc.problems for m in i.measures}


def test_plan_body_items_with_clauses_are_measures_under_their_headings() -> None:
    doc = extract_text(PLAN_BODY, "plan_body.txt")
    assert [(i.code, i.parent, i.label) for i in doc.problems] == [
        ("1", None, "切实把环境保护摆在更加突出的位置"),
        ("1.1", "1", "树立绿色发展意识"),
        ("1.2", "1", "严格执法"),
        ("2", None, "加强水污染防治"),
    ]
    assert _measures(doc) == {"1.1.1": None, "1.1.2": None, "1.2.1": date(2017, 12, 31), "2.1": date(2018, 12, 31)}
    assert _duties(doc) == {
        ("省委宣传部", LEAD, "1.1.1"),
        ("省委办公厅", SUPPORT, "1.1.1"), ("省委组织部", SUPPORT, "1.1.1"), ("各州市党委", SUPPORT, "1.1.1"),
        ("省委组织部", LEAD, "1.1.2"),
        ("省委宣传部", SUPPORT, "1.1.2"), ("省人力资源社会保障厅", SUPPORT, "1.1.2"),
        ("各州市党委", SUPPORT, "1.1.2"), ("各州市人民政府", SUPPORT, "1.1.2"),
        ("省环境保护厅", LEAD, "1.2.1"), ("省公安厅", SUPPORT, "1.2.1"),
        ("省住房城乡建设厅", LEAD, "2.1"), ("各州市人民政府", SUPPORT, "2.1"),
    }
    # Every edge quotes the clause it comes from, in the original text.
    for a in doc.assignments:
        assert PLAN_BODY[a.evidence.start:a.evidence.end] == a.evidence.text
        assert "牵头单位" in a.evidence.text


def test_plan_body_framing_sections_stay_sections() -> None:
    framing = "一、指导思想\n坚持问题导向,确保整改到位。\n二、工作目标\n2018年底前全面完成整改。\n"
    framed = PLAN_BODY.replace("一、切实", framing + "三、切实")
    framed = framed.replace("二、加强水污染防治", "四、加强水污染防治")
    doc = extract_text(framed, "plan_framed.txt")
    assert [i.code for i in doc.problems] == ["3", "3.1", "3.2", "4"]
    assert set(_measures(doc)) == {"3.1.1", "3.1.2", "3.2.1", "4.1"}


def test_plan_body_items_under_a_task_list_are_problems() -> None:
    # 三、主要任务 only holds the items: each item is a problem with its own clause.
    listed = """某市整改方案
一、指导思想
坚持问题导向。
二、主要任务
1.推进城区黑臭水体治理,2019年底前完成。(牵头单位:市住房城乡建设局;配合单位:市水务局)
2.加强秸秆禁烧监管。(责任单位:市农业农村局、各县区政府)
"""
    doc = extract_text(listed, "task_list.txt")
    assert [i.code for i in doc.problems] == ["1", "2"]
    assert _duties(doc) == {
        ("市住房城乡建设局", LEAD, "1"), ("市水务局", SUPPORT, "1"),
        ("市农业农村局", RESPONSIBLE, "2"), ("各县区政府", RESPONSIBLE, "2"),
    }


def test_stacked_table_notice() -> None:
    doc = extract_text(STACKED_NOTICE, "notice_12.txt")
    (problem,) = doc.problems
    assert problem.code == "12" and problem.target == "城市建成区黑臭水体基本消除"
    assert problem.status is ProgressStatus.COMPLETED
    assert _measures(doc) == {"12.1": date(2021, 6, 30), "12.3": date(2021, 12, 31)}
    assert any("measure 3 follows 1" in note.message for note in doc.warnings)
    assert _duties(doc) == {
        ("省住房城乡建设厅", RESPONSIBLE, "12"), ("省生态环境厅", RESPONSIBLE, "12"),
        ("各市(州)党委", RESPONSIBLE, "12"), ("各市(州)政府", RESPONSIBLE, "12"),
        ("省住房城乡建设厅", SIGN_OFF, "12"), ("省生态环境厅", SIGN_OFF, "12"),
        ("省住房城乡建设厅", LEAD, "12.1"),
        ("生态环境厅", LEAD, "12.3"), ("水利厅", SUPPORT, "12.3"),
    }


@pytest.mark.parametrize("text", [SECTIONED_NOTICE, STACKED_SECTIONS], ids=["sections", "stacked"])
def test_per_task_completion_notice(text: str) -> None:
    doc = extract_text(text, "notice_15.txt")
    (problem,) = doc.problems
    assert problem.code == "15"
    assert problem.label == "某县城区污水管网建设滞后,部分生活污水直排河道"
    assert problem.target == "2020年12月底前,城区生活污水实现全收集、全处理"
    assert problem.status is ProgressStatus.COMPLETED
    assert _measures(doc) == {"15.1": date(2020, 6, 30), "15.2": date(2020, 10, 31)}
    assert _duties(doc) == {("某县住房和城乡建设局", RESPONSIBLE, "15")}


def test_a_notice_naming_its_lead_in_its_opening_sentence() -> None:
    notice = """省委生态环境保护督察整改任务(序号43)验收公示
发表时间:2023-01-09
市城市管理局牵头负责的省委生态环境保护督察整改任务第43项已整改完成,并通过核查验收。现将有关情况公示如下:
一、整改任务
城区部分路段扬尘污染较重。
二、整改措施
(1)加强渣土运输车辆管理。
(2)推行道路机械化清扫。
三、整改完成情况
(1)渣土车辆全部密闭运输。
(2)主次干道机械化清扫率达到90%。
"""
    doc = extract_text(notice, "notice_43.txt")
    (problem,) = doc.problems
    assert problem.code == "43" and problem.label == "城区部分路段扬尘污染较重"
    assert set(_measures(doc)) == {"43.1", "43.2"}  # the lines of the status section are no measures
    assert _duties(doc) == {("市城市管理局", LEAD, "43")}
