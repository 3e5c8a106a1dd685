"""Benchmarks and the corpus generator they share; run them as ``python -m bench.NAME`` from the repository root."""
