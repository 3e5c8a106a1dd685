"""Deadlines: the 整改时限 field and the deadline phrases inside measures.

A date is given only where the text writes one.  Published plans often lose
characters (the year of ``2017年底前`` printed as ``底前``, the 年/月 of
``2022年2月23日`` printed as ``2022223``); such phrases are returned with
``due=None`` and a ``flagged`` reason instead of a guessed date.

Cue words (kinds, prepositions around a date, baseline and past-period
markers) come from ``data/lexicon/deadline_kinds.tsv``; only the calendar
grammar (年, 月, 日, 底, 上半年, 季度) is written here, once.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from graph.core.lexicon import alternation, cues, table_rows
from graph.extract.normalize import NormalText, fold_width
from graph.records import Deadline, DeadlineClass, DeadlineKind, Span

__all__ = [
    "DATE_UNPARSED",
    "YEAR_MISSING",
    "DeadlineCues",
    "apply_deadline_class",
    "find_deadline_classes",
    "find_deadline_phrases",
    "load_deadline_cues",
    "parse_deadline",
    "states_due",
]

YEAR_MISSING = "year-missing"
DATE_UNPARSED = "date-unparsed"

_ROLES = ("lead", "lead-start", "before", "start", "not-before", "not-after", "not-stripped", "past")

# --- calendar grammar ------------------------------------------------------
_Y = r"(?:19|20)\d{2}"
_MD = r"\d{1,2}月(?:\d{1,2}[日号]|底|末|份|上旬|中旬|下旬)?"
_YW = r"(?:年?底|年?末|上半年|下半年|年中|第?[一二三四1-4]季度)"
_POINT = rf"{_Y}年(?:{_MD}|{_YW})?"
_END = rf"(?:{_POINT}|{_MD}|\d{{1,2}}[日号])"
_SEP = r"(?:至|到|-|—|–|~|〜)"  # full-width ～ is folded to ~ by normalisation
# `(?<![\d.])` keeps 12017年 and 1.2017 from passing as years.
_DATE_RE = re.compile(
    rf"(?<![\d.])(?:(?P<ya>{_Y}){_SEP}(?P<yb>{_Y})年|(?P<a>{_POINT})(?:{_SEP}(?P<b>{_END}))?)"
)
# A point split into its parts; `rest` is the period word (底, 上半年, 一季度...).
_PARTS_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})[日号])?(?P<rest>.*)")
# What is left of a date whose year was stripped: 底, 年底, 6月底, 年4月28日, 年上半年.
_STRIPPED = rf"(?:年{{0,2}}底|年?{_MD}(?:{_SEP}{_END})?|年(?:上半年|下半年))"
# Where a stripped phrase may start: the start of the text or a clause boundary.
_BOUNDARY = "。,;:!?、\n()"
# Digits that lost their 年/月/日: 2022223, 20170630.
_DIGITS_RE = re.compile(r"(?<![\d.])(?:19|20)\d{3,6}(?![\d.%])")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TITLE_OPEN, _TITLE_CLOSE = "《", "》"


@dataclass(frozen=True)
class DeadlineCues:
    """The cue lexicon, each list longest first."""

    kinds: tuple[tuple[str, DeadlineKind], ...]
    roles: dict[str, tuple[str, ...]]

    def kind_regex(self) -> re.Pattern[str]:
        """Return an alternation of the kind cues, longest first (长期坚持 before 长期)."""
        return _alternation(cue for cue, _ in self.kinds)

    def stripped_regex(self) -> re.Pattern[str]:
        """Return the pattern of a stripped-year phrase at a clause start, with its lead and tail."""
        lead = _alt_source(self.roles["lead"] + self.roles["lead-start"])
        tail = _alt_source(self.roles["before"] + self.roles["start"])
        return re.compile(rf"(?:^|(?<=[{re.escape(_BOUNDARY)}]))(?:{lead})?(?P<core>{_STRIPPED})(?:{tail})?")


def _alt_source(cues: Iterable[str]) -> str:
    """Return a regex alternation source for literal cues, longest first."""
    ordered = sorted(set(cues), key=lambda c: (-len(c), c))
    return "|".join(re.escape(c) for c in ordered) or r"(?!)"


def _alternation(cues: Iterable[str]) -> re.Pattern[str]:
    """Compile a longest-first alternation of literal cues."""
    return re.compile(_alt_source(cues))


_UNDATED_KINDS = {k.value: k for k in DeadlineKind if k is not DeadlineKind.DATED}


def _kind_problem(row: tuple[str, ...]) -> str | None:
    """What is wrong with one row of ``deadline_kinds.tsv``, if anything."""
    return None if row[1] in _UNDATED_KINDS or row[1] in _ROLES else f"unknown kind {row[1]!r}"


@cache
def load_deadline_cues() -> DeadlineCues:
    """Read ``data/lexicon/deadline_kinds.tsv`` (``cue<TAB>kind``)."""
    kinds: list[tuple[str, DeadlineKind]] = []
    roles: dict[str, list[str]] = {role: [] for role in _ROLES}
    for cue, kind in table_rows("deadline_kinds", "cue<TAB>kind", _kind_problem):
        if kind in _UNDATED_KINDS:
            kinds.append((fold_width(cue), _UNDATED_KINDS[kind]))
        else:
            roles[kind].append(fold_width(cue))
    return DeadlineCues(
        kinds=tuple(sorted(kinds, key=lambda kv: (-len(kv[0]), kv[0]))),
        roles={role: tuple(sorted(cues, key=lambda c: (-len(c), c))) for role, cues in roles.items()},
    )


@cache
def _kind_regex() -> re.Pattern[str]:
    """Return the compiled kind-cue alternation."""
    return load_deadline_cues().kind_regex()


@cache
def _stripped_regex() -> re.Pattern[str]:
    """Return the compiled stripped-year pattern."""
    return load_deadline_cues().stripped_regex()


@dataclass(frozen=True)
class _Hit:
    """A deadline phrase found in a string, in that string's indices."""

    start: int
    end: int
    kinds: tuple[DeadlineKind, ...]
    due: date | None
    flagged: str | None


