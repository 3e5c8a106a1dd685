"""Read a responsibility clause (责任单位:…) into units, roles and the measures they lead.

The grammar, as the checklists write it:

- units are separated by 、 , ; and by 和 (except inside official names such as 住房和城乡建设厅);
- ``X(牵头负责第1、8条)`` = X leads measures 1 and 8; ``A和B(牵头负责第3条)`` = A and B lead 3 jointly;
- ``宜春、景德镇、上饶市政府`` = three city governments sharing the suffix 市政府;
- ``各级党委、政府`` = 各级党委 and 各级政府 (a bare institution takes the prefix before it);
- ``省教育厅、卫生健康委`` = 省教育厅 and 省卫生健康委 (a bare department takes the level prefix
  of the unit before it in the 、-list; see :func:`graph.extract.agents.share_prefix`);
- ``(分别负责牵头辖区内整改工作)`` = each leads the problem within its own jurisdiction;
- units without a parenthesis support the problem when any unit of the clause leads;
- when no unit is marked, all are responsible without distinction: a lead is never invented.

No library parses this; it is a small hand-written scanner because the units are
separated by punctuation whose meaning depends on parenthesis depth and on the
neighbouring tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from graph.core.gazetteer import Gazetteer
from graph.core.lexicon import cues, word_list
from graph.core.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from graph.extract.agents import collective_level, is_name_he, share_collective, share_prefix, without_aside
from graph.records import Role

_SEPARATORS = "、,;，；"
_REF_JOINS = "、,\\-—~至到和及"  # what joins the numbers of one reference: 第1、8条, 第1-3条
_MEASURE_REF = re.compile(rf"第([0-9{CHINESE_NUMERAL_CHARS}{_REF_JOINS}]+)[条项]")
# 第1条至第3条 and 第1、第8条 repeat 第/条 inside one reference: drop the repeats.
_REPEATED_MARKS = re.compile(rf"[条项](?=[{_REF_JOINS}]第)|(?<=[{_REF_JOINS}])第")
_RANGE = re.compile(r"^(\S+?)[\-—~至到](\S+)$")
# No problem of a checklist has more measures than this; a wider range is a misreading.
_MAX_RANGE = 100


@dataclass
class Token:
    """One listed unit as written, with its parenthesised annotation if any."""

    name: str
    start: int  # offset of the token in the clause
    end: int
    separator: str  # the separator that came before it ("" for the first)
    annotation: str | None = None


@dataclass(frozen=True)
class ClauseDuty:
    """A unit named in a clause and what the clause makes it responsible for."""

    unit: str
    role: Role
    measures: tuple[int, ...]  # measure numbers it leads; empty when the role is on the problem
    start: int  # offsets of the unit's item in the clause (annotation included)
    end: int
    collective: bool = False
    collective_level: str | None = None


@dataclass
class ClauseReading:
    """The duties of one clause, plus anything odd the reader noticed."""

    duties: list[ClauseDuty] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def split_clause(clause: str) -> list[Token]:
    """Split a clause into unit tokens at top-level separators and at a splitting 和."""
    tokens: list[Token] = []
    depth = 0
    begin = 0
    separator = ""

    def emit(end: int, next_separator: str) -> None:
        nonlocal begin, separator
        raw = clause[begin:end]
        stripped = raw.strip().strip(" 。.").strip()
        if stripped:
            offset = begin + raw.index(stripped)
            tokens.append(_make_token(stripped, offset, separator))
        begin = end + 1
        separator = next_separator

    for index, ch in enumerate(clause):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _SEPARATORS:
            emit(index, ch)
        elif depth == 0 and ch == "和" and not is_name_he(clause, index):
            emit(index, "和")
    emit(len(clause), "")
    return tokens


def _make_token(raw: str, offset: int, separator: str) -> Token:
    annotation = None
    name = raw
    if raw.endswith(")") and "(" in raw:
        open_at = _matching_open(raw)
        inner = raw[open_at + 1 : -1]
        if classify_annotation(inner) is not None:
            annotation = inner
            name = raw[:open_at].strip()
    if annotation is None:
        name = without_aside(raw)
    return Token(name=name, start=offset, end=offset + len(raw), separator=separator, annotation=annotation)


def _matching_open(text: str) -> int:
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return text.rfind("(")


def classify_annotation(inner: str) -> tuple[Role, tuple[int, ...]] | None:
    """Role and measure numbers stated by a parenthesis, or None if it states no role.

    >>> classify_annotation("牵头负责第1、8条")
    (<Role.LEAD: 'lead'>, (1, 8))
    >>> classify_annotation("分别负责牵头辖区内整改工作")[0]
    <Role.JURISDICTION_LEAD: 'jurisdiction_lead'>
    >>> classify_annotation("市、区") is None
    True
    """
    if any(cue in inner for cue in cues("annot.jurisdiction")) and any(
        cue in inner for cue in cues("annot.jurisdiction_scope")
    ):
        return Role.JURISDICTION_LEAD, ()
    if any(cue in inner for cue in cues("annot.lead")):
        return Role.LEAD, _measure_numbers(inner)
    if any(cue in inner for cue in cues("annot.support")):
        return Role.SUPPORT, ()
    return None


def _measure_numbers(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for match in _MEASURE_REF.finditer(_REPEATED_MARKS.sub("", text)):
        for part in re.split(r"[、,和及]", match.group(1)):
            part = part.strip()
            if not part:
                continue
            span = _RANGE.match(part)
            if span:
                low, high = _numeral(span.group(1)), _numeral(span.group(2))
                if low is not None and high is not None and 0 <= high - low <= _MAX_RANGE:
                    numbers.extend(range(low, high + 1))
                else:
                    # 第1-至条, 第9-1条, 第1-9999999条: no range a checklist could mean; keep what is legible.
                    numbers.extend(n for n in (low, high) if n is not None)
            elif (number := _numeral(part)) is not None:
                numbers.append(number)
    return tuple(dict.fromkeys(numbers))


def _numeral(text: str) -> int | None:
    """The value of a numeral, or None for what the reference pattern let through but is none (至, 1-2)."""
    try:
        return chinese_to_int(text)
    except ValueError:
        return None


def read_clause(clause: str, gazetteer: Gazetteer, province: str | None) -> ClauseReading:
    """Read a responsibility clause (the text after 责任单位:) into duties."""
    reading = ClauseReading()
    # An annotation with no unit before it ("(牵头)") names nobody.
    tokens = [token for token in split_clause(clause) if token.name]
    groups = _group_tokens(tokens, gazetteer, province)
    names_by_group = [_complete_names(group, tokens, gazetteer, province, reading) for group in groups]
    # 省教育厅、卫生健康委: a bare department takes the level prefix of the unit before it.
    flat = share_prefix(
        [name for names in names_by_group for name in names],
        [token.separator for group in groups for token in group],
        gazetteer,
        province,
    )
    # 各县、区人民政府: the collective prefix and the ending go to every level of the list.
    flat = share_collective(flat, [token.separator for group in groups for token in group])
    shared = iter(flat)
    names_by_group = [[next(shared) for _ in names] for names in names_by_group]
    stated = [classify_annotation(group[-1].annotation) if group[-1].annotation else None for group in groups]
    any_marked = any(role in (Role.LEAD, Role.JURISDICTION_LEAD) for role, _ in filter(None, stated))
    for group, names, annotation in zip(groups, names_by_group, stated, strict=True):
        start, end = group[0].start, group[-1].end
        if annotation is not None:
            role, measures = annotation
        else:
            role, measures = (Role.SUPPORT if any_marked else Role.RESPONSIBLE), ()
        for name in names:
            level = collective_level(name)
            reading.duties.append(
                ClauseDuty(
                    unit=name,
                    role=role,
                    measures=measures,
                    start=start,
                    end=end,
                    collective=level is not None,
                    collective_level=level,
                )
            )
    return reading


def _group_tokens(tokens: list[Token], gazetteer: Gazetteer, province: str | None) -> list[list[Token]]:
    """Join tokens that share one annotation, one suffix or one prefix.

    ``A和B(…)``, ``宜春、上饶市政府(…)`` and ``各设区市党委、政府(…)``: the annotation
    after the last token is stated for the whole group.
    """
    groups: list[list[Token]] = []
    for token in tokens:
        if groups:
            previous = groups[-1][-1]
            joined_by_he = token.separator == "和" and previous.annotation is None
            previous_bare = previous.annotation is None and _is_bare_region(previous.name, gazetteer, province)
            takes_prefix = previous.annotation is None and token.name in word_list("bare_institutions")
            if joined_by_he or previous_bare or takes_prefix:
                groups[-1].append(token)
                continue
        groups.append([token])
    return groups


def _is_bare_region(name: str, gazetteer: Gazetteer, province: str | None) -> bool:
    return bool(name) and bool(gazetteer.by_name(name, province))


def _complete_names(
    group: list[Token],
    tokens: list[Token],
    gazetteer: Gazetteer,
    province: str | None,
    reading: ClauseReading,
) -> list[str]:
    """Full unit names of a group: share the last token's suffix, or the previous token's prefix."""
    bare = word_list("bare_institutions")
    # The suffix comes from the last full name: in 宜春、上饶市党委、政府 it is 上饶市党委.
    source = next((token for token in reversed(group) if token.name not in bare), group[-1])
    last = source.name
    lead_mention = next(iter(gazetteer.find_mentions(last, province)), None)
    names: list[str] = []
    for token in group:
        name = token.name
        if token is not source and _is_bare_region(name, gazetteer, province):
            if lead_mention is None or lead_mention[0] != 0:
                reading.notes.append(f"cannot complete the unit name {name!r} from {last!r}")
            else:
                _, prefix_end, prefix_region = lead_mention
                suffix = last[prefix_end:]
                # 上饶市政府 gives 政府 after the full name: 宜春 becomes 宜春市政府;
                # 上饶政府 would give 政府 after the short form: 宜春 becomes 宜春政府.
                full_prefix = last[:prefix_end] == prefix_region.name
                region = gazetteer.by_name(name, province)[0]
                name = (region.name if full_prefix else name) + suffix
        elif name in bare:
            name = _inherit_prefix(name, tokens, token, reading)
        names.append(name)
    return names


def _inherit_prefix(name: str, tokens: list[Token], token: Token, reading: ClauseReading) -> str:
    # Tokens are in clause order: bisecting by offset, where list.index compared dataclasses one by one
    # and went quadratic on a long list of bare institutions (政府、政府、…).
    index = bisect_left(tokens, token.start, key=lambda t: t.start)
    if index == 0:
        reading.notes.append(f"the unit {name!r} has no prefix to take")
        return name
    previous = tokens[index - 1].name
    for word in sorted(word_list("bare_institutions"), key=len, reverse=True):
        if previous.endswith(word) and len(previous) > len(word):
            return previous[: -len(word)] + name
    reading.notes.append(f"the unit {name!r} has no prefix to take from {previous!r}")
    return name
