"""Problems and measures of documents without a checklist annex: the outline of their headings.

Per-task notices (``问题编号十四:…``, ``第二轮第六十九项整改任务``), progress lists
(``一、关于"…反馈意见…"整改进展情况:已经完成,长期坚持。 1.…``) and letters
(``(一)…未完成。该问题已完成整改。一是…``) number their problems and measures with the
same markers as any plan body.  Headings are found at line starts and, because sites run
whole lists into one line, after a full stop, a colon or a run of spaces, never inside
parentheses or quotation marks.  Their rank is fixed:

    问题编号/第N项整改任务 > 一、 > (一) > 1. 1、 > (1) ⑴ 1) > ① > 一是

A heading is a *problem* when it is an explicit task heading, quotes the feedback it answers
(``关于"…"``), carries problem fields (整改目标:, 整改措施:, 责任单位:, 牵头单位:,
整改进展情况: … or a field heading such as ``二、整改目标``), or opens with a status sentence
(``该问题已完成整改。``).  Headings that are none of these (一、指导思想, 二、工作目标) are
sections, never problems.  A problem's *measures* are the headings under its 整改措施 field, or,
when it has none, the headings right under it (``1.``, ``一是``).  A field after a measure
belongs to the problem, unless another measure follows it (see :func:`graph.extract.plan.attach_measure_fields`).
Lines without prose punctuation (site chrome such as 分享到:) end whatever was open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from graph.core.lexicon import alternation, cues
from graph.core.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int, circled_to_int
from graph.extract.narrative import closing_parenthesis
from graph.extract.normalize import NormalText
from graph.extract.plan import (
    FIELD_KEYS,
    NUMBER_END,
    ROLE_FIELDS,
    Checklist,
    Line,
    RawField,
    RawMeasure,
    RawProblem,
    attach_measure_fields,
    field_names,
    lines_inside_parens,
    note_gap,
    split_items,
    trim,
)
from graph.extract.status import load_status_cues, read_status

_CN = f"[{CHINESE_NUMERAL_CHARS}]+"
_NUM = rf"(?:{_CN}|\d+)"
RANKS = {"task": 0, "cn": 1, "pcn": 2, "ar": 3, "par": 4, "circ": 5, "shi": 6, "row": 0, "doc": 0}
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『\"", "”」』\""
_PROSE = ",。;、"
_STOPS = "。;!?:"
# Fields that close a measures list when they come after it; role fields do not (a role
# field between two measures belongs to the measure before it).
_CLOSING_FIELDS = ("target", "deadline", "status", "label", "number", "measures")
# Fields that may stand as a heading without a colon (三、整改措施); a status needs its colon.
_HEADING_FIELDS = tuple(key for key in FIELD_KEYS if key != "status")
# Fields that make a numbered section of a one-task notice (一、整改任务 / 二、整改责任单位 / …).
_TASK_FIELDS = ("label", "units", "lead", "support", "sign_off", "measures", "status", "target", "deadline", "number")
# A table cell flattened to a line ends with a bar (整改目标 | / its value |): no part of the text.
_CELL_END = "|"


@dataclass
class Item:
    """A heading marker or a field cue found in the text."""

    kind: str  # task | cn | pcn | ar | par | circ | shi | field
    rank: int
    start: int  # offset of the marker or cue
    body: int  # offset after it: the heading text or the field value starts here
    number: int = 0
    key: str | None = None  # the field, for field cues and field headings


@dataclass
class _Node:
    item: Item
    parent: _Node | None
    end: int = -1
    children: list[_Node] = field(default_factory=list)
    fields: list[Item] = field(default_factory=list)
    measure_of: _Node | None = None  # the problem whose measures list was open when this opened
    head_end: int = -1  # end of the heading: its line's end or the next item, whichever is first
    groups: bool | None = None  # memo of _groups_measures
    references: list[tuple[int, int]] = field(default_factory=list)  # a notice's sentences naming its task
    # A row of fields opened under a numbered section (二、整改情况 / 问题描述:…): the rank of that
    # section's heading, whose next plain heading (三、下步计划) is the next section, not a measure of the row.
    section_rank: int | None = None

    @property
    def measures_open(self) -> bool:
        keys: list[str | None] = []
        for f in self.fields:
            if _closes_measures(f, keys) or f.key == "measures":
                keys.append(f.key)
        return bool(keys) and keys[-1] == "measures"


def _closes_measures(f: Item, keys: list[str | None]) -> bool:
    """Whether field ``f`` ends an open measures list: a status right after the measures is a
    measure's (1.… 完成情况:已完成 2.…), unless it heads a numbered section (五、整改完成情况)."""
    if f.key not in _CLOSING_FIELDS:
        return False
    return not (f.key == "status" and keys and keys[-1] == "measures" and f.rank < 0)


