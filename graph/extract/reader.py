"""Read a document file into text: tell its format and encoding, and say which.

Plain text comes as UTF-8 (with or without BOM), GB18030/GBK/GB2312 or Big5.
UTF-8 is unambiguous when it decodes strictly.  GB18030 and Big5 are not: both
are double-byte codes over overlapping byte ranges, and almost every Big5 file
also decodes as GB18030 without an error, into nonsense.  The choice between
them is therefore made on what the decoded text *reads* like: the share of its
characters among the 500 most frequent characters of rectification documents
(``data/lexicon/common_hanzi.txt``, traditional text compared after conversion
to simplified).  Text decoded with the right codec is mostly made of them (0.5
or more from a dozen characters on); text decoded with the wrong one almost
never (under 0.2).  When both read as Chinese, or neither does, the file is
refused with a message rather than guessed; charset-normalizer names what the
bytes look like, for that message.

Web pages, Word files and PDFs are turned into text by
:mod:`graph.extract.formats`; the text it produces is the document text.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from graph.core.lexicon import word_list
from graph.errors import InputError
from graph.extract.formats import declared_charset, detect_format, docx_to_text, html_to_text, pdf_to_text
from graph.extract.repair import simplify_traditional
from graph.extract.sizes import DEFAULT_MAX_SIZE, MAX_SIZE_ENV, format_size, parse_size

__all__ = ["DEFAULT_MAX_SIZE", "MAX_SIZE_ENV", "RawText", "decode_document", "decode_text", "format_size",
           "parse_size", "read_document"]

_MIN_CJK_SHARE = 0.2
# Codecs tried for each family, narrowest first; the first that decodes strictly is the family's reading.
_GB = ("gb18030",)
_BIG5 = ("big5", "cp950", "big5hkscs")
# Share of frequent characters a reading needs to count as Chinese, and the lead
# the better reading needs over the other one to be chosen.
_READS_AS_CHINESE = 0.3
_CLEAR_LEAD = 0.15
# Below this many characters the statistic says too little to choose between two readings.
_MIN_HANZI = 6
_SAMPLE = 20000


@dataclass(frozen=True)
class RawText:
    """A decoded document with the facts about how it was read.

    ``format`` is ``txt``, ``html``, ``docx`` or ``pdf``; ``encoding`` is the codec
    the bytes were decoded with (``utf_8``, ``gb18030``, ``big5`` …; for a Word
    file the encoding of its XML, for a PDF ``pdf-text-layer``).  For HTML,
    Word and PDF, ``text`` is the text produced from the file (see
    :mod:`graph.extract.formats`), which every span indexes.
    """

    source: str
    text: str
    encoding: str
    sha256: str
    format: str = "txt"
    # (line, message): what the reader had to repair, for the document's warnings.
    warnings: tuple[tuple[int, str], ...] = ()


def read_document(path: Path | str, max_size: int | None = None) -> RawText:
    """Read ``path`` and decode it, raising :class:`InputError` when it is not readable text.

    A file over ``max_size`` bytes (:data:`DEFAULT_MAX_SIZE` if None) is refused by its size on
    disk, before a byte of it is read.
    """
    path = Path(path)
    source = str(path)
    limit = DEFAULT_MAX_SIZE if max_size is None else max_size
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(source, _too_large(size, limit))
        with path.open("rb") as handle:
            # One byte past the limit: a file that grew since, or a device whose size stat cannot tell.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise InputError(source, _too_large(len(data), limit, more=True))
    return decode_document(data, source)


def _too_large(size: int, limit: int, more: bool = False) -> str:
    what = (f"the file holds more than the size limit of {format_size(limit)} and was not read past it" if more
            else f"the file is {format_size(size)}, over the size limit of {format_size(limit)}, and was not read")
    suggestion = f"{-(-size // 10**6) + 1}MB"  # the next whole megabyte, and one more
    return (f"{what}: if it is one document, raise the limit (dutygraph ingest --max-size {suggestion}, "
            f"or ${MAX_SIZE_ENV})")


def decode_document(data: bytes, source: str) -> RawText:
    """Decode the raw bytes of a document named ``source`` (its extension helps tell the format)."""
    if not data.strip():
        raise InputError(source, "the file is empty")
    kind = detect_format(data, source)
    warnings: Warnings = ()
    if kind == "pdf":
        text, encoding = pdf_to_text(data, source), "pdf-text-layer"
    elif kind == "docx":
        text, encoding = docx_to_text(data, source), "utf_8"
    elif kind == "html":
        page, encoding = decode_text(data, source, declared=declared_charset(data))
        text = html_to_text(page, source)
        if not text.strip():
            raise InputError(source, "the web page has no article text")
    else:
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError(source, "this is a binary file, not text (it contains NUL bytes)")
        text, encoding, warnings = _decode_plain(data, source)
    text, repeat = _drop_repeat(text)
    _check_text(text, source)
    return RawText(source=source, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), format=kind,
                   warnings=warnings + repeat)


def _drop_repeat(text: str) -> tuple[str, Warnings]:
    """The text without a repeat of itself (saved or pasted twice), and a warning when there was one.

    A repeat starts where the document's first line occurs again, and from there the text (spaces
    aside) is the document from its start again, for at least half its length.  Only the first copy
    is kept, so its offsets stay the file's: read twice, the repeated checklist would be read as
    problems following the first (its plan body's 一、指导思想 as problem 1, and so on).
    """
    lines = text.split("\n")
    title = next((line.strip() for line in lines if line.strip()), "")
    if len(title) < 6:
        return text, ()
    squashed = _squash(text)
    at = text.find(title) + len(title)
    counted = before = 0  # characters of ``squashed`` before text[counted]
    while (at := text.find(title, at)) != -1:
        before += len(_squash(text[counted:at]))
        counted = at
        if len(squashed) - before >= before / 2 and _has_period(squashed, before):
            line = text.count("\n", 0, at) + 1
            message = (f"lines {line}-{len(lines)} repeat the document from its first line word for word "
                       "(it was saved or pasted twice?): the repeat was left out")
            return text[:at], ((line, message),)
        at += len(title)
    return text, ()


def _has_period(text: str, period: int) -> bool:
    """Whether ``text[period:] == text[:-period]``, compared a block at a time: a page header repeated on
    every page differs from the start within a block, so each is dismissed quickly."""
    for start in range(period, len(text), 4096):
        size = min(4096, len(text) - start)
        if text[start:start + size] != text[start - period:start - period + size]:
            return False
    return True


def _squash(text: str) -> str:
    return "".join(text.split())


Warnings = tuple[tuple[int, str], ...]
# Undecodable bytes a plain-text file may have and still be read (each becomes U+FFFD, reported):
# a few damaged bytes are a repairable accident, more mean the encoding is not known.
_MAX_BAD_BYTES = 16
_MAX_BAD_SHARE = 0.001


def _decode_plain(data: bytes, source: str) -> tuple[str, str, Warnings]:
    """Decode a plain-text file, repairing what can be repaired without guessing, and saying so.

    Besides what :func:`decode_text` reads, three kinds of damage are read with a warning: UTF-8
    whose last character was cut short (a download or copy stopped mid-character: the incomplete
    bytes are left out); lines in UTF-8 among lines in GB18030 or Big5 (a paragraph pasted from
    another file: each line is decoded with its own encoding); and a few bytes that decode in no
    encoding among text that otherwise reads as Chinese (each becomes U+FFFD, and the lines are named).
    """
    body, bom = (data[3:], "utf_8_sig") if data.startswith(codecs.BOM_UTF8) else (data, "utf_8")
    try:
        return body.decode("utf-8"), bom, ()
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(body):
            text = body[: exc.start].decode("utf-8")
            cut = len(body) - exc.start
            return text, bom, ((text.count("\n") + 1, f"the file ends in the middle of a character (it was cut "
                                                         f"short?): its last {cut} byte(s) were left out"),)
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    try:
        text, codec = decode_text(data, source)
        return text, codec, ()
    except InputError:
        lenient = _decode_lenient(data, source)
        if lenient is None:
            raise
        return lenient


def _utf8_lines(lines: list[bytes]) -> set[int]:
    """Lines that are UTF-8 Chinese: valid UTF-8, and read far better so than in either double-byte code."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        share, hanzi = _frequent_share(text)
        others = [r.share for r in (_read(line, _GB), _read(line, _BIG5)) if r is not None]
        if hanzi >= 2 and share >= _READS_AS_CHINESE and share - max(others, default=0.0) >= _CLEAR_LEAD:
            found.add(index)
    return found


def _decode_mixed(data: bytes) -> tuple[str, str, Warnings] | None:
    """Lines in UTF-8 among lines in GB18030 or Big5, each decoded with its own encoding; None if not so mixed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    lines = data.split(b"\n")  # a newline byte never occurs inside a UTF-8, GB18030 or Big5 character
    utf8 = _utf8_lines(lines)
    others = [index for index, line in enumerate(lines) if index not in utf8 and not line.isascii()]
    if not utf8 or not others:
        return None
    family = _family_of(b"\n".join(lines[i] for i in others))
    if family is None:
        return None
    decoded = [line.decode("utf-8") if index in utf8 else line.decode(family, errors="replace")
               for index, line in enumerate(lines)]
    if decoded[0].startswith("\ufeff"):
        decoded[0] = decoded[0][1:]
    bad = [index + 1 for index in others if "\ufffd" in decoded[index]]
    if sum(decoded[index - 1].count("\ufffd") for index in bad) > _bad_byte_allowance(data):
        return None
    minority, majority = ("utf_8", family) if len(utf8) <= len(others) else (family, "utf_8")
    minority_lines = sorted(utf8) if minority == "utf_8" else others
    plain = {index + 1 for index, line in enumerate(lines) if line.isascii()}
    warnings = [(minority_lines[0] + 1, f"mixed encodings: {_line_list([i + 1 for i in minority_lines], plain)} "
                                        f"{'is' if len(minority_lines) == 1 else 'are'} {minority}, the rest "
                                        f"{majority}; each line was decoded with its own encoding")]
    warnings += _replacement_warnings(bad, family)
    return "\n".join(decoded), f"{majority}+{minority}", tuple(warnings)


def _decode_lenient(data: bytes, source: str) -> tuple[str, str, Warnings] | None:
    """Text in GB18030 or Big5 but for a few undecodable bytes, which become U+FFFD; None if it reads as neither."""
    family = _family_of(data)
    if family is None:
        return None
    text = data.decode(family, errors="replace")
    damaged, allowed = text.count("\ufffd"), _bad_byte_allowance(data)
    if damaged > allowed:
        raise InputError(source, f"damaged text: it reads as {family}, but at {damaged} places its bytes decode in "
                                 f"no encoding (at most {allowed} are repaired): the file is damaged or mixes "
                                 "several encodings; convert it to UTF-8 and retry")
    bad = [number for number, line in enumerate(text.split("\n"), start=1) if "\ufffd" in line]
    return text, family, tuple(_replacement_warnings(bad, family))


def _family_of(data: bytes) -> str | None:
    """The codec, GB18030 or Big5, whose reading of ``data`` (damaged bytes replaced) is clearly Chinese."""
    readings = []
    for codec in (_GB[0], _BIG5[0]):
        share, hanzi = _frequent_share(data.decode(codec, errors="replace"))
        readings.append((share, hanzi, codec))
    readings.sort(reverse=True)
    best, second = readings
    if best[0] < _READS_AS_CHINESE or best[1] < _MIN_HANZI or best[0] - second[0] < _CLEAR_LEAD:
        return None
    return best[2]


def _bad_byte_allowance(data: bytes) -> int:
    return max(_MAX_BAD_BYTES, int(len(data) * _MAX_BAD_SHARE))


def _replacement_warnings(lines: list[int], codec: str) -> list[tuple[int, str]]:
    if not lines:
        return []
    return [(lines[0], f"bytes that are not {codec} were replaced by U+FFFD (�) on {_line_list(lines)}: "
                       "the quotes there are damaged")]


def _line_list(numbers: list[int], bridged: set[int] | None = None) -> str:
    """``line 7``, ``lines 3-5, 9``: line numbers as ranges (across ``bridged`` lines), the first ten only."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and all(n in (bridged or set()) for n in range(ranges[-1][1] + 1, number)):
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    shown = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ranges[:10])
    more = f" and {len(ranges) - 10} more" if len(ranges) > 10 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def decode_text(data: bytes, source: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes; return the text and the codec used.

    ``declared`` is an encoding the file states (an HTML page's charset); it
    is taken when it decodes strictly and the text then reads as Chinese at
    least as well as the other family's reading (pages that declare gb2312
    and are UTF-8, or declare UTF-8 and are GBK, exist).
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf_8_sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf_16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    readings = [r for r in (_read(data, _GB), _read(data, _BIG5)) if r is not None]
    if declared:
        codec = _codec_of(declared)
        if codec is not None and codec not in ("utf_8", "utf_8_sig"):
            own = _read(data, (codec,))
            if own is not None and own.share >= _READS_AS_CHINESE and all(own.share >= r.share - _CLEAR_LEAD
                                                                           for r in readings):
                return own.text, own.codec
    chinese = sorted((r for r in readings if r.share >= _READS_AS_CHINESE), key=lambda r: -r.share)
    if not chinese:
        raise InputError(source, f"unknown encoding: not UTF-8, GB18030/GBK or Big5{_looks_like(data)} "
                                 "(convert the file to UTF-8 and retry)")
    best = chinese[0]
    if len(chinese) > 1 and (best.share - chinese[1].share < _CLEAR_LEAD or best.hanzi < _MIN_HANZI):
        raise InputError(
            source,
            f"ambiguous encoding: the bytes read as Chinese both as {chinese[0].codec} and as {chinese[1].codec} "
            f"({best.hanzi} characters are too few to tell them apart): convert the file to UTF-8 and retry",
        )
    return best.text, best.codec


@dataclass(frozen=True)
class _Reading:
    codec: str
    text: str
    share: float  # of the sampled characters, those among the most frequent
    hanzi: int  # characters sampled


def _read(data: bytes, codecs_: tuple[str, ...]) -> _Reading | None:
    for codec in codecs_:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        share, hanzi = _frequent_share(text)
        return _Reading(codec, text, share, hanzi)
    return None


def _frequent_share(text: str) -> tuple[float, int]:
    """Share of CJK (and kana, private-use) characters that are among the frequent ones, and how many were seen.

    Kana and private-use characters count against a reading: GB18030 decodes
    the commonest Big5 bytes as Japanese kana and user-defined characters.
    """
    frequent = _frequent_hanzi()
    sample = simplify_traditional(text[: _SAMPLE * 2])
    seen = hits = 0
    for ch in sample:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3040 <= o <= 0x31FF or 0xE000 <= o <= 0xF8FF \
                or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
            seen += 1
            hits += ch in frequent
            if seen >= _SAMPLE:
                break
    return (hits / seen if seen else 0.0), seen


@cache
def _frequent_hanzi() -> frozenset[str]:
    """The characters of ``data/lexicon/common_hanzi.txt``."""
    return frozenset(ch for run in word_list("common_hanzi") for ch in run)


def _codec_of(name: str) -> str | None:
    """The Python codec for a declared charset name; GBK and GB2312 are read as their superset GB18030."""
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    return "gb18030" if codec in ("gbk", "gb2312", "cp936", "euc_cn") else codec


def _looks_like(data: bytes) -> str:
    best = from_bytes(data[:65536]).best()
    if best is None:
        return ""
    languages = ", ".join(lang for lang in best.languages if lang != "Unknown")
    return f" (it looks like {best.encoding}" + (f", {languages}" if languages else "") + ")"


# Counted by regexes, not character by character: this runs over every byte ingested.
_SPACE = re.compile(r"\s")
# The control characters (category Cc) that are not whitespace: C0 and C1 but \t\n\v\f\r, \x1c-\x1f, \x85.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_CJK = re.compile("[\u4e00-\u9fff]")


def _check_text(text: str, source: str) -> None:
    letters = len(text) - len(_SPACE.findall(text))
    if not letters:
        raise InputError(source, "the file holds only whitespace")
    controls = len(_CONTROL.findall(text))
    if controls / letters > 0.01:
        raise InputError(source, "this looks like a binary file (control characters in the text)")
    cjk = len(_CJK.findall(text))
    if cjk / letters < _MIN_CJK_SHARE:
        raise InputError(
            source, "unrecognisable: the text is not Chinese, so it cannot be a rectification document"
        )
