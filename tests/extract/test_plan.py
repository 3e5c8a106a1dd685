"""Tests for the checklist reader (graph.extract.plan) and the plan as a whole document.

The plan below is invented for these tests in the style of the published
整改方案: a plan body whose sections are numbered 一、二、…, the annex line that
opens the checklist, problems with fields and numbered measures, a sub-problem,
a measure-number gap, and web-page noise after a truncated last problem.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.extract.normalize import normalize_text
from graph.extract.outline import read_outline
from graph.extract.plan import Checklist, find_checklist_start, split_lines
from graph.records import DeadlineKind, Document, Problem, Role
from tests.support.documents import extract_text

TITLE = "湖南省贯彻落实中央环境保护督察反馈意见整改方案"

BODY = """湖南省贯彻落实中央环境保护督察反馈意见整改方案

为切实抓好中央第六环境保护督察组反馈意见整改工作,制定本方案。

一、指导思想

坚持以问题为导向,切实抓好反馈意见整改工作,不断改善全省生态环境质量。

二、工作目标

到2018年底,反馈意见指出的问题基本整改到位。

三、主要措施

(一)强化责任落实。

1、落实各级党委、政府环境保护主体责任。

2、完善生态环境保护考核评价制度。

四、组织保障

成立湖南省环境保护督察整改工作领导小组,省长张三丰任组长,省委常委、常务副省长李四海,副省长王五、赵六任副组长,省直有关单位主要负责同志为成员。领导小组办公室设在省生态环境厅。
"""

CHECKLIST = """
附:湖南省贯彻落实中央环境保护督察反馈意见问题整改措施清单

湖南省贯彻落实中央环境保护督察反馈意见问题整改措施清单

一、部分市州对环境保护工作重视不够,责任传导不到位。

整改目标:环境保护责任全面落实。

整改时限:立行立改、长期坚持

整改措施:

1、将生态文明建设纳入各级党委理论学习中心组学习内容。

3、完善市州绩效考核办法,提高生态环境指标权重。

责任单位:省委组织部(牵头负责第1条)、省绩效办(牵头负责第3条),各市州党委、政府。

二、洞庭湖区生态环境问题突出。

(一)“洞庭湖区矮围网围”问题。

整改目标:全面拆除洞庭湖区矮围网围。

整改时限:2018年6月底前

整改措施:

1、组织开展矮围网围专项整治,2018年3月底前完成排查。

2、依法拆除保护区核心区内矮围网围,恢复湖泊自然形态。

责任单位:省畜牧水产局(牵头负责第1条)、省林业局(牵头负责第2条),岳阳、常德、益阳市人民政府(分别负责牵头辖区内整改工作)。

(二)“湘江干流重金属污染”问题。

整改目标:湘江干流水质稳定达到Ⅲ类标准。

整改时限:持续改善

整改措施:

1、加快株洲清水塘、湘潭竹埠港等重点区域综合治理。

2、严格涉重金属企业环境准入,
到2020年底重点重金属排放量比2013年下降10%。

责任单位:省生态环境厅、省工业和信息化厅、株洲市政府、湘潭市政府。

三、郴州市部分尾矿库环境风险隐患突出,治理进度滞后。

2023年度民主生活会对照检查材料范文

关于开展主题教育工作的心得体会