@cache
def _marker_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    task_words = cues("heading.task")
    prefix_words = [w for w in task_words if not w.startswith("项")]
    suffix_words = [w for w in task_words if w.startswith("项")]
    round_word = alternation(cues("heading.round"))
    task = (
        rf"(?:第{_NUM}{round_word})?(?:第(?P<n1>{_NUM})(?:{alternation(suffix_words)})"
        rf"|(?:{alternation(prefix_words)})\s*(?P<n2>{_NUM})项?)\s*:?"
    )
    return (
        ("task", re.compile(task)),
        ("pcn", re.compile(rf"\((?P<n>{_CN})\)")),
        ("par", re.compile(r"\((?P<n>\d{1,2})\)|(?P<c>[\u2474-\u2487])|(?P<n3>\d{1,2})\)(?!\d)")),
        ("circ", re.compile(r"(?P<c>[\u2460-\u2473])")),
        # 三、2013年以来… is a heading; 一、二 of 第一、二条 and 三.5 are not.
        ("cn", re.compile(rf"(?P<n>{_CN})\s*(?:、(?![{CHINESE_NUMERAL_CHARS}])|\.(?![\d{CHINESE_NUMERAL_CHARS}]))")),
        ("ar", re.compile(rf"(?P<n>\d{{1,3}})\s*{NUMBER_END}")),
        ("shi", re.compile(rf"(?P<n>{_CN})是(?![的否])")),
    )


@cache
def _field_re() -> re.Pattern[str]:
    names = field_names()
    groups = "|".join(f"(?P<{key}>{alternation(words)})" for key, words in names.items())
    # A bar ending the line stands for the colon: 整改目标 | is a table's cell name, its value below.
    return re.compile(rf"(?:{groups})\s*(?P<colon>:|\|(?=\s*$))?\s*")


def _marker_number(match: re.Match[str]) -> int:
    groups = match.groupdict()
    circled = groups.get("c")
    if circled:
        return circled_to_int(circled)
    value = next(v for g, v in groups.items() if g.startswith("n") and v)  # n, n1, n2 …: one per form
    return chinese_to_int(value)


def _boundaries(line: Line, inside: bool = False) -> list[tuple[int, str]]:
    """Offsets where a heading may start in a line, each with what it follows: ``start`` (the line's
    start, a run of spaces where a site ran lines together, a bracketed field), ``stop`` (a full stop
    or a colon inside the running text) or ``comma``.

    Inside parentheses or quotation marks (balanced on the line) nothing starts; a line
    that starts ``inside`` a parenthesis of the line before starts nothing until it closes.
    """
    text = line.text
    quotes_balanced = sum(text.count(q) for q in "“「『") == sum(text.count(q) for q in "”」』")
    parens_balanced = text.count("(") == text.count(")")
    if inside:
        closing = text.find(")")
        if closing == -1:
            return []
        line = Line(line.number, line.start + closing + 1, line.end, text[closing + 1 :])
        text = line.text
        parens_balanced = text.count("(") == text.count(")")
    spots: list[tuple[int, str]] = []
    depth = 0
    expect = False if inside else True  # the line start, or after a stop, a colon or spaces
    after = "start"
    for index, ch in enumerate(text):
        if ch in " \t":  # the repaired text keeps tabs (table cells)
            if index and text[index - 1] not in " \t" and depth == 0:
                expect, after = True, "start"
            continue
        if (expect or ch == "【") and depth == 0:
            # 【牵头单位】A【配合单位】B: a bracketed field name starts a field wherever it stands.
            spots.append((line.start + index, "start" if ch == "【" else after))
        expect, after = False, "start"
        if (ch in "(" and parens_balanced) or (ch in "“「『" and quotes_balanced):
            depth += 1
        elif (ch in ")" and parens_balanced) or (ch in "”」』" and quotes_balanced):
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _STOPS:
            expect, after = True, "stop"
        elif depth == 0 and ch == ",":
            expect, after = True, "comma"
    return spots


def scan_items(text: str, lines: list[Line], skip: frozenset[int] = frozenset()) -> list[Item]:
    """Every heading marker and field cue of ``lines``, in text order."""
    items: list[Item] = []
    inside = lines_inside_parens(lines)
    for line in lines:
        if line.number in skip or not line.text.strip():
            continue
        spots = _boundaries(line, line.number in inside)
        # 一、关于"…": quoting the feedback marks a problem heading even where a site ran it
        # into the line before (…整改进展清单一、关于"…).
        starts = {at for at, _ in spots}
        about = _about_re().finditer(text, line.start, line.end)
        spots += [(m.start(), "start") for m in about if m.start() not in starts]
        for at, after in sorted(spots):
            item = _item_at(text, at, line.end, after)
            if item is not None:
                items.append(item)
    return items


@cache
def _about_re() -> re.Pattern[str]:
    # Only from the start of a run of numerals: a match from inside it is also one from its start,
    # and trying every inner start rescanned long runs (一二三…) once per character.
    return re.compile(rf"(?<![{CHINESE_NUMERAL_CHARS}]){_CN}、(?:{alternation(cues('heading.about'))})[{_OPEN_QUOTES}]")


