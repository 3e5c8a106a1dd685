"""Load the cue-word lists and tables in ``data/lexicon/`` (data, not code)."""

from __future__ import annotations

import re
from functools import cache

from graph.resources import asset_path


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Words of ``data/lexicon/<name>.txt``, separated by whitespace; ``#`` starts a comment."""
    path = asset_path("data", "lexicon", f"{name}.txt")
    words: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words.extend(line.split("#", 1)[0].split())
    return tuple(words)


@cache
def cue_table(name: str = "cues") -> dict[str, tuple[str, ...]]:
    """Rows ``key<TAB>word,word`` of ``data/lexicon/<name>.tsv`` as key -> words."""
    path = asset_path("data", "lexicon", f"{name}.tsv")
    table: dict[str, tuple[str, ...]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, words = line.rstrip("\n").partition("\t")
            table[key.strip()] = tuple(w.strip() for w in words.split(",") if w.strip())
    return table


def cues(key: str) -> tuple[str, ...]:
    """The cue words registered under ``key`` in ``cues.tsv``."""
    try:
        return cue_table()[key]
    except KeyError:
        raise KeyError(f"cue {key!r} is missing from data/lexicon/cues.tsv") from None


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first so the longest cue wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
