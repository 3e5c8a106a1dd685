"""Checklists published as tables and flattened into text.

Three shapes are read, with the column names of the field lexicon (``field.*`` in
``cues.tsv``: 序号, 问题, 整改目标, 整改时限, 整改措施, 责任单位, 责任领导, 完成情况 …):

- cells separated by ``|`` or tabs, one row per line, the column names in a header row
  (repeated header rows are skipped; a line that does not start a row continues the row
  before it, cell by cell);
- one cell per line under a header written one column name per line: a row starts at a
  line holding only a number (序号), and when a row has more lines than columns the extra
  lines belong to the widest column, 整改措施 (the cells before it and after it are
  matched from both ends);
- ``序号:1`` / ``问题:…`` / ``整改目标:…`` with the column name repeated in every row: these
  are fields, read by :mod:`graph.extract.outline`.

Each row gives a :class:`graph.extract.plan.RawProblem` coded by its 序号; the numbered
items of its 整改措施 cell are its measures (an unnumbered cell is one measure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.core.numerals import chinese_to_int
from graph.extract.normalize import NormalText
from graph.extract.plan import (
    Checklist,
    Line,
    RawField,
    RawMeasure,
    RawProblem,
    attach_measure_fields,
    field_names,
    note_gap,
    split_items,
    trim,
)

_DELIMITERS = ("|", "\t")
_SPACES_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_MIN_COLUMNS = 3
# A numbered item at the start of a cell or after a stop (never inside 2.5 or 第1条)


@dataclass
class _Row:
    cells: list[tuple[int, int]]  # offsets of each cell's text, by column
    offset: int  # where the row starts


@dataclass
class Table:
    """A table found in the text: its columns (field keys) and rows, and the lines it took."""

    columns: list[str | None]
    rows: list[_Row] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)


def _column_key(cell: str) -> str | None:
    """The field a header cell names; a cell a narrow column wrapped (协助 单位, 完成 期限) is read
    without its spaces, and one naming two fields (责任单位 或牵头单位) names the narrower role."""
    cell = _SPACES_IN_WORD.sub("", cell.strip())
    key = _key_of(cell)
    if key is None and "或" in cell:
        keys = [_key_of(part) for part in cell.split("或")]
        if all(keys):
            # 责任单位或牵头单位: the unit the column names leads where several answer.
            key = next((k for k in keys if k != "units"), keys[0])
    return key


def _key_of(cell: str) -> str | None:
    for key, words in field_names().items():
        if cell in words:
            return key
    return None


def _is_header(cells: list[str]) -> bool:
    """A row naming the columns: every cell a known column, or, in a wider table whose other columns
    this reader does not use (縣(市、區) | 保護地名稱 | …), at least a 序号 and a 问题 column among three."""
    keys = [_column_key(cell) for cell in cells if cell.strip()]
    known = [key for key in keys if key]
    return (
        len(known) >= _MIN_COLUMNS
        and any(key in ("label", "number", "measures") for key in known)
        and (len(known) == len(keys) or {"number", "label"} <= set(known))
    )


def separators(ntext: NormalText, line: Line, delimiter: str) -> list[int]:
    """Offsets of a line's cell separators: ``|``, or a tab of the original.

    The plain normalisation writes a tab as a space, the repaired one keeps it (see
    :func:`graph.extract.normalize.normalize_text`): either way the original says it was a tab.
    """
    if delimiter == "|":
        return [line.start + i for i, ch in enumerate(line.text) if ch == "|"]
    original = ntext.original
    return [line.start + i for i, ch in enumerate(line.text)
            if ch in " \t" and original[ntext.offsets[line.start + i]] == "\t"]


def split_cells(ntext: NormalText, line: Line, delimiter: str) -> list[tuple[int, int]]:
    cells: list[tuple[int, int]] = []
    begin = line.start
    for at in separators(ntext, line, delimiter):
        cells.append((begin, at))
        begin = at + 1
    cells.append((begin, line.end))
    # A row written |a|b|c| has empty cells outside its first and last bar.
    if delimiter == "|" and line.text.strip().startswith("|"):
        cells = cells[1:]
    if delimiter == "|" and line.text.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def header_delimiter(ntext: NormalText, line: Line) -> str | None:
    """What separates the cells of a line that may head a table (``|`` or a tab, twice at least), if any."""
    return next((d for d in _DELIMITERS if len(separators(ntext, line, d)) >= _MIN_COLUMNS - 1), None)


def rows_below(
    ntext: NormalText, lines: list[Line], index: int, delimiter: str
) -> tuple[list[tuple[Line, list[tuple[int, int]]]], int]:
    """The lines of a delimited table from ``lines[index]`` on, each with its cells (blank lines
    skipped), up to the first line with no ``delimiter``; and the index where the table ends."""
    rows: list[tuple[Line, list[tuple[int, int]]]] = []
    while index < len(lines):
        line = lines[index]
        if line.text.strip():
            if not separators(ntext, line, delimiter):
                break
            rows.append((line, split_cells(ntext, line, delimiter)))
        index += 1
    return rows, index


def find_tables(ntext: NormalText, lines: list[Line]) -> list[Table]:
    """Every flattened table of the text."""
    text = ntext.text
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        found = _delimited_table(ntext, lines, index) or _stacked_table(text, lines, index)
        if found is None:
            index += 1
            continue
        table, index = found
        tables.append(table)
    return tables


def _delimited_table(ntext: NormalText, lines: list[Line], index: int) -> tuple[Table, int] | None:
    text = ntext.text
    line = lines[index]
    delimiter = header_delimiter(ntext, line)
    if delimiter is None:
        return None
    header = [text[s:e] for s, e in split_cells(ntext, line, delimiter)]
    if not _is_header(header):
        return None
    table = Table(columns=[_column_key(cell) for cell in header], lines={line.number})
    rows, end = rows_below(ntext, lines, index + 1, delimiter)
    for line, cells in rows:
        table.lines.add(line.number)
        values = [text[s:e].strip() for s, e in cells]
        if _is_header(values):
            continue
        first = values[0] if values else ""
        if _as_number(first) or not table.rows:
            table.rows.append(_Row(cells=list(cells), offset=line.start))
        else:
            _continue_row(table.rows[-1], cells, values)
    return table, end


def _continue_row(row: _Row, cells: list[tuple[int, int]], values: list[str]) -> None:
    """A line that starts no row: each non-empty cell extends the row's cell in its column."""
    for column, ((start, end), value) in enumerate(zip(cells, values, strict=True)):
        if not value:
            continue
        if column < len(row.cells):
            row.cells[column] = (row.cells[column][0], end)
        else:
            row.cells.append((start, end))


