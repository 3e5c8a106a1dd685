"""Tables for people and programs: an aligned text table (CJK characters two columns wide), CSV or JSON."""

from __future__ import annotations

import csv
import functools
import io
import json
import unicodedata

from graph.errors import QueryError
from graph.sparql.run import Table

FORMATS = ("table", "csv", "json")


def format_table(table: Table, fmt: str) -> str:
    """Render a table as an aligned text table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(table.dicts(), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        return buffer.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return _text_table(table)


@functools.lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    # CJK characters take two columns in a terminal. Cached: a report of thousands of rows asks
    # for the same few hundred characters over and over.
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _width(text: str) -> int:
    return sum(map(_char_width, text))


def _cell(value: object, limit: int = 60) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    if _width(text) > limit:
        # The longest start that fits in limit - 1 columns, then "…" (measured once, not once a cut).
        used = 0
        for end, ch in enumerate(text):
            used += _char_width(ch)
            if used > limit - 1:
                return text[:end] + "…"
    return text


def _text_table(table: Table) -> str:
    cells = [[_cell(c) for c in table.columns]] + [[_cell(v) for v in row] for row in table.rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(table.columns))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
