"""Pathological documents for the hang detector: inputs shaped to make a scanner or a regex go quadratic.

Run as ``python -m fuzz.pathological [--chars N] [NAME ...]``: it extracts each case (all by default),
checks the invariants of :mod:`fuzz.invariants`, and prints ``start NAME`` before and ``done NAME
SECONDS OUTCOME`` after each, so that a watcher (``tests/fuzz/test_hangs.py``) can tell which case
hangs.  ``--chars`` sets the size of each case (default 200,000 characters, about 600 kB of UTF-8).

Each case was chosen against a construct of ``graph/extract``: a lookahead or a ``[…]+`` that a
search retries from every position, a scan of the rest of the text from every cue, a list lookup
inside a loop over the list.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A checklist up to its first 责任单位 field, so that what follows is read by the clause grammar.
HEAD = ("附:整改措施清单\n\n一、部分地方整改认识不足。\n\n整改目标:提高认识。\n\n整改时限:2017年底。\n\n"
        "整改措施:\n\n1、加强整改。\n\n")
CLAUSE = HEAD + "责任单位:"


def _seed() -> str:
    from fuzz.invariants import SAMPLES

    return (SAMPLES / "000_89c821903e6b9e73.txt").read_text(encoding="utf-8")


CASES: dict[str, Callable[[int], str]] = {
    # Long runs of one thing.
    "one-character": lambda n: "整" * n,
    "spaces": lambda n: "整改" + " " * n + "措施",
    "line-breaks": lambda n: "整改\n" * (n // 3),
    "carriage-returns": lambda n: "整改\r" * (n // 3),
    "digits": lambda n: "整改" + "1" * n,
    "chinese-numerals": lambda n: "整改" + "一二三四五六七八九十" * (n // 10) + "、关于",
    "masks": lambda n: "整改" + "*" * n + "府",
    "masked-words": lambda n: "整改" + "*府" * (n // 2),
    "dun-commas": lambda n: CLAUSE + "省环保厅" + "、" * n,
    "quotes": lambda n: "整改" + "“" * n,
    "pipes": lambda n: "整改" + "|" * n,
    # Parentheses: the pinyin lookahead scanned the rest of the text from every "(".
    "nested-parentheses": lambda n: CLAUSE + "(" * (n // 2) + ")" * (n // 2),
    "open-parentheses": lambda n: "整改" + "(" * n,
    "character-parentheses": lambda n: "整改" + "關(" * (n // 2),
    "pinyin": lambda n: "整改關(" + "guān " * (n // 5),
    # Lists: the clause grammar looked each bare institution up in the list of tokens.
    "unit-list": lambda n: CLAUSE + "、".join(["省环保厅", "宜春", "政府", "省发改委(牵头负责第1条)"] * (n // 40)),
    "bare-institutions": lambda n: CLAUSE + "、".join(["政府"] * (n // 3)),
    "bare-departments": lambda n: CLAUSE + "省教育厅、" + "、".join(["卫生健康委"] * (n // 6)),
    "he-list": lambda n: "整改由" + "和".join(["省环保厅"] * (n // 5)) + "负责",
    "measure-references": lambda n: CLAUSE + "省环保厅(牵头负责第" + "1、" * (n // 2) + "条)",
    "measure-range": lambda n: CLAUSE + "省环保厅(牵头负责第1-99999999999条)" + "。" * n,
    # Running text: every duty verb read the whole list before it; every 领办 its whole segment.
    "verbs-after-a-long-list": lambda n: "一、问题\n责任单位:"
    + "、".join(["省环保厅", "宜春", "政府", "省发改委(牵头负责第1条)"] * (n // 40)),
    "verbs": lambda n: HEAD + "省环保厅牵头" * (n // 6),
    "cases": lambda n: "骆惠宁书记领办整改" + "领办" * (n // 2),
    "case-digits": lambda n: "骆惠宁书记领办" + "1" * n,
    "group-set-ups": lambda n: "领导小组。" + "成立" * (n // 2),
    "posts": lambda n: "整改" + "省委书记、" * (n // 5),
    # Headings and fields.
    "headings": lambda n: "\n".join(["一、", "(一)", "1.", "⑴", "一是", "①", "第1项任务"][i % 7] + "整改"
                                    for i in range(n // 4)),
    "nested-headings": lambda n: "整改" + "".join(["一、", "(一)", "1.", "⑴", "一是", "①"][i % 6]
                                                  for i in range(n // 3)),
    "fifty-levels": lambda n: "\n".join("(" * (i % 50) + ["一、", "(一)", "1.", "⑴", "一是", "①"][i % 6] + "整改措施:"
                                        for i in range(n // 30)),
    "fields": lambda n: "整改目标:" * (n // 5),
    "table": lambda n: "序号|问题|整改目标|整改时限|整改措施|责任单位\n"
    + "1|问题|目标|2017年底|措施|省环保厅\n" * (n // 25),
    # Dates, counts and near misses of the grammar's patterns.
    "dates": lambda n: "整改" + "2017年" * (n // 5),
    "date-ranges": lambda n: "整改" + "2017年6月底至" * (n // 8),
    "number-dots": lambda n: "整改" + "1." * (n // 2),
    "unclosed-reference": lambda n: CLAUSE + "省环保厅(牵头负责第" + "1、" * (n // 2),
    "stripped-years": lambda n: "整改时限:" + "年底,6月底至" * (n // 8),
    "deadline-classes": lambda n: "整改" + "属于立行立改" * (n // 6),
    "about-headings": lambda n: "整改" + "一、关于" * (n // 4),
    "progress-counts": lambda n: "60项整改任务中已完成" * (n // 10),
    "thousands": lambda n: "整改问题" + "1,000," * (n // 6),
    "accountability": lambda n: "问责" + "1人" * (n // 2),
    "site-chrome": lambda n: "首页 > 新闻 > 正文\n" * (n // 12),
    "markup-residue": lambda n: "整改\n![](x)" + " |" * (n // 2) + "a",
    "spaced-words": lambda n: "整 改 " * (n // 4),
    # Real text at size.
    "seed-on-one-line": lambda n: (_seed().replace("\n", "") * (n // 15000 + 1))[:n],
    "seed-repeated": lambda n: (_seed() * (n // 15000 + 1))[:n],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000, help="size of each case in characters")
    parser.add_argument("names", nargs="*", help="cases to run (default: all)")
    args = parser.parse_args(argv)

    from fuzz.invariants import extract_text

    extract_text("整改")  # load the lexicons and gazetteer before the first case is timed
    for name in args.names or list(CASES):
        text = CASES[name](args.chars)
        print(f"start {name}", flush=True)
        began = time.perf_counter()
        doc = extract_text(text)
        outcome = "refused" if doc is None else f"{len(doc.problems)} issues, {len(doc.assignments)} assignments"
        print(f"done {name} {time.perf_counter() - began:.2f} {len(text)} chars: {outcome}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
