"""The labelled set of bench/labelled/: every gold fact the extractor finds today stays found.

``bench/labelled/baseline.json`` records, per gold file, which gold items the extractor finds and
which wrong ones it adds (``python -m bench.accuracy --record`` writes it, with the figures of
bench/README.md).  A change that loses a found fact or adds a wrong one fails here, naming them:
the score cannot fall silently.  A change that finds more is recorded on purpose, by rerunning
``--record`` and committing the new baseline with the figures before and after in its note.
"""

from __future__ import annotations

import json
import os

import pytest

from bench.accuracy import BASELINE, SHARED_CORPUS, evaluate, gold_files, load_gold

GOLD = gold_files()
# Outside CI a checkout without shared/ beside it skips the real excerpts; in CI their absence fails.
HAVE_CORPUS = SHARED_CORPUS.is_dir() or bool(os.environ.get("CI"))
PATHS = [path for path in GOLD
         if HAVE_CORPUS or not json.loads(path.read_text(encoding="utf-8"))["source"].startswith("corpus:")]


def test_every_gold_file_follows_the_rules() -> None:
    assert len(GOLD) >= 32 + 30
    for path in PATHS:
        load_gold(path)  # raises GoldError naming the file and the rule it breaks


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, dict[str, list[str]]]]:
    return {gold.path.name: {"found": s.found, "wrong": s.wrong} for gold, s in evaluate(PATHS)}


def test_no_gold_fact_found_before_is_lost(results: dict[str, dict[str, dict[str, list[str]]]]) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    lost, added = [], []
    for name, now in results.items():
        before = baseline.get(name)
        assert before is not None, f"{name} has no baseline: run python -m bench.accuracy --record"
        for metric, items in before["found"].items():
            lost += [f"{name} {metric}: {item}" for item in items if item not in now["found"].get(metric, [])]
        for metric, items in now["wrong"].items():
            added += [f"{name} {metric}: {item}" for item in items if item not in before["wrong"].get(metric, [])]
    assert not lost and not added, (
        "the extractor lost gold facts or added wrong ones (if intended, rerun python -m bench.accuracy "
        f"--record and say so):\nlost: {lost}\nadded: {added}")
