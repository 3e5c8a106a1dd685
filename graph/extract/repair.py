"""Find the damage that republished documents carry, as edits for the normaliser to apply.

Each ``find_*`` function looks at one kind of damage in a text and returns where
to delete characters, where to insert a line break, or (for traditional
characters) a same-length replacement text.  The functions never change the
text themselves: :func:`graph.extract.normalize.normalize_text` applies the
edits and keeps the map from every normalised character back to the original,
so facts read from the repaired text still quote the text as published.

Cue words (site chrome, counters written after numbers, checklist field names)
are data in ``data/lexicon/``; only the shapes of page markers, chunk markers,
numbered list items and pinyin syllables are written here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from opencc import OpenCC

from graph.core.lexicon import alternation, cue_rows, cue_table, word_list
from graph.core.numerals import chinese_to_int

__all__ = [
    "Edits",
    "broken_rows",
    "find_broken_rows",
    "find_chrome",
    "find_chunk_markers",
    "find_pinyin_garbage",
    "find_punctuation_breaks",
    "find_run_on_lists",
    "find_spaced_words",
    "find_wrapped_lines",
    "is_page_marker",
    "opens_item",
    "simplify_traditional",
    "starts_item",
]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
# A sentence may go on after a line that ends in one of these (or in a hanzi or digit).
_MID_SENTENCE_END = ",、"
_SENTENCE_END = "。;:!?…"
# Marks that never start a line of a well-formed document: a line break before
# them is damage (a converter that broke the line before every punctuation mark).
_CLOSING = ",。、;:!?)》」』”’…"
_OPENING = "(《「『“‘"


@dataclass
class Edits:
    """Edits found in a text, in that text's coordinates.

    ``deletions`` are ``(kind, start, end)`` ranges to drop; ``breaks`` are
    ``(kind, index)``: put a line break before ``text[index]``, replacing the
    space there if ``text[index - 1]`` is one.
    """

    deletions: list[tuple[str, int, int]] = field(default_factory=list)
    breaks: list[tuple[str, int]] = field(default_factory=list)


# --- lines -------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every line of ``text``, without its ``\\n``."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def _is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


def _ends_mid_sentence(line: str) -> bool:
    """Whether a sentence may run on after ``line`` (its last mark is no full stop)."""
    stripped = line.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    return last in _MID_SENTENCE_END or last.isdigit() or _is_han(last)


# --- pinyin garbage ------------------------------------------------------------

# Some sites run their text through a converter that annotates characters with
# their reading and then lose the annotation markup, leaving 關(guān)于.  No
# library undoes this (pinyin tools go from hanzi to pinyin), and the shape is
# narrow enough to write by hand: one to four Latin syllables in parentheses, at
# least one vowel carrying a tone mark, right after a character.  Pinyin without
# tone marks is left alone: (PM), (a), (ISO) are real text.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = f"[a-zA-Zü{_TONED}]{{1,6}}"
# The tone-mark lookahead reaches no further than the longest match (4 syllables of 6 and 3
# spaces): unbounded, it rescanned the rest of the text from every "(" and went quadratic.
_PINYIN_RE = re.compile(rf"(?<=\S)\((?=[^)]{{0,26}}[{_TONED}])(?:{_SYLLABLE})(?: {_SYLLABLE}){{0,3}}\)")


# What a converter leaves for a character it could not write (整改?,F(xiàn)将 for 整改。现将):
# a few ASCII marks between the character before and the pinyin of the lost one.
_LOST_CHARACTER = re.compile(rf"(?<=[{_HAN}])[?,.;:A-Za-z]{{1,4}}$")


def find_pinyin_garbage(text: str) -> Edits:
    """Find parenthesised, tone-marked pinyin left after characters (``關(guān)于``).

    Pinyin after ASCII marks annotates a character the converter lost (``?,F(xiàn)``): the
    marks go with it, since nothing of the character is left to keep.
    """
    deletions: list[tuple[str, int, int]] = []
    for m in _PINYIN_RE.finditer(text):
        start = m.start()
        if not _is_han(text[start - 1]):
            lost = _LOST_CHARACTER.search(text, max(0, start - 5), start)
            start = lost.start() if lost else start
        deletions.append(("pinyin", start, m.end()))
    return Edits(deletions=deletions)


# --- traditional characters ---------------------------------------------------


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def simplify_traditional(text: str) -> str:
    """Return ``text`` with traditional characters converted to simplified, at the same length.

    OpenCC's ``t2s`` converts phrase by phrase first (乾隆 stays, 乾淨 -> 干净),
    which is more accurate than a character table, and almost every phrase it
    knows keeps its length.  Offsets must survive, so the phrase-level result is
    taken only where a line keeps its length; a line whose length would change
    is converted one character at a time instead (each character is its own
    line in the call, so no phrase can span two of them), which is always
    one-to-one.  Simplified text passes through unchanged: ``t2s`` leaves
    simplified characters (显著, 于, 后) as they are.
    """
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        phrase: str = _t2s().convert(line)
        if len(phrase) == len(line):
            out.append(phrase)
            continue
        chars: list[str] = _t2s().convert("\n".join(line)).split("\n")
        out.append("".join(c if len(c) == 1 else o for c, o in zip(chars, line, strict=True)))
    return "\n".join(out)


# --- site chrome and page markers -------------------------------------------------

# Page markers are shapes, not words: ― 2 ―, - 3 -, —3—, 第2页, 第 2 页 共 10 页,
# 第1页 / 共61页, 3 / 61, and the thumbnail captions of document-sharing sites
# (标题_第1页).
_DASH = "-—―–‒─"
_PAGE_RES = (
    re.compile(rf"^[{_DASH}]+ ?\d{{1,4}} ?[{_DASH}]+$"),
    re.compile(r"^第 ?\d{1,4} ?页(?: ?[/,,]? ?共 ?\d{1,4} ?页)?$"),
    re.compile(r"^\d{1,4} ?/ ?(?:共 ?)?\d{1,4}(?: ?页)?$"),
    re.compile(r"^\S.{0,79}_第\d{1,4}页$"),
)
# Separators between the items of a menu or breadcrumb.
_SEPARATORS = re.compile(r"\s*(?:->|>>|=>|[>»→|/·•]|(?<=\s)-(?=\s))\s*|\s+")
# Not "|": a table flattened into text separates its cells (序号|问题|整改目标) with it.
_NAV_SEPARATORS = re.compile(r" - | > | » | → ")
_CRUMB_SEPARATORS = (">", "»", "→", "|", " / ", " - ")
# What is left of markup a site converted badly: "![]() |", "|".
_MARKUP_RESIDUE = re.compile(r"^(?:!\[[^\]]*\]\([^)]*\)\s*)*[|\s]*$")


@dataclass(frozen=True)
class ChromeLexicon:
    """The cue words of ``data/lexicon/site_chrome.tsv``."""

    cues: tuple[str, ...]
    meta: re.Pattern[str]
    meta_strong: frozenset[str]
    menu: frozenset[str]
    crumbs: tuple[str, ...]
    end: tuple[str, ...]


@cache
def chrome_lexicon() -> ChromeLexicon:
    """Load ``data/lexicon/site_chrome.tsv``."""
    cue, meta, meta_strong, menu, crumb, end = cue_rows("site_chrome", "cue", "meta", "meta.strong", "menu",
                                                       "crumb", "end")
    return ChromeLexicon(
        cues=cue,
        meta=re.compile(rf"(?:{alternation(meta)}) ?:"),
        meta_strong=frozenset(meta_strong),
        menu=frozenset(menu),
        crumbs=crumb,
        end=end,
    )


def is_page_marker(line: str) -> bool:
    """Whether a stripped line is a page marker (``― 2 ―``, ``第2页``, ``第1页 / 共61页``)."""
    return any(p.match(line) for p in _PAGE_RES)


def _is_chrome(line: str, lex: ChromeLexicon) -> bool:
    """Whether a stripped line is site chrome (see ``data/lexicon/site_chrome.tsv``)."""
    if _MARKUP_RESIDUE.match(line):
        return True
    if "。" in line or len(line) > 160:
        return False
    if any(cue in line for cue in lex.cues):
        return True
    keys = list(lex.meta.finditer(line))
    if keys and keys[0].start() == 0:
        first = keys[0].group().rstrip(": ")
        if len(keys) >= 2 or first in lex.meta_strong:
            return True
    tokens = [t for t in _SEPARATORS.split(line) if t]
    if len(tokens) >= 2 and all(t in lex.menu for t in tokens):
        return True
    if any(word in line for word in lex.crumbs) and any(sep in line for sep in _CRUMB_SEPARATORS):
        return True
    # A menu whose items are not in the lexicon: four or more short items with an
    # explicit separator and no sentence punctuation (化工网 - 产品 - 企业 - 商机).
    items = [t.strip() for t in _NAV_SEPARATORS.split(line) if t.strip()]
    return len(items) >= 4 and all(len(t) <= 8 for t in items) and not any(p in line for p in ",;、")


def _is_end_cue(line: str, lex: ChromeLexicon) -> bool:
    return len(line) <= 30 and "。" not in line and line.startswith(lex.end)


def _reads_as_body(line: str) -> bool:
    """Whether a line after a related-articles cue is text again rather than a list of titles."""
    return len(line) >= 40 and any(p in line for p in "。,;")


def find_chrome(text: str) -> Edits:
    """Find lines of site chrome and page markers; empty them, or join a page-split sentence.

    A chrome line loses its content but keeps its line break.  A page marker
    that splits a sentence (the line before it runs on, the line after it
    continues) is removed with the line breaks around it, so the sentence is
    whole again.
    """
    lex = chrome_lexicon()
    lines = list(_lines(text))
    kinds: list[str | None] = []
    # After a related-articles cue in the second half of the text, short lines are
    # the titles it lists.  (上一篇/下一篇 at the top of a page open no such list.)
    tail = False
    for start, end in lines:
        line = text[start:end].strip()
        kind: str | None = None
        if not line:
            kinds.append(None)
            continue
        if tail and not _reads_as_body(line):
            kind = "chrome"
        elif is_page_marker(line):
            kind = "page-marker"
        elif _is_chrome(line, lex) or _is_end_cue(line, lex):
            kind = "chrome"
        opens_list = kind == "chrome" and _is_end_cue(line, lex) and start > len(text) // 2
        tail = (tail and kind is not None) or opens_list
        kinds.append(kind)
    edits = Edits()
    for index, ((start, end), kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind is None or start == end:
            continue
        if kind == "page-marker":
            joined = _page_join(text, lines, kinds, index)
            if joined is not None:
                edits.deletions.append(("page-marker", *joined))
                continue
        edits.deletions.append((kind, start, end))
    return edits


def _page_join(text: str, lines: list[tuple[int, int]], kinds: list[str | None], index: int) -> tuple[int, int] | None:
    """The range to delete to join the sentence a page marker splits, if it splits one."""
    before = index - 1
    while before >= 0 and (kinds[before] is not None or not text[slice(*lines[before])].strip()):
        before -= 1
    after = index + 1
    while after < len(lines) and (kinds[after] is not None or not text[slice(*lines[after])].strip()):
        after += 1
    if before < 0 or after >= len(lines):
        return None
    prev = text[slice(*lines[before])].rstrip()
    nxt = text[slice(*lines[after])].lstrip()
    if len(prev.strip()) < 20 or not _ends_mid_sentence(prev) or not _is_han(nxt[0]):
        return None
    if starts_item(nxt):
        return None
    prev_end = lines[before][0] + len(prev)
    next_start = lines[after][1] - len(nxt)
    return prev_end, next_start


# --- lines wrapped at a fixed width -----------------------------------------------------

# Text copied out of a PDF (or a fixed-width text export) keeps the page's line breaks: every
# line of a paragraph but its last is as wide as the page, and the breaks fall inside sentences,
# numbers and names (省政府办\n公厅).  Widths are measured in ems, as the page set them: a CJK or
# full-width character is one, any other half.
_MIN_WRAP_WIDTH = 16.0  # narrower than this, equal lines are a list of short items, not a page's width
_WRAP_SLACK = 1.0  # a full line stops short of the width when the next character was too wide to fit
_WRAP_SLACK_MID_SENTENCE = 2.5  # ... or more, when line breaking moved punctuation and its neighbour on
_WRAPPED_SHARE = 0.2  # of the lines up to the width, at least this many must reach it
_MID_SENTENCE_SHARE = 0.6  # of the lines that reach it, at least this many must stop mid-sentence
_STRAY_LONGER = 0.05  # lines longer than the width (an unwrapped line of chrome) the width allows


def _ems(line: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in line)


def _stops_mid_sentence(line: str) -> bool:
    return line.rstrip("”’」』)》")[-1:] not in _SENTENCE_END


def _wrap_width(lines: list[str]) -> float | None:
    """The width in ems at which the lines were wrapped, or None when they were not.

    Wrapped text has a width that almost no line exceeds, that a good share of its lines reach,
    and most of those that reach it stop mid-sentence, wherever the width fell.  The lines of a
    text that was not wrapped end where their paragraphs do, at a full stop, and at no common width.
    Each candidate width is counted with bisections over the sorted widths: a long document has
    many lines and many distinct widths.
    """
    measured = sorted((width, _stops_mid_sentence(line)) for line in lines
                      if (width := _ems(line)) >= _MIN_WRAP_WIDTH)
    if len(measured) < 4:
        return None
    widths = [w for w, _ in measured]
    mid_before = [0]  # mid_before[i]: lines among the i narrowest that stop mid-sentence
    for _, mid in measured:
        mid_before.append(mid_before[-1] + mid)
    best: tuple[int, float] | None = None
    for width in sorted({math.ceil(w * 2) / 2 for w in widths}):
        upto = bisect_right(widths, width)
        if len(widths) - upto > max(2, _STRAY_LONGER * len(widths)):
            continue
        low = bisect_left(widths, width - _WRAP_SLACK)
        full, stopped_mid = upto - low, mid_before[upto] - mid_before[low]
        if full >= max(3, _WRAPPED_SHARE * upto) and stopped_mid >= _MID_SENTENCE_SHARE * full \
                and (best is None or full > best[0]):
            best = (full, width)
    return best[1] if best else None


def find_wrapped_lines(text: str) -> Edits:
    """Find the line breaks of text wrapped at a fixed width, and join the lines they broke.

    When the text has such a width (see :func:`_wrap_width`), a line that reaches it runs on
    into the next line unless that one is blank, indented (a paragraph's first line) or opens a
    numbered item or a checklist field; a line ending mid-sentence may stop a little shorter.
    """
    lines = list(_lines(text))
    contents = [text[start:end].rstrip() for start, end in lines]
    width = _wrap_width(contents)
    if width is None:
        return Edits()
    edits = Edits()
    for index, line in enumerate(contents[:-1]):
        following = contents[index + 1]
        if not line.strip() or not following.strip() or following[:1].isspace():
            continue
        slack = _WRAP_SLACK_MID_SENTENCE if _stops_mid_sentence(line) else _WRAP_SLACK
        if _ems(line) < width - slack or opens_item(line, following):
            continue
        # Only the line break goes: a space left hanging at the end of the line stays a space.
        edits.deletions.append(("wrapped-line", lines[index][1], lines[index][1] + 1))
    return edits


# --- table rows broken across lines -------------------------------------------------------

# A table flattened into text writes a row per line, its cells between ``|``; a line break inside
# a cell (a hard break in the cell, or a page's width wrapping a long row) leaves the row's first
# cells on one line and the rest on the next, where they read as a row of their own.
_ROW_LINES_AHEAD = 3  # a broken row is whole again within this many lines, or it is no broken row


def _cells(line: str) -> int:
    """How many cells a line flattened with ``|`` holds: ``a | b |`` and ``a | b`` two, ``a | ||`` three."""
    pieces = line.strip().split("|")
    return len(pieces) - 1 if len(pieces) > 1 and not pieces[-1].strip() else len(pieces)


def broken_rows(lines: list[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``: line ``i`` runs on into line ``j``, the next line that is not blank: parts of a broken row.

    The table's width is the most cells a line of the text holds (at least three); a line with
    fewer cells that contains a ``|`` runs on into the lines after it when together, a cell broken
    in two counted once, they make up exactly that width, within :data:`_ROW_LINES_AHEAD` lines
    (blank lines between them aside: a text laid out with a blank line after every line has one
    inside the cell too).
    """
    counts = [_cells(line) if line.count("|") >= 1 else 0 for line in lines]
    width = max(counts, default=0)
    if width < 3:
        return []
    filled = [index for index, line in enumerate(lines) if line.strip()]
    joins: list[tuple[int, int]] = []
    at = 0
    while at < len(filled):
        first = filled[at]
        if not 1 < counts[first] < width:
            at += 1
            continue
        total, end = counts[first], at
        while total < width and end + 1 < len(filled) and end - at < _ROW_LINES_AHEAD:
            end += 1
            total += max(counts[filled[end]], 1) - 1
        if total == width:
            joins.extend(zip(filled[at:end], filled[at + 1:end + 1], strict=True))
            at = end + 1
        else:
            at += 1
    return joins


def find_broken_rows(text: str) -> Edits:
    """Find the line breaks inside the cells of a table flattened into text (see :func:`broken_rows`)."""
    lines = list(_lines(text))
    joins = broken_rows([text[start:end] for start, end in lines])
    return Edits(deletions=[("broken-row", lines[i][1], lines[j][0]) for i, j in joins])


# --- chunk markers ------------------------------------------------------------------

# Document-sharing sites cut a document into chunks of a few hundred characters
# and number them at the start of a line, wherever the cut falls: "部\n2、署整改".
_CHUNK_RE = re.compile(r"(\d{1,3})、")
_CHUNK_MIN = 100  # every chunk but the last is at least this long
_CHUNK_FIRST_WITHIN = 3  # the first chunk starts the document (after its title, at most)
_COUNTING_BEFORE = "第共约近达超逾"  # 第1批, 共7次: a number after these counts something


def find_chunk_markers(text: str) -> Edits:
    """Find page-split chunk markers (``1、`` ``2、`` … at line starts, cutting sentences).

    A series counts only when its first marker opens the document (chrome
    aside), it runs 1, 2, 3 …, every marker after the first follows a line that
    stops mid-sentence, and every chunk but the last is long.  Numbered measures
    inside the chunks (which end their sentences) are passed over.  The first
    marker is dropped; each later one is dropped with the line break before it,
    which joins the cut sentence again.
    """
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    series: list[tuple[int, int, int]] = []  # (line index, marker start, marker end)
    for index, (start, _) in enumerate(lines):
        m = _CHUNK_RE.match(text, start)
        if m is None:
            continue
        number = int(m.group(1))
        if not series:
            if number == 1 and index < _CHUNK_FIRST_WITHIN:
                series.append((index, m.start(), m.end()))
        elif number == len(series) + 1 and _chunk_continues(text, lines, series[-1], index):
            series.append((index, m.start(), m.end()))
    if len(series) < 2:
        return Edits()
    _, first_start, first_end = series[0]
    edits = Edits(deletions=[("chunk-marker", first_start, first_end)])
    for index, _, marker_end in series[1:]:
        prev_start, prev_end = lines[index - 1]
        prev_content_end = prev_start + len(text[prev_start:prev_end].rstrip())
        edits.deletions.append(("chunk-marker", prev_content_end, marker_end))
    edits.deletions.extend(("page-number", s, e) for s, e in _source_page_numbers(text, first_end))
    return edits


_GLUED_NUMBER = re.compile(rf"(?<=[{_HAN}])\d{{1,3}}(?=[{_HAN}])")
_LEADING_NUMBER = re.compile(rf"\d{{1,3}}(?=[{_HAN}])")


def _source_page_numbers(text: str, first_end: int) -> list[tuple[int, int]]:
    """The page numbers of the shared file, glued into the text: ``1、0云南省…保护1督察``.

    Such a site prints each page's number where the page starts, the first right after the
    first chunk marker, then one more at each page: a series 0, 1, 2 … (or 1, 2 …) of bare
    numbers between two characters, none counting anything (共7次, 第1批 and 3个 are text).
    """
    first = _LEADING_NUMBER.match(text, first_end)
    if first is None:
        return []
    found = [first.span()]
    expected = int(first.group()) + 1
    if expected > 2:
        return []
    counters = "".join(word_list("counters"))
    for m in _GLUED_NUMBER.finditer(text, first.end()):
        before, after = text[m.start() - 1], text[m.end()]
        if int(m.group()) != expected or after in counters or before in _COUNTING_BEFORE:
            continue
        found.append(m.span())
        expected += 1
    return found


def _chunk_continues(text: str, lines: list[tuple[int, int]], last: tuple[int, int, int], index: int) -> bool:
    """Whether the marker on line ``index`` cuts a sentence that the previous chunk began."""
    prev_start, prev_end = lines[index - 1]
    long_enough = lines[index][0] - last[1] >= _CHUNK_MIN
    return long_enough and _ends_mid_sentence(text[prev_start:prev_end])


# --- line breaks before punctuation ---------------------------------------------------

_CLOSING_BREAK = re.compile(rf"[ \t]*\n[ \t]*(?=[{re.escape(_CLOSING)}])")
_OPENING_BREAK = re.compile(rf"[ \t]*\n[ \t]*(?=[{re.escape(_OPENING)}])")
_PAREN_ITEM = re.compile(r"\((?:\d{1,3}|[一二三四五六七八九十]{1,3})\)")


def find_punctuation_breaks(text: str) -> Edits:
    """Find line breaks put before punctuation marks, and join those lines again.

    A line never starts with a closing mark (,。、;:)》”) in a sound document,
    so a break before one is always joined.  A break before an opening mark
    (《“( ) is joined only in a document that shows the damage (three or more
    breaks before closing marks), when the line before it runs on and the mark
    does not open a numbered item such as (一).
    """
    closing = [m.span() for m in _CLOSING_BREAK.finditer(text)]
    edits = Edits(deletions=[("punctuation-break", s, e) for s, e in closing])
    if len(closing) < 3:
        return edits
    for m in _OPENING_BREAK.finditer(text):
        s, e = m.span()
        if _PAREN_ITEM.match(text, e):
            continue
        line_start = text.rfind("\n", 0, s) + 1
        if _ends_mid_sentence(text[line_start:s]):
            edits.deletions.append(("punctuation-break", s, e))
    return edits


# --- spaces inside words ---------------------------------------------------------------


@cache
def _spacing_res() -> tuple[re.Pattern[str], ...]:
    counters = re.escape("".join(sorted(set("".join(word_list("counters"))))))
    return (
        # 2016 年, 15 日, 1 个: a space between a number and the word it counts, or the line break a
        # wrap put there (2025\n年底前): no line starts with the word a number counts
        re.compile(rf"(?<=\d)(?: +| *\n *)(?=[{counters}])"),
        # 共 7 次, 截至 2019 年: a space between a character and a number that counts something
        re.compile(rf"(?<=[{_HAN}]) +(?=\d+(?:\.\d+)? *[{counters}])"),
    )


_LETTER_SPACED = re.compile(rf"[{_HAN}](?: [{_HAN}]){{2,}}")


def find_spaced_words(text: str) -> Edits:
    """Find spaces inside words: around numbers (``2016 年 7 月``) and letter-spaced runs (``环 境 保 护``).

    A space between two numbers is never dropped (``2022 2 23`` stays three
    numbers rather than becoming a date), nor one between two words of more
    than one character (``中共中央办公厅 国务院办公厅`` names two offices).
    """
    edits = Edits()
    for pattern in _spacing_res():
        edits.deletions.extend(("spaced-word", m.start(), m.end()) for m in pattern.finditer(text))
    for m in _LETTER_SPACED.finditer(text):
        for i in range(m.start() + 1, m.end(), 2):
            edits.deletions.append(("spaced-word", i, i + 1))
    return edits


# --- lists run together on one line ------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_ITEM_RES: dict[str, re.Pattern[str]] = {
    "arabic-dun": re.compile(r"(\d{1,3})、"),
    "arabic-dot": re.compile(r"(\d{1,3})\.(?!\d)"),
    "arabic-paren": re.compile(r"\((\d{1,3})\)"),
    "chinese-dun": re.compile(rf"([{_CN_NUM}]{{1,3}})、"),
    "chinese-paren": re.compile(rf"\(([{_CN_NUM}]{{1,3}})\)"),
    "circled": re.compile("([\u2460-\u2473])"),
}
# An item may start a new line after one of these (or at the start of the line).
_ITEM_AFTER = " 。;:!?"
_FIELD_AFTER = " 。;!?)》”"


