"""Shared fixtures: the seed documents ingested into a real on-disk Oxigraph store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ingest import ingest_files
from graph.store import GraphStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
JIANGXI = SAMPLES / "000_89c821903e6b9e73.txt"
SHANXI = SAMPLES / "003_af2e98385806c551.txt"


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding both seeds, built once per session."""
    path = tmp_path_factory.mktemp("seeds") / "dutygraph.db"
    with open_store(str(path)) as store:
        ingest_files([JIANGXI, SHANXI], store)
    return path


@pytest.fixture()
def seed_store(seed_store_path: Path) -> Iterator[GraphStore]:
    """The seed store opened read-only."""
    with open_store(str(seed_store_path), read_only=True) as store:
        yield store
