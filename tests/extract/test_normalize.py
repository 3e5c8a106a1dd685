"""Tests for offset-preserving normalisation (graph.extract.normalize).

Throughput is not a timed test; to measure it by hand::

    import time
    from pathlib import Path
    from graph.extract.normalize import normalize_text

    def bench(megabytes: float = 4.0) -> float:
        '''Return MB/s of normalize_text on the seed documents repeated.'''
        seed = "".join(p.read_text(encoding="utf-8") for p in sorted(Path("data/samples").glob("*.txt")))
        text = seed * max(1, int(megabytes * 1e6 / len(seed.encode())))
        t0 = time.perf_counter()
        normalize_text(text)
        return len(text.encode()) / 1e6 / (time.perf_counter() - t0)
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.errors import DutygraphError
from graph.extract.normalize import NormalText, load_masks, normalize_text
from graph.resources import asset_path

SAMPLES = Path(asset_path("data", "samples"))


def _sample(prefix: str) -> str:
    """Return the decoded text of the seed document whose name starts with ``prefix``."""
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _check_offsets(nt: NormalText) -> None:
    """Assert the invariants every NormalText keeps."""
    assert len(nt.offsets) == len(nt.text) + 1
    assert nt.offsets[-1] == len(nt.original)
    assert all(a < b for a, b in zip(nt.offsets, nt.offsets[1:], strict=False))


def _check_slices(nt: NormalText, rounds: int = 2000, seed: int = 7) -> None:
    """Property loop: any normalised slice maps to an exact slice of the original."""
    rng = random.Random(seed)
    n = len(nt.text)
    for _ in range(rounds):
        i = rng.randrange(n + 1)
        j = rng.randrange(i, min(n, i + 40) + 1)
        span = nt.span(i, j)
        assert nt.original[span.start : span.end] == span.text
        assert (
            span.line
            == nt.original.count("\n", 0, span.start)
            + nt.original.count("\r", 0, span.start)
            - nt.original.count("\r\n", 0, span.start)
            + 1
        )
        if j > i:
            # Normalising the original slice again gives back the normalised slice.
            assert normalize_text(span.text, masks={}).text == nt.text[i:j]


# --- masks -------------------------------------------------------------------


def test_seed_003_restores_masked_characters() -> None:
    original = _sample("003")
    nt = normalize_text(original)
    _check_offsets(nt)
    by_text = {(r.span.text, r.restored) for r in nt.restorations}
    assert ("*府", "政府") in by_text
    assert ("**同责", "党政同责") in by_text
    assert ("**领导", "党政领导") in by_text
    assert ("行*处罚", "行政处罚") in by_text
    assert ("*标车", "黄标车") in by_text
    assert ("财*", "财政") in by_text
    assert ("*策", "政策") in by_text
    for r in nt.restorations:
        assert original[r.span.start : r.span.end] == r.span.text
        # Restoration is one-to-one, so the normalised text holds the restored word at the same place.
        i = nt.to_normal(r.span.start)
        assert nt.text[i : i + len(r.restored)] == r.restored
    assert "山西省委、省政府高度重视" in nt.text
    assert "环境保护“党政同责、一岗双责" in nt.text
    assert "各级党委、政府将环境保护目标任务" in nt.text
    first = nt.restorations[0]
    assert (first.span.text, first.span.line) == ("*府", 2)
    assert [r.span.start for r in nt.restorations] == sorted(r.span.start for r in nt.restorations)


def test_seed_000_unknown_masks_stay() -> None:
    original = _sample("000")
    nt = normalize_text(original)
    _check_offsets(nt)
    assert nt.restorations == ()
    assert "深入*有关生态文明建设" in nt.text
    assert "认真贯彻落实*、国务院" in nt.text
    assert nt.text.count("*") == original.count("*")


def test_mask_patterns_need_a_whole_run_of_masks() -> None:
    # *府 must not fire inside **府 (no entry), **同责 must not be split.
    nt = normalize_text("某**府、**同责、*府")
    assert nt.text == "某**府、党政同责、政府"
    assert [(r.span.text, r.restored) for r in nt.restorations] == [("**同责", "党政同责"), ("*府", "政府")]
    nt = normalize_text("财**支持")
    assert nt.restorations == ()


def test_longest_mask_wins() -> None:
    nt = normalize_text("以**主要领导为组长,**领导干部")
    assert nt.text == "以党政主要领导为组长,党政领导干部"
    assert [r.span.text for r in nt.restorations] == ["**主要领导", "**领导"]


def test_adjacent_masks_and_full_width_asterisk() -> None:
    original = "各级＊委、*府和*委*府"
    nt = normalize_text(original)
    assert nt.text == "各级党委、政府和党委政府"
    spans = [r.span for r in nt.restorations]
    assert [s.text for s in spans] == ["＊委", "*府", "*委", "*府"]
    assert all(original[s.start : s.end] == s.text for s in spans)


def test_restored_in() -> None:
    nt = normalize_text("山西省委、省*府高度重视,坚持*治任务")
    i = nt.text.index("政府")
    assert nt.restored_in(i, i + 2)
    assert nt.restored_in(0, i + 1)
    assert nt.restored_in(i + 1, i + 5)
    assert not nt.restored_in(0, i)
    assert not nt.restored_in(i + 2, i + 6)
    j = nt.text.index("政治")
    assert nt.restored_in(j, len(nt.text))
    assert not nt.restored_in(j, j)
    assert not normalize_text("没有遮盖").restored_in(0, 4)


def test_custom_masks_are_checked() -> None:
    assert normalize_text("*府", masks={}).text == "*府"
    with pytest.raises(DutygraphError):
        normalize_text("*府", masks={"*府": "政府机关"})
    with pytest.raises(DutygraphError):
        normalize_text("*府", masks={"*府": "政厅"})


def test_mask_lexicon_is_longest_first() -> None:
    lengths = [len(m) for m, _ in load_masks()]
    assert lengths == sorted(lengths, reverse=True)
    assert ("*府", "政府") in load_masks()


# --- width, spaces, line ends --------------------------------------------------


def test_full_width_forms_fold_and_map_back() -> None:
    original = "责任单位:省环保厅（牵头负责第１条），省发改委；时限：２０１７年。"
    nt = normalize_text(original)
    assert nt.text == "责任单位:省环保厅(牵头负责第1条),省发改委;时限:2017年。"
    i = nt.text.index("(")
    j = nt.text.index(")") + 1
    span = nt.span(i, j)
    assert span.text == "（牵头负责第１条）"
    assert original[span.start : span.end] == span.text
    digit = nt.text.index("1")
    assert nt.span(digit, digit + 1).text == "１"
    _check_offsets(nt)


def test_chinese_punctuation_is_kept() -> None:
    text = "各设区市、县。“江西样板”《整改方案》"
    assert normalize_text(text).text == text


def test_spaces_and_zero_width() -> None:
    original = "省\u3000\u3000环保厅\u00a0\t 负责\u200b政\u200d府\u2060。"
    nt = normalize_text(original)
    assert nt.text == "省 环保厅 负责政府。"
    i = nt.text.index("政府")
    assert nt.span(i, i + 2).text == "政\u200d府"
    j = nt.text.index("负责")
    assert nt.span(j, j + 2).text == "负责"  # the dropped ZWSP after it stays outside
    _check_offsets(nt)
    _check_slices(nt, rounds=500)


def test_bom_and_crlf_keep_offsets() -> None:
    original = (
        "\ufeff整改时限:立行立改。\r\n\r\n整改措施:\r\n1、到２０１７年底，完成。\r第二行\n第三行  \u3000末尾"
    )
    nt = normalize_text(original)
    assert nt.text == "整改时限:立行立改。\n\n整改措施:\n1、到2017年底,完成。\n第二行\n第三行 末尾"
    assert nt.offsets[0] == 1  # the BOM is gone, its index is not reused
    _check_offsets(nt)
    i = nt.text.index("整改措施")
    span = nt.span(i, i + 4)
    assert (span.text, span.line) == ("整改措施", 3)
    k = nt.text.index("第二行")
    assert nt.span(k, k + 3).line == 5
    assert nt.span(k, k + 3).text == "第二行"
    nl = nt.text.index("\n")
    assert nt.span(nl, nl + 1).text == "\r\n"
    _check_slices(nt)


def test_property_slices_of_seed_documents_with_noise() -> None:
    rng = random.Random(3)
    noise = ["\r\n", "\u3000", "  ", "\u200b", "\ufeff", "\t", "＊", "（", "１"]
    for prefix in ("000", "003"):
        base = _sample(prefix)[:6000]
        chars = list(base)
        for _ in range(400):
            chars.insert(rng.randrange(len(chars)), rng.choice(noise))
        original = "\ufeff" + "".join(chars)
        nt = normalize_text(original, masks={})
        _check_offsets(nt)
        _check_slices(nt, rounds=1500, seed=len(original))
        # The same text with masks restored keeps the same offsets.
        assert normalize_text(original).offsets == nt.offsets


def test_empty_and_span_bounds() -> None:
    nt = normalize_text("")
    assert (nt.text, list(nt.offsets)) == ("", [0])
    assert nt.span(0, 0).text == ""
    nt = normalize_text("\ufeff\u200b")
    assert nt.text == ""
    assert list(nt.offsets) == [2]
    with pytest.raises(IndexError):
        normalize_text("abc").span(2, 5)
