"""The coverage-guided fuzzer runs for a bounded time in CI and finds nothing.

``fuzz/fuzz_extract.py`` runs under atheris (libFuzzer) for ``SECONDS`` seconds from the seed corpus;
any crash, broken invariant or input slower than its ``-timeout`` makes it exit non-zero with the
input written under ``tmp_path``.  Longer runs: ``FUZZ_SECONDS=600 make fuzz`` (see the README).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.fuzz

SECONDS = 30
MIN_RUNS = 100  # the seed corpus alone is about 150 inputs; far fewer means the harness did not run


def test_fuzzer_runs_for_a_bounded_time_without_a_crash(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "fuzz/fuzz_extract.py", f"-max_total_time={SECONDS}", f"-artifact_prefix={tmp_path}/",
         str(tmp_path / "corpus")],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=SECONDS * 6,
    )
    output = result.stderr + result.stdout
    crashes = sorted(path.name for path in tmp_path.glob("*-*") if path.is_file())
    assert result.returncode == 0, f"the fuzzer stopped on {crashes}:\n{output[-4000:]}"
    done = re.search(r"Done (\d+) runs in (\d+) second", output)
    assert done is not None, output[-4000:]
    assert int(done.group(1)) >= MIN_RUNS, done.group(0)