def _item_at(text: str, at: int, line_end: int, follows: str = "start") -> Item | None:
    after_comma = follows == "comma"
    for kind, pattern in _marker_res():
        if after_comma and kind != "shi":
            continue
        if kind == "task" and follows == "stop":
            # …已完成。第一轮第十四项整改任务同步推进: a task named inside running text is a reference, not
            # a heading; a task heading starts a line (or a run of spaces a site made of a line break).
            continue
        match = pattern.match(text, at, line_end)
        if match is None and kind == "task" and text.startswith("(", at):
            # (第一轮第十二项整改任务) standing as a line: the task heading of a one-task notice.
            match = pattern.match(text, at + 1, line_end)
            if match is not None and not text[match.end():line_end].strip().startswith(")"):
                match = None
        if match is None:
            continue
        body = match.end()
        while body < line_end and text[body] in " \t":
            body += 1
        if body >= line_end and kind in ("shi", "ar", "cn"):
            continue  # a bare 1、 at the end of a line is no heading
        if kind == "task" and text[match.start() - 1:match.start()] == "(":
            body = text.find(")", match.end(), line_end) + 1
        heading_field = _field_re().match(text, body, line_end) if kind != "task" else None
        if heading_field is not None:
            # 二、整改目标 实施…, 三、整改措施, 四、责任单位:…: a heading that is a field.
            key = _field_key(heading_field)
            after = heading_field.end()
            colon = heading_field.group("colon") is not None
            alone = not text[after:line_end].strip(" " + _CELL_END)
            # 五、整改完成情况 alone on its line heads the status section of a notice.
            status_section = key == "status" and alone and kind in ("cn", "pcn")
            if colon or status_section or (key in _HEADING_FIELDS and (alone or text[after - 1] == " ")):
                return Item("field", RANKS[kind], at, after, _marker_number(match), key)
        return Item(kind, RANKS[kind], at, body, _marker_number(match))
    if after_comma:
        return None
    if text.startswith("【", at):
        bracketed = _field_re().match(text, at + 1, line_end)
        if bracketed is not None and text.startswith("】", at + 1 + len(bracketed.group().rstrip(" :"))):
            body = at + 2 + len(bracketed.group().rstrip(" :"))
            while body < line_end and text[body] in " :":
                body += 1
            return Item("field", -1, at, body, key=_field_key(bracketed))
        return None
    cue = _field_re().match(text, at, line_end)
    if cue is not None:
        key = _field_key(cue)
        if cue.group("colon") or (cue.end() >= line_end and key in _HEADING_FIELDS):
            return Item("field", -1, at, cue.end(), key=key)
    return None


def _field_key(match: re.Match[str]) -> str:
    return next(key for key in FIELD_KEYS if match.group(key))


def _stop_lines(lines: list[Line], items: list[Item], skip: frozenset[int]) -> list[int]:
    """Offsets of lines that are no prose and hold no item: they end whatever was open.

    The line after a field that has no value on its own line (二、整改责任单位 / 某县住房和城乡建设局)
    is that field's value, prose or not.
    """
    starts = {item.start for item in items}
    bare_fields = {item.body for item in items if item.kind == "field"}
    stops: list[int] = []
    value_next = False
    inside = lines_inside_parens(lines)  # …(牵头单位:A; / 责任单位:B): the parenthesis goes on
    for line in lines:
        stripped = line.text.strip()
        if not stripped or line.number in skip or line.number in inside:
            continue
        if _marks_only(stripped):
            continue  # a line of marks only (a bad byte's U+FFFD where a blank line was, a bar): as blank
        first = line.start + len(line.text) - len(line.text.lstrip())
        was_value_next, value_next = value_next, False
        if first in starts:
            content_end = line.start + len(line.text.rstrip(" \t:" + _CELL_END))
            value_next = any(content_end <= body <= line.end for body in bare_fields)
            continue
        if stripped.startswith(cues("sentence.closing")):
            stops.append(first)  # 下一步,…: the report turns from its problems to what comes next
            continue
        if was_value_next or any(mark in stripped for mark in _PROSE):
            continue
        if stripped.endswith((":", "：")):
            continue  # 农业面源方面: introduces the items after it, within what is open
        stops.append(first)
    return stops


def find_target_sections(text: str, lines: list[Line]) -> list[tuple[int, int]]:
    """Plan-wide target sections (二、整改目标 / 二、工作目标) of ``lines``: spans of their text."""
    items = scan_items(text, lines)
    sections: list[tuple[int, int]] = []
    _build(text, items, _stop_lines(lines, items, frozenset()), sections)
    return sections


