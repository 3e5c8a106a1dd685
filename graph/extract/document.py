"""From decoded text to a :class:`graph.records.Document`: the extraction room's entry point."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from graph.errors import InputError
from graph.extract.deadlines import find_deadline_phrases, parse_deadline
from graph.extract.duties import collective_level, read_clause
from graph.extract.normalize import NormalText, normalize_text
from graph.extract.people import People, find_cases, find_groups, find_leaders
from graph.extract.plan import Checklist, RawIssue, RawMeasure, read_checklist, split_lines
from graph.extract.progress import find_progress_counts
from graph.extract.reader import RawText, read_document
from graph.extract.regions import Gazetteer, load_gazetteer
from graph.records import (
    Assignment,
    Deadline,
    Document,
    Issue,
    Measure,
    Note,
    Region,
    Role,
    Unit,
)

_TITLE_NOUNS = ("方案", "报告", "情况", "清单", "通知", "意见")
_QUOTED_TITLE = re.compile(r"《([^《》]{6,80}(?:方案|报告|清单))》")
_PROGRESS_WORDS = ("整改情况", "整改进展", "落实情况", "情况的报告", "进展情况")


def document_id(source: str) -> str:
    """The document's stable id: its file name without extension, IRI-safe."""
    return quote(Path(source).stem, safe="-_.")


def extract_file(path: Path | str) -> Document:
    """Read and extract one document file."""
    return extract_document(read_document(path))


def extract_document(raw: RawText) -> Document:
    """Extract problems, measures, responsibilities, leaders, groups and progress from ``raw``."""
    ntext = normalize_text(raw.text)
    gazetteer = load_gazetteer()
    province = gazetteer.detect_province(ntext.text)
    lines = split_lines(ntext.text)
    notes: list[Note] = []

    checklist = read_checklist(ntext, lines)
    issues, assignments, unit_names = _read_issues(ntext, checklist, gazetteer, province, notes)

    leaders = find_leaders(ntext, gazetteer, province)
    people = People(leaders=leaders)
    find_groups(ntext, leaders, people)
    find_cases(ntext, leaders, people)
    progress = find_progress_counts(ntext)
    for case in people.cases:
        issues.append(_with_regions(case, gazetteer, province))
    assignments.extend(people.case_assignments)

    for line in checklist.skipped:
        notes.append(Note(line.number, f"skipped text that is not part of the checklist: {line.text[:40]!r}"))
    for line_number, message in checklist.gaps:
        notes.append(Note(line_number, message))

    units = _units(list(unit_names) + people.member_units, gazetteer, province)
    kind = _kind(ntext.text, checklist, progress)
    if not issues and not assignments and not leaders and not progress:
        raise InputError(
            raw.source,
            "unrecognisable: no problems, responsibilities, leaders or progress figures were found "
            "(is this a rectification plan or progress report?)",
        )
    regions = _regions(issues, units, gazetteer, province)
    return Document(
        doc_id=document_id(raw.source),
        source=Path(raw.source).name,
        title=_title(ntext, raw.source),
        kind=kind,
        text=raw.text,
        sha256=raw.sha256,
        encoding=raw.encoding,
        province=province,
        issues=tuple(issues),
        units=tuple(units),
        leaders=tuple(leaders.values()),
        groups=tuple(people.groups.values()),
        memberships=tuple(people.memberships),
        assignments=tuple(dict.fromkeys(assignments)),
        regions=tuple(regions),
        progress=tuple(progress),
        restorations=ntext.restorations,
        warnings=tuple(sorted(notes, key=lambda note: note.line)),
    )


