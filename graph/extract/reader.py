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
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from graph.assets import asset_path
from graph.errors import InputError
from graph.extract.formats import declared_charset, detect_format, docx_to_text, html_to_text, pdf_to_text
from graph.extract.repair import simplify_traditional

__all__ = ["RawText", "decode_document", "decode_text", "read_document"]

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


def read_document(path: Path | str) -> RawText:
    """Read ``path`` and decode it, raising :class:`InputError` when it is not readable text."""
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read the file ({exc.strerror or exc})") from exc
    return decode_document(data, source)


def decode_document(data: bytes, source: str) -> RawText:
    """Decode the raw bytes of a document named ``source`` (its extension helps tell the format)."""
    if not data.strip():
        raise InputError(source, "the file is empty")
    kind = detect_format(data, source)
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
        text, encoding = decode_text(data, source)
    _check_text(text, source)
    return RawText(source=source, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), format=kind)


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
    path = asset_path("data", "lexicon", "common_hanzi.txt")
    with path.open(encoding="utf-8") as handle:
        return frozenset(ch for line in handle if not line.startswith("#") for ch in line.strip())


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


def _check_text(text: str, source: str) -> None:
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        raise InputError(source, "the file holds only whitespace")
    controls = sum(1 for ch in letters if unicodedata.category(ch) == "Cc")
    if controls / len(letters) > 0.01:
        raise InputError(source, "this looks like a binary file (control characters in the text)")
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    if cjk / len(letters) < _MIN_CJK_SHARE:
        raise InputError(
            source, "unrecognisable: the text is not Chinese, so it cannot be a rectification document"
        )
