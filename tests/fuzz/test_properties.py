"""Property-based tests of the extractor: any input yields records or the project's own error.

Inputs are generated text made of the genre's own pieces (cue words and units from ``data/lexicon``,
heading markers, punctuation, dates, random unicode) and the real documents of ``data/samples`` and
the shared corpus, mutated (slices inserted, deleted, duplicated, swapped; line breaks put before
punctuation; characters turned traditional; cut short).  The invariants are those of
:mod:`fuzz.invariants`.  The number of examples comes from the Hypothesis profile (``tests/conftest.py``):
a few derandomised ones in CI, ``HYPOTHESIS_PROFILE=long`` for a real search.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from opencc import OpenCC

from fuzz.invariants import (
    extract_bytes,
    extract_text,
    normalize_checked,
    parse_structure,
    read_clause_checked,
    seed_texts,
)
from graph.core.lexicon import cue_table, word_list
from graph.records import Document, Span

pytestmark = pytest.mark.fuzz

SEEDS = seed_texts()
# A checklist up to its first 责任单位 field: what follows it is read by the clause grammar.
CHECKLIST = "附:整改措施清单\n一、问题\n整改措施:\n1、加强整改。\n责任单位:"


def _lexicon_words() -> list[str]:
    words = {word for row in cue_table().values() for word in row}
    for table in ("deadline_kinds", "statuses"):
        words.update(cue_table(table))
    for name in ("posts", "unit_suffixes", "bare_institutions", "unit_prefixes", "department_stems", "counters"):
        words.update(word_list(name))
    return sorted(words)


WORDS = _lexicon_words()
UNITS = ["省环保厅", "省发改委", "省委宣传部", "宜春市政府", "上饶市", "南昌", "各设区市政府", "各级党委", "政府",
         "卫生健康委", "省住房和城乡建设厅", "省委办公厅", "景德镇", "县政府", "省生态环境厅", "骆惠宁", "省长刘奇"]
MARKERS = ["一、", "二、", "十一、", "(一)", "(二)", "(十)", "1.", "2、", "12.", "⑴", "⑵", "一是", "二是", "①", "②",
           "(1)", "1)", "第1项任务", "问题编号3", "附:", "附件", "整改措施清单", "序号|问题|整改目标|整改措施|责任单位",
           "<html>", "<p>", "<table><tr><td>", "</td><td colspan=2>", "<br>", "%PDF-", "PK\x03\x04"]
PUNCTUATION = [*"、,;。:()()“”《》!?…—-~|*.,", "\n", "\r\n", "\r", " ", "\u3000", "\u00a0", "\u200b", "\ufeff", "\t"]
ANNOTATIONS = ["(牵头负责第1、8条)", "(牵头)", "(配合)", "(协助)", "(分别负责牵头辖区内整改工作)", "(牵头负责第2-4条)",
               "(牵头负责第一、三条)", "(牵头负责第1条至第3条)", "(牵头负责第至条)", "(市、区)"]

dates = st.one_of(
    st.builds("{}年{}月底前".format, st.integers(1990, 2030), st.integers(0, 13)),
    st.builds("{}年底".format, st.integers(1990, 2030)),
    st.builds("{}月{}日".format, st.integers(0, 13), st.integers(0, 32)),
    st.builds("{}-{}年".format, st.integers(2010, 2030), st.integers(2010, 2030)),
    st.builds("{:04d}{:02d}{:02d}".format, st.integers(1990, 2030), st.integers(0, 13), st.integers(0, 32)),
)
pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(UNITS),
    st.sampled_from(MARKERS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(ANNOTATIONS),
    dates,
    st.integers(0, 2000).map(str),
    st.text(max_size=6),
)
# A document of the genre's own pieces, usually starting on a heading so that the readers engage.
documents = st.builds(lambda head, body: head + "".join(body), st.sampled_from(["", "附:整改措施清单\n", "一、"]),
                      st.lists(pieces, max_size=80))
# A 责任单位 clause: units with annotations and the separators of the grammar, and the odd random piece.
clauses = st.lists(
    st.one_of(st.sampled_from(UNITS), st.sampled_from(ANNOTATIONS), st.sampled_from([*"、,;和及 ()", "和", "等"]),
              st.text(max_size=4)),
    max_size=30,
).map("".join)
prose = st.lists(pieces, max_size=12).map("".join)
FIELDS = ["整改目标", "整改时限", "整改措施", "责任单位", "牵头单位", "配合单位", "责任领导", "整改进展情况",
          "完成情况"]
# A checklist problem the way plans write one: a heading, fields, numbered measures, a clause; any
# part may hold generated prose.
problems = st.builds(
    lambda number, label, fields, measures, clause: (
        f"{number}{label}\n" + "".join(f"{name}:{value}\n" for name, value in fields)
        + "".join(f"{i}、{text}\n" for i, text in enumerate(measures, 1)) + f"责任单位:{clause}\n"
    ),
    st.sampled_from(["一、", "二、", "(一)", "(三)", "1.", "十二、", "第3项任务:", ""]),
    prose,
    st.lists(st.tuples(st.sampled_from(FIELDS), st.one_of(dates, prose)), max_size=4),
    st.lists(st.builds(str.__add__, prose, st.one_of(st.just(""), st.sampled_from(ANNOTATIONS))), max_size=5),
    clauses,
)
checklists = st.builds(lambda head, body: head + "".join(body),
                       st.sampled_from(["附:整改措施清单\n", "整改方案\n", "", "附件\n整改情况清单\n"]),
                       st.lists(problems, min_size=1, max_size=6))


@cache
def _to_traditional() -> OpenCC:
    return OpenCC("s2t")


_OPS = ("insert", "delete", "duplicate", "swap", "break", "traditional", "truncate", "crlf", "fullwidth")


@st.composite
def mutated_seeds(draw: st.DrawFn) -> str:
    """A real document with one to four mutations."""
    text = SEEDS[draw(st.sampled_from(sorted(SEEDS)))]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(_OPS))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        if op == "insert":
            text = text[:i] + "".join(draw(st.lists(pieces, min_size=1, max_size=8))) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "swap":
            k = draw(st.integers(j, min(len(text), j + 400)))
            m = draw(st.integers(k, min(len(text), k + 400)))
            text = text[:i] + text[k:m] + text[j:k] + text[i:j] + text[m:]
        elif op == "break":  # a republished page breaks lines before punctuation
            text = text[:i] + "".join("\n" + ch if ch in "、,;。:)" else ch for ch in text[i:j]) + text[j:]
        elif op == "traditional":
            text = text[:i] + _to_traditional().convert(text[i:j]) + text[j:]
        elif op == "truncate":
            text = text[:j]
        elif op == "crlf":
            text = text[:i] + text[i:j].replace("\n", "\r\n") + text[j:]
        else:  # full-width digits, letters and ASCII punctuation
            text = text[:i] + "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text[i:j]) + text[j:]
    return text


texts = st.one_of(documents, checklists, mutated_seeds(), st.text(max_size=200))


def _without_spans(value: object) -> object:
    """A record's content with every span taken out: what the document says, not where."""
    if isinstance(value, Span):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _without_spans(getattr(value, f.name))) for f in dataclasses.fields(value)
                     if f.name not in ("text", "sha256"))
    if isinstance(value, tuple | list):
        return tuple(_without_spans(item) for item in value)
    return value


