"""From decoded text to a :class:`graph.records.Document`: the extraction room's entry point."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from urllib.parse import quote

from graph.core.gazetteer import Gazetteer, load_gazetteer
from graph.core.lexicon import alternation, cues
from graph.core.numerals import CHINESE_NUMERAL_CHARS
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
from graph.extract.normalize import NormalText, normalize_text
from graph.extract.people import People, find_cases, find_groups, find_leaders
from graph.extract.plan import split_lines
from graph.extract.progress import find_accountability, find_progress_counts
from graph.extract.reader import RawText, read_document
from graph.extract.references import read_document_facts
from graph.extract.repair import simplify_traditional
from graph.records import Assignment, Document, DocumentKind, Note, Problem, Region, Role, Span, Unit

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
    title = _title(ntext, raw.source)
    province, place = _province_and_place(ntext, title, gazetteer)
    context = _context(place, gazetteer)
    lines = split_lines(ntext.text)
    notes = [Note(line, message) for line, message in raw.warnings]  # what the reader repaired

    leaders = find_leaders(ntext, gazetteer, province)
    classes = find_deadline_classes(ntext)
    reading = read_problems(ntext, lines, gazetteer, province, notes, leaders, classes)
    checklist = reading.checklist
    problems = [_with_regions(problem, gazetteer, province, context) for problem in reading.assembled.problems]
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
        problems.append(_with_regions(case, gazetteer, province, context))
    assignments.extend(people.case_assignments)
    assignments = case_duties(assignments, people.cases, raw.text)
    holders = post_holders(leaders.values())
    assignments = resolve_posts(assignments, holders)
    memberships = resolve_posts(people.memberships, holders)

    for line in checklist.skipped:
        skipped = f"skipped text that is not part of the checklist: {line.text.strip()[:40]!r}"
        notes.append(Note(ntext.line_of(line.start), skipped))
    for line_number, message in checklist.gaps:
        notes.append(Note(line_number, message))

    units = _units(list(unit_names) + people.member_units, gazetteer, province, context)
    # A table of transferred complaints and what was done about each reports on work, whatever else it holds.
    case_rows = any(raw.case is not None for raw in checklist.problems)
    kind = DocumentKind.PROGRESS if case_rows and not reading.annex else _kind(ntext.text, reading.annex, problems,
                                                                                progress)
    if kind == DocumentKind.PROGRESS:
        problems = [_due_phrasings_only(problem) for problem in problems]
    for problem in problems:
        for measure in problem.measures:
            for phase in measure.deadlines:
                note_flag(phase, notes)
    # Leaders named with no duty or group place do not count: nearly every document names the General
    # Secretary (学习贯彻习近平总书记…), whether or not its checklist is there.
    found = (problems, assignments, people.groups, progress, accountability, classes, reading.targets)
    if not any(found):
        if not any(word in ntext.text for word in cues("genre.words")):
            raise InputError(
                raw.source,
                "unrecognisable: no problems, responsibilities, leading groups or progress figures were found "
                "(is this a rectification plan or progress report?)",
            )
        # A rectification document cut before its checklist still is one: keep it, say so.
        notes.append(Note(1, "no problems, responsibilities, leading groups or progress figures were found "
                             "(the text may stop before its checklist)"))
    regions = _regions(ntext, problems, units, gazetteer, province, place, context)
    title_span = ntext.span(title.start, title.end) if title.start is not None else None
    facts = read_document_facts(raw.text, title_span, problems, plan=kind == DocumentKind.PLAN)
    return Document(
        doc_id=document_id(raw.source),
        source=Path(raw.source).name,
        title=title.text,
        kind=kind,
        text=raw.text,
        sha256=raw.sha256,
        encoding=raw.encoding,
        province=province,
        place=place[0].adcode if place else None,
        place_span=place[1] if place else None,
        format=raw.format,
        conversion=CONVERSIONS.get(raw.format),
        problems=tuple(problems),
        units=tuple(units),
        leaders=tuple(leaders.values()),
        groups=tuple(people.groups.values()),
        memberships=tuple(memberships),
        assignments=_one_per_fact(assignments),
        regions=tuple(regions),
        progress=tuple(progress),
        accountability=tuple(accountability),
        deadline_classes=tuple(classes),
        targets=tuple(reading.targets),
        restorations=ntext.restorations,
        # One field shared by many measures would otherwise repeat the same note for each.
        warnings=tuple(sorted(dict.fromkeys(notes), key=lambda note: note.line)),
        facts=facts,
    )


def _with_regions(problem: Problem, gazetteer: Gazetteer, province: str | None, context: Sequence[str]) -> Problem:
    """The problem with the regions its label, target and measures mention."""
    parts = [problem.label, problem.target or ""] + [m.text for m in problem.measures]
    adcodes = list(problem.regions)  # a case's region cell (行政区域) comes first
    for part in parts:
        for _, _, region in gazetteer.find_mentions(part, province, context):
            if region.adcode not in adcodes and region.level != "province":
                adcodes.append(region.adcode)
    return replace(problem, regions=tuple(adcodes))


def _due_phrasings_only(problem: Problem) -> Problem:
    """The problem with measure dates that say what is due, not when something happened.

    A report's measures tell of meetings held and work done on dates (2018年5月,省政府召开会议…):
    those dates are no deadlines, and read as such they would make done work look overdue.
    """
    measures = tuple(replace(m, deadlines=tuple(d for d in m.deadlines if states_due(d))) for m in problem.measures)
    return replace(problem, measures=measures)


def _one_per_fact(assignments: Sequence[Assignment]) -> tuple[Assignment, ...]:
    """Each (agent, role, task) once, with the evidence of the sentence that states it first: the
    graph has one Assignment per fact (省委、省政府是…责任主体, said again in the 保障措施)."""
    first: dict[tuple[str, str, str, str, Role], Assignment] = {}
    for a in assignments:
        first.setdefault((a.agent, a.agent_kind, a.task, a.task_kind, a.role), a)
    return tuple(first.values())


def _units(names: list[str], gazetteer: Gazetteer, province: str | None, context: Sequence[str]) -> list[Unit]:
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
            mention = next(iter(gazetteer.find_mentions(name, province, context)), None)
            if mention is not None and mention[0] == 0:
                regions = (mention[2].adcode,)
            elif name.startswith(("省", "自治区")) and province:
                regions = (province,)
        units[name] = Unit(name=name, collective=level is not None, regions=regions)
    return list(units.values())


def _regions(
    ntext: NormalText,
    problems: list[Problem],
    units: list[Unit],
    gazetteer: Gazetteer,
    province: str | None,
    place: tuple[Region, Span] | None,
    context: Sequence[str],
) -> list[Region]:
    """The province, the issuing place, every division the text names, and the places above them."""
    codes: dict[str, None] = {}
    if province:
        codes[province] = None
    if place:
        codes[place[0].adcode] = None
    for _, _, region in gazetteer.find_mentions(ntext.text, province, context):
        codes[region.adcode] = None
    for problem in problems:
        codes.update(dict.fromkeys(problem.regions))
    for unit in units:
        codes.update(dict.fromkeys(unit.regions))
    regions: dict[str, Region] = {}
    for code in codes:
        region = gazetteer.region(code)
        regions[code] = region
        for ancestor in gazetteer.ancestors(code):
            regions.setdefault(ancestor.adcode, ancestor)
    return list(regions.values())


# -- the issuing place ---------------------------------------------------------------------------


def _province_and_place(
    ntext: NormalText, title: _Title, gazetteer: Gazetteer
) -> tuple[str | None, tuple[Region, Span] | None]:
    """The document's province and the place it is issued for (with where that is written).

    The place is the region a title opens with (常德市贯彻落实…, 关于铁东区…), else the one an
    issuing body at the end is named after (…县…领导小组办公室 above the date), else the one a
    byline's source names (来源:道孚县人民政府).  A place whose name no other province has settles
    the province; otherwise the province is detected from the text, and a place whose name several
    regions share (铁东区) is read within it, never guessed across provinces.
    """
    sites = _place_sites(ntext, title)
    province = next((gazetteer.province_of(found[0].adcode) for site in sites
                     if (found := _leading_region(site.text, gazetteer, None)) is not None), None)
    if province is None:
        province = gazetteer.detect_province(ntext.text)
        if province is None:
            return None, None
    for site in sites:
        found = _leading_region(site.text, gazetteer, province)
        if found is not None:
            region, start, end = found
            return province, (region, site.span(start, end))
    return province, None


@dataclass(frozen=True)
class _Site:
    """A stretch of text that may name the issuing place: its normalised text and its original."""

    text: str
    ntext: NormalText
    offset: int  # where ``text`` starts in ``ntext.text`` or, when ``original``, in the original
    original: bool = False

    def span(self, start: int, end: int) -> Span:
        if not self.original:
            return self.ntext.span(self.offset + start, self.offset + end)
        # Read from a line normalisation emptied (a byline is site chrome): map through its own
        # normalisation, then into the document's original text.
        inner = normalize_text(self.ntext.original[self.offset : self.offset + 60]).span(start, end)
        begin = self.offset + inner.start
        line = len(_LINE_BREAK.findall(self.ntext.original, 0, begin)) + 1  # a CRLF, a CR or a LF ends a line
        return Span(begin, self.offset + inner.end, inner.text, line)


def _place_sites(ntext: NormalText, title: _Title) -> list[_Site]:
    """Where an issuing place may be written: the title, a signature at the end, a byline's source."""
    text = ntext.text
    sites: list[_Site] = []
    if title.start is not None:
        sites.append(_Site(text[title.start : title.end], ntext, title.start))
    lines = _lines(text)
    body = alternation(cues("place.body"))
    # A signature: one of the last lines, an organisation's name (not a table's cell), followed by
    # nothing but a date.
    tail = lines[-4:]
    for index, (start, end) in enumerate(tail):
        line = text[start:end].strip()
        after = [text[s:e].strip() for s, e in tail[index + 1 :]]
        if (len(line) <= 40 and not _PROSE.search(line) and not any(mark in line for mark in "|\t")
                and re.search(rf"(?:{body})$", line) and all(_DATE_LINE.match(a) for a in after)):
            sites.append(_Site(text[start:end], ntext, start))
    # A byline's source, on its line or on the next (来源:\n道孚县人民政府), read in the original
    # text: normalisation empties bylines with the rest of the site's chrome.
    original = ntext.original
    olines = _lines(original)[:25]
    for index, (start, end) in enumerate(olines):
        match = _SOURCE.search(original, start, end)
        if match is None:
            continue
        value_start = match.end()
        if not original[value_start:end].strip() and index + 1 < len(olines):
            value_start, end = olines[index + 1]
        while value_start < end and original[value_start].isspace():
            value_start += 1
        end = min(end, value_start + 60)  # a body's name, not the rest of a run-on line
        value = simplify_traditional(normalize_text(original[value_start:end]).text)  # one for one
        named = re.match(rf"\S+?(?:{body})", value)
        if named:
            sites.append(_Site(named.group(0), ntext, value_start, original=True))
    return sites


