"""Load the cue-word lists and tables in ``data/lexicon/`` (data, not code), checking each as it is read.

Four kinds of file, each indexed in ``data/lexicon/README.md``: word lists (``<name>.txt``: words
separated by whitespace), labelled word lists (``<name>.txt``: a word list in which a line starting
``label:`` holds the words of that label), cue tables (``<name>.tsv``: ``key<TAB>word,word``) and
column tables (``<name>.tsv``: a fixed number of tab-separated columns, each row checked by the
module that reads it). In every file ``#`` at the start of a line starts a comment (in word lists
anywhere in a line) and blank lines are skipped. A malformed row is an error naming the file and the
line, never skipped in silence. The modules of ``graph/extract/`` and ``graph/model/`` open no
lexicon file themselves: they read them through these loaders and keep only what the words mean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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
def labelled_words(name: str, labels: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Words of ``data/lexicon/<name>.txt`` by label: ``""`` for the unlabelled ones.

    A line starting ``label:`` (one of ``labels``) holds words of that label; any other word ending in
    a colon at the start of a line is an error naming the file and the line.
    """
    path = lexicon_path(f"{name}.txt")
    found: dict[str, list[str]] = {label: [] for label in ("", *labels)}
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            words = line.split("#", 1)[0].split()
            label = words[0].removesuffix(":") if words and words[0].endswith(":") else ""
            if label and label not in labels:
                raise DutygraphError(f"{path}:{lineno}: unknown label {words[0]!r} (known: {', '.join(labels)})")
            found[label].extend(words[1:] if label else words)
    return {label: tuple(words) for label, words in found.items()}


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


def cue_rows(name: str, *keys: str) -> tuple[tuple[str, ...], ...]:
    """The words of ``keys`` in the cue table ``data/lexicon/<name>.tsv``, in the order asked.

    A key the file lacks is an error naming the file, not a ``KeyError`` deep in a caller.
    """
    table = cue_table(name)
    missing = [key for key in keys if key not in table]
    if missing:
        raise DutygraphError(f"{lexicon_path(f'{name}.tsv')}: no row for {', '.join(map(repr, missing))}")
    return tuple(table[key] for key in keys)


RowCheck = Callable[[tuple[str, ...]], str | None]
"""What a reader of a column table says of one row: ``None`` when it is fine, else what is wrong."""


@cache
def table_rows(name: str, header: str, check: RowCheck | None = None) -> tuple[tuple[str, ...], ...]:
    """The rows of the column table ``data/lexicon/<name>.tsv``, each cell stripped.

    ``header`` names the columns (``"long<TAB>short"``): every row has as many, and its first is
    never empty; later ones may be. ``check`` (a module-level function, so the cache holds) judges
    each row's values: what it returns is the error, after the file and the line.
    """
    path = lexicon_path(f"{name}.tsv")
    columns = header.count("<TAB>") + 1
    rows: list[tuple[str, ...]] = []
    for lineno, line in _rows(path):
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) != columns or not cells[0]:
            raise DutygraphError(f"{path}:{lineno}: expected {header}")
        problem = check(cells) if check is not None else None
        if problem is not None:
            raise DutygraphError(f"{path}:{lineno}: {problem}")
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


def keys_by_cue(prefix: str, keys: Iterable[str]) -> dict[str, str]:
    """Each cue word of ``prefix.KEY``, for every key, -> that key (a word two keys list stays the first's)."""
    found: dict[str, str] = {}
    for key in keys:
        for word in cues(f"{prefix}.{key}"):
            found.setdefault(word, key)
    return found


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first so the longest cue wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
