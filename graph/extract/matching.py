"""How alike a report's wording of a problem is to a plan's: the score of a text-match link.

A report repeats the plan's problem in its own shorter words (``关于“部分城市空气质量下降”问题``,
``余干、进贤、鄱阳三县部分采砂区与…产卵场保护区重叠``).  The score is the share of the shorter
text's character pairs (bigrams of Chinese characters, letters and digits) that the other has, once
the pairs of words every problem shares (``match.common`` of ``data/lexicon/cues.tsv``: 问题, 整改,
部分…) are left out: 1.0 when one text is contained in the other, near 0 for another problem.  The
threshold a link needs is chosen on a labelled set (``bench/link_match.py``).
"""

from __future__ import annotations

import re
from functools import cache

from graph.core.lexicon import cues

_KEPT = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")


@cache
def _common_pairs() -> frozenset[str]:
    return frozenset(word[i : i + 2] for word in cues("match.common") for i in range(len(word) - 1))


def bigrams(text: str) -> frozenset[str]:
    """The character pairs of ``text`` within runs of characters (no pair spans punctuation), less the common ones.

    >>> sorted(bigrams("鄱阳湖水质下降问题"))
    ['下降', '水质', '湖水', '质下', '鄱阳', '阳湖', '降问']
    """
    pairs = {run[i : i + 2] for run in _KEPT.findall(text) for i in range(len(run) - 1)}
    return frozenset(pairs - _common_pairs())


def problem_similarity(report: str, plan: str) -> float:
    """The share of the shorter wording's pairs the other has (0 when either has none).

    >>> round(problem_similarity("关于“鄱阳湖水质下降”问题", "对于鄱阳湖水质下降、稀土开采生态破坏等问题"), 2)
    1.0
    >>> problem_similarity("上饶市城区餐饮油烟扰民问题", "鄱阳湖上饶水域非法采砂屡禁不止") < 0.2
    True
    """
    a, b = bigrams(report), bigrams(plan)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
