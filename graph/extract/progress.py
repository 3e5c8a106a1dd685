"""Overall progress counts of a report (``60项整改任务中已完成33项``)."""

from __future__ import annotations

import re
from functools import lru_cache

from graph.assets import asset_path
from graph.extract.normalize import NormalText
from graph.records import ProgressCount


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    path = asset_path("data", "lexicon", "progress_patterns.txt")
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    return tuple(re.compile(line) for line in lines if line.strip() and not line.startswith("#"))


def find_progress_counts(ntext: NormalText) -> list[ProgressCount]:
    """Every overall count stated in the text, in text order, each stated once."""
    found: dict[int, ProgressCount] = {}
    taken: list[tuple[int, int]] = []  # normalised spans already read by an earlier pattern
    for pattern in _patterns():
        for match in pattern.finditer(ntext.text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            total, done = int(match.group("total")), int(match.group("done"))
            if done > total:
                continue
            taken.append(match.span())
            found[match.start()] = ProgressCount(total=total, done=done, span=ntext.span(*match.span()))
    return [found[key] for key in sorted(found)]