def _leading_region(text: str, gazetteer: Gazetteer, province: str | None) -> tuple[Region, int, int] | None:
    """The region ``text`` opens with, the most precise of a chain (四平市铁东区 -> 铁东区), and where."""
    at = 0
    while at < len(text) and text[at] in " 【[(（":
        at += 1
    for prefix in _PLACE_PREFIXES:
        if text.startswith(prefix, at):
            at += len(prefix)
            break
    found: tuple[Region, int, int] | None = None
    for start, end, region in gazetteer.find_mentions(text[at:], province):
        if start + at != (found[2] if found else at):
            break
        if found is not None and found[0].adcode not in {a.adcode for a in gazetteer.ancestors(region.adcode)}:
            break
        found = (region, start + at, end + at)
    return found


def _context(place: tuple[Region, Span] | None, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The regions a document is about: its issuing place and the city above a county."""
    if place is None:
        return ()
    region = place[0]
    return (region.adcode, *(a.adcode for a in gazetteer.ancestors(region.adcode) if a.level == "city"))


# -- the title ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Title:
    """The document's title, and where in the normalised text it was read (None: from the file name)."""

    text: str
    start: int | None = None
    end: int = 0


_PROSE = re.compile(r"[。:;,!?：；，！？]")
_OUTLINE_HEADING = re.compile(
    rf"^(?:[{CHINESE_NUMERAL_CHARS}]+[、.．]|[(（][{CHINESE_NUMERAL_CHARS}\d]+[)）]|\d{{1,3}}(?:[、．]|\.(?!\d))"
    rf"|第[{CHINESE_NUMERAL_CHARS}\d]+[章节部分])"
)
_DATE_LINE = re.compile(r"^(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})")
_PLACE_PREFIXES = ("关于", "中共")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_LINE = re.compile(r"[^\r\n]+")
_HANZI = re.compile(r"[\u4e00-\u9fff]")


@cache
def _byline_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:\S*\s+)?(?:{alternation(cues('title.byline'))})\s*[:：]|^(?:19|20)\d{{2}}[-/.年]\d")


