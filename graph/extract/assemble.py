"""From problems as found (:class:`graph.extract.plan.RawProblem`) to problems and responsibilities.

Whichever reader found a problem (the checklist annex, a flattened table, the outline of a
document without an annex), it is turned into records here:

- the 责任单位 clause by the clause grammar (:mod:`graph.extract.duties`);
- role fields (牵头单位, 配合单位, 督办单位, 验收销号单位, 责任领导, 督办领导), per problem
  or per measure, each with its own role;
- each measure's closing parenthesis and its own sentences (:mod:`graph.extract.narrative`);
- deadlines, with the date of a plan-wide deadline class where the problem names only the
  class (立行立改 -> 属于立行立改的,2017年6月底前整改到位);
- the status line (整改进展情况:已完成整改, 该问题已完成整改).

Posts are kept as posts unless the document names exactly one leader holding that post
(省委书记 and 省委书记杜家毫 elsewhere): then the duty is that leader's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from typing import TypeVar

from graph.core.gazetteer import Gazetteer
from graph.core.lexicon import cues
from graph.extract.agents import is_known_unit
from graph.extract.cases import read_case_tables
from graph.extract.deadlines import apply_deadline_class, find_deadline_phrases, parse_deadline, states_due
from graph.extract.duties import read_clause
from graph.extract.keyvalue import read_case_page
from graph.extract.narrative import (
    SentenceDuty,
    beside_lead,
    find_chains,
    read_case_duties,
    read_field_duties,
    read_lead_sentences,
    read_measure_duties,
    read_sentence_duties,
    states_roles,
)
from graph.extract.normalize import NormalText
from graph.extract.outline import find_target_sections, read_outline
from graph.extract.plan import Checklist, Line, RawField, RawMeasure, RawProblem, find_checklist_start, trim
from graph.extract.repair import simplify_traditional
from graph.extract.status import read_status, trailing_status
from graph.extract.tables import read_tables
from graph.records import (
    AgentKind,
    Assignment,
    Deadline,
    DeadlineClass,
    GroupMembership,
    Leader,
    Measure,
    Note,
    Problem,
    ProblemKind,
    Role,
    TaskKind,
)


@dataclass
class Assembled:
    """Problems and responsibilities read from the problems of a document."""

    problems: list[Problem] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    unit_names: list[str] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)  # named only in a field (督办领导:…副主任李明)


def assemble_problems(
    ntext: NormalText,
    checklist: Checklist,
    gazetteer: Gazetteer,
    province: str | None,
    notes: list[Note],
    leaders: Collection[str] = (),
    classes: Sequence[DeadlineClass] = (),
) -> Assembled:
    """Problems with measures, deadlines and status, and every responsibility they state."""
    text = ntext.text
    out = Assembled()
    for raw in checklist.problems:
        for found in raw.measures:
            _take_trailing_status(ntext, found)
        codes = _measure_codes(ntext, raw, notes)
        measures = tuple(_measure(ntext, code, m) for code, m in zip(codes, raw.measures, strict=True))
        # A case's row says what it is and what was done in cells of its own, read below.
        truncated = not raw.has_content and not raw.children and raw.case is None
        if truncated:
            notes.append(Note(raw.line, f"problem {raw.code} has no target, measures or responsible units: "
                                        "the text looks truncated"))
        deadline = None
        if raw.deadline:
            deadline = parse_deadline(text[raw.deadline[0]:raw.deadline[1]], ntext.span(*raw.deadline))
            deadline = apply_deadline_class(deadline, classes)
            note_flag(deadline, notes)
        else:
            deadline = _stated_deadline(ntext, raw)
        status = read_status(text[slice(*raw.status.value)]) if raw.status else None
        problem = Problem(
            code=raw.code,
            label=text[raw.label[0]:raw.label[1]],
            span=ntext.span(*raw.label),
            parent=raw.parent,
            target=text[raw.target[0]:raw.target[1]] if raw.target else None,
            target_span=ntext.span(*raw.target) if raw.target else None,
            deadline=deadline,
            measures=measures,
            truncated=truncated,
            status=status,
            status_span=ntext.span(*raw.status.whole) if raw.status and status else None,
        )
        if raw.case is not None:
            problem = replace(problem, kind=ProblemKind.CASE, regions=_case_regions(ntext, raw, gazetteer, province))
            for duty in read_case_duties(text, raw.case.inquiry, raw.case.handling, gazetteer, province, leaders):
                _add(out, ntext, duty, raw.code, TaskKind.PROBLEM)
        out.problems.append(problem)
        lead_stated = any(f.key == "lead" for f in raw.fields)
        _clause_duties(ntext, raw, gazetteer, province, notes, out, lead_stated)
        for raw_field in raw.fields:
            _field_duties(ntext, raw_field, raw.code, TaskKind.PROBLEM, gazetteer, province, leaders, out, notes,
                          lead_stated)
        for start, end in raw.sentences:
            # 市生态环境局牵头负责的…第43项已整改完成: the notice's own sentence about its task.
            for duty in read_measure_duties(text, start, end, gazetteer, province, leaders):
                _add(out, ntext, duty, raw.code, TaskKind.PROBLEM)
        if raw.status is not None:
            # 整改进展:已完成。由省能源局牵头,淮南市、淮北市人民政府配合,完成…: who led what the status reports.
            for duty in read_lead_sentences(text, *raw.status.value, gazetteer, province, leaders):
                _add(out, ntext, duty, raw.code, TaskKind.PROBLEM)
        owners = sorted({a.agent for a in out.assignments if a.task == raw.code and a.task_kind == TaskKind.PROBLEM
                         and a.role is Role.RESPONSIBLE and a.agent_kind == AgentKind.UNIT}, key=len, reverse=True)
        for code, found, measure in zip(codes, raw.measures, measures, strict=True):
            measure_lead = any(f.key == "lead" for f in found.fields)
            for raw_field in found.fields:
                _field_duties(ntext, raw_field, code, TaskKind.MEASURE, gazetteer, province, leaders, out, notes,
                              measure_lead)
            said = read_measure_duties(text, found.start, found.end, gazetteer, province, leaders)
            for duty in said:
                _add(out, ntext, duty, code, TaskKind.MEASURE)
            owner = None if said or found.fields else _acting_owner(measure.text, owners)
            if owner is not None:
                # 责任单位:A、B,宜春市政府 over 1、2017年1月底前,宜春市政府聘请…: of the problem's units,
                # the one a measure names as its doer answers for that measure.
                _add(out, ntext, SentenceDuty(owner, AgentKind.UNIT, Role.RESPONSIBLE, found.start, found.end), code,
                     TaskKind.MEASURE)
    return out


def _case_regions(ntext: NormalText, raw: RawProblem, gazetteer: Gazetteer, province: str | None) -> tuple[str, ...]:
    """The regions a case's region cell (行政区域) names, below the province."""
    if raw.case is None or raw.case.region is None:
        return ()
    cell = ntext.text[slice(*raw.case.region)]
    return tuple(dict.fromkeys(region.adcode for _, _, region in gazetteer.find_mentions(cell, province)
                               if region.level != "province"))