def _stacked_table(text: str, lines: list[Line], index: int) -> tuple[Table, int] | None:
    header: list[str] = []
    at = index
    while at < len(lines) and _column_key(lines[at].text) is not None and lines[at].text.strip():
        header.append(lines[at].text.strip())
        at += 1
    if len(header) < _MIN_COLUMNS or not _is_header(header) or _column_key(header[0]) != "number":
        return None
    table = Table(columns=[_column_key(cell) for cell in header], lines=set(range(index + 1, at + 1)))
    row_lines: list[Line] = []
    rows: list[list[Line]] = []
    while at < len(lines):
        line = lines[at]
        stripped = line.text.strip()
        if stripped and _column_key(stripped) == table.columns[0] and stripped == header[0]:
            at += len(header)  # the header repeated
            continue
        if stripped and _as_number(stripped) and stripped.isdigit():
            if row_lines:
                rows.append(row_lines)
            row_lines = [line]
        elif stripped and row_lines:
            row_lines.append(line)
        elif stripped and not row_lines:
            break
        table.lines.add(line.number)
        at += 1
    if row_lines:
        rows.append(row_lines)
    for row in rows:
        table.rows.append(_Row(cells=_align(text, row, table.columns), offset=row[0].start))
    return table, at


def _align(text: str, row: list[Line], columns: list[str | None]) -> list[tuple[int, int]]:
    """Cells of a stacked row: one line per column, extra lines going to 整改措施."""
    spans = [trim(text, (line.start, line.end)) for line in row]
    if len(spans) <= len(columns) or "measures" not in columns:
        return spans[: len(columns)]
    wide = columns.index("measures")
    after = len(columns) - wide - 1
    head, middle, tail = spans[:wide], spans[wide : len(spans) - after], spans[len(spans) - after :]
    return [*head, (middle[0][0], middle[-1][1]), *tail]


