"""What a document says of itself and of the plan it reports on.

The date it was issued (成文日期, the date line at its end, a byline's 发布时间), the inspection
round it answers (第一轮, 回头看, 专项督察, 第二轮, 第三轮; central or provincial), the plan it says
it answers to (根据《…整改方案》) and the plan tasks its problems name (``《整改方案》第十四项``,
``问题编号十四``, ``第二轮第六十九项整改任务``).  Everything is read in the original text, so
every span indexes it directly; cue words are ``data/lexicon/cues.tsv``'s ``date.*``, ``round.*``,
``level.*`` and ``answers.verb``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache

from graph.core.lexicon import alternation, cues
from graph.core.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from graph.records import DocumentFacts, InspectionLevel, InspectionRound, Problem, ProblemKind, Span, TaskReference

_HEAD = 800  # characters of the opening where a round or a byline is looked for
_TAIL_LINES = 6  # non-empty lines at the end where a signature's date line is looked for
_NUM = f"[{CHINESE_NUMERAL_CHARS}\\d０-９]+"
_CN_YEAR_DIGITS = "〇○零一二三四五六七八九"
_YEAR_DIGIT = {**{ch: 0 for ch in "〇○零"}, **{ch: n for n, ch in enumerate("一二三四五六七八九", 1)}}
_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_LINE_BREAK = re.compile(r"\r\n?|\n")

_ROUNDS = {
    "round.look_back": InspectionRound.LOOK_BACK,
    "round.special": InspectionRound.SPECIAL,
    "round.second": InspectionRound.SECOND,
    "round.third": InspectionRound.THIRD,
    "round.first": InspectionRound.FIRST,
}
_ROUND_NUMERALS = {"一": InspectionRound.FIRST, "二": InspectionRound.SECOND, "三": InspectionRound.THIRD,
                   "1": InspectionRound.FIRST, "2": InspectionRound.SECOND, "3": InspectionRound.THIRD}


def read_document_facts(original: str, title: Span | None, problems: Sequence[Problem],
                        plan: bool = False) -> DocumentFacts:
    """The issue date, the round, the plan answered to and the task references of a document.

    A plan's numbered tasks are its own: of a plan, only the references naming another round are
    kept (a look-back plan's ``(第一轮第十四项)``: the first round's task raised again).
    """
    issued = find_issue_date(original)
    found_round = find_round(original, title)
    level = find_level(original, title)
    answers = find_plan_answered(original, min((i.span.start for i in problems), default=len(original)))
    return DocumentFacts(
        issued=issued[0] if issued else None,
        issued_span=issued[1] if issued else None,
        round=found_round[0] if found_round else None,
        round_span=found_round[1] if found_round else None,
        level=level[0] if level else None,
        level_span=level[1] if level else None,
        answers_to=answers[0] if answers else None,
        answers_to_span=answers[1] if answers else None,
        references=tuple(r for r in find_task_references(original, title, problems)
                         if not plan or (r.round is not None and r.round != (found_round[0] if found_round else None))),
    )


def _span(original: str, start: int, end: int, line: int | None = None) -> Span:
    line = len(_LINE_BREAK.findall(original, 0, start)) + 1 if line is None else line
    return Span(start, end, original[start:end], line)


class _Lines:
    """Line numbers of offsets asked in increasing order, counted on from the last one asked (counting
    from the text's start for each of thousands of references was quadratic)."""

    def __init__(self, original: str) -> None:
        self.original, self.at, self.line = original, 0, 1

    def of(self, offset: int) -> int:
        self.line += len(_LINE_BREAK.findall(self.original, self.at, offset))
        self.at = offset
        return self.line


# -- the issue date -----------------------------------------------------------------------------------

_ARABIC_DATE = (r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
                r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2}))")
_CHINESE_DATE = (rf"(?P<cy>[{_CN_YEAR_DIGITS}]{{4}})年(?P<cm>[{CHINESE_NUMERAL_CHARS}]{{1,2}})月"
                 rf"(?P<cd>[{CHINESE_NUMERAL_CHARS}]{{1,3}})日")
_DATE = re.compile(rf"(?:{_ARABIC_DATE}|{_CHINESE_DATE})")