def read_outline(ntext: NormalText, lines: list[Line], skip: frozenset[int] = frozenset(),
                 annex: bool = False) -> Checklist:
    """Problems, their fields and measures, from the headings of a document or of its checklist annex.

    In an ``annex`` every heading numbered as its problems are is a problem, even one the page
    cut short before its fields (九、余干县…重叠区域 and then the site's links): it is kept, and
    reported as truncated, as the problems it stands among."""
    text = ntext.text
    items = scan_items(text, lines, skip)
    checklist = Checklist()
    stops = _stop_lines(lines, items, skip)
    task = _notice_task(text, items)
    if task is not None:
        items.insert(items.index(task[0]), task[1])
    roots = _build(text, items, stops, checklist.target_sections)
    if task is not None:
        for root in roots:
            if root.item is task[1]:
                root.references = task[2]
    findings = _findings(ntext, roots)
    if findings:
        checklist.problems = findings
        for raw in checklist.problems:
            attach_measure_fields(raw)
        return checklist
    used: dict[str, int] = {}  # how many problems have had each code so far
    problem_kinds = {root.item.kind for root in roots if annex and _is_problem(text, root)}
    for root in roots:
        if (root.item.kind in problem_kinds and not root.children and not root.fields
                and not _is_problem(text, root) and any(mark in text[root.item.body:root.head_end] for mark in _PROSE)):
            checklist.problems.append(_raw_problem(ntext, root, None, None, used, checklist))
            continue
        _collect(ntext, root, None, None, checklist, used)
    if not checklist.problems:
        quoted = _quoted_task(ntext)
        if quoted is not None:
            checklist.problems.append(quoted)
    if not checklist.problems:
        checklist.problems += _keyed_items(ntext)
    for raw in checklist.problems:
        attach_measure_fields(raw)
    if annex:
        # What ends the checklist's items without being one (a site's links after the last problem)
        # is reported as skipped, so that no line of the annex goes silently unread.
        # The checklist's own title repeated above its first problem is no unread text.
        stopped = set(stops)
        first = min((raw.label[0] for raw in checklist.problems), default=len(text))
        checklist.skipped = [line for line in lines if line.number not in skip and line.start >= first
                             and line.start + len(line.text) - len(line.text.lstrip()) in stopped]
    return checklist


@cache
def _keyed_re() -> re.Pattern[str]:
    # 點位一(ZRBHD…5): at a line start; the parenthesised identifier may wrap across lines and hold
    # one parenthesis of its own (a masked part: (ZRBHD\n(略)5)).
    keys = alternation(cues("heading.keyed"))
    identifier = r"(?:\((?:[^()]|\([^()]*\)){0,80}\))?"
    return re.compile(rf"(?m)^[ \t\u3000]*(?P<key>{keys})(?P<n>{_NUM})[ \t]*{identifier}[ \t]*:")


def _keyed_items(ntext: NormalText) -> list[RawProblem]:
    """Problems a notice keys by name and number in every section (点位一:… under 一、基本问题, again
    under 二、整改要求 and 三、落实情况): the first section's entry is the problem, a later section's is
    its measure, or its status where the section reports how it went (…情况)."""
    text = ntext.text
    entries: dict[int, list[re.Match[str]]] = {}
    for match in _keyed_re().finditer(text):
        entries.setdefault(_marker_number(match), []).append(match)
    if len(entries) < 2:
        return []  # one entry is no list of problems
    problems: list[RawProblem] = []
    for number, matches in entries.items():
        first = matches[0]
        raw = RawProblem(code=str(number), label=trim(text, (first.end(), _line_end(text, first.end()))),
                       line=ntext.line_of(first.start()))
        for match in matches[1:]:
            value = trim(text, (match.end(), _line_end(text, match.end())))
            if value[1] <= value[0]:
                continue
            if _section_reports(text, match.start()):
                raw.status = RawField("status", value, value)
            elif not raw.measures:
                raw.measures.append(RawMeasure(1, value[0], value[1], match.start()))
        problems.append(raw)
    return problems


@cache
def _findings_re() -> re.Pattern[str]:
    return re.compile(rf"(?m)^[ \t\u3000]*(?:{alternation(cues('heading.findings'))})[ \t]*:")


def _findings(ntext: NormalText, roots: list[_Node]) -> list[RawProblem]:
    """Problems an inspection notice lists on one line (检查发现:一是…;二是…;三是…), and the
    numbered items after it (1、及时修复防渗膜。…) as their measures, the Nth item answering the Nth
    problem: a county's notice on what an inspection found and what was done about it.

    With one finding, every numbered item is its measure.  Only on a line no heading stands above:
    under a heading (一、…) such a line is that problem's own field (存在问题:…)."""
    text = ntext.text
    for match in _findings_re().finditer(text):
        items = split_items(text, match.end(), _line_end(text, match.end()), ";,。")
        if not items or any(root.item.start < match.start() and root.item.kind != "row" for root in roots):
            continue
        problems = [RawProblem(code=str(index), label=(item.start, item.end), line=ntext.line_of(item.start))
                    for index, item in enumerate(items, 1)]
        # The numbered items after the line: at the top, or under the implicit problem its field
        # cue (存在问题:) opened.
        after = [node for root in roots for node in ([root] if root.item.kind != "row" else root.children)
                 if node.item.start > match.end()]
        for node in (n for n in after if n.item.kind == "ar"):
            # One finding: every item is its measure; more: the Nth item answers the Nth finding.
            if len(problems) == 1:
                owner = problems[0]
            elif 1 <= node.item.number <= len(problems) and not problems[node.item.number - 1].measures:
                owner = problems[node.item.number - 1]
            else:
                continue
            start, end = trim(text, (node.item.body, node.end))
            owner.measures.append(RawMeasure(len(owner.measures) + 1, start, end, node.item.start))
        return problems
    return []