def _as_number(value: str) -> int:
    try:
        return chinese_to_int(value.strip().rstrip("、."))
    except ValueError:
        return 0


def read_tables(ntext: NormalText, lines: list[Line]) -> tuple[Checklist, frozenset[int]]:
    """The problems of every flattened table, and the line numbers the tables took."""
    checklist = Checklist()
    taken: set[int] = set()
    for table in find_tables(ntext, lines):
        taken |= table.lines
        for row in table.rows:
            raw = _row_problem(ntext, table, row, checklist)
            if raw is not None:
                checklist.problems.append(raw)
    return checklist, frozenset(taken)


def _row_problem(ntext: NormalText, table: Table, row: _Row, checklist: Checklist) -> RawProblem | None:
    text = ntext.text
    cells: dict[str, tuple[int, int]] = {}
    fields: list[RawField] = []
    for key, cell in zip(table.columns, row.cells, strict=False):
        if key is None:
            continue
        span = trim(text, cell)
        if span[1] <= span[0]:
            continue
        cells.setdefault(key, span)
        if key not in ("number", "label", "target", "deadline", "measures", "status", "units"):
            fields.append(RawField(key, span, span))
    number = _as_number(text[slice(*cells["number"])]) if "number" in cells else 0
    code = str(number or sum(1 for problem in checklist.problems if problem.parent is None) + 1)
    if any(problem.code == code for problem in checklist.problems):
        return None  # a row repeated across a page break
    label = cells.get("label") or _rest_of_row(ntext, table, row) or cells.get("number") or (
        row.cells[0] if row.cells else (0, 0))
    raw = RawProblem(code=code, label=label, line=ntext.line_of(row.offset), fields=fields)
    raw.target = cells.get("target")
    if "deadline" in cells:
        raw.deadline = trim(text, cells["deadline"], "。;,")
    if "units" in cells:
        raw.clause = raw.clause_line = cells["units"]
    if "status" in cells:
        raw.status = RawField("status", cells["status"], cells["status"])
    if "measures" in cells:
        raw.measures_at = cells["measures"][0]
        _cell_measures(ntext, raw, cells["measures"], checklist)
    attach_measure_fields(raw)
    return raw


def _rest_of_row(ntext: NormalText, table: Table, row: _Row) -> tuple[int, int] | None:
    """A row cut before its problem cell (the last row of a page copied short): its other cells, which
    still say where and what (南岳區 | 南岳衡山國家級風景名勝區 | …), stand for the problem."""
    spans = [cell for key, cell in zip(table.columns, row.cells, strict=False) if key != "number"]
    spans = [trim(ntext.text, cell) for cell in spans]
    spans = [span for span in spans if span[1] > span[0]]
    return (spans[0][0], spans[-1][1]) if spans else None


def _cell_measures(ntext: NormalText, raw: RawProblem, cell: tuple[int, int], checklist: Checklist) -> None:
    """The numbered items of a 整改措施 cell, or the whole cell as measure 1."""
    items = split_items(ntext.text, *cell)
    if not items:
        raw.measures.append(RawMeasure(1, cell[0], cell[1], cell[0]))
        return
    for item in items:
        note_gap(checklist, raw, item.number, ntext.line_of(item.marker))
        raw.measures.append(RawMeasure(item.number, item.start, item.end, item.marker))
