"""Tests for deadline parsing (graph.extract.deadlines) on real-shaped text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graph.extract.deadlines import (
    DATE_UNPARSED,
    YEAR_MISSING,
    find_deadline_phrases,
    load_deadline_cues,
    parse_deadline,
)
from graph.extract.normalize import NormalText, normalize_text
from graph.records import Deadline, DeadlineKind, Span
from graph.resources import asset_path
from tests.support.documents import extract_text

IMMEDIATE, LONG_TERM, CONTINUOUS, DATED = (
    DeadlineKind.IMMEDIATE,
    DeadlineKind.LONG_TERM,
    DeadlineKind.CONTINUOUS,
    DeadlineKind.DATED,
)
SPAN = Span(0, 0, "")


def _sample(prefix: str) -> str:
    """Return the decoded text of the seed document whose name starts with ``prefix``."""
    (path,) = Path(asset_path("data", "samples")).glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _phrases(text: str) -> list[Deadline]:
    """Return the deadline phrases of a whole text, checking every span against the original."""
    nt = normalize_text(text)
    found = find_deadline_phrases(nt, 0, len(nt.text))
    for d in found:
        assert text[d.span.start : d.span.end] == d.span.text
    return found


# --- 整改时限 values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "due"),
    [
        ("2017年3月底", date(2017, 3, 31)),
        ("2018年6月底前", date(2018, 6, 30)),
        ("2017年底", date(2017, 12, 31)),
        ("2017年年底前", date(2017, 12, 31)),
        ("2017年12月底前", date(2017, 12, 31)),
        ("2022年8月底前", date(2022, 8, 31)),
        ("2019年6月至8月", date(2019, 8, 31)),
        ("2017年6月30日前", date(2017, 6, 30)),
        ("2018年上半年", date(2018, 6, 30)),
        ("2018年", date(2018, 12, 31)),
        ("2018年2月底", date(2018, 2, 28)),
        ("2018年第三季度", date(2018, 9, 30)),
        ("2017年底至2018年6月", date(2018, 6, 30)),
        ("2018-2020年", date(2020, 12, 31)),
        ("２０１７年３月底", date(2017, 3, 31)),
    ],
)
def test_dated_values(value: str, due: date) -> None:
    span = Span(10, 10 + len(value), value, 3)
    d = parse_deadline(value, span)
    assert (d.due, d.kinds, d.flagged) == (due, (DATED,), None)
    assert (d.text, d.span) == (value, span)


@pytest.mark.parametrize(
    ("value", "kinds"),
    [
        ("立行立改、长期坚持", (IMMEDIATE, LONG_TERM)),
        ("立行立改、长期坚持。", (IMMEDIATE, LONG_TERM)),
        ("持续改善", (CONTINUOUS,)),
        ("持续整改", (CONTINUOUS,)),
        ("持续推进", (CONTINUOUS,)),
        ("即知即改", (IMMEDIATE,)),
        ("长期", (LONG_TERM,)),
        ("长期坚持、持续改善", (LONG_TERM, CONTINUOUS)),
    ],
)
def test_kind_values(value: str, kinds: tuple[DeadlineKind, ...]) -> None:
    d = parse_deadline(value, SPAN)
    assert (d.kinds, d.due, d.flagged) == (kinds, None, None)


def test_dated_and_kind_in_one_value() -> None:
    d = parse_deadline("2017年底前完成,长期坚持", SPAN)
    assert (d.kinds, d.due) == ((DATED, LONG_TERM), date(2017, 12, 31))
    d = parse_deadline("2017年底前基本完成,2018年底前全面完成", SPAN)
    assert d.due == date(2018, 12, 31)  # the latest date closes the task


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        ("底前制定完成搬迁方案", YEAR_MISSING),
        ("年底前", YEAR_MISSING),
        ("6月底前", YEAR_MISSING),
        ("年4月28日", YEAR_MISSING),
        ("2022223", DATE_UNPARSED),
        ("20170630前", DATE_UNPARSED),
        ("2017年13月底", DATE_UNPARSED),
    ],
)
def test_flagged_values(value: str, flag: str) -> None:
    d = parse_deadline(value, SPAN)
    assert (d.due, d.flagged) == (None, flag)
    assert DATED not in d.kinds


def test_flag_kept_beside_a_date() -> None:
    d = parse_deadline("底前制定方案,2017年完成搬迁", SPAN)
    assert (d.due, d.flagged, d.kinds) == (date(2017, 12, 31), YEAR_MISSING, (DATED,))


def test_start_value() -> None:
    d = parse_deadline("自2017年起长期坚持", SPAN)
    assert (d.kinds, d.due, d.flagged) == ((CONTINUOUS, LONG_TERM), None, None)


# --- phrases in measures ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "kinds", "due"),
    [
        ("到2017年底,基本完成省政府重点推进的25个城市新区", "到2017年底", (DATED,), date(2017, 12, 31)),
        ("2018年6月底前完成铅山县工业园区居民搬迁工作。", "2018年6月底前", (DATED,), date(2018, 6, 30)),
        ("确保2018年底前建成运行。", "2018年底前", (DATED,), date(2018, 12, 31)),
        ("自2017年起,矿产资源开发活动集中的区域", "自2017年起", (CONTINUOUS,), None),
        ("从2017年开始,每两年对各设区市督察一次", "从2017年开始", (CONTINUOUS,), None),
        ("到2020年底完成营造林600万亩", "到2020年底", (DATED,), date(2020, 12, 31)),
        ("截至2018年6月30日,完成", "截至2018年6月30日", (DATED,), date(2018, 6, 30)),
        ("于2019年6月至8月开展专项检查", "于2019年6月至8月", (DATED,), date(2019, 8, 31)),
    ],
)
def test_single_phrase(text: str, phrase: str, kinds: tuple[DeadlineKind, ...], due: date | None) -> None:
    (d,) = _phrases(text)
    assert (d.text, d.kinds, d.due, d.flagged) == (phrase, kinds, due, None)
    assert d.span.text == phrase
    assert d.span.start == text.index(phrase)


def test_phrase_span_points_into_full_width_original() -> None:
    original = "　　１、到２０１７年底，基本淘汰黄标车。"
    (d,) = _phrases(original)
    assert d.text == "到2017年底"
    assert d.span.text == "到２０１７年底"
    assert original[d.span.start : d.span.end] == d.span.text


def test_phrase_in_a_slice_and_line() -> None:
    original = "整改措施:\r\n1、加强监管。\r\n2、到2017年底,基本淘汰黄标车。\r\n3、2018年底前完成。"
    nt = normalize_text(original)
    start = nt.text.index("2、")
    end = nt.text.index("\n", start)
    (d,) = find_deadline_phrases(nt, start, end)
    assert (d.text, d.span.line, d.due) == ("到2017年底", 3, date(2017, 12, 31))
    assert original[d.span.start : d.span.end] == "到2017年底"


def test_not_deadlines() -> None:
    text = (
        "重点重金属排放量比2013年下降10%。2013年以来,部分城市空气质量下降。"
        "编制完成《昌铜高速生态经济带总体规划(2015-2020年)》环境影响说明。"
        "纳入2017年度省委、省政府的督查工作计划。力争用3-5年时间完成。"
        "开展底泥清淤。投入20000万元。四、2013年至,全省主要河流。"
    )
    assert _phrases(text) == []


def test_stripped_year_at_clause_start_only() -> None:
    found = _phrases("园区企业实行错峰生产、限产或停产。底淘汰园区内所有10吨以下燃煤锅炉。")
    assert [(d.text, d.flagged, d.due) for d in found] == [("底", YEAR_MISSING, None)]
    # 每年年底前 is a recurring date, not a stripped one.
    assert _phrases("每年年底前报送整改情况。") == []
    found = _phrases("截至年8月31日,60项整改任务中已完成33项")
    assert [(d.text, d.flagged) for d in found] == [("截至年8月31日", YEAR_MISSING)]


def test_digits_that_lost_their_units_are_flagged_in_measures() -> None:
    (d,) = _phrases("于2022223前完成整改。")
    assert (d.text, d.due, d.flagged) == ("于2022223前", None, DATE_UNPARSED)


# --- seed document 000 -----------------------------------------------------------------


def _measure(nt: NormalText, problem: str, number: int) -> tuple[int, int]:
    """Return the normalised [start, end) of measure ``number`` under the problem starting ``problem``."""
    p = nt.text.index(f"\n{problem}、")
    m = nt.text.index(f"\n{number}、", p) + 1
    return m, nt.text.index("\n", m)


def test_seed_000_problem_7_measure_4() -> None:
    original = _sample("000")
    nt = normalize_text(original)
    start, end = _measure(nt, "七", 4)
    assert nt.text[start:end].startswith(
        "4、实施宜春市罗宾公司搬迁。底前制定完成搬迁方案,2017年完成第一条生产线搬迁"
    )
    found = find_deadline_phrases(nt, start, end)
    assert [(d.text, d.due, d.flagged) for d in found] == [
        ("底前", None, YEAR_MISSING),
        ("2017年", date(2017, 12, 31), None),
        ("2018年", date(2018, 12, 31), None),
        ("2019年", date(2019, 12, 31), None),
    ]
    for d in found:
        assert original[d.span.start : d.span.end] == d.span.text == d.text
        assert d.span.line == original.count("\n", 0, d.span.start) + 1
    assert found[0].kinds == ()
    assert all(d.kinds == (DATED,) for d in found[1:])


def test_seed_000_problem_7_measure_5_and_6() -> None:
    nt = normalize_text(_sample("000"))
    found = find_deadline_phrases(nt, *_measure(nt, "七", 5))
    assert [(d.text, d.flagged) for d in found] == [("底", YEAR_MISSING)]
    found = find_deadline_phrases(nt, *_measure(nt, "七", 6))
    assert [(d.text, d.due) for d in found] == [("2017年6月底前", date(2017, 6, 30))]


def test_seed_000_deadline_fields() -> None:
    original = _sample("000")
    nt = normalize_text(original)
    fields = []
    for m in re.finditer(r"整改时限:([^\n]*)", nt.text):
        value_end = m.end(1) - (1 if m.group(1).endswith("。") else 0)
        span = nt.span(m.start(1), value_end)
        fields.append(parse_deadline(nt.text[m.start(1) : value_end], span))
    assert [d.text for d in fields] == [
        "立行立改、长期坚持",
        "立行立改、长期坚持",
        "持续改善",
        "持续改善",
        "立行立改、长期坚持",
        "持续改善",
        "持续改善",
        "持续改善",
        "立行立改、长期坚持",
        "2017年3月底",
    ]
    assert fields[0].kinds == (IMMEDIATE, LONG_TERM)
    assert fields[2].kinds == (CONTINUOUS,)
    dated = fields[9]
    assert (dated.kinds, dated.due, dated.flagged) == ((DATED,), date(2017, 3, 31), None)
    assert original[dated.span.start : dated.span.end] == "2017年3月底"
    assert all(d.flagged is None for d in fields)


def test_whole_seed_000_has_no_title_or_baseline_dates() -> None:
    found = _phrases(_sample("000"))
    texts = [d.text for d in found]
    assert "2015-2020年" not in " ".join(texts)
    assert "2013年" not in texts
    assert texts.count("到2017年底") >= 10
    assert ("2018年底前", date(2018, 12, 31)) in [(d.text, d.due) for d in found]


def test_cue_lexicon_loads() -> None:
    cues = load_deadline_cues()
    kinds = dict(cues.kinds)
    assert kinds["立行立改"] is IMMEDIATE
    assert kinds["长期坚持"] is LONG_TERM
    assert kinds["持续"] is CONTINUOUS
    assert "到" in cues.roles["lead"]
    assert [len(c) for c, _ in cues.kinds] == sorted((len(c) for c, _ in cues.kinds), reverse=True)


def test_done_on_a_date_is_no_deadline() -> None:
    found = _phrases("河长制已于2019年3月全面建立,已经于2019年底完成验收;力争2020年6月底前完成清淤。")
    assert [(d.text, d.due) for d in found] == [("2020年6月底前", date(2020, 6, 30))]


# A city's progress checklist: each problem keeps its 整改时限 column, and the measures tell what
# was done on which date; only what the text says is due by a date is a deadline.
PROGRESS = """吉安市贯彻落实中央环境保护督察反馈意见整改进展情况
一、赣江吉安段部分河段非法采砂问题突出。
整改时限:2019年年底前
整改进展情况:正在推进
整改措施:
1.2018年5月,市政府召开全市河道采砂整治工作会议,部署专项整治行动。
2.已于2019年3月完成禁采区、可采区划定,2019年4月起实行采砂总量控制。
3.力争2019年10月底前完成非法采砂场全部取缔,截至目前已取缔27处。
二、吉安县城生活污水处理厂超负荷运行。
整改时限:2020年6月底前
整改进展情况:已完成整改
整改措施:
1.2019年8月12日,污水处理厂扩建工程通过竣工验收并投入运行。
"""


def test_a_progress_report_reads_only_due_phrasings_as_deadlines() -> None:
    doc = extract_text(PROGRESS, "jian_progress.txt")
    assert doc.kind == "progress"
    assert [(i.code, i.deadline.text, i.deadline.due) for i in doc.problems if i.deadline] == [
        ("1", "2019年年底前", date(2019, 12, 31)),
        ("2", "2020年6月底前", date(2020, 6, 30)),
    ]
    assert {m.code: [(d.text, d.due) for d in m.deadlines] for i in doc.problems for m in i.measures} == {
        "1.1": [],
        "1.2": [],
        "1.3": [("2019年10月底前", date(2019, 10, 31))],
        "2.1": [],
    }
    assert not doc.warnings