def _same_records(a: Document | None, b: Document | None) -> bool:
    if a is None or b is None:
        return a is b
    return dataclasses.replace(b, text=a.text, sha256=a.sha256) == a


@given(st.one_of(documents, checklists))
@example(CHECKLIST + "省环保厅(牵头负责第1-2-3条)")  # ValueError from the numeral reader
@example(CHECKLIST + "省环保厅(牵头负责第1-99999999999条)")  # a range of 10^11 measure numbers
@example(CHECKLIST + "(牵头)、省环保厅")  # a lead with no name
def test_generated_documents_extract_or_are_refused(text: str) -> None:
    first = extract_text(text)
    assert _same_records(first, extract_text(text)), "two extractions of one text differ"


@given(mutated_seeds())
def test_mutated_real_documents_extract_or_are_refused(text: str) -> None:
    extract_text(text)


@given(mutated_seeds(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"]))
def test_encoded_documents_decode_and_extract_or_are_refused(text: str, encoding: str) -> None:
    extract_bytes(text.encode(encoding, errors="replace"))


@given(st.sampled_from(sorted(SEEDS)),
       st.lists(st.sampled_from([" ", "\n", "\r\n", "\t", "\u3000", "\u00a0", "\u200b"]), min_size=1, max_size=6)
       .map("".join))
@example("000_89c821903e6b9e73", " ")  # the warning quoting the last line quoted its space
@example("000_89c821903e6b9e73", "\u200b ")  # the zero-width space was kept
def test_trailing_whitespace_changes_no_record(name: str, whitespace: str) -> None:
    assert _same_records(_seed_document(name), extract_text(SEEDS[name] + whitespace))


@cache
def _seed_document(name: str) -> Document | None:
    return extract_text(SEEDS[name])


@given(mutated_seeds())
def test_line_ends_change_no_fact(text: str) -> None:
    # A CRLF file says what the LF file says; only the quotes (which keep the CR) differ.
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    assert _without_spans(extract_text(lf)) == _without_spans(extract_text(lf.replace("\n", "\r\n")))


@given(texts)
@example("關(" * 3 + "guān)于")  # the pinyin lookahead
@example("报告\u200b \n")  # a zero-width space before a space was kept
@example("\t")  # a tab stays a tab in the repaired text
def test_normaliser_keeps_its_map_to_the_original(text: str) -> None:
    normalize_checked(text)


@given(texts)
def test_structure_parsers_stay_inside_the_text(text: str) -> None:
    parse_structure(text)


@given(clauses)
@example("省环保厅(牵头负责第1-2-3条)")
@example("省环保厅(牵头负责第至条)")
@example("省环保厅(牵头负责第1-99999999999条)")
@example("(牵头)")
@example("和(牵头)")
def test_clause_grammar_reads_any_clause(clause: str) -> None:
    reading = read_clause_checked(clause)
    assert reading == read_clause_checked(clause)


def test_a_malformed_measure_reference_keeps_its_legible_numbers() -> None:
    def measures(clause: str) -> list[tuple[str, tuple[int, ...]]]:
        return [(duty.unit, duty.measures) for duty in read_clause_checked(clause).duties]

    assert measures("省环保厅(牵头负责第1-2-3条)") == [("省环保厅", (1,))]
    assert measures("省环保厅(牵头负责第1-9999999条)") == [("省环保厅", (1, 9999999))]
    assert measures("省环保厅(牵头负责第2-4条)") == [("省环保厅", (2, 3, 4))]


def test_an_annotation_without_a_unit_names_nobody() -> None:
    duties = read_clause_checked("(牵头)、省环保厅").duties
    assert [(duty.unit, duty.role.value) for duty in duties] == [("省环保厅", "responsible")]