def _section_reports(text: str, at: int) -> bool:
    """Whether the numbered section (三、…) around ``at`` reports results (整改措施落实情况)."""
    heading = None
    for match in re.finditer(rf"(?m)^[ \t\u3000]*{_CN}、(?P<title>[^\n]*)$", text[:at]):
        heading = match
    return heading is not None and any(word in heading.group("title") for word in cues("heading.reports"))


@cache
def _task_reference_re() -> re.Pattern[str]:
    # 第十五项整改任务, 第二轮第六十九项任务, 整改任务第43项, 任务(序号43), 问题编号5: how a one-task
    # notice names the task it is about, in its title or its opening sentence.
    words = alternation([w for w in cues("heading.task") if w.startswith("项")])
    return re.compile(
        rf"第(?P<n>{_NUM})(?:{words})|任务第\s*(?P<n1>{_NUM})\s*项|序号\s*:?\s*(?P<n2>{_NUM})"
        rf"|问题编号\s*[:|]?\s*(?P<n3>{_NUM})(?!\d)|(?<![\d.])(?P<n4>\d{{1,4}})号(?:问题|整改任务|任务)"
    )


def _notice_task(text: str, items: list[Item]) -> tuple[Item, Item, list[tuple[int, int]]] | None:
    """The implicit problem of a one-task notice: (the first section, the problem's item, the
    sentences naming the task).

    A notice about one task (一、整改任务 / 二、整改责任单位 / 三、整改措施 / 四、整改完成情况)
    numbers its sections, not its problems: when every top-level heading is such a field section
    and no heading is a task or a problem, the sections are the fields of one problem, coded by
    the task number the title or opening sentence gives (or 1 when it gives none).
    """
    sections = [i for i in items if i.kind == "field" and i.key in _TASK_FIELDS]
    if not sections:
        return None
    first = sections[0]
    # Problems of their own (一、…; a task heading or (一)… before any field): no notice.
    if any((i.kind != "field" and i.rank <= RANKS["cn"] and i.kind != "task")
           or (i.kind != "field" and i.rank <= RANKS["pcn"] and i.start < first.start) for i in items):
        return None
    keys = [i.key for i in sections]
    if len(set(keys)) < 2 or not {"label", "units", "lead", "measures"} & set(keys) or keys.count("label") > 1:
        return None  # one 二、整改目标 section is a plan's target; 问题:… repeated is a list of problems
    references = list(_task_reference_re().finditer(text, 0, first.start))
    numbers = [_marker_number(m) for m in references]
    number = numbers[-1] if numbers else 1
    sentences = [_sentence_around(text, m.start(), first.start) for m, n in zip(references, numbers, strict=True)
                 if n == number]
    return first, Item("doc", RANKS["doc"], first.start, first.start, number), sentences


@cache
def _quoted_task_re() -> re.Pattern[str]:
    about = alternation(cues("heading.about"))
    return re.compile(
        rf"(?:问题|任务)第(?P<n>{_NUM})项(?:整改任务)?(?:{about})[{_OPEN_QUOTES}](?P<label>[^{_CLOSE_QUOTES}]{{4,300}})"
        rf"[{_CLOSE_QUOTES}]"
    )


def _quoted_task(ntext: NormalText) -> RawProblem | None:
    """反馈问题第7项关于"…"整改任务落实情况进行公示: a notice of one sentence, its task quoted in it."""
    found = [m for m in _quoted_task_re().finditer(ntext.text)]
    if len(found) != 1:
        return None
    match = found[0]
    label = (match.start("label"), match.end("label"))
    return RawProblem(code=str(_marker_number(match)), label=label, line=ntext.line_of(match.start()))


def _sentence_around(text: str, at: int, limit: int) -> tuple[int, int]:
    start = max(text.rfind(stop, 0, at) for stop in "。;\n") + 1
    ends = [i for i in (text.find(stop, at, limit) for stop in "。;\n") if i != -1]
    return start, min(ends) if ends else limit


