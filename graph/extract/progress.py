"""Overall progress counts and accountability counts of a report.

Reports state where their tasks stand in several shapes::

    60项整改任务中已完成33项
    58项整改任务中,已有13项基本完成整改,38项按照序时进度有序推进,2项全面实施,5项尚未达到序时进度
    76个问题完成整改55个,达到序时进度并需持续推进的16个
    66项整改任务已完成37项,其余29项正加快推进
    …反馈问题中,有47项已完成整改、1项未完成,4项未达到序时进度        (parts only, no total)
    47项完成整改问题中已验收销号33项,未完成验收10项

Read within one sentence: a *total* is a count followed by what it counts (its subject must
end with a word of ``progress.subject``: 整改任务, 问题 …); each *part* is a count written
next to a status wording of ``statuses.tsv``, before it (已完成33项) or after it (13项基本完成).
A count followed by a noun (14个问题基本整改到位) names a new subject, not a part.  Parts
without a total are kept only after an uncounted subject (反馈问题中,有47项…), so counts of
other things (115个重点镇中…) are not read as progress.

Accountability: ``问责…人`` and ``对50个责任单位、77名责任人实施追责问责``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.core.lexicon import alternation, cues
from graph.extract.normalize import NormalText
from graph.extract.status import DONE_STATUSES, NO_STATUS, ONGOING, status_cues_in
from graph.records import AccountabilityCount, ProgressCount, ProgressStatus, StatusCount

_SENTENCE = re.compile(r"[^。;!?\n]+")
_SEPARATORS = ",、;:"
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"


@dataclass
class _Count:
    value: int
    start: int
    end: int  # after the classifier
    classifier: str


@cache
def _count_re() -> re.Pattern[str]:
    # (?<![\d.]) keeps 2019年 and 1.5 out; a classifier must follow the digits.
    return re.compile(rf"(?<![\d.])({_NUMBER})({alternation(cues('progress.classifier'))})")


@cache
def _subject_re() -> re.Pattern[str]:
    subjects = alternation(cues("progress.subject"))
    tails = alternation(cues("progress.subject_tail"))
    return re.compile(rf"[\u4e00-\u9fff]{{0,8}}?(?:{subjects})(?:{tails})?")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def find_progress_counts(ntext: NormalText) -> list[ProgressCount]:
    """Every overall count stated in the text, in text order."""
    text = ntext.text
    found: list[ProgressCount] = []
    for sentence in _SENTENCE.finditer(text):
        found.extend(_read_sentence(ntext, sentence.start(), sentence.end()))
    return found


def _read_sentence(ntext: NormalText, start: int, end: int) -> list[ProgressCount]:
    text = ntext.text
    counts = [
        _Count(_number(m.group(1)), m.start(), m.end(), m.group(2))
        for m in _count_re().finditer(text, start, end)
        if not text.startswith("年", m.end(1))
    ]
    results: list[ProgressCount] = []
    index = 0
    while index < len(counts):
        count = counts[index]
        subject = _subject_re().match(text, count.end, end)
        if subject is None or not subject.group(0):
            index += 1
            continue
        parts, index = _read_parts(text, counts, index + 1, subject.end(), end)
        if parts:
            results.append(_progress(ntext, count.value, count.start, subject.group(0), count.classifier, parts))
    if not results:
        results.extend(_parts_only(ntext, counts, start, end))
    return results


def _read_parts(
    text: str, counts: list[_Count], index: int, after: int, end: int
) -> tuple[list[tuple[ProgressStatus | None, int, int, int]], int]:
    """Parts following a total: ``(status, count, start, end)`` until a count that is no part."""
    parts: list[tuple[ProgressStatus | None, int, int, int]] = []
    while index < len(counts):
        count = counts[index]
        if _subject_re().match(text, count.end, end) and _starts_noun(text, count.end):
            break  # 14个问题…: a new subject
        before = _status_in(text, after, count.start, last=True)
        if before is not None:
            status, cue_start, _ = before
            parts.append((status, count.value, cue_start, count.end))
            after = count.end
        else:
            stop = _clause_end(text, count.end, counts[index + 1].start if index + 1 < len(counts) else end)
            following = _status_in(text, count.end, stop, last=False)
            if following is None:
                break
            status, _, cue_end = following
            parts.append((status, count.value, count.start, cue_end))
            after = stop
        index += 1
    return parts, index


def _starts_noun(text: str, at: int) -> bool:
    """Whether a noun (not a status wording or a separator) follows the count at ``at``."""
    if at >= len(text) or text[at] in _SEPARATORS or not "\u4e00" <= text[at] <= "\u9fff":
        return False
    return _status_in(text, at, min(len(text), at + 3), last=False) is None


def _clause_end(text: str, start: int, limit: int) -> int:
    for index in range(start, limit):
        if text[index] in _SEPARATORS:
            return index
    return limit


def _status_in(text: str, start: int, end: int, *, last: bool) -> tuple[ProgressStatus | None, int, int] | None:
    """The status wording between ``start`` and ``end`` (the last or the first), with its offsets."""
    segment = text[start:end]
    if last:
        cut = max(segment.rfind(ch) for ch in _SEPARATORS) + 1
        segment, start = segment[cut:], start + cut
    hits = [(s, e, status) for s, e, status in status_cues_in(segment) if status != ONGOING]
    if not hits:
        return None
    s, e, status = hits[-1] if last else hits[0]
    return (None if status == NO_STATUS else ProgressStatus(status)), start + s, start + e


def _parts_only(ntext: NormalText, counts: list[_Count], start: int, end: int) -> list[ProgressCount]:
    """Parts with no total, after an uncounted subject: …反馈问题中,有47项已完成整改、1项未完成."""
    text = ntext.text
    if not counts:
        return []
    subject_word = alternation(cues("progress.subject"))
    tail = alternation(cues("progress.subject_tail"))
    lead = re.search(rf"(?:{subject_word})(?:{tail})", text[start : counts[0].start])
    if lead is None:
        return []
    parts, _ = _read_parts(text, counts, 0, start + lead.end(), end)
    if not parts:
        return []
    first = counts[0]
    return [_progress(ntext, None, first.start, lead.group(0), first.classifier, parts)]


def _progress(
    ntext: NormalText,
    total: int | None,
    start: int,
    subject: str,
    classifier: str,
    parts: list[tuple[ProgressStatus | None, int, int, int]],
) -> ProgressCount:
    tails = cues("progress.subject_tail")
    for tail in sorted(tails, key=len, reverse=True):
        if subject.endswith(tail):
            subject = subject[: -len(tail)]
            break
    done_parts = [count for status, count, _, _ in parts if status in DONE_STATUSES - {ProgressStatus.SIGNED_OFF}]
    end = max(part_end for *_, part_end in parts)
    return ProgressCount(
        total=total,
        done=sum(done_parts) if done_parts else None,
        span=ntext.span(min(start, parts[0][2]), end),
        unit_word=classifier,
        subject=subject,
        parts=tuple(StatusCount(count, status, ntext.span(s, e)) for status, count, s, e in parts),
    )


# -- accountability -------------------------------------------------------------------


@cache
def _accountability_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verb = re.compile(alternation(cues("accountability.verb")))
    people = re.compile(rf"(?<![\d.])({_NUMBER})(?:{alternation(cues('accountability.people'))})")
    units = re.compile(rf"(?<![\d.])({_NUMBER})(?:{alternation(cues('accountability.units'))})")
    return verb, people, units


def find_accountability(ntext: NormalText) -> list[AccountabilityCount]:
    """Counts of people and units held accountable, one per sentence that states them."""
    text = ntext.text
    verb_re, people_re, units_re = _accountability_res()
    found: list[AccountabilityCount] = []
    for sentence in _SENTENCE.finditer(text):
        s_start, s_end = sentence.span()
        for verb in verb_re.finditer(text, s_start, s_end):
            # The counts stand in the verb's own clause: before it (对…77名责任人实施追责) or after it
            # (问责领导干部12人), never across a comma into another clause.
            begin = max(text.rfind(",", s_start, verb.start()) + 1, s_start)
            stop = text.find(",", verb.end(), s_end)
            stop = s_end if stop == -1 else stop
            people = people_re.search(text, begin, stop)
            units = units_re.search(text, begin, stop)
            if people is None and units is None:
                continue
            edges = [m.start() for m in (people, units) if m] + [verb.start()]
            ends = [m.end() for m in (people, units) if m] + [verb.end()]
            found.append(AccountabilityCount(
                people=_number(people.group(1)) if people else None,
                units=_number(units.group(1)) if units else None,
                span=ntext.span(min(edges), max(ends)),
            ))
            break
    return found
