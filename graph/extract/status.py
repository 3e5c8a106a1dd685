"""Where a problem stands: status phrases (已完成整改, 正在推进整改, 已经完成,长期坚持).

The cues and the status each states are data (``data/lexicon/statuses.tsv``).  A phrase is
scanned left to right, the longest cue winning at each place, so 未达到序时进度 is read as
behind and not as 达到序时进度, and 未完成验收 (a sign-off wording) blocks 完成.  A completion
followed by a keeping-up cue (长期坚持) is ``completed_ongoing``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from graph.core.lexicon import alternation, cues, table_rows
from graph.extract.deadlines import load_deadline_cues
from graph.records import ProgressStatus

ONGOING = "ongoing"
NO_STATUS = "none"
_COMPLETIONS = (ProgressStatus.COMPLETED, ProgressStatus.BASICALLY_COMPLETED)
DONE_STATUSES = frozenset({ProgressStatus.COMPLETED, ProgressStatus.COMPLETED_ONGOING,
                           ProgressStatus.BASICALLY_COMPLETED, ProgressStatus.SIGNED_OFF})


@cache
def load_status_cues() -> tuple[tuple[str, str], ...]:
    """``(cue, status)`` rows of ``statuses.tsv``, longest cue first."""
    rows = {cue: status for cue, status in table_rows("statuses", "cue<TAB>status", _status_problem)}
    return tuple(sorted(rows.items(), key=lambda row: (-len(row[0]), row[0])))


_STATUS_WORDS = frozenset({status.value for status in ProgressStatus} | {ONGOING, NO_STATUS})


def _status_problem(row: tuple[str, ...]) -> str | None:
    """What is wrong with one row of ``statuses.tsv``, if anything."""
    return None if row[1] in _STATUS_WORDS else f"unknown status {row[1]!r}"


def status_cues_in(text: str) -> Iterator[tuple[int, int, str]]:
    """Every cue in ``text`` as ``(start, end, status)``, longest first at each place, not overlapping."""
    rows = load_status_cues()
    index = 0
    while index < len(text):
        for cue, status in rows:
            if text.startswith(cue, index):
                yield index, index + len(cue), status
                index += len(cue)
                break
        else:
            index += 1


def read_status(text: str) -> ProgressStatus | None:
    """The status a phrase states, or None.

    >>> read_status("已经完成,长期坚持。")
    <ProgressStatus.COMPLETED_ONGOING: 'completed_ongoing'>
    >>> read_status("5项尚未达到序时进度")
    <ProgressStatus.BEHIND: 'behind'>
    >>> read_status("未完成验收10项") is None
    True
    """
    found = [status for _, _, status in status_cues_in(text)]
    statuses = [ProgressStatus(s) for s in found if s not in (ONGOING, NO_STATUS)]
    if not statuses:
        return None
    if ProgressStatus.SIGNED_OFF in statuses:
        return ProgressStatus.SIGNED_OFF  # 已完成整改,已验收销号: signed off implies done
    if ONGOING in found and statuses[0] in _COMPLETIONS:
        return ProgressStatus.COMPLETED_ONGOING
    return statuses[0]


def has_status_wording(text: str) -> bool:
    """Whether ``text`` holds any cue of the lexicon, ``none`` wordings included (未完成验收)."""
    return any(status != ONGOING for _, _, status in status_cues_in(text))


def only_status(text: str) -> ProgressStatus | None:
    """The status of a phrase that says nothing else: 已完成, 已经完成,长期坚持; not 持续推进大气污染防治.

    With the status wordings and 整改 taken out, at most two characters may be left.
    """
    status = read_status(text)
    if status is None:
        return None
    rest = text
    for cue, _ in load_status_cues():
        rest = rest.replace(cue, "")
    rest = re.sub(r"[,、;。.\s]|整改", "", rest)
    return status if len(rest) <= 2 else None


@cache
def _trailing_field_re() -> re.Pattern[str]:
    names = alternation(cues("field.status"))
    return re.compile(rf"(?:^|(?<=[。;,\s]))(?:{names})\s*:\s*(?P<value>[^。;:\n]*)$")


def trailing_status(text: str) -> tuple[int, int, ProgressStatus] | None:
    """A status written at the end of a measure, where it starts and ends in ``text``, and the status.

    ``开展排查。(已完成)``, ``开展排查(完成情况:正在推进)``, ``开展排查。完成情况:已完成``.
    """
    end = len(text.rstrip(" 。;,.\n"))
    body = text[:end]
    if body.endswith(")"):
        open_at = body.rfind("(")
        inner = body[open_at + 1 : -1]
        field = _trailing_field_re().match(inner)
        # A plan closes measures with their deadline kind (持续推进), which is no progress.
        kinds = load_deadline_cues().kind_regex()
        status = only_status(field.group("value") if field else inner)
        if open_at > 0 and status is not None and (field or not kinds.search(inner)):
            return open_at, end, status
        return None
    field = _trailing_field_re().search(body)
    if field and field.start() > 0:
        status = only_status(field.group("value"))
        if status is not None:
            return field.start(), end, status
    return None