def _read_issues(
    ntext: NormalText,
    checklist: Checklist,
    gazetteer: Gazetteer,
    province: str | None,
    notes: list[Note],
) -> tuple[list[Issue], list[Assignment], list[str]]:
    text = ntext.text
    issues: list[Issue] = []
    assignments: list[Assignment] = []
    unit_names: list[str] = []
    for raw in checklist.issues:
        measures = tuple(_measure(ntext, raw, m) for m in raw.measures)
        truncated = not raw.has_content and not raw.children
        if truncated:
            notes.append(Note(raw.line, f"problem {raw.code} has no target, measures or responsible units: "
                                        "the text looks truncated"))
        deadline = None
        if raw.deadline:
            deadline = parse_deadline(text[raw.deadline[0]:raw.deadline[1]], ntext.span(*raw.deadline))
            _note_flag(deadline, notes)
        for measure in measures:
            for phase in measure.deadlines:
                _note_flag(phase, notes)
        issue = Issue(
            code=raw.code,
            label=text[raw.label[0]:raw.label[1]],
            span=ntext.span(*raw.label),
            parent=raw.parent,
            target=text[raw.target[0]:raw.target[1]] if raw.target else None,
            target_span=ntext.span(*raw.target) if raw.target else None,
            deadline=deadline,
            measures=measures,
            truncated=truncated,
        )
        issues.append(_with_regions(issue, gazetteer, province))
        if raw.clause and raw.clause_line:
            evidence = ntext.span(*raw.clause_line)
            reading = read_clause(text[raw.clause[0]:raw.clause[1]], gazetteer, province)
            for message in reading.notes:
                notes.append(Note(evidence.line, f"problem {raw.code}: {message}"))
            numbers = {m.number for m in raw.measures}
            for duty in reading.duties:
                unit_names.append(duty.unit)
                if duty.measures:
                    for number in duty.measures:
                        if number not in numbers:
                            notes.append(Note(evidence.line, f"problem {raw.code}: {duty.unit} leads measure "
                                                             f"{number}, which the problem does not have"))
                            continue
                        assignments.append(Assignment(duty.unit, "unit", f"{raw.code}.{number}", "measure",
                                                      Role.LEAD, evidence))
                else:
                    assignments.append(Assignment(duty.unit, "unit", raw.code, "issue", duty.role, evidence))
    return issues, assignments, unit_names


def _measure(ntext: NormalText, raw: RawIssue, found: RawMeasure) -> Measure:
    return Measure(
        code=f"{raw.code}.{found.number}",
        number=found.number,
        text=ntext.text[found.start:found.end],
        span=ntext.span(found.line_start, found.end),
        deadlines=tuple(find_deadline_phrases(ntext, found.start, found.end)),
    )


def _note_flag(deadline: Deadline, notes: list[Note]) -> None:
    if deadline.flagged:
        notes.append(Note(deadline.span.line, f"deadline {deadline.text!r} not dated ({deadline.flagged})"))


def _with_regions(issue: Issue, gazetteer: Gazetteer, province: str | None) -> Issue:
    """The issue with the regions its label, target and measures mention."""
    parts = [issue.label, issue.target or ""] + [m.text for m in issue.measures]
    adcodes: list[str] = []
    for part in parts:
        for _, _, region in gazetteer.find_mentions(part, province):
            if region.adcode not in adcodes and region.level != "province":
                adcodes.append(region.adcode)
    return replace(issue, regions=tuple(adcodes))


def _units(names: list[str], gazetteer: Gazetteer, province: str | None) -> list[Unit]:
    units: dict[str, Unit] = {}
    for name in names:
        if name in units or not name:
            continue
        level = collective_level(name)
        regions: tuple[str, ...] = ()
        if level is not None and province:
            if level == "all":
                regions = (province,)
            else:
                regions = tuple(r.adcode for r in gazetteer.descendants(province) if r.level == level)
        else:
            mention = next(iter(gazetteer.find_mentions(name, province)), None)
            if mention is not None and mention[0] == 0:
                regions = (mention[2].adcode,)
            elif name.startswith(("省", "自治区")) and province:
                regions = (province,)
        units[name] = Unit(name=name, collective=level is not None, regions=regions)
    return list(units.values())


def _regions(issues: list[Issue], units: list[Unit], gazetteer: Gazetteer, province: str | None) -> list[Region]:
    codes: dict[str, None] = {}
    if province:
        codes[province] = None
    for issue in issues:
        codes.update(dict.fromkeys(issue.regions))
    for unit in units:
        codes.update(dict.fromkeys(unit.regions))
    regions: dict[str, Region] = {}
    for code in codes:
        region = gazetteer.region(code)
        regions[code] = region
        for ancestor in gazetteer.ancestors(code):
            regions.setdefault(ancestor.adcode, ancestor)
    return list(regions.values())


def _kind(text: str, checklist: Checklist, progress: Sequence[object]) -> str:
    if checklist.issues:
        return "plan"
    head = text[:400]
    if progress or any(word in head for word in _PROGRESS_WORDS):
        return "progress"
    return "plan" if "方案" in head else "progress"


def _title(ntext: NormalText, source: str) -> str:
    for line in ntext.text.split("\n")[:8]:
        line = line.strip()
        if 6 <= len(line) <= 80 and "。" not in line and any(noun in line for noun in _TITLE_NOUNS):
            return line
    quoted: list[str] = _QUOTED_TITLE.findall(ntext.text)
    reports = [title for title in quoted if "情况" in title or "报告" in title]
    if reports:
        return reports[-1]
    return Path(source).stem