def _build(
    text: str, items: list[Item], stops: list[int], sections: list[tuple[int, int]] | None = None
) -> list[_Node]:
    """The outline's tree; ``sections`` receives the plan-wide 整改目标 sections (a field heading
    that belongs to no problem), as spans of their text."""
    events: list[tuple[int, int, Item | None]] = [(item.start, 1, item) for item in items]
    events += [(stop, 0, None) for stop in stops]
    events.sort(key=lambda event: (event[0], event[1]))
    roots: list[_Node] = []
    stack: list[_Node] = []
    section: Item | None = None
    section_rank: int | None = None  # the rank of the last numbered heading

    def close(node: _Node, at: int) -> None:
        node.end = at
        node.head_end = min(node.head_end, at)

    def pop_to(rank: int, at: int) -> None:
        while stack and stack[-1].item.rank >= rank:
            close(stack.pop(), at)

    for at, _, item in events:
        if section is not None and (item is None or 0 <= item.rank <= section.rank):
            if sections is not None:
                sections.append((section.body, at))
            section = None
        if item is None:
            pop_to(-10, at)
            continue
        if stack and stack[-1].head_end > at:
            stack[-1].head_end = at
        if item.kind == "field":
            if item.rank >= 0:
                section_rank = item.rank
                pop_to(item.rank, at)
            top = stack[-1] if stack else None
            if (top is not None and top.parent is not None and top.measure_of is top.parent
                    and top.item.kind == "pcn" and not top.children and not top.fields
                    and item.rank < 0 and item.key in ("target", "deadline")):
                # 六、… / 整改措施: / (一)"鄱阳湖水质下降"问题。 / 整改目标:…: a heading under a problem's
                # measures that states a target is a sub-problem (a Word table's empty 整改措施 cell).
                top.measure_of = None
            while stack and stack[-1].measure_of is not None:
                close(stack.pop(), at)
            if item.rank < 0 and item.key in ("number", "label") and (not stack or _has_label(stack[-1], item.key)):
                # 序号:1 问题:… rows: a new row starts a new implicit problem.
                pop_to(RANKS["row"], at)
                row = _Node(Item("row", RANKS["row"], at, at), None, head_end=at, section_rank=section_rank)
                roots.append(row)
                stack.append(row)
            if stack:
                stack[-1].fields.append(item)
            elif item.key == "target" and item.rank >= 0:
                section = item
            continue
        row_at = next((i for i, n in enumerate(stack) if n.section_rank == item.rank), None)
        if row_at is not None:
            while len(stack) > row_at:
                close(stack.pop(), at)
        pop_to(item.rank, at)
        parent = stack[-1] if stack else None
        line_end = text.find("\n", item.body)
        node = _Node(item, parent, head_end=len(text) if line_end == -1 else line_end)
        if item.kind == "doc":
            node.head_end = item.body  # an implicit heading: its label is its 整改任务 section
        if parent is not None:
            parent.children.append(node)
            if parent.measure_of is not None:
                node.measure_of = parent.measure_of
            elif parent.measures_open:
                node.measure_of = parent
        else:
            roots.append(node)
            section_rank = item.rank
        stack.append(node)
    pop_to(-10, len(text))
    if section is not None and sections is not None:
        sections.append((section.body, len(text)))
    return roots


def _has_label(node: _Node, key: str) -> bool:
    if node.item.kind not in ("row", "doc"):
        return key == "number"
    return any(f.key == key for f in node.fields)


def _own_end(node: _Node) -> int:
    """Where a node's own text ends: at its first child, or its end."""
    return min([c.item.start for c in node.children] + [node.end])


def _clause_of(text: str, node: _Node) -> tuple[int, int] | None:
    """The responsibility clause closing a childless item (…。(牵头单位:A;责任单位:B), (A牵头,B配合)):
    the inside of its closing parenthesis."""
    if node.children or node.item.kind in ("doc", "row", "field"):
        return None
    paren = closing_parenthesis(text, node.item.body, node.end)
    if paren is None or not any(cue in text[paren[0]:paren[1]] for cue in cues("clause.cue")):
        return None
    return paren


def _carries_clause(text: str, node: _Node) -> bool:
    """An item that states who does it and nothing a problem states (target, deadline, measures, status)."""
    if node.children or any(f.key not in ROLE_FIELDS for f in node.fields):
        return False
    return bool(node.fields) or _clause_of(text, node) is not None


def _is_container(text: str, node: _Node) -> bool:
    """三、主要任务: a heading that only holds the items under it, never a problem itself."""
    heading = text[node.item.body : node.head_end].strip(" :。" + _CELL_END)
    return any(heading.startswith(word) and len(heading) <= len(word) + 2 for word in cues("heading.container"))


def _groups_measures(text: str, node: _Node) -> bool:
    """A plain heading whose items carry responsibility clauses: the problem those measures answer.

    一、… / (一)… / 1.…(牵头单位:…): the headings are what the measures are grouped under.
    """
    if node.groups is None:
        node.groups = (
            node.item.kind in ("cn", "pcn", "ar", "par", "circ", "shi")
            and not node.fields
            and not _is_container(text, node)
            and any(_carries_clause(text, child) or _groups_measures(text, child) or _checklist_problem(child)
                    for child in node.children)
        )
    return node.groups


def _checklist_problem(node: _Node) -> bool:
    """A problem of a checklist: it states its own target, deadline or measures (一、… / (一)… 整改目标:…).

    The plain heading above such problems (一、水生态环境保护存在短板 / (一)…) is their problem too.
    """
    return node.item.kind in ("pcn", "ar") and any(f.key in ("target", "deadline", "measures") for f in node.fields)


