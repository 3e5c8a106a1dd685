"""Text tables (graph.render.tables): CJK characters two columns wide, long cells cut to fit."""

from __future__ import annotations

from graph.render.tables import format_table
from graph.sparql.run import Table


def test_long_cells_are_cut_to_the_columns_they_fill() -> None:
    quote = ("责任单位:省交通运输厅(牵头负责第1条)、省公安厅(牵头负责第2条)、"
             "省政府(牵头负责第3条),省环保厅、省国土资源厅。")
    text = format_table(Table(("code", "quote"), (("3", quote), ("a" + "省" * 40, "short"))), "table")
    lines = text.splitlines()
    # The quote: as many characters as fit in 59 columns (full-width ones count two), then "…".
    cut = lines[2].split("  ", 1)[1].strip()
    assert cut.endswith("…") and quote.startswith(cut[:-1])
    width = sum(2 if "\u2e80" <= ch or ch in "（）" else 1 for ch in cut[:-1])
    assert width in (58, 59) and len(cut) < len(quote)
    # a + 29 省 is 59 columns: the 30th would make 61.
    assert lines[3].startswith("a" + "省" * 29 + "…  ")
    assert lines[-1] == "(2 rows)"