# A measure's opening date (2017年1月底前,) before the unit that does it.
_OPENING_DATE = re.compile(r"[^,。;]{0,16}?(?:前|底|内|起|期间)[,]")


def _acting_owner(measure: str, owners: Sequence[str]) -> str | None:
    """The unit among ``owners`` (the problem's responsible units) a measure opens with as its doer:
    ``宜春市政府聘请…``, ``2017年1月底前,宜春市政府…``, ``由省发改委将说明…``."""
    body = measure.strip()
    if (opening := _OPENING_DATE.match(body)) is not None and re.search(r"\d|年|月", opening.group()):
        body = body[opening.end():]
    body = body.removeprefix(cues("sentence.by")[0])
    return next((owner for owner in owners if body.startswith(owner)), None)


def _clause_duties(
    ntext: NormalText,
    raw: RawProblem,
    gazetteer: Gazetteer,
    province: str | None,
    notes: list[Note],
    out: Assembled,
    lead_stated: bool = False,
) -> None:
    """The 责任单位 clause: per-measure leads (牵头负责第1条), supporters, jurisdictional leads.

    Beside a 牵头单位 field (``lead_stated``) the units the clause lists support the lead.
    """
    if not (raw.clause and raw.clause_line):
        return
    text = ntext.text
    evidence = ntext.span(*raw.clause_line)
    if states_roles(text[raw.clause[0]:raw.clause[1]]):
        # 整改责任单位:A负责牵头,B、C参与: a sentence, each agent with its verb's role.
        for said in read_sentence_duties(text, *raw.clause, gazetteer, province):
            line_duty = replace(said, start=raw.clause_line[0], end=raw.clause_line[1])
            _add(out, ntext, line_duty, raw.code, TaskKind.PROBLEM)
        return
    reading = read_clause(text[raw.clause[0]:raw.clause[1]], gazetteer, province)
    for message in reading.notes:
        notes.append(Note(evidence.line, f"problem {raw.code}: {message}"))
    numbers = {m.number for m in raw.measures}
    for duty in (replace(d, unit=agent_name(d.unit)) for d in reading.duties):
        out.unit_names.append(duty.unit)
        note_unknown_unit(duty.unit, raw.code, evidence.line, gazetteer, province, notes)
        if duty.measures:
            for number in duty.measures:
                if number not in numbers:
                    notes.append(Note(evidence.line, f"problem {raw.code}: {duty.unit} leads measure "
                                                     f"{number}, which the problem does not have"))
                    continue
                out.assignments.append(Assignment(duty.unit, AgentKind.UNIT, f"{raw.code}.{number}", TaskKind.MEASURE,
                                                  Role.LEAD, evidence))
        else:
            role = Role.SUPPORT if lead_stated and duty.role is Role.RESPONSIBLE else duty.role
            out.assignments.append(Assignment(duty.unit, AgentKind.UNIT, raw.code, TaskKind.PROBLEM, role, evidence))


