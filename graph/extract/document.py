"""From decoded text to a :class:`graph.records.Document`: the extraction room's entry point."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import quote

from graph.errors import InputError
from graph.extract.agents import collective_level
from graph.extract.assemble import (
    case_duties,
    narrative_assignments,
    note_flag,
    post_holders,
    read_problems,
    resolve_posts,
)
from graph.extract.deadlines import find_deadline_classes, states_due
from graph.extract.formats import CONVERSIONS
from graph.extract.lexicon import alternation, cues
from graph.extract.normalize import NormalText, normalize_text
from graph.extract.people import People, find_cases, find_groups, find_leaders, resolve_member_posts
from graph.extract.plan import split_lines
from graph.extract.progress import find_accountability, find_progress_counts
from graph.extract.reader import RawText, read_document
from graph.extract.regions import Gazetteer, load_gazetteer
from graph.records import Document, Issue, Note, Region, Unit

_TITLE_NOUNS = ("方案", "报告", "情况", "清单", "通知", "意见")
_QUOTED_TITLE = re.compile(r"《([^《》]{6,80}(?:方案|报告|清单))》")
_PROGRESS_WORDS = ("整改情况", "整改进展", "落实情况", "情况的报告", "进展情况", "整改结果")


def document_id(source: str) -> str:
    """The document's stable id: its file name without extension, IRI-safe."""
    return quote(Path(source).stem, safe="-_.")


def extract_file(path: Path | str, max_size: int | None = None) -> Document:
    """Read and extract one document file (refused unread when over ``max_size`` bytes, see :func:`read_document`)."""
    return extract_document(read_document(path, max_size))


def extract_document(raw: RawText) -> Document:
    """Extract problems, measures, responsibilities, leaders, groups and progress from ``raw``."""
    ntext = normalize_text(raw.text, repair=True)
    gazetteer = load_gazetteer()
    province = gazetteer.detect_province(ntext.text)
    lines = split_lines(ntext.text)
    notes = [Note(line, message) for line, message in raw.warnings]  # what the reader repaired

    leaders = find_leaders(ntext, gazetteer, province)
    classes = find_deadline_classes(ntext)
    reading = read_problems(ntext, lines, gazetteer, province, notes, leaders, classes)
    checklist = reading.checklist
    issues = [_with_regions(issue, gazetteer, province) for issue in reading.assembled.issues]
    assignments = reading.assembled.assignments
    unit_names = reading.assembled.unit_names
    for leader in reading.assembled.leaders:
        leaders.setdefault(leader.name, leader)
    chains, chain_units = narrative_assignments(ntext, reading, document_id(raw.source), gazetteer, province, leaders)
    assignments += chains
    unit_names += chain_units

    people = People(leaders=leaders)
    find_groups(ntext, leaders, people)
    find_cases(ntext, leaders, people)
    progress = find_progress_counts(ntext)
    accountability = find_accountability(ntext)
    for case in people.cases:
        issues.append(_with_regions(case, gazetteer, province))
    assignments.extend(people.case_assignments)
    assignments = case_duties(assignments, people.cases, raw.text)
    holders = post_holders(leaders.values())
    assignments = resolve_posts(assignments, holders)
    memberships = resolve_member_posts(people.memberships, holders)

    for line in checklist.skipped:
        skipped = f"skipped text that is not part of the checklist: {line.text.strip()[:40]!r}"
        notes.append(Note(ntext.line_of(line.start), skipped))
    for line_number, message in checklist.gaps:
        notes.append(Note(line_number, message))

    units = _units(list(unit_names) + people.member_units, gazetteer, province)
    kind = _kind(ntext.text, reading.annex, issues, progress)
    if kind == "progress":
        issues = [_due_phrasings_only(issue) for issue in issues]
    for issue in issues:
        for measure in issue.measures:
            for phase in measure.deadlines:
                note_flag(phase, notes)
    found = (issues, assignments, leaders, people.groups, progress, accountability, classes, reading.targets)
    if not any(found):
        if not any(word in ntext.text for word in cues("genre.words")):
            raise InputError(
                raw.source,
                "unrecognisable: no problems, responsibilities, leaders or progress figures were found "
                "(is this a rectification plan or progress report?)",
            )
        # A rectification document cut before its checklist still is one: keep it, say so.
        notes.append(Note(1, "no problems, responsibilities, leaders or progress figures were found "
                             "(the text may stop before its checklist)"))
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
        format=raw.format,
        conversion=CONVERSIONS.get(raw.format),
        issues=tuple(issues),
        units=tuple(units),
        leaders=tuple(leaders.values()),
        groups=tuple(people.groups.values()),
        memberships=tuple(memberships),
        assignments=tuple(dict.fromkeys(assignments)),
        regions=tuple(regions),
        progress=tuple(progress),
        accountability=tuple(accountability),
        deadline_classes=tuple(classes),
        targets=tuple(reading.targets),
        restorations=ntext.restorations,
        # One field shared by many measures would otherwise repeat the same note for each.
        warnings=tuple(sorted(dict.fromkeys(notes), key=lambda note: note.line)),
    )


def _with_regions(issue: Issue, gazetteer: Gazetteer, province: str | None) -> Issue:
    """The issue with the regions its label, target and measures mention."""
    parts = [issue.label, issue.target or ""] + [m.text for m in issue.measures]
    adcodes: list[str] = []
    for part in parts:
        for _, _, region in gazetteer.find_mentions(part, province):
            if region.adcode not in adcodes and region.level != "province":
                adcodes.append(region.adcode)
    return replace(issue, regions=tuple(adcodes))


def _due_phrasings_only(issue: Issue) -> Issue:
    """The issue with measure dates that say what is due, not when something happened.

    A report's measures tell of meetings held and work done on dates (2018年5月,省政府召开会议…):
    those dates are no deadlines, and read as such they would make done work look overdue.
    """
    measures = tuple(replace(m, deadlines=tuple(d for d in m.deadlines if states_due(d))) for m in issue.measures)
    return replace(issue, measures=measures)


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


@cache
def _run_on_title_re() -> re.Pattern[str]:
    # A title the site ran into the text after it: …问题整改情况2016年7月15日至8月15日,中央…
    return re.compile(rf"^([^。;:,!?\s]{{4,78}}?(?:{alternation(cues('title.noun'))}))(?=(?:19|20)\d{{2}}年)")


def _kind(text: str, annex: bool, issues: Sequence[Issue], progress: Sequence[object]) -> str:
    statuses = any(issue.status or any(m.status for m in issue.measures) for issue in issues)
    if annex:
        # A plan states no progress; a report may still carry its checklist as an annex (附:…情况清单).
        return "progress" if statuses else "plan"
    head = text[:400]
    if progress or statuses or any(word in head for word in _PROGRESS_WORDS):
        return "progress"
    return "plan" if "方案" in head or issues else "progress"


def _title(ntext: NormalText, source: str) -> str:
    # The first 8 lines that say something: blank lines at the top must not push the title out.
    lines = [line.strip() for line in ntext.text.split("\n") if line.strip()][:8]
    for line in lines:
        prose_or_field = any(mark in line for mark in "。:")  # a sentence or 完成情况:已完成
        if 6 <= len(line) <= 80 and not prose_or_field and any(noun in line for noun in _TITLE_NOUNS):
            return line
    for line in lines:
        run_on = _run_on_title_re().match(line)
        if run_on:
            return run_on.group(1)
    quoted: list[str] = _QUOTED_TITLE.findall(ntext.text)
    reports = [title for title in quoted if "情况" in title or "报告" in title]
    if reports:
        return reports[-1]
    return Path(source).stem
