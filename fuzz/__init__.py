"""Fuzzing the extractor: shared invariants, pathological inputs and the atheris harness (issue 7)."""