def _field_duties(
    ntext: NormalText,
    raw_field: RawField,
    task: str,
    task_kind: TaskKind,
    gazetteer: Gazetteer,
    province: str | None,
    leaders: Collection[str],
    out: Assembled,
    notes: list[Note],
    lead_stated: bool = False,
) -> None:
    """The duties of one role field; a 责任单位 field beside a 牵头单位 field (``lead_stated``) supports."""
    start, end = raw_field.value
    unread: list[str] = []
    duties = read_field_duties(raw_field.key, ntext.text, start, end, gazetteer, province, leaders, unread)
    if lead_stated and raw_field.key == "units":
        duties = beside_lead(duties)
    for duty in duties:
        duty = replace(duty, start=raw_field.whole[0], end=raw_field.whole[1])
        if duty.agent_kind == AgentKind.UNIT:
            note_unknown_unit(duty.agent, task, ntext.line_of(duty.start), gazetteer, province, notes)
        _add(out, ntext, duty, task, task_kind)
    for item in unread:
        notes.append(Note(ntext.line_of(start), f"leader field of {task}: {item!r} is neither a post nor a "
                                                "named leader; not read"))


def note_unknown_unit(
    name: str, task: str, line: int, gazetteer: Gazetteer, province: str | None, notes: list[Note]
) -> None:
    """Warn about a name a field gives as a unit that has no shape of one; the duty is kept as written."""
    if not is_known_unit(name, gazetteer, province):
        notes.append(Note(line, f"unknown unit {name!r} for {task}: not shaped like an organisation's name "
                                "(cut short or garbage?), kept as written"))


def agent_name(name: str) -> str:
    """A name as the text means it: without the line break (and the indentation around it) a wrapped
    line left inside it (``自治区住房城乡\n建设厅``); other characters stay as written."""
    return re.sub(r"[ \t\u3000\u00a0]*\n\s*", "", name)


def _add(out: Assembled, ntext: NormalText, duty: SentenceDuty, task: str, task_kind: TaskKind) -> None:
    duty = replace(duty, agent=agent_name(duty.agent))
    if duty.agent_kind == AgentKind.UNIT:
        out.unit_names.append(duty.agent)
    if duty.posts:
        out.leaders.append(Leader(duty.agent, duty.posts, ntext.span(duty.start, duty.end)))
    out.assignments.append(
        Assignment(duty.agent, duty.agent_kind, task, task_kind, duty.role, ntext.span(duty.start, duty.end))
    )


def _stated_deadline(ntext: NormalText, raw: RawProblem) -> Deadline | None:
    """A problem's deadline where it has no 整改时限 field: the by-when its target, status or heading
    states (整改目标:…2023年6月底前完成整改; 整改进展:序时推进。…2023年底前全部完成), the latest if several."""
    spans = [span for span in (raw.target, raw.status.value if raw.status else None, raw.label) if span]
    dated = [d for start, end in spans for d in find_deadline_phrases(ntext, start, end) if d.due and states_due(d)]
    return max(dated, key=lambda d: d.due or date.min) if dated else None


def _take_trailing_status(ntext: NormalText, found: RawMeasure) -> None:
    """A status closing the measure's text (开展排查(已完成)) is the measure's, and no part of its text."""
    if found.status is not None:
        return
    trailing = trailing_status(ntext.text[found.start:found.end])
    if trailing is None:
        return
    at = (found.start + trailing[0], found.start + trailing[1])
    found.status = RawField("status", at, at)
    found.end = trim(ntext.text, (found.start, at[0]), ";,")[1]