def _point(text: str) -> tuple[int | None, int | None, int | None, str]:
    """Split a date point (``2019年6月``, ``8月``, ``28日``) into year, month, day, period word."""
    m = _PARTS_RE.fullmatch(text)
    assert m is not None  # every group is optional and `rest` takes the remainder
    y, mo, d = (int(g) if g else None for g in m.group("y", "m", "d"))
    return y, mo, d, m.group("rest")


def _end_of(y: int, mo: int | None, d: int | None, rest: str) -> date | None:
    """Return the last day a point covers, or None if the parts are no calendar date."""
    try:
        if d is not None:
            return date(y, mo if mo is not None else 12, d)
        if mo is not None:
            last = calendar.monthrange(y, mo)[1]
            return date(y, mo, {"上旬": 10, "中旬": 20}.get(rest, last))
        if rest in ("上半年", "年中"):
            return date(y, 6, 30)
        quarter = re.fullmatch(r"第?(.)季度", rest)
        if quarter:
            q = _QUARTERS[quarter.group(1)]
            return date(y, q * 3, calendar.monthrange(y, q * 3)[1])
        # 2018年, 2017年底, 2017年年底, 2017年末, 下半年: the end of the year.
        return date(y, 12, 31)
    except (ValueError, KeyError):  # IllegalMonthError is a ValueError
        return None


def _due(m: re.Match[str]) -> date | None:
    """Return the due date of a `_DATE_RE` match: the end of the (last) period named."""
    if m.group("yb"):
        return date(int(m.group("yb")), 12, 31)
    y, mo, d, rest = _point(m.group("a"))
    assert y is not None  # _POINT always starts with a year
    if m.group("b"):
        # The end of a range inherits what it leaves out: 2019年6月至8月 -> 2019年8月.
        y2, mo2, d2, rest2 = _point(m.group("b"))
        if d2 is not None and mo2 is None:
            mo2 = mo
        return _end_of(y2 if y2 is not None else y, mo2, d2, rest2)
    return _end_of(y, mo, d, rest)


def _ends_with_any(s: str, pos: int, cues: tuple[str, ...]) -> str:
    """Return the longest cue written just before ``pos``, or ''."""
    for cue in cues:
        if pos >= len(cue) and s.startswith(cue, pos - len(cue), pos):
            return cue
    return ""


def _starts_with_any(s: str, pos: int, cues: tuple[str, ...]) -> str:
    """Return the longest cue written at ``pos``, or ''."""
    for cue in cues:
        if s.startswith(cue, pos):
            return cue
    return ""


def _in_title(s: str, pos: int) -> bool:
    """Return whether ``pos`` lies inside 《…》: a dated title (规划(2015-2020年)) is no deadline."""
    line_start = s.rfind("\n", 0, pos) + 1
    return s.rfind(_TITLE_OPEN, line_start, pos) > s.rfind(_TITLE_CLOSE, line_start, pos)


