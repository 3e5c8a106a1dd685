"""What every extraction must keep, whatever its input: checked by the property tests and the fuzzer alike.

- Any input either yields records or raises the project's own error (:class:`graph.errors.DutygraphError`)
  with a message; any other exception is a bug.
- Every span points inside the original text: ``0 <= start <= end <= len(original)``, its quote is
  ``original[start:end]`` and its line is the line of ``start``.
- The normaliser's map back to the original is monotonic and one-to-one, except for the line breaks
  it inserts; the structure parsers' offsets lie inside the normalised text; the clause grammar's
  offsets lie inside the clause, and it never marks a lead the clause does not state.

Each check raises :class:`InvariantBroken` (an ``AssertionError``, so pytest and atheris both report
it as a failure) naming what broke.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from graph.core.gazetteer import load_gazetteer
from graph.core.lexicon import cues
from graph.errors import DutygraphError
from graph.extract.document import extract_document
from graph.extract.duties import ClauseReading, read_clause, split_clause
from graph.extract.normalize import NormalText, fold_width, normalize_text
from graph.extract.outline import read_outline
from graph.extract.plan import Checklist, split_lines
from graph.extract.reader import RawText, decode_document
from graph.extract.tables import read_tables
from graph.records import Document, Role, Span

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


class InvariantBroken(AssertionError):
    """An extraction broke one of its guarantees."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvariantBroken(message)


@cache
def seed_texts() -> dict[str, str]:
    """The real documents the fuzzing starts from: the seeds, and the shared corpus when it is there."""
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    return {path.stem: path.read_text(encoding="utf-8") for path in paths}


