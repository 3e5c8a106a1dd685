"""File size limits written for people: the largest file read as one document, parsed and printed.

Apart from :mod:`graph.extract.reader` so that the command line can give ``--max-size`` its default
and help without importing the reader's decoders (about 40 ms of every command's start-up).
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_MAX_SIZE", "MAX_SIZE_ENV", "format_size", "parse_size"]

# The largest file read as one document.  Plans are tens of KB of text and a few MB as PDF or
# Word; a file of hundreds of MB is a mistake (a disk image, a log, an archive), and reading it
# would hold it, its decoded text and its extraction in memory at once.
DEFAULT_MAX_SIZE = 50_000_000
MAX_SIZE_ENV = "DUTYGRAPH_MAX_SIZE"  # read by the command line's --max-size
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
               "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30, "gib": 2**30}


def parse_size(text: str) -> int:
    """Bytes in a size written for people: ``20MB``, ``1.5 GB``, ``500k``, ``64MiB``, ``1048576``.

    KB, MB and GB (and k, m, g) count in thousands, KiB, MiB and GiB in 1024s; a bare number is bytes.

    >>> parse_size("20MB"), parse_size("64 MiB"), parse_size("1500")
    (20000000, 67108864, 1500)
    """
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a size: write e.g. 20MB, 1.5GB, 500KB or 64MiB")
    number, unit = float(match.group(1)), (match.group(2) or "").lower()
    size = int(number * _SIZE_UNITS[unit])
    if size < 1:
        raise ValueError(f"{text!r}: a size limit must be at least one byte")
    return size


def format_size(size: int) -> str:
    """A size for a message, in the decimal units :func:`parse_size` reads: ``73.4 MB``."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"