def _is_problem(text: str, node: _Node) -> bool:
    if _carries_clause(text, node):
        # An item with its own clause is a measure of the heading that groups it, or of the problem
        # above it; alone (a top-level item, an item under 三、主要任务) it is a problem.
        parent = node.parent
        if parent is not None and (_groups_measures(text, parent) or (not node.fields and _is_problem(text, parent))):
            return False
        return True
    if any(f.key in FIELD_KEYS for f in node.fields) or node.item.kind == "row":
        return True
    if node.item.kind == "task":
        # A task heading repeated as a page title (第六十九项整改任务 整改情况公示) has no prose.
        heading = text[node.item.body : node.head_end]
        return bool(node.children) or any(mark in heading for mark in _PROSE)
    heading = text[node.item.body : node.head_end].strip()
    about = cues("heading.about")
    if heading.startswith(about) and any(q in heading[:6] for q in _OPEN_QUOTES):
        return True
    return _status_sentence(text, node) is not None or _groups_measures(text, node)


def _status_sentence(text: str, node: _Node) -> tuple[int, int] | None:
    """The status sentence opening a node's text after its heading (该问题已完成整改。).

    Only a sentence that says nothing but a status counts: with its subject (该问题), the
    status wordings and 整改 taken out, at most two characters may be left, so 持续推进大气
    污染防治 (a measure) is no status.
    """
    if node.item.rank > RANKS["ar"]:
        return None
    first_child = min([c.item.start for c in node.children] + [f.start for f in node.fields] + [node.end])
    start = node.head_end
    while start < first_child and text[start] in " \n":
        start += 1
    stop = next((i for i in range(start, first_child) if text[i] in "。;\n"), first_child)
    sentence = text[start:stop]
    subject = next((s for s in cues("status.subject") if sentence.startswith(s)), "")
    body = sentence.removeprefix(subject)
    if not body or read_status(body) is None:
        return None
    rest = body
    for cue, _ in load_status_cues():
        rest = rest.replace(cue, "")
    rest = re.sub(r"[,、\s]|整改", "", rest)
    return (start, stop) if len(rest) <= 2 else None


def _collect(
    ntext: NormalText,
    node: _Node,
    problem: RawProblem | None,
    container: _Node | None,
    checklist: Checklist,
    used: dict[str, int],
) -> None:
    """Walk the outline: make problems of problem nodes, measures of their measure nodes."""
    text = ntext.text
    if node.measure_of is not None:
        return  # a measure and what is under it: read by its problem
    if _is_problem(text, node):
        raw = _raw_problem(ntext, node, problem, container, used, checklist)
        checklist.problems.append(raw)
        if problem is not None:
            problem.children.append(raw.code)
        has_measures_field = any(f.key == "measures" for f in node.fields)
        for child in node.children:
            if child.measure_of is node or (not has_measures_field and not _is_problem(text, child)):
                _add_measure(ntext, raw, child, checklist)
            else:
                _collect(ntext, child, raw, node, checklist, used)
        if has_measures_field and not raw.measures:
            _unnumbered_measure(text, node, raw)
        return
    for child in node.children:
        _collect(ntext, child, problem, node if problem is None else container, checklist, used)


def _raw_problem(
    ntext: NormalText,
    node: _Node,
    parent: RawProblem | None,
    container: _Node | None,
    used: dict[str, int],
    checklist: Checklist,
) -> RawProblem:
    text = ntext.text
    number = node.item.number
    number_field = next((f for f in node.fields if f.key == "number"), None)
    if node.item.kind == "row" or (node.item.kind == "doc" and number_field is not None):
        written = _field_value(text, node, number_field).strip() if number_field else ""
        number = _as_number(written) or sum(1 for i in checklist.problems if i.parent is None) + 1
    code = f"{parent.code}.{number}" if parent else str(number)
    if code in used and container is not None:
        code = f"{container.item.number}-{code}"
    # The n-th problem with one code takes n-1 primes (3, 3', 3''): counted, since trying 3', 3'', …
    # in turn was quadratic in a text repeating one heading thousands of times.
    primes = used.get(code, 0)
    used[code] = primes + 1
    code += "'" * primes
    label = trim(text, (node.item.body, node.head_end), _CELL_END)
    raw = RawProblem(code=code, label=label, line=ntext.line_of(node.item.start),
                     parent=parent.code if parent else None)
    for item in node.fields:
        value = trim(text, (item.body, _field_end(text, node, item)), "。;," + _CELL_END)
        value = (value[0], _cut_problem_duty(text, raw, *value))
        # A role field's evidence is the field as a sentence, with the full stop that closes it (责任单位:…。).
        closed = value[1] + (item.key in ROLE_FIELDS and value[1] < len(text) and text[value[1]] in "。;")
        whole = trim(text, (item.start, closed))
        key = item.key or ""
        if value[1] <= value[0] and key != "measures":
            continue  # 三、责任单位 as a heading, its fields on the lines below
        if key == "label" and label[0] == label[1]:
            raw.label = value
        elif key == "target":
            raw.target = value
        elif key == "deadline":
            raw.deadline = trim(text, value, "。;,")
        elif key == "units" and raw.clause is None:
            raw.clause, raw.clause_line = value, whole
        elif key not in ("measures", "label", "number"):
            # A status is placed with the role fields: among the measures it may be a measure's.
            raw.fields.append(RawField(key, value, whole))
        if key == "measures":
            raw.measures_at = item.start
    if not any(f.key == "status" for f in raw.fields):
        sentence = _status_sentence(text, node)
        if sentence is not None:
            raw.status = RawField("status", sentence, sentence)
    if raw.label[0] == raw.label[1] and node.item.kind == "task":
        raw.label = trim(text, (node.item.start, node.item.body), _CELL_END)
    if _clause_of(text, node) is not None or node.item.kind in ("cn", "pcn", "task", "ar"):
        # Its heading's own text, before its fields and measures: a closing clause, 由A牵头,B配合….
        raw.sentences.append((node.item.body, min([f.start for f in node.fields] + [_own_end(node)])))
    if node.item.kind == "doc":
        raw.sentences = list(node.references)
        if raw.label[0] == raw.label[1] and node.references:
            raw.label = trim(text, node.references[-1])
    return raw


