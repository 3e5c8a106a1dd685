"""Read the checklist (整改措施清单) of a rectification plan: problems, fields, measures, clauses.

The plan body (一、指导思想 … 四、组织保障) also numbers its sections 一、二、…, so
problems are read only after the annex line that opens the checklist
(``附:…清单``).  Lines that fit no part of the checklist grammar are skipped and
reported, which is how trailing web noise (unrelated article titles after a
truncated last problem) is kept out of the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.extract.lexicon import alternation, cues
from graph.extract.normalize import NormalText
from graph.extract.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

_CN = f"[{CHINESE_NUMERAL_CHARS}]+"
_PROBLEM = re.compile(rf"^\s*({_CN})[、.]\s*(\S.*)$")
_SUBPROBLEM = re.compile(rf"^\s*\(({_CN})\)\s*(\S.*)$")
# 1、 or 1. but not the decimal point of 1.5
_MEASURE = re.compile(r"^\s*(\d{1,3})(?:、|\.(?!\d))\s*(\S.*)$")


def _field_pattern() -> re.Pattern[str]:
    names = {key: cues(f"field.{key}") for key in ("target", "deadline", "measures", "units")}
    groups = "|".join(f"(?P<{key}>{alternation(words)})" for key, words in names.items())
    return re.compile(rf"^\s*(?:{groups})\s*[:]\s*(?P<value>.*)$")


@dataclass
class Line:
    """A line of the normalised text with its offsets."""

    number: int  # 1-based, in the normalised text (same as the original's: newlines are kept)
    start: int
    end: int
    text: str


@dataclass
class RawMeasure:
    """A measure as found: its number as written and where its text lies."""

    number: int
    start: int  # offsets of the measure text (after the number) in the normalised text
    end: int
    line_start: int  # offset of the line, number included


@dataclass
class RawIssue:
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

    @property
    def has_content(self) -> bool:
        """Whether any field, measure or clause was read for it."""
        return bool(self.target or self.deadline or self.measures or self.clause)


@dataclass
class Checklist:
    """Everything the checklist reader found, plus what it skipped."""

    issues: list[RawIssue] = field(default_factory=list)
    skipped: list[Line] = field(default_factory=list)
    gaps: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    start_line: int | None = None


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets."""
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Line(number=number, start=offset, end=offset + len(raw), text=raw))
        offset += len(raw) + 1
    return lines


def find_checklist_start(lines: list[Line]) -> int | None:
    """Index of the first line after the annex line that opens the checklist, if any."""
    annex = cues("annex.start")
    noun = cues("annex.noun")
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        if stripped.startswith(annex) and any(word in stripped for word in noun) and len(stripped) < 120:
            return index + 1
    return None


def read_checklist(ntext: NormalText, lines: list[Line]) -> Checklist:
    """Read problems, their fields and measures from the checklist part of a plan."""
    checklist = Checklist()
    start = find_checklist_start(lines)
    if start is None:
        return checklist
    checklist.start_line = lines[start].number if start < len(lines) else None
    fields = _field_pattern()
    title_nouns = cues("annex.noun")
    current: RawIssue | None = None  # where fields and measures go
    top: RawIssue | None = None  # the current top-level problem
    mode: str | None = None  # the field whose continuation lines we are in
    for line in lines[start:]:
        text = line.text
        if not text.strip():
            continue
        field_match = fields.match(text)
        if field_match and current is not None:
            key = next(k for k in ("target", "deadline", "measures", "units") if field_match.group(k))
            value = (line.start + field_match.start("value"), line.end)
            value = _trim(ntext.text, value)
            if key == "target":
                current.target = value
            elif key == "deadline":
                current.deadline = _trim(ntext.text, value, "。;,")
            elif key == "units":
                current.clause = value
                current.clause_line = _trim(ntext.text, (line.start, line.end))
            mode = key
            continue
        measure = _MEASURE.match(text)
        if measure and current is not None and mode == "measures":
            number = int(measure.group(1))
            _note_gap(checklist, current, number, line)
            current.measures.append(
                RawMeasure(
                    number=number,
                    start=line.start + measure.start(2),
                    end=_trim(ntext.text, (line.start, line.end))[1],
                    line_start=line.start,
                )
            )
            continue
        sub = _SUBPROBLEM.match(text)
        if sub and top is not None:
            code = f"{top.code}.{chinese_to_int(sub.group(1))}"
            current = RawIssue(code=code, label=_trim(ntext.text, (line.start + sub.start(2), line.end)),
                               line=line.number, parent=top.code)
            top.children.append(code)
            checklist.issues.append(current)
            mode = None
            continue
        problem = _PROBLEM.match(text)
        if problem:
            code = str(chinese_to_int(problem.group(1)))
            top = current = RawIssue(code=code, label=_trim(ntext.text, (line.start + problem.start(2), line.end)),
                                     line=line.number)
            checklist.issues.append(current)
            mode = None
            continue
        if current is None and any(noun in text for noun in title_nouns):
            continue  # the checklist's own title, repeated under the annex line
        if _continues(ntext.text, current, mode, line):
            continue
        checklist.skipped.append(line)
    return checklist


def _continues(text: str, current: RawIssue | None, mode: str | None, line: Line) -> bool:
    """Attach a prose line to the open measure or field; headings and titles are not prose."""
    if current is None or mode is None:
        return False
    if not any(mark in line.text for mark in ",。;"):
        return False
    end = _trim(text, (line.start, line.end))[1]
    if mode == "measures" and current.measures:
        current.measures[-1].end = end
        return True
    if mode == "target" and current.target:
        current.target = (current.target[0], end)
        return True
    if mode == "units" and current.clause and current.clause_line:
        current.clause = (current.clause[0], end)
        current.clause_line = (current.clause_line[0], end)
        return True
    return False


def _note_gap(checklist: Checklist, issue: RawIssue, number: int, line: Line) -> None:
    expected = issue.measures[-1].number + 1 if issue.measures else 1
    if number != expected:
        checklist.gaps.append(
            (line.number, f"problem {issue.code}: measure {number} follows {expected - 1} (kept as written)")
        )


def _trim(text: str, bounds: tuple[int, int], trailing: str = "") -> tuple[int, int]:
    """Narrow ``bounds`` past surrounding whitespace and any ``trailing`` punctuation."""
    start, end = bounds
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return start, end