def _measure_codes(ntext: NormalText, raw: RawProblem, notes: list[Note]) -> list[str]:
    """Each measure's code; a number repeated under one problem takes primes (2.1, 2.1'), as problems do.

    Two measures must never share a code: the code makes the measure's IRI, and one IRI with two
    texts is two facts merged.  A reference such as 牵头负责第1条 keeps meaning the first of them.
    """
    seen: dict[int, int] = {}
    codes = []
    for found in raw.measures:
        primes = seen.get(found.number, 0)
        seen[found.number] = primes + 1
        code = f"{raw.code}.{found.number}" + "'" * primes
        if primes:
            notes.append(Note(ntext.line_of(found.line_start), f"problem {raw.code}: measure {found.number} is "
                                                              f"numbered again; kept apart as {code}"))
        codes.append(code)
    return codes


def _measure(ntext: NormalText, code: str, found: RawMeasure) -> Measure:
    status = read_status(ntext.text[slice(*found.status.value)]) if found.status else None
    return Measure(
        code=code,
        number=found.number,
        text=ntext.text[found.start:found.end],
        span=ntext.span(found.line_start, found.end),
        deadlines=tuple(find_deadline_phrases(ntext, found.start, found.end)),
        status=status,
        status_span=ntext.span(*found.status.whole) if found.status and status else None,
    )


def note_flag(deadline: Deadline, notes: list[Note]) -> None:
    """Warn about a deadline phrase that could not be dated."""
    if deadline.flagged:
        notes.append(Note(deadline.span.line, f"deadline {deadline.text!r} not dated ({deadline.flagged})"))


def post_holders(leaders: Collection[Leader]) -> dict[str, str]:
    """Posts held by exactly one named leader of the document: post -> name."""
    holders: dict[str, list[str]] = {}
    for leader in leaders:
        for post in leader.posts:
            holders.setdefault(post, []).append(leader.name)
    return {post: names[0] for post, names in holders.items() if len(names) == 1}


HeldByAgent = TypeVar("HeldByAgent", Assignment, GroupMembership)


def resolve_posts(records: list[HeldByAgent], holders: dict[str, str]) -> list[HeldByAgent]:
    """Duties and group places of a post the document names one holder of become that leader's
    (省委书记任组长 and 省委书记负总责, where the document names the 省委书记)."""
    return [
        replace(r, agent=holders[r.agent], agent_kind=AgentKind.LEADER)
        if r.agent_kind == AgentKind.POST and r.agent in holders
        else r
        for r in records
    ]


@dataclass
class ProblemReading:
    """What the problem readers found in a document, assembled."""

    checklist: Checklist
    annex: bool  # the problems come from a checklist annex (附:…清单)
    assembled: Assembled
    areas: list[tuple[int, int]]  # normalised spans the problems cover
    targets: list[Deadline]  # plan-wide targets by date


def read_problems(
    ntext: NormalText,
    lines: list[Line],
    gazetteer: Gazetteer,
    province: str | None,
    notes: list[Note],
    leaders: Collection[str] = (),
    classes: Sequence[DeadlineClass] = (),
) -> ProblemReading:
    """Problems from flattened tables, then the outline of headings (after the annex line when the
    plan has a checklist annex).

    Tables are read in the repaired text: the repairs leave the rows of a table whole (its
    tabs and bars), and mend its cells (2019 年 10 月底前) as they mend any other text.
    """
    cases, case_lines = read_case_tables(ntext, lines, gazetteer, province)
    tables, taken = read_tables(ntext, [line for line in lines if line.number not in case_lines])
    tables.problems = cases.problems + tables.problems
    taken |= case_lines
    rest = [line for line in lines if line.number not in taken]
    start = find_checklist_start(rest)
    annex = start is not None and start < len(rest)
    if annex and start is not None:
        # 附:…清单: problems only after it; the plan body above holds the plan-wide targets.
        start_line = rest[start].number
        body = [line for line in lines if line.number < start_line]
        checklist = read_outline(ntext, lines, taken | {line.number for line in body}, annex=True)
        checklist.start_line = start_line
        checklist.target_sections = find_target_sections(ntext.text, body)
    else:
        checklist = read_outline(ntext, lines, taken)
        if not tables.problems and _no_problem_named(checklist):
            # A page that is one case written as a column of fields (交办单, 信访件): read only where
            # nothing is numbered, so that every page with problems of its own reads as before.
            case = read_case_page(ntext, lines)
            if case is not None:
                checklist.problems = [case]
    assembled = assemble_problems(ntext, tables, gazetteer, province, notes, leaders, classes)
    rest_assembled = assemble_problems(ntext, checklist, gazetteer, province, notes, leaders, classes)
    assembled.problems += rest_assembled.problems
    assembled.assignments += rest_assembled.assignments
    assembled.unit_names += rest_assembled.unit_names
    assembled.leaders += rest_assembled.leaders
    # A case's row is its own: its sentences are no responsibility chain of the whole document.
    areas = [_area(raw) for raw in checklist.problems] + [raw.case.row for raw in cases.problems if raw.case]
    if annex and checklist.start_line is not None:
        start = lines[checklist.start_line - 1].start if checklist.start_line <= len(lines) else len(ntext.text)
        areas.append((start, len(ntext.text)))
    targets = [
        phase
        for start, end in checklist.target_sections
        for phase in find_deadline_phrases(ntext, start, end)
        if phase.target
    ]
    checklist.problems = tables.problems + checklist.problems
    checklist.gaps = tables.gaps + checklist.gaps
    return ProblemReading(checklist, annex, assembled, areas, targets)


