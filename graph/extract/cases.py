"""Case tables: the complaints an inspection transferred, one row a case.

During and after an inspection every city and county publishes the complaints it was given
(群众信访举报转办和边督边改公开情况一览表, 交办件办理情况): a row per complaint with its 序号, often its
受理编号, the complaint (交办问题基本情况), the region (行政区域), what the inquiry found (调查核实情况,
是否属实), what was done (处理和整改情况), whether it is closed (是否办结) and who was held to account
(问责情况, 责任人被处理情况); sometimes a 责任单位 or 牵头单位 column.  The column names are data
(``case.column.*`` in ``data/lexicon/cues.tsv``); a header is a case table's when it names the complaint
column and two more of them.  Three flattenings are read:

- cells separated by ``|`` or tabs, a row per line; a line that starts no row (its first cell is no
  number) goes on with the row before: where that row's line closed its last cell (``…|``) its cells
  are the next columns, else its first cell goes on with the last one (a cell written over lines);
- one cell per line under a header written one column name per line, a row starting at a line that
  is only a number; where the lines end with ``|`` a cell runs to the line that closes it;
- cells run together, a row per line, its number glued to its text (``1万博…``, ``1D3WH2024…来电…``)
  under a header of glued column names: the complaint runs to its first full stop, the region is the
  place the next cell opens with, and the row's last verdict (属实, 不属实) ends the inquiry.

Each row gives a :class:`graph.extract.plan.RawProblem` with a :class:`graph.extract.plan.RawCase`:
coded by its 序号 (or its place), labelled by its complaint.  Who answers for it is read by
:func:`graph.extract.narrative.read_case_duties` from the cells that say what was done; the inquiry's
cells only by an assignment they state (区政府责成A和B到现场核查处理), and the accountability cells
not at all (the people punished answer for nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from graph.core.gazetteer import Gazetteer
from graph.core.lexicon import alternation, cues, keys_by_cue
from graph.extract.normalize import NormalText
from graph.extract.plan import Checklist, Line, RawCase, RawField, RawProblem, trim
from graph.extract.tables import header_delimiter, rows_below, split_cells

_KEYS = ("label", "reference", "channel", "region", "kind", "inquiry", "verdict", "handling", "target", "done",
         "accountability", "note")
# Columns that tell a case table from another table with a 问题 column: two of them beside the complaint.
_CASE_COLUMNS = frozenset({"reference", "region", "inquiry", "verdict", "handling", "accountability", "done"})
_MIN_GLUED = 4  # column names a glued header line is made of, at least
_ROLE_KEYS = ("units", "lead", "support")
_SPACES = re.compile(r"\s+")
_NOTE = re.compile(r"\([^()]*\)$")  # 行政区域(**市**区/县): what the column holds, said after its name
_SENTENCE_END = "。!?"
_REFERENCE = re.compile(r"[A-Za-z]{0,8}\d[0-9A-Za-z]*\*?")
_ROW_NUMBER = re.compile(r"\d{1,4}")


@cache
def _column_words() -> dict[str, str]:
    """Every header cell of a case table -> its column key (a case column's name first, then 序号's, then a
    role field's: the later of two dicts merged wins)."""
    return {**keys_by_cue("keyvalue", _ROLE_KEYS), **keys_by_cue("field", ("number",)),
            **keys_by_cue("case.column", _KEYS)}


def _column_key(cell: str) -> str | None:
    """The column a header cell names (written wrapped, 是否 属实, or with a note, 行政区域(…县))."""
    cell = _SPACES.sub("", cell).strip("|")
    return _column_words().get(cell) or _column_words().get(_NOTE.sub("", cell))


def _is_case_header(keys: list[str | None]) -> bool:
    """Column keys of a header naming the complaint and two more columns of a case table, at most one unknown."""
    known = [key for key in keys if key]
    return ("label" in known and len(_CASE_COLUMNS & set(known)) >= 2
            and len(keys) - len(known) <= 1)


@cache
def _glued_header_re() -> re.Pattern[str]:
    words = sorted(_column_words(), key=len, reverse=True)
    return re.compile(rf"(?:{alternation(tuple(words))})(?:\([^()]*\))?")


def _glued_header(line: str) -> list[str | None] | None:
    """The columns of a header line whose names run together (序号交办问题基本情况行政区域…), if it is one."""
    body = _SPACES.sub("", line)
    keys: list[str | None] = []
    at = 0
    pattern = _glued_header_re()
    while at < len(body):
        match = pattern.match(body, at)
        if match is None:
            return None
        keys.append(_column_key(match.group()))
        at = match.end()
    return keys if len(keys) >= _MIN_GLUED and _is_case_header(keys) else None


@dataclass
class _Table:
    columns: list[str | None]
    rows: list[list[tuple[int, int]]] = field(default_factory=list)  # cells by column
    lines: set[int] = field(default_factory=set)
    glued: bool = False


def _number(value: str) -> int:
    value = value.strip().removesuffix("|").strip()
    return int(value) if value.isdigit() and len(value) <= 4 else 0


def _delimited(ntext: NormalText, lines: list[Line], index: int) -> tuple[_Table, int] | None:
    text = ntext.text
    line = lines[index]
    delimiter = header_delimiter(ntext, line)
    if delimiter is None:
        return None
    header = [text[s:e] for s, e in split_cells(ntext, line, delimiter)]
    columns = [_column_key(cell) for cell in header if cell.strip()]
    if not _is_case_header(columns):
        return None
    table = _Table(columns, lines={line.number})
    closed = True
    rows, end = rows_below(ntext, lines, index + 1, delimiter)
    for line, cells in rows:
        values = [text[s:e].strip() for s, e in cells]
        table.lines.add(line.number)
        if not any(values) or _is_case_header([_column_key(v) for v in values if v]):
            continue
        starts = _number(values[0]) if columns[0] == "number" else len(cells) >= len(columns) - 1
        if starts or not table.rows:
            table.rows.append(list(cells))
        else:
            row = table.rows[-1]
            if not closed and row:
                row[-1] = (row[-1][0], cells[0][1])
                cells = cells[1:]
            row.extend(cells)
        closed = line.text.rstrip().endswith(delimiter)
    return table, end


def _stacked(ntext: NormalText, lines: list[Line], index: int) -> tuple[_Table, int] | None:
    text = ntext.text
    at = index
    header: list[str | None] = []
    barred: list[bool] = []
    while at < len(lines) and lines[at].text.strip() and (key := _column_key(lines[at].text)) is not None:
        header.append(key)
        barred.append(lines[at].text.rstrip().endswith("|"))
        at += 1
    if len(header) < _MIN_GLUED or header[0] != "number" or not _is_case_header(header):
        return None
    bars = all(barred)
    table = _Table(header, lines={lines[i].number for i in range(index, at)})
    row: list[tuple[int, int]] | None = None
    pending: int | None = None  # where a cell started that no bar has closed yet
    while at < len(lines):
        line = lines[at]
        stripped = line.text.strip()
        if not stripped:
            at += 1
            continue
        if row is None or (len(row) >= len(header) and pending is None):
            if not _number(stripped):
                break
            row = [trim(text, (line.start, line.end), "|")]
            table.rows.append(row)
        elif bars:
            pending = line.start if pending is None else pending
            if stripped.endswith("|"):
                row.append(trim(text, (pending, line.start + line.text.rindex("|"))))
                pending = None
        else:
            row.append(trim(text, (line.start, line.end)))
        table.lines.add(line.number)
        at += 1
    if row is not None and pending is not None:
        row.append(trim(text, (pending, lines[at - 1].end)))  # the last cell, cut with the page
    return table, at


def _glued(ntext: NormalText, lines: list[Line], index: int) -> tuple[_Table, int] | None:
    columns = _glued_header(lines[index].text)
    if columns is None or columns[0] != "number":
        return None
    table = _Table(columns, lines={lines[index].number}, glued=True)
    expected: int | None = None
    at = index + 1
    while at < len(lines):
        line = lines[at]
        stripped = line.text.strip()
        if not stripped:
            at += 1
            continue
        match = _ROW_NUMBER.match(stripped)
        if match is None or (expected is not None and not stripped.startswith(str(expected))):
            break
        number = expected if expected is not None else int(match.group())
        start = line.start + line.text.index(stripped) + len(str(number))
        table.rows.append([(start - len(str(number)), start), trim(ntext.text, (start, line.end))])
        table.lines.add(line.number)
        expected = number + 1
        at += 1
    return (table, at) if table.rows else None


def find_case_tables(ntext: NormalText, lines: list[Line]) -> list[_Table]:
    """Every case table of the text, in any of the three flattenings."""
    tables: list[_Table] = []
    index = 0
    while index < len(lines):
        found = _delimited(ntext, lines, index) or _stacked(ntext, lines, index) or _glued(ntext, lines, index)
        if found is None:
            index += 1
            continue
        table, index = found
        tables.append(table)
    return tables


def read_case_tables(
    ntext: NormalText, lines: list[Line], gazetteer: Gazetteer, province: str | None
) -> tuple[Checklist, frozenset[int]]:
    """The cases of every case table, and the line numbers the tables took."""
    checklist = Checklist()
    taken: set[int] = set()
    for table in find_case_tables(ntext, lines):
        taken |= table.lines
        for place, row in enumerate(table.rows, start=1):
            raw = (_glued_case(ntext, table, row, gazetteer, province) if table.glued
                   else _cell_case(ntext, table, row, place))
            if raw is not None and all(problem.code != raw.code for problem in checklist.problems):
                checklist.problems.append(raw)
    return checklist, frozenset(taken)


def _cell_case(ntext: NormalText, table: _Table, row: list[tuple[int, int]], place: int) -> RawProblem | None:
    """A case from a row whose cells are apart."""
    text = ntext.text
    cells: dict[str, tuple[int, int]] = {}
    case = RawCase(row=(row[0][0], row[-1][1]))
    fields: list[RawField] = []
    for key, cell in zip(table.columns, row, strict=False):
        span = trim(text, cell, "|")
        if key is None or span[1] <= span[0]:
            continue
        cells.setdefault(key, span)
        if key in ("inquiry", "verdict", "target", "label"):
            case.inquiry.append(span)
        elif key == "handling":
            case.handling.append(span)
        elif key in ("lead", "support"):
            fields.append(RawField(key, span, span))
    if "label" not in cells:
        return None
    case.region = cells.get("region")
    number = _number(text[slice(*cells["number"])]) if "number" in cells else 0
    raw = RawProblem(code=str(number or place), label=cells["label"], line=ntext.line_of(row[0][0]),
                     fields=fields, case=case)
    if "units" in cells:
        raw.clause = raw.clause_line = cells["units"]
    return raw


@cache
def _verdict_re() -> re.Pattern[str]:
    return re.compile(alternation(cues("case.verdict")))


def _glued_case(
    ntext: NormalText, table: _Table, row: list[tuple[int, int]], gazetteer: Gazetteer, province: str | None
) -> RawProblem | None:
    """A case from a row whose cells run together: number, [受理编号], [受理方式], complaint, region, the rest."""
    text = ntext.text
    (number_start, number_end), (start, end) = row
    columns = [key for key in table.columns if key]
    after_number = columns[1:]
    if after_number[:1] == ["reference"]:
        match = _REFERENCE.match(text, start, end)
        start = match.end() if match else start
        after_number = after_number[1:]
    if after_number[:1] == ["channel"]:
        channel = next((word for word in cues("case.channel") if text.startswith(word, start)), "")
        start += len(channel)
    stops = [at for at in (text.find(mark, start, end) for mark in _SENTENCE_END) if at != -1]
    rest = min(stops, default=end - 1) + 1  # the complaint with its full stop, as its own cell has it
    label = trim(text, (start, rest))
    if label[1] <= label[0]:
        return None
    case = RawCase(row=(number_start, end))
    if "region" in columns:
        mention = next(iter(gazetteer.find_mentions(text[rest:min(end, rest + 20)], province)), None)
        if mention is not None and mention[0] == 0:
            case.region = (rest, rest + mention[1])
    verdicts = list(_verdict_re().finditer(text, rest, end))
    if verdicts and "handling" in columns:
        case.inquiry.append((rest, verdicts[-1].start()))
        case.handling.append(trim(text, (verdicts[-1].end(), end), "。"))
    else:
        case.inquiry.append((rest, end))
    number = text[number_start:number_end]
    return RawProblem(code=str(_number(number)), label=label, line=ntext.line_of(number_start), case=case)