党员个人对照检查材料三篇
"""

TEXT = BODY + CHECKLIST
NOISE = ["2023年度民主生活会对照检查材料范文", "关于开展主题教育工作的心得体会", "党员个人对照检查材料三篇"]


def _line(text: str, fragment: str) -> int:
    """1-based number of the line holding ``fragment`` (its last occurrence)."""
    return text[: text.rindex(fragment)].count("\n") + 1


@pytest.fixture(scope="module")
def plan() -> Document:
    return extract_text(TEXT, "hunan_plan.txt")


def _problem(doc: Document, code: str) -> Problem:
    (problem,) = [problem for problem in doc.problems if problem.code == code]
    return problem


# -- the checklist annex, read by the outline after its annex line ----------------------


def _annex(text: str) -> Checklist:
    """The checklist as :func:`graph.extract.assemble.read_problems` reads it: the outline of what
    follows the annex line."""
    ntext = normalize_text(text)
    lines = split_lines(ntext.text)
    start = find_checklist_start(lines)
    if start is None:
        return read_outline(ntext, lines)
    checklist = read_outline(ntext, lines, frozenset(line.number for line in lines[:start]), annex=True)
    checklist.start_line = lines[start].number
    return checklist


def test_checklist_starts_after_the_annex_line() -> None:
    checklist = _annex(TEXT)
    assert checklist.start_line == _line(TEXT, "附:湖南省") + 1
    assert [(raw.code, raw.parent, raw.line) for raw in checklist.problems] == [
        ("1", None, _line(TEXT, "一、部分市州")),
        ("2", None, _line(TEXT, "二、洞庭湖区")),
        ("2.1", "2", _line(TEXT, "(一)“洞庭湖区")),
        ("2.2", "2", _line(TEXT, "(二)“湘江")),
        ("3", None, _line(TEXT, "三、郴州市")),
    ]
    assert checklist.problems[1].children == ["2.1", "2.2"]
    assert [line.text for line in checklist.skipped] == NOISE
    assert checklist.gaps == [(_line(TEXT, "3、完善市州"), "problem 1: measure 3 follows 1 (kept as written)")]


def test_a_plan_body_alone_has_no_problems() -> None:
    checklist = _annex(BODY)
    assert checklist.problems == []
    assert checklist.start_line is None


# -- the whole document ---------------------------------------------------------------


def test_document_kind_title_and_province(plan: Document) -> None:
    assert (plan.kind, plan.title, plan.province) == ("plan", TITLE, "430000000000")


def test_body_headings_and_noise_are_not_problems(plan: Document) -> None:
    assert [(problem.code, problem.label) for problem in plan.problems] == [
        ("1", "部分市州对环境保护工作重视不够,责任传导不到位。"),
        ("2", "洞庭湖区生态环境问题突出。"),
        ("2.1", "“洞庭湖区矮围网围”问题。"),
        ("2.2", "“湘江干流重金属污染”问题。"),
        ("3", "郴州市部分尾矿库环境风险隐患突出,治理进度滞后。"),
    ]
    labels = [problem.label for problem in plan.problems]
    for heading in ("指导思想", "工作目标", "主要措施", "组织保障", *NOISE):
        assert not any(heading in label for label in labels)


def test_issue_spans_quote_the_original(plan: Document) -> None:
    for problem in plan.problems:
        assert plan.text[problem.span.start : problem.span.end] == problem.label
        for measure in problem.measures:
            assert plan.text[measure.span.start : measure.span.end] == measure.span.text
            assert measure.span.text.endswith(measure.text)


def test_measure_codes_keep_the_numbers_as_written(plan: Document) -> None:
    assert {problem.code: [m.code for m in problem.measures] for problem in plan.problems} == {
        "1": ["1.1", "1.3"],
        "2": [],
        "2.1": ["2.1.1", "2.1.2"],
        "2.2": ["2.2.1", "2.2.2"],
        "3": [],
    }
    assert _problem(plan, "1").measures[1].text == "完善市州绩效考核办法,提高生态环境指标权重。"
    # A measure continued on the next line keeps both lines.
    assert _problem(plan, "2.2").measures[1].text == (
        "严格涉重金属企业环境准入,\n到2020年底重点重金属排放量比2013年下降10%。"
    )


def test_fields_of_a_sub_problem(plan: Document) -> None:
    problem = _problem(plan, "2.1")
    assert problem.parent == "2"
    assert problem.target == "全面拆除洞庭湖区矮围网围"
    assert problem.deadline is not None
    assert (problem.deadline.text, problem.deadline.kinds, problem.deadline.due) == (
        "2018年6月底前",
        (DeadlineKind.DATED,),
        date(2018, 6, 30),
    )
    assert [(d.text, d.due) for d in problem.measures[0].deadlines] == [("2018年3月底前", date(2018, 3, 31))]


def test_deadline_kinds_without_dates(plan: Document) -> None:
    first, second = _problem(plan, "1").deadline, _problem(plan, "2.2").deadline
    assert first is not None and second is not None
    assert (first.kinds, first.due) == ((DeadlineKind.IMMEDIATE, DeadlineKind.LONG_TERM), None)
    assert (second.kinds, second.due) == ((DeadlineKind.CONTINUOUS,), None)
    assert _problem(plan, "2").deadline is None


def test_truncated_last_problem(plan: Document) -> None:
    assert [problem.code for problem in plan.problems if problem.truncated] == ["3"]
    assert _problem(plan, "3").regions == ("431000000000",)  # 郴州市


def test_warnings_report_the_gap_the_truncation_and_the_noise(plan: Document) -> None:
    assert [(note.line, note.message) for note in plan.warnings] == [
        (_line(TEXT, "3、完善市州"), "problem 1: measure 3 follows 1 (kept as written)"),
        (_line(TEXT, "三、郴州市"), "problem 3 has no target, measures or responsible units: the text looks truncated"),
        *[(_line(TEXT, noise), f"skipped text that is not part of the checklist: {noise!r}") for noise in NOISE],
    ]


def test_responsibilities_follow_the_clauses(plan: Document) -> None:
    assert [(a.agent, a.task, a.task_kind, a.role) for a in plan.assignments if a.agent_kind == "unit"] == [
        ("省委组织部", "1.1", "measure", Role.LEAD),
        ("省绩效办", "1.3", "measure", Role.LEAD),
        ("各市州党委", "1", "problem", Role.SUPPORT),
        ("各市州政府", "1", "problem", Role.SUPPORT),
        ("省畜牧水产局", "2.1.1", "measure", Role.LEAD),
        ("省林业局", "2.1.2", "measure", Role.LEAD),
        ("岳阳市人民政府", "2.1", "problem", Role.JURISDICTION_LEAD),
        ("常德市人民政府", "2.1", "problem", Role.JURISDICTION_LEAD),
        ("益阳市人民政府", "2.1", "problem", Role.JURISDICTION_LEAD),
        ("省生态环境厅", "2.2", "problem", Role.RESPONSIBLE),
        ("省工业和信息化厅", "2.2", "problem", Role.RESPONSIBLE),
        ("株洲市政府", "2.2", "problem", Role.RESPONSIBLE),
        ("湘潭市政府", "2.2", "problem", Role.RESPONSIBLE),
    ]
    lines = {a.task: a.evidence.line for a in plan.assignments}
    assert lines["1.3"] == _line(TEXT, "责任单位:省委组织部")
    assert lines["2.2"] == _line(TEXT, "责任单位:省生态环境厅")


def test_units_and_their_regions(plan: Document) -> None:
    units = {unit.name: unit for unit in plan.units}
    assert units["岳阳市人民政府"].regions == ("430600000000",)
    assert units["省林业局"].regions == ("430000000000",)
    assert units["各市州政府"].collective
    assert len(units["各市州政府"].regions) == 14  # the 13 cities and 湘西州 of Hunan
    assert "省直有关单位" in units and "省生态环境厅" in units  # from the leading group


def test_the_leading_group_in_the_plan_body(plan: Document) -> None:
    assert [group.name for group in plan.groups] == ["湖南省环境保护督察整改工作领导小组"]
    assert [(leader.name, leader.posts) for leader in plan.leaders] == [
        ("张三丰", ("省长",)),
        ("李四海", ("省委常委", "常务副省长")),
        ("王五", ("副省长",)),
        ("赵六", ("副省长",)),
    ]
    assert [(m.role, m.agent) for m in plan.memberships] == [
        ("head", "张三丰"),
        ("deputy_head", "李四海"),
        ("deputy_head", "王五"),
        ("deputy_head", "赵六"),
        ("member", "省直有关单位"),
        ("office", "省生态环境厅"),
    ]


def test_the_outline_of_a_plan_body_has_no_problems() -> None:
    from graph.extract.outline import read_outline

    ntext = normalize_text(BODY)
    assert read_outline(ntext, split_lines(ntext.text)).problems == []


def test_role_fields_between_measures_belong_to_the_measure_before() -> None:
    text = (
        "附:整改措施清单\n一、城区扬尘污染问题突出。\n整改措施:\n1、开展建筑工地扬尘专项检查。\n"
        "牵头单位:省住房城乡建设厅\n2、加强道路保洁。\n牵头单位:省交通运输厅\n配合单位:各市政府\n"
    )
    doc = extract_text(text, "dust.txt")
    assert [(a.agent, a.task, a.role) for a in doc.assignments] == [
        ("省住房城乡建设厅", "1.1", Role.LEAD),
        ("省交通运输厅", "1.2", Role.LEAD),
        ("各市政府", "1.2", Role.SUPPORT),
    ]