def _plausible_ymd(digits: str) -> bool:
    """Return whether year digits followed by 1-4 digits can be read as a month (and day)."""
    rest = digits[4:]
    for cut in range(1, len(rest) + 1):
        mo, d = rest[:cut], rest[cut:]
        if len(mo) > 2 or len(d) > 2:
            continue
        if not 1 <= int(mo) <= 12:
            continue
        if not d or 1 <= int(d) <= 31:
            return True
    return False


def _scan(s: str, *, loose_digits: bool) -> list[_Hit]:
    """Find every deadline phrase in ``s``, in order.

    ``loose_digits`` flags any year-like digit run (a 整改时限 value is nothing
    but its deadline); otherwise the run must sit next to a lead or tail cue.
    """
    cues = load_deadline_cues()
    roles = cues.roles
    leads = tuple(sorted(roles["lead"] + roles["lead-start"], key=lambda c: (-len(c), c)))
    tails = tuple(sorted(roles["before"] + roles["start"], key=lambda c: (-len(c), c)))
    hits: list[_Hit] = []

    for m in _DATE_RE.finditer(s):
        a, b = m.span()
        lead = _ends_with_any(s, a, leads)
        if _ends_with_any(s, a - len(lead), roles["not-before"] + roles["past"]) or _in_title(s, a):
            continue
        tail = _starts_with_any(s, b, tails)
        if _starts_with_any(s, b + len(tail), roles["not-after"]):
            continue
        start = a - len(lead)
        end = b + len(tail)
        if lead in roles["lead-start"] or tail in roles["start"]:
            # 自2017年起: a duty from then on, with nothing to be done by a date.
            hits.append(_Hit(start, end, (DeadlineKind.CONTINUOUS,), None, None))
            continue
        due = _due(m)
        if due is None:
            hits.append(_Hit(start, end, (), None, DATE_UNPARSED))
        else:
            hits.append(_Hit(start, end, (DeadlineKind.DATED,), due, None))

    # Sorted, non-overlapping intervals already claimed by a phrase.
    taken = [(h.start, h.end) for h in hits]

    def free(a: int, b: int) -> bool:
        i = bisect_left(taken, (b, b))
        return i == 0 or taken[i - 1][1] <= a

    for m in _stripped_regex().finditer(s):
        a, b = m.span()
        core = m.start("core")
        if not free(a, b) or _starts_with_any(s, core, roles["not-stripped"]):
            continue
        if _starts_with_any(s, b, roles["not-after"]):
            continue
        hits.append(_Hit(a, b, (), None, YEAR_MISSING))
        insort(taken, (a, b))

    for m in _DIGITS_RE.finditer(s):
        a, b = m.span()
        if not free(a, b) or not _plausible_ymd(m.group()):
            continue
        lead = _ends_with_any(s, a, leads)
        tail = _starts_with_any(s, b, (*tails, "底"))
        if loose_digits or lead or tail:
            hits.append(_Hit(a - len(lead), b + len(tail), (), None, DATE_UNPARSED))
            insort(taken, (a - len(lead), b + len(tail)))

    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def parse_deadline(text: str, span: Span) -> Deadline:
    """Read a 整改时限 value (``立行立改、长期坚持``, ``2017年3月底``) into a :class:`Deadline`.

    ``kinds`` lists the kinds in the order the text gives them, ``dated`` where a
    date is written; ``due`` is the latest date written (the end of a range).
    ``flagged`` says why part of the value could not be dated (``year-missing``,
    ``date-unparsed``), even when another part was.
    """
    s = fold_width(text)
    found: list[tuple[int, DeadlineKind]] = []
    kind_of = dict(load_deadline_cues().kinds)
    for m in _kind_regex().finditer(s):
        found.append((m.start(), kind_of[m.group()]))
    hits = _scan(s, loose_digits=True)
    dues = [h.due for h in hits if h.due is not None]
    for h in hits:
        found.extend((h.start, k) for k in h.kinds)
    flags = [h.flagged for h in hits if h.flagged]
    kinds: list[DeadlineKind] = []
    for _, kind in sorted(found, key=lambda pk: pk[0]):
        if kind not in kinds:
            kinds.append(kind)
    return Deadline(
        text=text,
        span=span,
        kinds=tuple(kinds),
        due=max(dues) if dues else None,
        flagged=YEAR_MISSING if YEAR_MISSING in flags else (flags[0] if flags else None),
    )


