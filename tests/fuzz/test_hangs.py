"""The hang detector: pathological documents extract in bounded time.

Each case of :mod:`fuzz.pathological` (very long runs of one character, 100,000 nested parentheses,
runs of 、, lists of thousands of units, fifty levels of headings, near misses of the grammar's
patterns) is extracted in one subprocess, which reports each case as it starts and ends; a case that
does not end within ``BOUND`` seconds is a hang, and the process is killed.  This is no benchmark: a
linear extraction of these cases takes a second or two, a quadratic one minutes, and the bound sits
far between.  ``FUZZ_HANG_CHARS=1000000`` runs the cases at a million characters each.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from typing import IO

import pytest

from fuzz.pathological import CASES
from tests.support.paths import ROOT

pytestmark = pytest.mark.fuzz

BOUND = 30.0  # seconds per case of 200,000 characters (about 600 kB of UTF-8): generous on a loaded machine
CHARS = int(os.environ.get("FUZZ_HANG_CHARS", "200000"))


def _lines(stream: IO[str], out: queue.Queue[str | None]) -> None:
    for line in stream:
        out.put(line.rstrip("\n"))
    out.put(None)


def test_pathological_documents_extract_in_bounded_time() -> None:
    bound = BOUND * max(1.0, CHARS / 200_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "fuzz.pathological", "--chars", str(CHARS)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    done: list[str] = []
    current, began = "(start-up)", time.monotonic()
    while True:
        try:
            line = lines.get(timeout=max(0.0, bound - (time.monotonic() - began)))
        except queue.Empty:
            process.kill()
            process.communicate()
            raise AssertionError(f"case {current!r} still running after {bound:.0f} s: a hang") from None
        if line is None:
            break
        kind, name = line.split(" ", 2)[:2]
        if kind == "start":
            current, began = name, time.monotonic()
        else:
            done.append(line)
            current, began = "(between cases)", time.monotonic()
    _, errors = process.communicate(timeout=bound)
    assert process.returncode == 0, f"case {current!r} failed:\n{errors[-3000:]}"
    assert len(done) == len(CASES), f"ran {len(done)} of {len(CASES)} cases"
