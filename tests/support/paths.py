"""Where the tests' files are: the checkout, its samples, the corpus beside it, the tests' own data.

Computed once here, so a test module's depth under tests/ never changes what it reads.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
SAMPLES = ROOT / "data" / "samples"
JIANGXI = SAMPLES / "000_89c821903e6b9e73.txt"
SHANXI = SAMPLES / "003_af2e98385806c551.txt"
QUERIES = ROOT / "ontology" / "queries"
# The real excerpts sit beside the repository (/work/shared/corpus next to /work/main); CI clones them there.
CORPUS = ROOT / ".." / "shared" / "corpus"
SHAPES_CASES = TESTS / "shapes_cases"
# Browser tests write their screenshots here (git-ignored).
ARTIFACTS = TESTS / "artifacts"