def _item_number(style: str, token: str) -> int:
    if style == "circled":
        return ord(token) - 0x2460 + 1
    return chinese_to_int(token)


def starts_item(line: str) -> bool:
    """Whether ``line`` starts with a numbered item marker or a checklist field name."""
    if any(p.match(line) for p in _ITEM_RES.values()):
        return True
    return bool(_field_re().match(line))


# A number that a wrapped line carries over from the one before: 牵头负责第 / 2、3、5条.
_ORDINAL_END = re.compile(r"第\s*$")
_NUMBER_LIST = re.compile(r"\d{1,3}、\d{1,3}(?:、|条|项|款)")
# The first cell of a table row flattened into text: ``3 | 舟山市部分海岛…``.
_ROW_START = re.compile(r"[1-9]\d{0,2} ?\|")


def opens_item(previous: str, line: str) -> bool:
    """Whether ``line`` opens an item, a field or a table row when it follows ``previous``, wrapped or not.

    A line that the layout wrapped may start with what looks like an item marker: ``2、3、5、6条``
    after a line ending in ``第`` is the rest of a list of measure numbers, not measure 2.
    """
    if _ROW_START.match(line) and not previous[-1:].isdigit():  # not the rest of a number cut by the wrap
        return True
    if not starts_item(line):
        return False
    return not (_ORDINAL_END.search(previous) or _NUMBER_LIST.match(line))