def parse_date(text: str) -> date | None:
    """The calendar date a date phrase gives, in Arabic or Chinese numerals, or None.

    >>> parse_date("2020年5月29日"), parse_date("2023-06-30 15:17:46"), parse_date("二〇一七年十二月二十九日")
    (datetime.date(2020, 5, 29), datetime.date(2023, 6, 30), datetime.date(2017, 12, 29))
    >>> parse_date("2019年6月") is None
    True
    """
    match = _DATE.search(text.translate(_WIDTH))
    return _date_of(match) if match else None


def _date_of(match: re.Match[str]) -> date | None:
    try:
        if match.group("y"):
            month = match.group("m") or match.group("m2")
            day = match.group("d") or match.group("d2")
            return date(int(match.group("y")), int(month), int(day))
        year = int("".join(str(_YEAR_DIGIT[ch]) for ch in match.group("cy")))
        return date(year, chinese_to_int(match.group("cm")), chinese_to_int(match.group("cd")))
    except ValueError:
        return None  # 2月30日: no such day, no date


@cache
def _field_date_re(key: str) -> re.Pattern[str]:
    # Not after another word: 更新时间 and 上传时间 are a site's, not the document's.
    return re.compile(rf"(?<![\u4e00-\u9fff])(?:{alternation(cues(key))})[ \t]*[:：][ \t\u3000]*(?:{_DATE.pattern})")


def find_issue_date(original: str) -> tuple[date, Span] | None:
    """The date a document was issued, and where: 成文日期, else the date line at its end, else its byline.

    A byline's date (发布时间:2020-05-29) is read only in the opening; 更新时间 (when a site last
    touched its page) is never a document's date.  A date line at the end stands alone on one of
    the last lines, as under a signature.
    """
    text = original.translate(_WIDTH)  # one for one: offsets stay the original's
    signed = _field_date_re("date.signed").search(text)
    if signed:
        return _found(original, signed)
    lines = [m for m in re.finditer(r"[^\r\n]+", text) if m.group().strip()]
    for line in reversed(lines[-_TAIL_LINES:]):
        stripped = line.group().strip(" \t\u3000|")
        match = _DATE.fullmatch(stripped)
        if match:
            start = line.start() + line.group().index(stripped)
            found = _date_of(match)
            return (found, _span(original, start, start + len(stripped))) if found else None
    published = _field_date_re("date.published").search(text, 0, _HEAD)
    if published:
        return _found(original, published)
    return None


def _found(original: str, match: re.Match[str]) -> tuple[date, Span] | None:
    found = _date_of(match)
    inner = _DATE.search(match.group())
    if found is None or inner is None:
        return None
    start = match.start() + inner.start()
    return found, _span(original, start, match.end())


# -- the inspection round -----------------------------------------------------------------------------


@cache
def _round_re() -> re.Pattern[str]:
    names = {word: key for key in _ROUNDS for word in cues(key)}
    return re.compile(alternation(tuple(sorted(names, key=len, reverse=True))))


@cache
def _level_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    inspection = alternation(cues("level.inspection"))
    central = re.compile(rf"(?:{alternation(cues('level.central'))})[^。,;，；中央]{{0,12}}?(?:{inspection})")
    provincial = re.compile(rf"(?:{alternation(cues('level.provincial'))})[^。,;，；中央]{{0,10}}?(?:{inspection})")
    return central, provincial


