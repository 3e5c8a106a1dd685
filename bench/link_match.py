"""Text-match links on a labelled set: precision and recall per threshold, and the threshold chosen.

Run from the repository root::

    python -m bench.link_match

``bench/labelled/links/text_pairs.tsv`` holds report problems, each with the problem of the plan it
answers to (or none: a near miss, of the same place and kind of subject), and the plans' problems
(the Jiangxi seed plan's as extracted, and a written plan of 上饶市).  Every report problem is scored
against every problem of its plan (:func:`graph.extract.matching.problem_similarity`), and it is
linked to its best-scoring problem when the score reaches the threshold and leads the second best by
the margin (:data:`graph.link.TEXT_MARGIN`).  Printed: the pairs, precision and recall of the links
at each threshold, beside the explicit references' baseline of the same set (no link: a report that
names no task number gets none), and the lowest threshold whose precision is at least 0.95 over the
whole set and with one problem in three left out (the threshold ``graph.link.TEXT_THRESHOLD`` uses).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from graph.extract.document import extract_file
from graph.extract.matching import problem_similarity
from graph.link import TEXT_MARGIN, TEXT_THRESHOLD, best_match

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "labelled" / "links" / "text_pairs.tsv"
JIANGXI = ROOT / "data" / "samples" / "000_89c821903e6b9e73.txt"
THRESHOLDS = tuple(round(0.30 + 0.05 * step, 2) for step in range(14))  # 0.30 … 0.95


def load() -> tuple[dict[str, dict[str, str]], list[tuple[str, str, str]]]:
    """The plans' problems (plan -> code -> text) and the report problems (plan, gold code or "-", text)."""
    plans: dict[str, dict[str, str]] = defaultdict(dict)
    plans["jiangxi"] = {problem.code: problem.label for problem in extract_file(JIANGXI).problems}
    reports: list[tuple[str, str, str]] = []
    with open(PAIRS, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            kind, plan, code, text = line.rstrip("\n").split("\t")
            if kind == "plan":
                plans[plan][code] = text
            else:
                reports.append((plan, code, text))
    return plans, reports


def score(plans: dict[str, dict[str, str]], reports: list[tuple[str, str, str]],
          threshold: float) -> tuple[int, int, int]:
    """(right links, wrong links, report problems that should be linked) at ``threshold``."""
    right = wrong = 0
    for plan, gold, text in reports:
        found = best_match(text, plans[plan], threshold)
        if found is not None:
            if found[0] == gold:
                right += 1
            else:
                wrong += 1
    return right, wrong, sum(1 for _, gold, _ in reports if gold != "-")


def main() -> None:
    plans, reports = load()
    pairs = sum(len(plans[plan]) for plan, _, _ in reports)
    positives = sum(1 for _, gold, _ in reports if gold != "-")
    print(f"# text-match links: {len(reports)} report problems ({positives} with a plan problem, "
          f"{len(reports) - positives} near misses) against their plans' problems: {pairs} labelled pairs, "
          f"{positives} true; margin over the second best {TEXT_MARGIN}")
    print("baseline (explicit references only, the report texts name no task number): "
          f"precision -, recall 0.00 (0 of {positives})")
    print("| threshold | links | right | wrong | precision | recall |\n| ---: | ---: | ---: | ---: | ---: | ---: |")
    fit: list[tuple[float, float]] = []  # (threshold, recall) with precision >= 0.95 everywhere
    for threshold in THRESHOLDS:
        right, wrong, wanted = score(plans, reports, threshold)
        links = right + wrong
        precision = right / links if links else 1.0
        folds_ok = all(_fold_precision(plans, reports, threshold, fold) >= 0.95 for fold in range(3))
        if precision >= 0.95 and folds_ok:
            fit.append((threshold, right / wanted))
        print(f"| {threshold:.2f} | {links} | {right} | {wrong} | {precision:.2f} | {right / wanted:.2f} |")
    # The middle of the thresholds that reach the best recall at that precision: away from both edges,
    # the near misses below and the lost matches above, on a set this small.
    best = max((recall for _, recall in fit), default=0.0)
    plateau = [threshold for threshold, recall in fit if recall == best]
    chosen = round(plateau[len(plateau) // 2], 2) if plateau else None
    print(f"thresholds with precision >= 0.95 on the whole set and on each third left out, at the best recall "
          f"({best:.2f}): {plateau[0] if plateau else '-'} to {plateau[-1] if plateau else '-'}; chosen (the middle): "
          f"{chosen}; graph.link uses {TEXT_THRESHOLD}")
    for plan, gold, text in reports:
        scores = sorted(((problem_similarity(text, t), c) for c, t in plans[plan].items()), reverse=True)
        found = best_match(text, plans[plan], TEXT_THRESHOLD)
        if (found[0] if found else "-") != gold:
            print(f"  at {TEXT_THRESHOLD}: {text[:30]} gold {gold}, linked {found[0] if found else '-'}, "
                  f"best {scores[0][1]} {scores[0][0]:.2f}, second {scores[1][1]} {scores[1][0]:.2f}")


def _fold_precision(plans: dict[str, dict[str, str]], reports: list[tuple[str, str, str]], threshold: float,
                    fold: int) -> float:
    """Precision with every third report problem from ``fold`` on left out (no threshold fits one sample only)."""
    kept = [r for index, r in enumerate(reports) if index % 3 != fold]
    right, wrong, _ = score(plans, kept, threshold)
    return right / (right + wrong) if right + wrong else 1.0


if __name__ == "__main__":
    main()
