"""Load the cue-word lists and tables in ``data/lexicon/`` (data, not code), checking each as it is read.

Three kinds of file, each indexed in ``data/lexicon/README.md``: word lists (``<name>.txt``: words
separated by whitespace), cue tables (``<name>.tsv``: ``key<TAB>word,word``) and column tables
(``<name>.tsv``: a fixed number of tab-separated columns). In every file ``#`` at the start of a line
starts a comment (in word lists anywhere in a line) and blank lines are skipped. A malformed row is an
error naming the file and the line, never skipped in silence.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graph.errors import DutygraphError
from graph.resources import asset_path


def lexicon_path(file_name: str) -> Path:
    """Where ``data/lexicon/<file_name>`` is, in the checkout or the wheel."""
    return asset_path("data", "lexicon", file_name)


def lexicon_files() -> list[str]:
    """The names of the lexicon's files (``README.md`` aside), sorted."""
    return sorted(p.name for p in lexicon_path("").iterdir() if p.is_file() and p.name != "README.md")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Words of ``data/lexicon/<name>.txt``, separated by whitespace; ``#`` starts a comment."""
    path = lexicon_path(f"{name}.txt")
    words: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words.extend(line.split("#", 1)[0].split())
    return tuple(words)


@cache
def cue_table(name: str = "cues") -> dict[str, tuple[str, ...]]:
    """Rows ``key<TAB>word,word`` of ``data/lexicon/<name>.tsv`` as key -> words."""
    path = lexicon_path(f"{name}.tsv")
    table: dict[str, tuple[str, ...]] = {}
    for lineno, line in _rows(path):
        key, tab, words = line.partition("\t")
        key = key.strip()
        found = tuple(w.strip() for w in words.split(",") if w.strip())
        if not tab or not key or not found:
            raise DutygraphError(f"{path}:{lineno}: expected key<TAB>word,word")
        if key in table:
            raise DutygraphError(f"{path}:{lineno}: {key!r} is given twice")
        table[key] = found
    return table


@cache
def table_rows(name: str, header: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the column table ``data/lexicon/<name>.tsv``, each cell stripped.

    ``header`` names the columns (``"long<TAB>short"``): every row has as many, and its first is
    never empty; later ones may be.
    """
    path = lexicon_path(f"{name}.tsv")
    columns = header.count("<TAB>") + 1
    rows: list[tuple[str, ...]] = []
    for lineno, line in _rows(path):
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) != columns or not cells[0]:
            raise DutygraphError(f"{path}:{lineno}: expected {header}")
        rows.append(cells)
    return tuple(rows)


def _rows(path: Path) -> list[tuple[int, str]]:
    """The numbered lines of a table that are neither blank nor comments, without their line ends."""
    with open(path, encoding="utf-8") as handle:
        return [(lineno, line.rstrip("\r\n")) for lineno, line in enumerate(handle, 1)
                if line.strip() and not line.startswith("#")]


def cues(key: str) -> tuple[str, ...]:
    """The cue words registered under ``key`` in ``cues.tsv``."""
    try:
        return cue_table()[key]
    except KeyError:
        raise KeyError(f"cue {key!r} is missing from data/lexicon/cues.tsv") from None


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first so the longest cue wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