def states_due(deadline: Deadline) -> bool:
    """Whether a phrase says by when something is due (2019年底前, 底前), not only when (2018年5月).

    A progress report tells what happened on which date (2018年5月,省政府召开会议): there only
    such phrasings, and the 整改时限 column, are deadlines.
    """
    return fold_width(deadline.text).endswith(load_deadline_cues().roles["before"])


def find_deadline_phrases(ntext: NormalText, start: int, end: int) -> list[Deadline]:
    """Return every deadline phrase in the normalised slice ``ntext.text[start:end]``.

    Each phrase keeps its lead and tail words (``到2017年底``, ``2018年6月底前``,
    ``自2017年起``); ``text`` is the normalised phrase and ``span`` its place in
    the original.  A start (``自2017年起``) has kind continuous and no date; a
    phrase whose year was stripped at a clause start (``底前``) is flagged.
    """
    sub = ntext.text[start:end]
    hits = _scan(sub, loose_digits=False)
    return [
        Deadline(
            text=sub[h.start : h.end],
            span=ntext.span(start + h.start, start + h.end),
            kinds=h.kinds,
            due=h.due,
            flagged=h.flagged,
            target=_phase_target(sub, h, hits[i + 1].start if i + 1 < len(hits) else len(sub)),
        )
        for i, h in enumerate(hits)
    ]


_CLAUSE_END = ";。\n"


def _phase_target(s: str, hit: _Hit, limit: int) -> str | None:
    """What is due at a dated phase that opens a clause: 2023年12月底前,完成率达到90%以上.

    The clause after the date's comma, up to a semicolon, a full stop or the next date; a
    date inside a clause (于2018年底前完成) states no target of its own.
    """
    if hit.due is None or hit.end >= limit or s[hit.end] != ",":
        return None
    stop = next((i for i in range(hit.end + 1, limit) if s[i] in _CLAUSE_END), limit)
    target = s[hit.end + 1 : stop].strip(" ,")
    return target or None


@cache
def _class_regex() -> re.Pattern[str]:
    classes = alternation(cues("deadline.class"))
    intro = alternation(cues("deadline.class_intro"))
    tail = alternation(cues("deadline.class_tail"))
    return re.compile(rf"(?:{intro})?(?P<name>{classes})[\u4e00-\u9fff]{{0,4}}?(?:{tail})[,:]?")


def find_deadline_classes(ntext: NormalText) -> list[DeadlineClass]:
    """Deadlines defined once for a class of problems, each with the date stated for it.

    ``属于立行立改的,2017年6月底前整改到位;限期整改完成的,2018年底前完成整改`` defines
    two classes; a problem whose 整改时限 names the class and no date takes that date
    (:func:`apply_deadline_class`).  A class is read only when a dated phrase follows it
    at once, so 对立行立改的问题,要… defines nothing.
    """
    text = ntext.text
    found: dict[str, DeadlineClass] = {}
    for match in _class_regex().finditer(text):
        stop = next((i for i in range(match.end(), len(text)) if text[i] in _CLAUSE_END), len(text))
        clause = text[match.end() : stop]
        hits = _scan(clause, loose_digits=False)
        if not hits or hits[0].start > 1 or hits[0].due is None:
            continue
        hit = hits[0]
        name = match.group("name")
        kind_of = dict(load_deadline_cues().kinds)
        kinds = tuple(dict.fromkeys([k for k in (kind_of.get(name),) if k] + list(hit.kinds)))
        basis = ntext.span(match.start(), stop)
        deadline = Deadline(
            text=clause[hit.start : hit.end],
            span=ntext.span(match.end() + hit.start, match.end() + hit.end),
            kinds=kinds,
            due=hit.due,
            basis=basis,
        )
        found.setdefault(name, DeadlineClass(name=name, deadline=deadline))
    return list(found.values())


def apply_deadline_class(deadline: Deadline, classes: Iterable[DeadlineClass]) -> Deadline:
    """``deadline`` with the date of the class it names (立行立改), when the text gives it no date."""
    if deadline.due is not None:
        return deadline
    for cls in classes:
        if cls.name in fold_width(deadline.text):
            return Deadline(
                text=deadline.text,
                span=deadline.span,
                kinds=deadline.kinds,
                due=cls.deadline.due,
                flagged=deadline.flagged,
                basis=cls.deadline.basis,
            )
    return deadline