def _tightest(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The first match of ``pattern``, started as late as it can be (市公开第三轮省级…督察 is 省级…督察)."""
    match = pattern.search(text, start, end)
    while match is not None:
        inner = pattern.search(text, match.start() + 1, match.end())
        if inner is None or inner.end() != match.end():
            break
        match = inner
    return match


def _places(original: str, title: Span | None) -> list[tuple[int, int]]:
    places = [(title.start, title.end)] if title else []
    return [*places, (0, min(len(original), _HEAD))]


def find_round(original: str, title: Span | None) -> tuple[InspectionRound, Span] | None:
    """The inspection round the title names first (else the opening), and where.

    >>> found = find_round("沈阳市贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案", None)
    >>> found[0].value, found[1].text
    ('look_back', '回头看')
    """
    names = {word: key for key in _ROUNDS for word in cues(key)}
    for start, end in _places(original, title):
        match = _round_re().search(original, start, end)
        if match is not None:
            return _ROUNDS[names[match.group()]], _span(original, match.start(), match.end())
    return None


def find_level(original: str, title: Span | None) -> tuple[InspectionLevel, Span] | None:
    """Who inspected, as the title (else the opening) first says: 中央…督察 or 省级/省委/自治区…督察.

    >>> found = find_level("青岛市公开第三轮省级生态环境保护督察整改落实情况", None)
    >>> found[0].value, found[1].text
    ('provincial', '省级生态环境保护督察')
    >>> find_level("河北省贯彻落实第二轮中央生态环境保护督察报告整改方案", None)[0].value
    'central'
    """
    central, provincial = _level_res()
    for start, end in _places(original, title):
        found = [(m.start(), m.end(), InspectionLevel.CENTRAL) for m in [_tightest(central, original, start, end)] if m]
        found += [(m.start(), m.end(), InspectionLevel.PROVINCIAL)
                  for m in [_tightest(provincial, original, start, end)] if m]
        if found:
            begin, finish, level = min(found)
            return level, _span(original, begin, finish)
    return None


# -- the plan answered to and the tasks referred to ------------------------------------------------------


@cache
def _answers_re() -> re.Pattern[str]:
    # A title may end in a bracketed qualifier after 方案: 《…整改方案(2018—2020年)》, 《…整改方案(第二批)》.
    return re.compile(rf"(?:{alternation(cues('answers.verb'))})《(?P<title>[^《》\n]{{2,80}}?方案"
                      rf"(?:[(（〔][^《》()（）〔〕\n]{{1,16}}[)）〕])*)》")


def find_plan_answered(original: str, before: int) -> tuple[str, Span] | None:
    """The rectification plan a document says it answers to, before its first problem (``before``):
    根据《…整改方案》, or the plan a task reference names (《整改方案》第十四项).

    A plan the text names by a short name (以下简称《整改方案》) is given by its full title; a plan
    of other work (落实《…河长制工作方案》 in a measure) is none.

    >>> find_plan_answered("制定了《辽宁省贯彻落实…整改方案》(以下简称《整改方案》)。根据《整改方案》建立了台账", 99)[0]
    '辽宁省贯彻落实…整改方案'
    >>> find_plan_answered("按照《某省贯彻落实督察反馈意见整改方案(2018—2020年)》要求,一、《整改方案》第一项", 99)[0]
    '某省贯彻落实督察反馈意见整改方案(2018—2020年)'
    """
    limit = max(before, min(len(original), _HEAD))
    for pattern in (_answers_re(), _CITED_PLAN):
        for match in pattern.finditer(original, 0, limit):
            if "整改" not in match.group("title"):
                continue
            full = _full_title(original, match.group("title"))
            if full is not None:
                return full[0], _span(original, full[1], full[1] + len(full[0]))
            return match.group("title"), _span(original, match.start("title"), match.end("title"))
    return None


def _full_title(original: str, short: str) -> tuple[str, int] | None:
    """The full title a short name stands for (《…整改方案》(以下简称《整改方案》)), and where."""
    defined = re.search(rf"《(?P<full>[^《》\n]{{4,80}})》\s*[(（]以下简称《{re.escape(short)}》", original)
    return (defined.group("full"), defined.start("full")) if defined else None


_ITEM = "[项項]"
_CITED_PLAN = re.compile(rf"《(?P<title>[^《》\n]{{0,80}}方案)》(?=第{_NUM}{_ITEM})")
# 第二轮第六十九项整改任务, 《整改方案》第十四项, 反馈意见第十五项, 问题编号十四, 整改任务第2项, 反馈意见第3个问题
_REFERENCE = re.compile(
    rf"(?:第(?P<round>[一二三123])[轮輪])?第(?P<n>{_NUM}){_ITEM}(?P<after>整改任务|任务|问题|問題)?"
    rf"|(?:问题编号|問題編號)\s*(?P<n2>{_NUM})"
    rf"|整改任务第(?P<n3>{_NUM}){_ITEM}"
    rf"|(?:反馈意见|反馈问题|反饋意見)第(?P<n4>{_NUM})个问题"
    rf"|[(（]序号(?P<n5>{_NUM})[)）]"
)
# What must stand right before a bare 第N项 for it to be a task of a plan: the plan, or the feedback.
_CITING = ("》", "方案", "反馈意见", "反馈问题", "反饋意見", "督察", "整改任务", "回头看", "”")


def find_task_references(original: str, title: Span | None, problems: Sequence[Problem]) -> list[TaskReference]:
    """The plan tasks this document's problems name, each with the problem it belongs to.

    A reference belongs to the problem whose heading it opens (``问题编号十四:…``: it ends where the
    problem's text starts, on its line); in a document of one problem, a reference in its title or
    before the problem is that problem's when every such reference names the same task.  A bare
    ``第N项`` counts only after a plan's title or the feedback (``《整改方案》第十四项``,
    ``反馈意见第十五项``) or before 整改任务/问题: ``第3项措施`` is no task.
    """
    problems = sorted((i for i in problems if i.kind == ProblemKind.PROBLEM and i.parent is None),
                      key=lambda i: i.span.start)
    starts = [i.span.start for i in problems]
    lines = _Lines(original)
    found: list[TaskReference] = []
    first_problem = min(starts, default=len(original))
    for match in _REFERENCE.finditer(original):
        number_text = next(g for g in (match.group("n"), match.group("n2"), match.group("n3"), match.group("n4"),
                                                match.group("n5")) if g)
        if match.group("n") and not match.group("round") and not match.group("after"):
            before = original[max(0, match.start() - 6) : match.start()].rstrip()
            if not before.endswith(_CITING):
                continue
        try:
            number = chinese_to_int(number_text.translate(_WIDTH))
        except ValueError:
            continue
        found_round = _ROUND_NUMERALS.get(match.group("round") or "")
        provincial = _names_provincial_plan(original, match.start())
        owner = _opened_problem(original, match.start(), match.end(), problems, starts)
        span = _span(original, match.start(), match.end(), lines.of(match.start()))
        if owner is not None:
            found.append(TaskReference(owner.code, number, span, found_round, provincial))
        elif len(problems) == 1 and (match.end() <= first_problem
                                     or (title is not None and title.start <= match.start() < title.end)):
            found.append(TaskReference(problems[0].code, number, span, found_round, provincial))
    # In a one-problem document, references before the problem that disagree name other tasks too.
    opening = {r.number for r in found if r.span.end <= first_problem and len(problems) == 1}
    if len(opening) > 1:
        found = [r for r in found if r.span.end > first_problem]
    # A title repeated on the page names its task twice: the first is kept, naming the province's
    # plan when any of them does.
    kept: dict[tuple[str, int, InspectionRound | None], TaskReference] = {}
    for ref in found:
        first = kept.setdefault((ref.problem, ref.number, ref.round), ref)
        if ref.provincial_plan and not first.provincial_plan:
            kept[(ref.problem, ref.number, ref.round)] = replace(first, provincial_plan=True)
    return list(kept.values())


_PROVINCE_PLAN = re.compile(r"省级?(?:[“\"][^”\"]{1,6}[”\"])?《[^《》]{0,30}方案》\s*$")


def _names_provincial_plan(original: str, at: int) -> bool:
    """Whether the plan before a reference is the province's own (省"回头看"《整改方案》, 省级整改方案)."""
    return _PROVINCE_PLAN.search(original, max(0, at - 40), at) is not None


def _opened_problem(original: str, start: int, end: int, problems: Sequence[Problem],
                    starts: Sequence[int]) -> Problem | None:
    """The problem whose heading the reference opens: its text starts right after the reference on
    the same line (问题编号十四:有的地方…), or starts with it, a plan's title at most before it
    (《整改方案》第三项:部分城市…).  ``problems`` are top-level ones in the order of their ``starts``:
    only those starting up to 8 characters after the reference, or the last one starting before it,
    can be its own (found by bisection: a scan of every problem for every reference was quadratic)."""
    before = bisect_right(starts, start) - 1
    candidates = range(max(0, min(before, bisect_left(starts, end))), bisect_right(starts, end + 8))
    for problem in (problems[i] for i in candidates):
        gap = original[end : problem.span.start]
        if 0 <= problem.span.start - end <= 8 and "\n" not in gap and not re.search(r"[\u4e00-\u9fff]", gap):
            return problem
        if problem.span.start <= start < problem.span.end and _HEADING_PREFIX.fullmatch(
                original[problem.span.start:start]):
            return problem
    return None


_HEADING_PREFIX = re.compile(r"[\s(（【]*(?:[^《》\n]{0,6}《[^《》\n]{1,80}》)?\s*")
