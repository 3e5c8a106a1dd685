"""What the structure readers share: problems and measures as found (:class:`RawProblem`), fields,
numbered items, lines.

The plan body (一、指导思想 … 四、组织保障) also numbers its sections 一、二、…, so when a
plan has a checklist annex (``附:…清单``, :func:`find_checklist_start`) problems are read
only after it.  One reader, :mod:`graph.extract.outline`, reads the headings of every
document and annex; :mod:`graph.extract.tables` reads the rows of flattened tables.  Both
give the :class:`RawProblem` records defined here.

Fields (``data/lexicon/cues.tsv``, keys ``field.*``): 整改目标, 整改时限, 整改措施, 责任单位,
and the fields that name one role each: 牵头单位 (lead), 配合单位 (support), 督办单位
(supervise), 验收销号单位 (sign-off), 责任领导 (a responsible leader), 督办领导 (a
supervising leader); 整改进展情况 (status); and, in tables, 序号 and 问题.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from graph.core.lexicon import cues
from graph.core.numerals import chinese_to_int, circled_to_int

# 1、 or 1. but not the decimal point of 1.5
# What ends a measure number: 、 or a dot that is no decimal point (1.5), unless a year follows
# (2.2019年10月底前…).
NUMBER_END = r"(?:、|\.(?!\d)|\.(?=(?:19|20)\d{2}年))"
# The items of a measures value, a table cell or a measure line: 1. 1、 (1) ⑴ ① 一是, at its start
# or after a stop or a space (never inside 2.5, 第1条 or 统一是), each run of items in one style.
_ITEM = re.compile(
    rf"(?<![^。;:\s|])(?:(?P<d>\d{{1,3}}){NUMBER_END}|\((?P<p>\d{{1,2}})\)|(?P<c>[\u2460-\u2487])"
    r"|(?P<s>[一二三四五六七八九十]{1,3})是(?![,。;]))"
)


@dataclass(frozen=True)
class ListItem:
    """One numbered item of a value: its number, where its marker starts and where its text lies."""

    number: int
    marker: int
    start: int
    end: int
    style: str  # d (1.), p ((1)), c (①), s (一是)


def split_items(text: str, start: int, end: int, trailing: str = ";,") -> list[ListItem]:
    """The numbered items of ``text[start:end]`` when it opens with one, in the style of the first
    (①…②… or 一是…二是…, an item of another style staying inside its item); else none."""
    matches = list(_ITEM.finditer(text, start, end))
    first = next(iter(matches), None)
    if first is None or trim(text, (start, end))[0] != first.start():
        return []
    style = first.lastgroup
    matches = [m for m in matches if m.lastgroup == style]
    items: list[ListItem] = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else end
        body = trim(text, (match.end(), stop), trailing)
        items.append(ListItem(_item_number(match), match.start(), *body, style or "d"))
    return items


def _item_number(match: re.Match[str]) -> int:
    value = match.group(match.lastgroup or "d")
    return circled_to_int(value) if match.lastgroup == "c" else chinese_to_int(value)

FIELD_KEYS = (
    "target", "deadline", "measures", "units", "lead", "support", "supervisor", "sign_off",
    "responsible_leader", "supervising_leader", "status", "label", "number",
)
# Fields that name agents with one role each; 责任单位 (units) is read by the clause grammar.
ROLE_FIELDS = ("units", "lead", "support", "supervisor", "sign_off", "responsible_leader", "supervising_leader")


def field_names() -> dict[str, tuple[str, ...]]:
    """The cue words of every field, by field key."""
    return {key: cues(f"field.{key}") for key in FIELD_KEYS}


@cache
@dataclass
class Line:
    """A line of the normalised text with its offsets."""

    # 1-based, in the normalised text: a key among its lines only.  Repair joins and splits lines,
    # so what a reader is told is NormalText.line_of(start), the line in the original.
    number: int
    start: int
    end: int
    text: str


@dataclass
class RawField:
    """A field as found: its key, its value and the whole field (the evidence)."""

    key: str
    value: tuple[int, int]
    whole: tuple[int, int]


@dataclass
class RawMeasure:
    """A measure as found: its number as written and where its text lies."""

    number: int
    start: int  # offsets of the measure text (after the number) in the normalised text
    end: int
    line_start: int  # offset of the line, number included
    fields: list[RawField] = field(default_factory=list)  # role fields stated for this measure
    status: RawField | None = None  # 完成情况:已完成 written after this measure


@dataclass
class RawCase:
    """What a row of a case table holds besides its complaint (the label), by offsets."""

    region: tuple[int, int] | None = None  # the region cell (行政区域), or its name at the head of a glued cell
    inquiry: list[tuple[int, int]] = field(default_factory=list)  # cells only an assignment is read in
    handling: list[tuple[int, int]] = field(default_factory=list)  # cells whose acting units answer for it
    row: tuple[int, int] = (0, 0)  # the whole row


@dataclass
class RawProblem:
    """A problem or sub-problem as found in the checklist, by offsets."""

    code: str
    label: tuple[int, int]
    line: int
    parent: str | None = None
    target: tuple[int, int] | None = None
    deadline: tuple[int, int] | None = None
    measures: list[RawMeasure] = field(default_factory=list)
    clause: tuple[int, int] | None = None  # value of 责任单位
    clause_line: tuple[int, int] | None = None  # the whole 责任单位 sentence
    children: list[str] = field(default_factory=list)
    fields: list[RawField] = field(default_factory=list)  # role fields other than the clause
    status: RawField | None = None
    measures_at: int | None = None  # offset of the 整改措施 field
    sentences: list[tuple[int, int]] = field(default_factory=list)  # a notice's sentences naming its task
    case: RawCase | None = None  # set for a row of a case table (群众信访举报…一览表): the row is a case

    @property
    def has_content(self) -> bool:
        """Whether any field, measure or clause was read for it."""
        return bool(self.target or self.deadline or self.measures or self.clause or self.fields or self.status)


@dataclass
class Checklist:
    """Everything the checklist reader found, plus what it skipped."""

    problems: list[RawProblem] = field(default_factory=list)
    skipped: list[Line] = field(default_factory=list)
    gaps: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    start_line: int | None = None
    target_sections: list[tuple[int, int]] = field(default_factory=list)  # plan-wide 整改目标 sections


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets."""
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Line(number=number, start=offset, end=offset + len(raw), text=raw))
        offset += len(raw) + 1
    return lines