def _as_number(value: str) -> int:
    try:
        return chinese_to_int(value)
    except ValueError:
        return 0


def _field_end(text: str, node: _Node, item: Item) -> int:
    later = [f.start for f in node.fields if f.start > item.start]
    if item.key in ROLE_FIELDS and not text[item.body:_line_end(text, item.body)].strip(" :" + _CELL_END):
        # 验收单位 / 九江市住房和城乡建设局 / 公示时间:…: a role field's value on the line below is that line.
        first = item.body
        while first < len(text) and text[first] in " \n\t:" + _CELL_END:
            first += 1
        later.append(_line_end(text, first))
    if item.key == "status" and item.rank >= 0:
        # 五、整改完成情况 / (1)…已完成 (2)…: the numbered lines of a status section are its text.
        return min([*later, node.end])
    later += [c.item.start for c in node.children if c.item.start > item.start and c.measure_of is None]
    if item.key != "measures":
        later += [c.item.start for c in node.children if c.item.start > item.start]
    return min([*later, node.end])


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def _field_value(text: str, node: _Node, item: Item) -> str:
    start, end = trim(text, (item.body, _field_end(text, node, item)), _CELL_END)
    return text[start:end]


def _add_measure(ntext: NormalText, raw: RawProblem, node: _Node, checklist: Checklist) -> None:
    text = ntext.text
    start, end = trim(text, (node.item.body, node.end), ";," + _CELL_END)
    end = _cut_problem_duty(text, raw, start, _without_mark_lines(text, start, end))
    fields: list[RawField] = []
    for index, item in enumerate(node.fields):
        # 1.…。牵头单位:A;配合单位:B, or 【牵头单位】A【配合单位】B: the measure's own role fields.
        stop = node.fields[index + 1].start if index + 1 < len(node.fields) else node.end
        value = trim(text, (item.body, max(item.body, stop)), "。;," + _CELL_END)
        fields.append(RawField(item.key or "", value, trim(text, (item.start, value[1]))))
    if node.fields:
        end = min(end, trim(text, (start, node.fields[0].start), "。;," + _CELL_END)[1])
    if start >= end:
        return
    note_gap(checklist, raw, node.item.number, ntext.line_of(node.item.start))
    raw.measures.append(RawMeasure(number=node.item.number, start=start, end=end, line_start=node.item.start,
                                   fields=fields))


def _marks_only(text: str) -> bool:
    """Whether ``text`` holds no letter or digit: only marks (a bad byte's U+FFFD, a bar)."""
    return not any(ch.isalnum() for ch in text)


def _without_mark_lines(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` ends without its last lines of marks only (a bad byte's U+FFFD
    standing where a blank line was)."""
    last = text.rfind("\n", start, end)
    while last != -1 and _marks_only(text[last:end]):
        end = trim(text, (start, last))[1]
        last = text.rfind("\n", start, end)
    return end


def _cut_problem_duty(text: str, raw: RawProblem, start: int, end: int) -> int:
    """Where a measure or field value ends when a later line of it speaks for the whole problem
    (``该项任务由A负责整改,B配合``, ``责任分工:…``): that line goes to the problem's sentences."""
    cues_ = cues("sentence.problem_duty")
    at = text.find("\n", start, end)
    while at != -1:
        line = at + 1
        while line < end and text[line] in " \t":
            line += 1
        if text.startswith(cues_, line):
            raw.sentences.append(trim(text, (line, end), _CELL_END))
            return trim(text, (start, at), ";," + _CELL_END)[1]
        at = text.find("\n", line, end)
    return end


def _unnumbered_measure(text: str, node: _Node, raw: RawProblem) -> None:
    """整改措施:加强… with no numbers: the value is one measure (numbered 1)."""
    item = next(f for f in node.fields if f.key == "measures")
    start, end = trim(text, (item.body, _field_end(text, node, item)))
    if end > start:
        raw.measures.append(RawMeasure(number=1, start=start, end=end, line_start=item.start))
