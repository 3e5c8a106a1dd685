"""Coverage-guided fuzzing of the extractor with atheris (libFuzzer), checking :mod:`fuzz.invariants`.

    python fuzz/fuzz_extract.py [libFuzzer options] [CORPUS_DIR ...]
    FUZZ_SECONDS=600 make fuzz

The first byte of an input chooses the entry point, the rest is its argument:

    0  the whole extraction of a text (UTF-8)        3  the structure parsers (checklist, outline, tables)
    1  decoding and extracting a file's bytes (.txt)  4  the responsibility-clause grammar
    2  the normaliser (plain and repaired)

Any exception but the project's own error with a message, and any broken invariant, is a crash:
libFuzzer writes the input to ``<artifact_prefix>crash-…`` and stops.  An input that runs longer than
``-timeout`` seconds (20 here unless given) is reported as a hang the same way.

A file given instead of a directory is run once (to replay a ``crash-…`` input).  Every corpus
directory given is seeded with the real documents (``data/samples``, the shared corpus)
cut into pieces, once per entry point, and the 责任单位 clauses they hold; without one a temporary
corpus is used.  Unless given, ``-dict`` is a dictionary of the lexicon's cue words, units and heading
markers (so that mutations insert words of the genre), ``-max_len`` is 8192 bytes.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import atheris

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["graph"]):
    from fuzz.invariants import (
        extract_bytes,
        extract_text,
        normalize_checked,
        parse_structure,
        read_clause_checked,
        seed_texts,
    )
    from graph.core.lexicon import cue_table, word_list
    from graph.errors import DutygraphError

TEXT, BYTES, NORMALISER, STRUCTURE, CLAUSE = range(5)
MODES = 5
_PIECE = 6000  # characters of a seed piece: about the default -max_len in UTF-8 bytes of Chinese
_HEADINGS = ["一、", "(一)", "1.", "2、", "⑴", "一是", "①", "(1)", "附:", "清单", "第1项任务", "整改措施:", "责任单位:",
             "牵头负责第1、8条", "(", ")", "、", "。", "\n", "\r\n", "\u3000", "\u200b", "*", "|", "2017年6月底前"]


def test_one_input(data: bytes) -> None:
    """Run one input through the entry point its first byte names."""
    if not data:
        return
    mode, payload = data[0] % MODES, data[1:]
    if mode == BYTES:
        extract_bytes(payload)
        return
    text = payload.decode("utf-8", errors="replace")
    if mode == TEXT:
        extract_text(text)
    elif mode == NORMALISER:
        normalize_checked(text)
    elif mode == STRUCTURE:
        parse_structure(text)
    else:
        try:
            read_clause_checked(text)
        except DutygraphError:
            pass  # the grammar raises none of its own, but one with a message would be fine


def _pieces(text: str) -> list[str]:
    """``text`` cut at line ends into pieces of about ``_PIECE`` characters."""
    pieces, current = [], ""
    for line in text.splitlines(keepends=True):
        if current and len(current) + len(line) > _PIECE:
            pieces.append(current)
            current = ""
        current += line[: _PIECE]
    return [*pieces, current] if current else pieces


def seed_inputs() -> dict[str, bytes]:
    """The starting corpus: pieces of the real documents for every entry point, and their clauses."""
    seeds: dict[str, bytes] = {}
    for name, text in seed_texts().items():
        for index, piece in enumerate(_pieces(text)):
            encoded = piece.encode("utf-8")
            for mode in (TEXT, NORMALISER, STRUCTURE):
                seeds[f"seed-{mode}-{name}-{index}"] = bytes([mode]) + encoded
            for codec in ("utf-8", "gb18030", "big5"):
                seeds[f"seed-{BYTES}-{name}-{index}-{codec}"] = bytes([BYTES]) + piece.encode(codec, errors="replace")
        for index, clause in enumerate(re.findall(r"责任单位[::](.+)", text)):
            seeds[f"seed-{CLAUSE}-{name}-{index}"] = bytes([CLAUSE]) + clause.encode("utf-8")
    return seeds


def write_seeds(corpus: Path) -> None:
    """Put the seed inputs into the corpus directory ``corpus`` (kept: libFuzzer adds its finds there)."""
    corpus.mkdir(parents=True, exist_ok=True)
    for name, data in seed_inputs().items():
        (corpus / name).write_bytes(data)


def _dictionary_entry(word: str) -> str:
    return '"' + "".join(f"\\x{byte:02x}" for byte in word.encode("utf-8")) + '"'


def write_dictionary(path: Path) -> None:
    """A libFuzzer dictionary of the genre's words: cue words, units, posts, heading markers."""
    words = {word for row in cue_table().values() for word in row} | set(_HEADINGS)
    for table in ("deadline_kinds", "statuses"):
        words.update(cue_table(table))
    for name in ("posts", "unit_suffixes", "unit_prefixes", "bare_institutions", "department_stems"):
        words.update(word_list(name))
    path.write_text("".join(f"{_dictionary_entry(word)}\n" for word in sorted(words)), encoding="utf-8")


def main(argv: list[str]) -> None:
    options = [arg for arg in argv[1:] if arg.startswith("-")]
    corpora = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
    work = Path(tempfile.mkdtemp(prefix="dutygraph-fuzz-"))
    if not corpora:
        corpora = [work / "corpus"]
    for corpus in corpora:
        if not corpus.is_file():  # a file is an input to replay (a crash-… artifact), not a corpus
            write_seeds(corpus)
    given = {option.split("=", 1)[0] for option in options}
    if "-dict" not in given:
        write_dictionary(work / "genre.dict")
        options.append(f"-dict={work / 'genre.dict'}")
    defaults = {"-max_len": "8192", "-timeout": "20"}
    options += [f"{key}={value}" for key, value in defaults.items() if key not in given]
    print(f"fuzz_extract: corpus {', '.join(map(str, corpora))}; options {' '.join(options)}", file=sys.stderr,
          flush=True)
    atheris.Setup([argv[0], *options, *map(str, corpora)], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