def _no_problem_named(checklist: Checklist) -> bool:
    """Whether the outline found no problem, or only the implicit one of a notice's field sections
    that names nothing (责任部门:… and 整改时限:… with no 整改任务 section and no task number)."""
    problems = checklist.problems
    return not problems or (len(problems) == 1 and problems[0].label[0] == problems[0].label[1]
                            and not problems[0].measures)


def _area(raw: RawProblem) -> tuple[int, int]:
    ends = [raw.label[1]] + [m.end for m in raw.measures] + [f.whole[1] for f in raw.fields]
    ends += [m_field.whole[1] for m in raw.measures for m_field in m.fields]
    for span in (raw.target, raw.deadline, raw.clause_line, raw.status.whole if raw.status else None):
        if span:
            ends.append(span[1])
    return raw.label[0], max(ends)


def narrative_assignments(
    ntext: NormalText,
    reading: ProblemReading,
    doc_id: str,
    gazetteer: Gazetteer,
    province: str | None,
    leaders: Collection[str] = (),
) -> tuple[list[Assignment], list[str]]:
    """Responsibility chains of the narrative, outside the problems: duties on the whole document."""
    assignments: list[Assignment] = []
    units: list[str] = []
    for duty in find_chains(ntext.text, 0, len(ntext.text), gazetteer, province, leaders, reading.areas):
        if duty.agent_kind == AgentKind.UNIT:
            units.append(agent_name(duty.agent))
        assignments.append(Assignment(agent_name(duty.agent), duty.agent_kind, doc_id, TaskKind.DOCUMENT, duty.role,
                                      ntext.span(duty.start, duty.end)))
    return assignments, units


# A sentence names a case when its subject shares this many characters in a row with the case's
# label (长湖水质问题由A牵头 / 王建国领办长湖水质提升问题): fewer would match any two 问题.
_CASE_OVERLAP = 4


def case_duties(assignments: list[Assignment], cases: Sequence[Problem], text: str) -> list[Assignment]:
    """Duties of the whole document whose sentence names a leader's case before 由 go to that case.

    ``巢湖流域水环境问题由省生态环境厅牵头,合肥市人民政府配合`` after ``省委书记韩东明领办巢湖流域水环境
    综合治理问题``: the units lead and support the case, not the rectification as a whole.
    """
    if not cases:
        return assignments
    by = cues("sentence.by")
    out: list[Assignment] = []
    for a in assignments:
        if a.task_kind != "document":
            out.append(a)
            continue
        sentence = text[a.evidence.start:a.evidence.end]
        at = min((i for i in (sentence.find(word) for word in by) if i > 0), default=-1)
        # Labels are read simplified, and without the line breaks of a wrapped subject.
        subject = agent_name(simplify_traditional(sentence[:at])) if at > 0 else ""
        best, size = None, 0
        for case in cases:
            match = SequenceMatcher(None, subject, case.label, autojunk=False).find_longest_match()
            if match.size > size:
                best, size = case, match.size
        # 祁连山问题由…: a subject shorter than the overlap matches when the whole of it is in the label.
        core = subject.removesuffix("问题")
        if best is not None and size >= min(_CASE_OVERLAP, max(len(core), 2)):
            out.append(replace(a, task=best.code, task_kind=TaskKind.PROBLEM))
        else:
            out.append(a)
    return out