def raw_text(text: str, source: str = "fuzz.txt") -> RawText:
    """``text`` as if decoded from a UTF-8 file named ``source``."""
    return RawText(source, text, "utf_8", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def own_error(exc: DutygraphError) -> None:
    """The project's errors must say what failed."""
    _require(bool(str(exc).strip()), f"{type(exc).__name__} raised without a message")


def extract_text(text: str) -> Document | None:
    """Extract ``text`` and check the result; None when it is refused with the project's own error."""
    try:
        doc = extract_document(raw_text(text))
    except DutygraphError as exc:
        own_error(exc)
        return None
    check_document(doc, text)
    return doc


def extract_bytes(data: bytes, source: str = "fuzz.txt") -> Document | None:
    """Decode and extract ``data`` as the file ``source``, and check the result."""
    try:
        doc = extract_document(decode_document(data, source))
    except DutygraphError as exc:
        own_error(exc)
        return None
    check_document(doc, doc.text)
    return doc


def spans_of(value: object) -> Iterator[Span]:
    """Every :class:`Span` held anywhere inside a record."""
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from spans_of(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from spans_of(item)


def line_ends(original: str) -> list[int]:
    """Offsets of the line ends of ``original`` (a CRLF counts once, at its CR)."""
    return [m.start() for m in re.finditer(r"\r\n?|\n", original)]


def check_span(span: Span, original: str, ends: list[int], what: str = "span") -> None:
    """A span lies inside the original, quotes it exactly and names the line it starts on."""
    _require(0 <= span.start <= span.end <= len(original),
             f"{what} [{span.start}:{span.end}] outside the original text of length {len(original)}")
    _require(original[span.start:span.end] == span.text,
             f"{what} quote {span.text!r} != original[{span.start}:{span.end}] {original[span.start:span.end]!r}")
    line = bisect_left(ends, span.start) + 1
    _require(span.line == line, f"{what} at {span.start} says line {span.line}, the original has it on line {line}")


def check_document(doc: Document, original: str) -> None:
    """Every span of ``doc`` indexes ``original``; agents, units and tasks have names."""
    _require(doc.text == original, "the document's text is not the original text")
    ends = line_ends(original)
    for span in spans_of(doc):
        check_span(span, original, ends)
    for assignment in doc.assignments:
        _require(bool(assignment.agent.strip()), f"an assignment without an agent: {assignment}")
        _require(bool(assignment.task), f"an assignment without a task: {assignment}")
    for unit in doc.units:
        _require(bool(unit.name.strip()), f"a unit without a name: {unit}")
    for issue in doc.problems:
        _require(bool(issue.code), f"an issue without a code: {issue.label!r}")
    for note in doc.warnings:
        _require(bool(note.message) and 1 <= note.line <= len(ends) + 1,
                 f"a warning on line {note.line} of {len(ends) + 1}: {note.message!r}")


# What the normalised text never holds: BOM and zero-width characters, CR (see graph.extract.normalize).
_DELETED = frozenset("\ufeff\u200b\u200c\u200d\u2060\r")


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def check_normal_text(nt: NormalText, *, repaired: bool) -> None:
    """The map back to the original keeps its promises (see :class:`graph.extract.normalize.NormalText`)."""
    original, text, offsets = nt.original, nt.text, nt.offsets
    _require(len(offsets) == len(text) + 1, f"{len(offsets)} offsets for {len(text)} characters")
    _require(offsets[-1] == len(original), f"the last offset is {offsets[-1]}, not {len(original)}")
    inserted = set(nt.inserted)
    restored = {i for s, e in nt.restored_at for i in range(s, e)}
    for i, ch in enumerate(text):
        at, after = offsets[i], offsets[i + 1]
        _require(0 <= at < len(original), f"normalised character {i} maps to {at}, outside the original")
        _require(at < after or (at == after and i in inserted),
                 f"offsets {at}, {after} of normalised characters {i}, {i + 1} do not increase")
        if i in inserted:
            _require(ch == "\n", f"inserted character {i} is {ch!r}, not a line break")
            continue
        if i in restored:
            continue
        _require(ch not in _DELETED, f"normalised character {i} is {ch!r}, which normalising deletes")
        folded = fold_width(original[at])
        same = ch == folded
        if repaired:
            # A space may become a line break between two run-on items, a tab stays one (it separates
            # table cells); conversion to simplified characters changes a CJK character into another.
            same = (same or (ch == "\n" and folded == " ") or ch == original[at] == "\t"
                    or (_is_cjk(ch) and _is_cjk(folded)))
        _require(same, f"normalised character {i} {ch!r} stands for original {at} {original[at]!r}")
    for restoration, (s, e) in zip(nt.restorations, nt.restored_at, strict=True):
        _require(text[s:e] == restoration.restored,
                 f"restoration {restoration.restored!r} at {s} reads {text[s:e]!r} in the normalised text")
    ends = line_ends(original)
    for restoration in nt.restorations:
        check_span(restoration.span, original, ends, "restoration")
    for repair in nt.repairs:
        check_span(repair.span, original, ends, f"{repair.kind} repair")


def normalize_checked(original: str) -> tuple[NormalText, NormalText]:
    """Both normalisations of ``original`` (plain and repaired), checked; the plain one is idempotent."""
    plain = normalize_text(original, masks={})
    check_normal_text(plain, repaired=False)
    again = normalize_text(plain.text, masks={}).text
    _require(again == plain.text, f"normalising twice changes the text: {plain.text!r} -> {again!r}")
    repaired = normalize_text(original, repair=True)
    check_normal_text(repaired, repaired=True)
    return plain, repaired


def _pair(bounds: tuple[int, int] | None, size: int, what: str) -> None:
    if bounds is not None:
        _require(0 <= bounds[0] <= bounds[1] <= size, f"{what} {bounds} outside the normalised text of {size}")


def check_checklist(checklist: Checklist, size: int) -> None:
    """Every offset a structure parser found lies inside the normalised text."""
    for raw in checklist.problems:
        where = f"problem {raw.code}"
        _require(bool(raw.code), "a problem without a code")
        for name in ("label", "target", "deadline", "clause", "clause_line"):
            _pair(getattr(raw, name), size, f"{where} {name}")
        for found in raw.fields + ([raw.status] if raw.status else []):
            _pair(found.value, size, f"{where} field {found.key} value")
            _pair(found.whole, size, f"{where} field {found.key}")
        for measure in raw.measures:
            _pair((measure.start, measure.end), size, f"{where} measure {measure.number}")
            _require(0 <= measure.line_start <= measure.start,
                     f"{where} measure {measure.number} starts before its line")
            for found in measure.fields:
                _pair(found.value, size, f"{where} measure {measure.number} field {found.key}")
    for line in checklist.skipped:
        _pair((line.start, line.end), size, "a skipped line")


def parse_structure(original: str) -> None:
    """Run the structure parsers (the outline, of a whole document and as an annex, and the tables)
    over ``original`` and check them."""
    ntext = normalize_text(original, repair=True)
    lines = split_lines(ntext.text)
    size = len(ntext.text)
    check_checklist(read_outline(ntext, lines), size)
    check_checklist(read_outline(ntext, lines, annex=True), size)
    tables, _ = read_tables(ntext, lines)
    check_checklist(tables, size)


def read_clause_checked(clause: str) -> ClauseReading:
    """Read a responsibility clause and check what the grammar made of it."""
    gazetteer = load_gazetteer()
    for token in split_clause(clause):
        _require(0 <= token.start <= token.end <= len(clause), f"token {token.name!r} outside the clause")
        _require(clause[token.start:token.start + len(token.name)] == token.name,
                 f"token {token.name!r} is not the clause's text at {token.start}")
    reading = read_clause(clause, gazetteer, gazetteer.detect_province(clause))
    stated_lead = any(cue in clause for cue in cues("annot.lead") + cues("annot.jurisdiction"))
    for duty in reading.duties:
        _require(0 <= duty.start <= duty.end <= len(clause), f"duty of {duty.unit!r} outside the clause")
        _require(bool(duty.unit.strip()), f"a duty without a unit in {clause!r}")
        if duty.role in (Role.LEAD, Role.JURISDICTION_LEAD):
            _require(stated_lead, f"{duty.unit!r} made lead though {clause!r} states no lead")
        _require(not duty.measures or duty.role is Role.LEAD, f"{duty.unit!r} has measures but does not lead")
        _require(all(n >= 0 for n in duty.measures), f"negative measure numbers {duty.measures}")
    return reading
