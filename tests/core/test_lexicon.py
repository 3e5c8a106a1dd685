"""The lexicon loader (graph/core/lexicon.py) and the index of data/lexicon/ (its README)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.core import lexicon
from graph.core.lexicon import (
    cue_rows,
    cue_table,
    labelled_words,
    lexicon_files,
    lexicon_path,
    table_rows,
    word_list,
)
from graph.errors import DutygraphError

_ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+) \|", re.MULTILINE)


def _index() -> dict[str, str]:
    """File name -> kind, as data/lexicon/README.md lists them."""
    text = lexicon_path("README.md").read_text(encoding="utf-8")
    return {name: kind.strip() for name, kind in _ROW.findall(text)}


def test_the_readme_indexes_every_file() -> None:
    index = _index()
    assert sorted(index) == lexicon_files(), "data/lexicon/README.md must list exactly the files of data/lexicon/"


def test_every_file_reads_as_its_kind() -> None:
    for name, kind in _index().items():
        stem = name.rsplit(".", 1)[0]
        if kind == "words":
            assert name.endswith(".txt") and word_list(stem), name
            assert not any(word.endswith(":") for word in word_list(stem)), f"{name}: a label in a plain word list"
        elif kind.startswith("labelled words:"):
            labels = tuple(label.strip() for label in kind.removeprefix("labelled words:").split(","))
            words = labelled_words(stem, labels)
            assert name.endswith(".txt") and all(words.values()), name
        elif kind == "cues":
            assert name.endswith(".tsv") and cue_table(stem), name
        else:
            columns = kind.removeprefix("table:").split(",")
            assert kind.startswith("table:") and len(columns) >= 2, f"{name}: unknown kind {kind!r}"
            assert name.endswith(".tsv") and table_rows(stem, "<TAB>".join(c.strip() for c in columns)), name


def _broken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, file_name: str, text: str) -> None:
    (tmp_path / file_name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(lexicon, "lexicon_path", lambda name: tmp_path / name)


@pytest.mark.parametrize(("text", "line"), [
    ("# comment\nfield.a\t牵头单位\nfield.b 牵头部门\n", 3),  # no tab
    ("field.a\t牵头单位\n\nfield.a\t牵头部门\n", 3),  # a key twice
    ("field.a\t , \n", 1),  # no word
])
def test_a_malformed_cue_row_names_its_file_and_line(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, line: int) -> None:
    name = f"broken_cues_{line}_{len(text)}"
    _broken(monkeypatch, tmp_path, f"{name}.tsv", text)
    with pytest.raises(DutygraphError, match=rf"{name}\.tsv:{line}: "):
        cue_table(name)


def test_a_table_row_has_every_column(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _broken(monkeypatch, tmp_path, "broken_table.tsv", "# long<TAB>short\n中共\t\n环境保护\t环保\t多余\n")
    with pytest.raises(DutygraphError, match=r"broken_table\.tsv:3: expected long<TAB>short"):
        table_rows("broken_table", "long<TAB>short")


def test_table_rows_keeps_empty_later_cells(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _broken(monkeypatch, tmp_path, "fine_table.tsv", "# long<TAB>short\n中共\t\n 环境保护 \t环保\n")
    assert table_rows("fine_table", "long<TAB>short") == (("中共", ""), ("环境保护", "环保"))


def test_a_labelled_word_list_keeps_its_labels_apart(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _broken(monkeypatch, tmp_path, "fine_labels.txt", "# stems\nsuffixes: 厅 局  # agencies\n教育 卫生健康\n公安\n")
    assert labelled_words("fine_labels", ("suffixes",)) == {"": ("教育", "卫生健康", "公安"), "suffixes": ("厅", "局")}


def test_an_unknown_label_names_its_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _broken(monkeypatch, tmp_path, "broken_labels.txt", "suffixes: 厅\nsufixes: 局\n")
    with pytest.raises(DutygraphError, match=r"broken_labels\.txt:2: unknown label 'sufixes:'"):
        labelled_words("broken_labels", ("suffixes",))


def _no_x(row: tuple[str, ...]) -> str | None:
    return f"unknown kind {row[1]!r}" if row[1] == "x" else None


def test_a_row_its_reader_refuses_names_its_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _broken(monkeypatch, tmp_path, "checked_table.tsv", "# cue<TAB>kind\n长期坚持\tlong_term\n\n立行立改\tx\n")
    with pytest.raises(DutygraphError, match=r"checked_table\.tsv:4: unknown kind 'x'"):
        table_rows("checked_table", "cue<TAB>kind", _no_x)


def test_cue_rows_name_the_file_of_a_missing_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _broken(monkeypatch, tmp_path, "short_cues.tsv", "menu\t首页,登录\n")
    assert cue_rows("short_cues", "menu") == (("首页", "登录"),)
    with pytest.raises(DutygraphError, match=r"short_cues\.tsv: no row for 'end'"):
        cue_rows("short_cues", "menu", "end")


@pytest.mark.parametrize(("header", "row", "check", "message"), [
    ("cue<TAB>status", "已完成\tfinished", "graph.extract.status:_status_problem", "unknown status 'finished'"),
    ("cue<TAB>kind", "长期坚持\tforever", "graph.extract.deadlines:_kind_problem", "unknown kind 'forever'"),
    ("masked<TAB>restored", "*府\t政府办", "graph.extract.normalize:_mask_problem", "is not a one-to-one restoration"),
    ("masked<TAB>restored", "*府\t政局", "graph.extract.normalize:_mask_problem", "differ outside the masks"),
])
def test_the_readers_checks_name_the_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, header: str,
                                                   row: str, check: str, message: str) -> None:
    import importlib

    module, function = check.split(":")
    name = f"checked_{function}_{len(row)}"
    _broken(monkeypatch, tmp_path, f"{name}.tsv", f"# {header}\n\n{row}\n")
    with pytest.raises(DutygraphError, match=rf"{name}\.tsv:3: .*{re.escape(message)}"):
        table_rows(name, header, getattr(importlib.import_module(module), function))
