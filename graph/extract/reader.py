"""Read a document file into text: detect binary input and the encoding, and say which."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from graph.errors import InputError

# Chinese government documents come in these; asking the detector to choose only
# among them stops it from "finding" a Cyrillic or Latin code page in GBK bytes.
_CANDIDATE_ENCODINGS = ["gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_8"]
_MIN_CJK_SHARE = 0.2


@dataclass(frozen=True)
class RawText:
    """A decoded document with the facts about how it was decoded."""

    source: str
    text: str
    encoding: str
    sha256: str


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
    """Decode raw bytes of a document named ``source``."""
    if not data.strip():
        raise InputError(source, "the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "this is a binary file, not text (it contains NUL bytes)")
    text, encoding = _decode(data, source)
    text = text.removeprefix("\ufeff") if encoding == "utf_8_sig" else text
    _check_text(text, source)
    return RawText(source=source, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def _decode(data: bytes, source: str) -> tuple[str, str]:
    # UTF-8 is unambiguous when it decodes strictly; try it before any statistics.
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf_8_sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError(
            source,
            "unknown encoding: not UTF-8, GB18030/GBK or Big5 (convert the file to UTF-8 and retry)",
        )
    return str(best), best.encoding


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