@cache
def _field_re() -> re.Pattern[str]:
    names = [word for key, words in cue_table().items() if key.startswith("field.") for word in words]
    return re.compile(rf"(?:{alternation(names)}) ?:")


def find_run_on_lists(text: str) -> Edits:
    """Find lists and checklist fields run together on one line, and where to break them.

    A numbered item (``2、`` ``(三)`` ``3.`` ``④``) gets a line of its own when
    it follows a full stop, semicolon, colon or space and the line holds the
    numbers before or after it in the same style (1 then 2), or when it is the
    first item right after a field such as ``整改措施:``.  A checklist field name
    followed by a colon (``整改时限:``, from ``data/lexicon/cues.tsv``) gets a
    line of its own after a full stop, semicolon or space.
    """
    edits = Edits()
    fields = _field_re()
    for start, end in _lines(text):
        line = text[start:end]
        if len(line) < 8 or line.count("|") >= 2 or line.count("\t") >= 2:
            continue  # too short to hold a list, or a table row flattened with | or tabs between its cells
        body = len(line) - len(line.lstrip())
        for m in fields.finditer(line):
            if m.start() > body and line[m.start() - 1] in _FIELD_AFTER:
                edits.breaks.append(("run-on-list", start + m.start()))
        for style, pattern in _ITEM_RES.items():
            found = [
                (m.start(), _item_number(style, m.group(1)))
                for m in pattern.finditer(line)
                if m.start() == body or line[m.start() - 1] in _ITEM_AFTER
            ]
            for i, (pos, number) in enumerate(found):
                if pos == body:
                    continue
                chained = (i > 0 and found[i - 1][1] == number - 1) or (
                    i + 1 < len(found) and found[i + 1][1] == number + 1
                )
                if chained or (number == 1 and _after_field_colon(line, pos, fields)):
                    edits.breaks.append(("run-on-list", start + pos))
        if heading := _first_heading_after_title(line):
            edits.breaks.append(("run-on-list", start + heading))
    return edits


@cache
def _title_heading_re() -> re.Pattern[str]:
    nouns = alternation(cue_table()["title.noun"])
    return re.compile(rf"^\s*[^。;:!?\s]{{4,78}}?(?:{nouns})(?=一、[^{_CN_NUM}、])")


def _first_heading_after_title(line: str) -> int:
    """Where the first heading starts when a site ran the title into it (…整改进展清单一、关于…), or 0."""
    m = _title_heading_re().match(line)
    return m.end() if m else 0


def _after_field_colon(line: str, pos: int, fields: re.Pattern[str]) -> bool:
    """Whether the item at ``pos`` comes right after a field name and its colon."""
    head = line[:pos].rstrip()
    return any(m.end() == len(head) for m in fields.finditer(head))
