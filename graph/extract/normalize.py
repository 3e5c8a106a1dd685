"""Offset-preserving normalisation of a decoded document.

Extraction runs on a cleaned copy of the text (ASCII punctuation and digits,
one kind of space, ``\\n`` line ends, masked characters restored), but every
fact must point into the *original* text.  :func:`normalize_text` therefore
returns a :class:`NormalText` that carries, for each normalised character, the
index of the original character it came from.

Every step is either a one-to-one substitution (width folding, space and line
end unification, mask restoration) or a deletion (BOM, zero-width characters,
the ``\\n`` of ``\\r\\n``, the surplus of a run of spaces), so a normalised
character always stands for exactly one original character.

With ``repair=True`` (what :func:`graph.extract.document.extract_document`
uses) the damage that republished documents carry is repaired as well, by the
same two kinds of step (see :mod:`graph.extract.repair`): a space that was a
tab is a tab again, so the cells of a table row stay apart; traditional
characters become simplified one character for one; site chrome, page and
chunk markers, pinyin garbage and spaces inside words are deleted; lines broken
before punctuation, lines wrapped at a fixed width (text copied from a PDF) and the
parts of a table row a line break cut are joined (their line break is deleted).  The one step of
a third kind puts a line break between the items of a list run together on one
line: where a space separates them the space becomes the break, otherwise a
break is *inserted*.  An inserted break stands for no original character; its
offset is that of the character after it, and :attr:`NormalText.inserted`
lists it so that spans never take the following character for it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from graph.core.lexicon import table_rows
from graph.errors import DutygraphError
from graph.extract.repair import (
    Edits,
    find_broken_rows,
    find_chrome,
    find_chunk_markers,
    find_pinyin_garbage,
    find_punctuation_breaks,
    find_run_on_lists,
    find_spaced_words,
    find_wrapped_lines,
    simplify_traditional,
)
from graph.records import Restoration, Span

__all__ = ["MASK", "NormalText", "Repair", "fold_width", "load_masks", "normalize_text"]

MASK = "*"

# Characters that become a plain space.  U+2028/U+2029/U+0085 are Unicode line
# separators, but only \r and \n count as line ends so that line numbers agree
# with a plain count of "\n" in the original.
_SPACES = (
    " \t\v\f\x85\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# Characters deleted outright: BOM (also as ZWNBSP mid-text) and zero-width marks.
_DROPS = "\ufeff\u200b\u200c\u200d\u2060"


def _build_table() -> dict[int, str]:
    """Return the one-to-one str.translate table: width folding, spaces, CR."""
    table: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table.update({ord(ch): " " for ch in _SPACES if ch != " "})
    # A lone CR is a line end; the LF of a CRLF pair is deleted separately.
    table[ord("\r")] = "\n"
    return table


_TABLE = _build_table()
_SPACE_CLASS = re.escape(_SPACES)
_DROP_CLASS = re.escape(_DROPS)
# Only the places where characters are deleted: a CRLF pair, a run of two or
# more space/zero-width characters, or a lone zero-width character.  A single
# space is left to the translate table, so plain text costs one regex scan.
_EDIT_RE = re.compile(rf"\r\n|[{_SPACE_CLASS}{_DROP_CLASS}]{{2,}}|[{_DROP_CLASS}]")
_SPACE_SET = frozenset(_SPACES)


def fold_width(text: str) -> str:
    """Apply the one-to-one substitutions only (full-width ASCII, spaces, CR), keeping length."""
    return text.translate(_TABLE)


@cache
def load_masks() -> tuple[tuple[str, str], ...]:
    """``data/lexicon/masks.tsv`` as ``(masked, restored)`` pairs, longest first."""
    rows = table_rows("masks", "masked<TAB>restored", _mask_problem)
    return _longest_first({fold_width(masked): restored for masked, restored in rows})


def _mask_problem(row: tuple[str, ...]) -> str | None:
    """What is wrong with one row of ``masks.tsv``, if anything."""
    masked, restored = fold_width(row[0]), row[1]
    return _pair_problem(masked, restored)


def _pair_problem(masked: str, restored: str) -> str | None:
    """Why ``restored`` is not a restoration of ``masked`` (``*府`` -> ``政府``), or None."""
    if MASK not in masked or len(masked) != len(restored):
        return f"{masked!r} -> {restored!r} is not a one-to-one restoration"
    if any(m != MASK and m != r for m, r in zip(masked, restored, strict=True)):
        return f"{masked!r} and {restored!r} differ outside the masks"
    return None


def _check_masks(pairs: Mapping[str, str], origin: str) -> tuple[tuple[str, str], ...]:
    """Validate mask pairs and sort them longest first (ties: more masks first)."""
    for masked, restored in pairs.items():
        problem = _pair_problem(masked, restored)
        if problem is not None:
            raise DutygraphError(f"{origin}: {problem}")
    return _longest_first(pairs)


def _longest_first(pairs: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Mask pairs longest first (ties: more masks first, then in order of the characters)."""
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), -kv[0].count(MASK), kv[0])))