def lines_inside_parens(lines: list[Line], reach: int = 3) -> frozenset[int]:
    """Numbers of the lines that start inside a parenthesis opened on a line before.

    ``…(牵头单位:省水利厅;`` / ``责任单位:…)`` is one annotation broken over two lines (by the
    publisher or by the repair of run-on lists): its second line is no field of the problem.
    A parenthesis left open for more than ``reach`` lines is taken as damage and forgotten.
    """
    inside: set[int] = set()
    depth, open_for = 0, 0
    for line in lines:
        if not line.text.strip():
            continue  # a blank line between the parts of a wrapped parenthesis keeps it open
        if depth > 0:
            inside.add(line.number)
            open_for += 1
        for ch in line.text:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
        if depth == 0 or open_for >= reach:
            depth = open_for = 0
    return frozenset(inside)


_LEADING_MARKS = re.compile(r"^[^\w(（“\"]+")


def find_checklist_start(lines: list[Line]) -> int | None:
    """Index of the first line after the annex line that opens the checklist, if any."""
    annex = cues("annex.start")
    noun = cues("annex.noun")
    for index, line in enumerate(lines):
        # What damage leaves before the word (U+FFFD of a bad byte, a bullet, a stray mark) hides no annex.
        stripped = _LEADING_MARKS.sub("", line.text.strip())
        if stripped.startswith(annex) and any(word in stripped for word in noun) and len(stripped) < 120:
            return index + 1
    return None


def attach_measure_fields(problem: RawProblem) -> None:
    """Move role fields written between two measures to the measure before them.

    ``1.… 牵头单位:A 2.… 牵头单位:B``: a field followed by another measure of the same
    problem belongs to the measure it follows; once some field was so placed, fields after
    the last measure belong to the last measure too.  Otherwise fields stay the problem's.
    Status fields (完成情况:已完成) are placed the same way, on their own: a status placed
    on a measure says nothing about where the role fields after it belong.
    """
    statuses = [f for f in problem.fields if f.key == "status"]
    problem.fields = [f for f in problem.fields if f.key != "status"]
    for index, measure in _place(statuses, problem.measures).items():
        measure.status = statuses[index]
    placed_statuses = {id(m.status) for m in problem.measures if m.status}
    for left in (f for f in statuses if id(f) not in placed_statuses):
        if problem.status is None or left.whole[0] > problem.status.whole[0]:
            problem.status = left  # the problem's own status: the last one written
    if not problem.measures:
        return
    candidates = list(problem.fields)
    if problem.clause and problem.clause_line:
        candidates.append(RawField("units", problem.clause, problem.clause_line))
    candidates.sort(key=lambda f: f.whole[0])
    placed = _place(candidates, problem.measures)
    for index, measure in placed.items():
        measure.fields.append(candidates[index])
    clause_moved = any(candidates[i].whole == problem.clause_line for i in placed)
    problem.fields = [f for i, f in enumerate(candidates) if i not in placed and f.whole != problem.clause_line]
    if clause_moved:
        problem.clause = problem.clause_line = None


def _place(fields: list[RawField], measures: list[RawMeasure]) -> dict[int, RawMeasure]:
    """The measure each field (by index) belongs to, by the rule of :func:`attach_measure_fields`."""
    placed: dict[int, RawMeasure] = {}
    if not measures:
        return placed
    for index, raw_field in enumerate(fields):
        before = [m for m in measures if m.line_start < raw_field.whole[0]]
        if before and any(m.line_start > raw_field.whole[0] for m in measures):
            placed[index] = before[-1]
    if placed:
        last = measures[-1]
        for index, raw_field in enumerate(fields):
            if index not in placed and raw_field.whole[0] > last.line_start:
                placed[index] = last
    return placed


def note_gap(checklist: Checklist, problem: RawProblem, number: int, line: int) -> None:
    """Report a measure number that does not follow the one before it (1. then 3.)."""
    expected = problem.measures[-1].number + 1 if problem.measures else 1
    if number != expected:
        checklist.gaps.append(
            (line, f"problem {problem.code}: measure {number} follows {expected - 1} (kept as written)")
        )


def trim(text: str, bounds: tuple[int, int], trailing: str = "") -> tuple[int, int]:
    """Narrow ``bounds`` past surrounding whitespace and any ``trailing`` punctuation."""
    start, end = bounds
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return start, end