@cache
def _task_re() -> re.Pattern[str]:
    numeral = f"[{CHINESE_NUMERAL_CHARS}\\d]+"
    forms = "|".join(re.escape(form).replace("N", numeral) for form in
                     sorted(cues("title.task"), key=len, reverse=True))
    return re.compile(rf"(?:{forms})")


_SOURCE = re.compile(r"(?:来源|來源|发布机构|發布機構|发文机关|發文機關)\s*[:：]")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that says something (a CRLF, a CR or a LF ends a line)."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if not m.group().isspace()]


def _clean_title(line: str) -> str:
    """A title line without a table's bars around it, its words no longer cut by spaces."""
    line = line.strip(" |\t\u3000")
    return re.sub(r"(?<=[\u4e00-\u9fff”》)])\s+(?=[\u4e00-\u9fff“《(])", "", line)


def _title_like(line: str) -> bool:
    """A line that could be a title: a phrase, not a sentence, a field, a heading, a table row or chrome."""
    return (
        6 <= len(line) <= 80
        and len(_HANZI.findall(line)) >= 5
        and not _PROSE.search(line)
        and not _OUTLINE_HEADING.match(line)
        # Bars, arrows and slashes make table rows and breadcrumbs; the ones of markup a title was
        # written with (…整改方案</script>) are its own text, kept as text.
        and not any(mark in re.sub(r"<[^<>]*>", "", line) for mark in "|>#/")
        and not _DATE_LINE.match(line)
    )