@cache
def _mask_regex(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """Compile one alternation of the mask patterns, longest first.

    A pattern must cover a whole run of ``*``: a leading ``*`` may not follow
    another ``*`` and a trailing one may not precede one, so ``*府`` stays out of
    ``**府`` and competing patterns can only meet on the same run.
    """
    alts = []
    for masked, _ in pairs:
        alt = re.escape(masked)
        if masked.startswith(MASK):
            alt = r"(?<!\*)" + alt
        if masked.endswith(MASK):
            alt += r"(?!\*)"
        alts.append(alt)
    return re.compile("|".join(alts))


@dataclass(frozen=True)
class Repair:
    """A piece of damage repaired: its kind and the original text it took away.

    Kinds: ``chrome``, ``page-marker``, ``chunk-marker``, ``page-number``, ``pinyin``,
    ``punctuation-break``, ``spaced-word``, ``wrapped-line``, ``broken-row`` (deletions, ``span`` is what was
    deleted) and ``run-on-list`` (a line break put in, ``span`` is empty, or the
    space that became the break).
    """

    kind: str
    span: Span


@dataclass(frozen=True)
class NormalText:
    """A normalised text with the way back to the original.

    ``offsets[i]`` is the index in ``original`` of normalised character ``i``;
    ``offsets[len(text)] == len(original)``; offsets never decrease, and two are
    equal only at a line break in ``inserted`` (the normalised indices of the
    line breaks that the repairs inserted).  ``restored_at`` holds the
    normalised ``(start, end)`` of each restoration, in order.  ``converted``
    counts the traditional characters converted to simplified; ``repairs`` says
    what other damage was repaired and where.
    """

    original: str
    text: str
    offsets: array[int] = field(hash=False, repr=False)
    restorations: tuple[Restoration, ...] = ()
    restored_at: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    inserted: tuple[int, ...] = field(default=(), repr=False)
    converted: int = 0
    repairs: tuple[Repair, ...] = field(default=(), repr=False)

    @cached_property
    def _line_ends(self) -> array[int]:
        """Return the original index of every line end (the CR of a CRLF), for line lookups."""
        return array("i", (m.start() for m in re.finditer(r"\r\n?|\n", self.original)))

    def line_of(self, index: int) -> int:
        """Return the 1-based line number, in the original, of normalised index ``index``.

        Counted in the original rather than in the normalised text, so that joined
        and split lines (see ``repair``) still report the line a reader sees.
        """
        return bisect_left(self._line_ends, self.offsets[index]) + 1

    def span(self, start: int, end: int) -> Span:
        """Map the normalised slice ``text[start:end]`` to a :class:`Span` of the original.

        The span runs from the original of the first character to just after the
        original of the last one, so characters deleted at either edge (a
        trailing zero-width space, the second of two spaces) stay outside.
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"slice [{start}:{end}] outside normalised text of length {len(self.text)}")
        o_start = self.offsets[start]
        if end == start:
            o_end = o_start
        elif self.inserted and self._is_inserted(end - 1):
            # An inserted line break has no original character of its own.
            o_end = max(o_start, self.offsets[end - 1])
        else:
            o_end = self.offsets[end - 1] + 1
            # A CRLF was kept as its CR; a span ending on it takes the whole pair.
            if self.original[o_end - 1] == "\r" and self.original.startswith("\n", o_end):
                o_end += 1
        return Span(o_start, o_end, self.original[o_start:o_end], self.line_of(start))

    def _is_inserted(self, index: int) -> bool:
        i = bisect_left(self.inserted, index)
        return i < len(self.inserted) and self.inserted[i] == index

    def restored_in(self, start: int, end: int) -> bool:
        """Return whether any restoration overlaps the normalised slice ``[start, end)``."""
        if not self.restored_at or end <= start:
            return False
        # Restorations do not overlap and are sorted, so the last one starting
        # before `end` is the only candidate that could reach into the slice.
        i = bisect_right(self.restored_at, (end - 1, len(self.text) + 1)) - 1
        return i >= 0 and self.restored_at[i][1] > start

    def to_normal(self, original_index: int) -> int:
        """Return the normalised index of the first kept character at or after ``original_index``."""
        index = bisect_left(self.offsets, original_index, 0, len(self.text))
        while self.inserted and index < len(self.text) and self._is_inserted(index):
            index += 1  # an inserted line break shares its offset with the character after it
        return index


def normalize_text(original: str, *, masks: Mapping[str, str] | None = None, repair: bool = False) -> NormalText:
    """Normalise ``original`` and keep the map back to it.

    Folds full-width ASCII (``（１２）`` -> ``(12)``; 、。“”《》 stay), turns every
    Unicode space into ``' '`` and collapses runs, turns CRLF/CR into ``\\n``,
    deletes BOM and zero-width characters, and restores masked characters
    found in ``masks`` (default: ``data/lexicon/masks.tsv``).

    ``repair`` also repairs the damage of republished documents (see the module
    docstring).  Those repairs look at whole lines and the whole document, so a
    slice of the original does not always normalise to the same slice: the
    plain normalisation keeps that property, the repaired one does not.
    """
    mapped = original.translate(_TABLE)
    n = len(original)
    # Kept intervals [a, b) of the original; built from the deletion sites only.
    keep: list[tuple[int, int]] = []
    pos = 0
    for m in _EDIT_RE.finditer(original):
        s, e = m.span()
        first = s if original[s] == "\r" else _first_space(original, s, e)
        keep.append((pos, s))
        if first >= 0:
            # Only the space itself: zero-width characters before it in the run go too.
            keep.append((first, first + 1))
        pos = e
    keep.append((pos, n))

    if len(keep) == 1:
        text = mapped
        offsets = array("i", range(n + 1))
    else:
        text = "".join([mapped[a:b] for a, b in keep if b > a])
        base = array("i", range(n + 1))
        offsets = array("i")
        for a, b in keep:
            offsets += base[a:b]
        offsets.append(n)

    pairs = load_masks() if masks is None else _check_masks(masks, "masks argument")
    ntext = NormalText(original, text, offsets)
    if repair:
        ntext = _repair(ntext)
    if MASK not in ntext.text or not pairs:
        return ntext
    return _restore(ntext, pairs)


def _first_space(original: str, s: int, e: int) -> int:
    """Return the index of the first space-like character in ``original[s:e]``, or -1."""
    for i in range(s, e):
        if original[i] in _SPACE_SET:
            return i
    return -1


def _restore(ntext: NormalText, pairs: tuple[tuple[str, str], ...]) -> NormalText:
    """Apply the mask lexicon to ``ntext.text``; lengths match, so offsets stand."""
    restored_of = dict(pairs)
    text = ntext.text
    pieces: list[str] = []
    restorations: list[Restoration] = []
    where: list[tuple[int, int]] = []
    pos = 0
    for m in _mask_regex(pairs).finditer(text):
        s, e = m.span()
        restored = restored_of[m.group()]
        pieces.append(text[pos:s])
        pieces.append(restored)
        restorations.append(Restoration(span=ntext.span(s, e), restored=restored))
        where.append((s, e))
        pos = e
    if not restorations:
        return ntext
    pieces.append(text[pos:])
    return replace(ntext, text="".join(pieces), restorations=tuple(restorations), restored_at=tuple(where))


# --- repairs -------------------------------------------------------------------


def _repair(ntext: NormalText) -> NormalText:
    """Repair the damage of republished documents, one kind after another.

    Pinyin garbage goes before the conversion to simplified characters, so the
    phrase 關于 is whole when OpenCC sees it; the conversion goes before the
    chrome lexicon is consulted (相關文章 is 相关文章 there); lines a fixed width wrapped are joined
    before chrome is looked for, so that a wrapped menu or breadcrumb is one line again; lists are split
    before spaces inside words are dropped, so the space between two run-on
    items can become their line break.
    """
    ntext = _apply(_keep_tabs(ntext), find_pinyin_garbage(ntext.text))
    simplified = simplify_traditional(ntext.text)
    if simplified != ntext.text:
        converted = sum(1 for a, b in zip(simplified, ntext.text, strict=True) if a != b)
        ntext = replace(ntext, text=simplified, converted=converted)
    for find in (find_wrapped_lines, find_broken_rows, find_chrome, find_chunk_markers, find_punctuation_breaks,
                 find_run_on_lists, find_spaced_words):
        ntext = _apply(ntext, find(ntext.text))
    return ntext


def _keep_tabs(ntext: NormalText) -> NormalText:
    """Write back as a tab each space that was one: a tab separates the cells of a flattened table
    row, which the repairs must leave whole (a space there would be taken for a run-on list's)."""
    if "\t" not in ntext.original:
        return ntext
    original, offsets = ntext.original, ntext.offsets
    text = "".join("\t" if ch == " " and original[offsets[i]] == "\t" else ch for i, ch in enumerate(ntext.text))
    return replace(ntext, text=text)


def _apply(ntext: NormalText, edits: Edits) -> NormalText:
    """Apply deletions and line breaks found in ``ntext.text``, carrying the offsets along."""
    if not edits.deletions and not edits.breaks:
        return ntext
    text, offsets = ntext.text, ntext.offsets
    repairs = list(ntext.repairs)
    # Overlapping deletions (a page join over an emptied chrome line) become one cut.
    cuts: list[list[int]] = []
    for kind, s, e in sorted(edits.deletions, key=lambda d: (d[1], d[2])):
        if e <= s:
            continue
        if cuts and s <= cuts[-1][1]:
            cuts[-1][1] = max(cuts[-1][1], e)
        else:
            cuts.append([s, e])
        repairs.append(Repair(kind, ntext.span(s, e)))
    points: list[int] = []
    if edits.breaks:
        chars = list(text)
        for kind, index in sorted(set(edits.breaks), key=lambda b: b[1]):
            if index > 0 and chars[index - 1] == " ":
                chars[index - 1] = "\n"  # the space between two items becomes their line break
                repairs.append(Repair(kind, ntext.span(index - 1, index)))
            else:
                points.append(index)
                repairs.append(Repair(kind, ntext.span(index, index)))
        text = "".join(chars)
    inserted_before = ntext.inserted
    pieces: list[str] = []
    new_offsets = array("i")
    new_inserted: list[int] = []
    length = 0

    def keep(a: int, b: int) -> None:
        nonlocal length
        if b <= a:
            return
        pieces.append(text[a:b])
        new_offsets.extend(offsets[a:b])
        lo, hi = bisect_left(inserted_before, a), bisect_left(inserted_before, b)
        new_inserted.extend(length + i - a for i in inserted_before[lo:hi])
        length += b - a

    pos = 0
    events = sorted([(s, 1, e) for s, e in cuts] + [(p, 0, p) for p in points])
    for at, is_cut, until in events:
        if at < pos:
            # A break inside a deleted range, or a range inside one already deleted.
            pos = max(pos, until) if is_cut else pos
            continue
        keep(pos, at)
        if is_cut:
            pos = until
        else:
            pieces.append("\n")
            new_offsets.append(offsets[at])
            new_inserted.append(length)
            length += 1
            pos = at
    keep(pos, len(text))
    new_offsets.append(offsets[len(text)])
    return replace(ntext, text="".join(pieces), offsets=new_offsets, inserted=tuple(new_inserted),
                   repairs=tuple(repairs))