def _title(ntext: NormalText, source: str) -> _Title:
    """The document's title: its title line, a title run into its text, a title it quotes, its task, its name.

    A title line is one of the lines before the first numbered heading (never a heading: 三、整改完成
    情况 is a section of the document) that is a phrase rather than a sentence or a field, and either
    names a document's genre (…整改方案, …验收公示) or stands right above a web page's byline
    (发布时间:…, 来源:…, a date).  Where a later line repeats the title without what a site put in
    front of it (【**批】…, a column's name), the repeat is the title.
    """
    text = ntext.text
    lines = _lines(text)
    top: list[tuple[int, int]] = []
    for start, end in lines[:15]:
        if _OUTLINE_HEADING.match(text[start:end].strip()):
            break
        top.append((start, end))
    nouns = cues("title.line_noun")
    for index, (start, end) in enumerate(top):
        line = _clean_title(text[start:end])
        if not _title_like(line):
            continue
        following = text[top[index + 1][0] : top[index + 1][1]].strip() if index + 1 < len(top) else ""
        if any(noun in line for noun in nouns) or _byline_re().match(following):
            for later_start, later_end in top[index + 1 :]:
                repeat = _clean_title(text[later_start:later_end])
                if repeat != line and line.endswith(repeat) and _title_like(repeat):
                    return _Title(repeat, later_start, later_end)
            return _Title(line, start, end)
    # The first 8 lines that say something: blank lines at the top must not push the title out.
    for start, end in lines[:8]:
        run_on = _run_on_title_re().match(text[start:end])
        if run_on:
            return _Title(run_on.group(1), start, start + len(run_on.group(1)))
    reports = [m for m in _QUOTED_TITLE.finditer(text) if "情况" in m.group(1) or "报告" in m.group(1)]
    if reports:
        return _Title(reports[-1].group(1), reports[-1].start(1), reports[-1].end(1))
    task = _task_title(text, lines[:20])
    if task is not None:
        return task
    return _Title(Path(source).stem)


def _task_title(text: str, lines: list[tuple[int, int]]) -> _Title | None:
    """The task a one-task notice is about, as its first sentence names it (…反馈意见第十五项整改任务)."""
    genre = cues("genre.words")
    for start, end in lines:
        match = _task_re().search(text, start, end)
        if match is None:
            continue
        clause = max(text.rfind(mark, start, match.start()) for mark in ",。;:!?“《") + 1
        clause = max(clause, start)
        for lead in ("现将", "按照", "根据", "关于", "对"):
            if text.startswith(lead, clause):
                clause += len(lead)
                break
        phrase = text[clause : match.end()].strip()
        if len(phrase) >= 8 and any(word in phrase for word in genre):
            return _Title(phrase, clause, match.end())
    return None


@cache
def _run_on_title_re() -> re.Pattern[str]:
    # A title the site ran into the text after it: …问题整改情况2016年7月15日至8月15日,中央…
    return re.compile(rf"^([^。;:,!?\s]{{4,78}}?(?:{alternation(cues('title.noun'))}))(?=(?:19|20)\d{{2}}年)")


def _kind(text: str, annex: bool, problems: Sequence[Problem], progress: Sequence[object]) -> DocumentKind:
    statuses = any(problem.status or any(m.status for m in problem.measures) for problem in problems)
    if annex:
        # A plan states no progress; a report may still carry its checklist as an annex (附:…情况清单).
        return DocumentKind.PROGRESS if statuses else DocumentKind.PLAN
    head = text[:400]
    if progress or statuses or any(word in head for word in _PROGRESS_WORDS):
        return DocumentKind.PROGRESS
    return DocumentKind.PLAN if "方案" in head or problems else DocumentKind.PROGRESS
