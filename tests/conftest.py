"""Shared fixtures: the seed documents ingested into every backend (embedded Oxigraph, Oxigraph server, Virtuoso).

``seed_store`` is parametrised over the backends, so every test that asks for it is one shared test
body run against each: a backend cannot silently differ.  ``fresh_location`` is an empty store of
each backend for tests that write.  Every store these fixtures build is validated against the SHACL
shapes (``shape_check``, tests/support/shacl.py), each distinct graph once a session; a test that builds a
store of its own can hand it to ``shape_check`` too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from graph.core.gazetteer import Gazetteer, load_gazetteer
from graph.ingest import ingest_files
from graph.store import GraphStore, SparqlStore, open_store
from tests.support.browser import chromium_or_skip
from tests.support.paths import JIANGXI, ROOT, SHANXI
from tests.support.servers import STARTERS, Server
from tests.support.shacl import ShapeCheck


@pytest.fixture(scope="session")
def shape_check(request: pytest.FixtureRequest) -> ShapeCheck:
    """Validates a store's graphs against ontology/shapes.ttl, remembering what already conformed.

    What conformed is remembered in .pytest_cache from one run to the next (for the same shapes,
    ontology and libraries), unless pytest runs without its cache (``-p no:cacheprovider``).
    """
    cache = getattr(request.config, "cache", None)
    return ShapeCheck(cache.mkdir("dutygraph-shacl") if cache is not None else None)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The administrative divisions of data/gazetteer/ (loaded once, cached by the loader)."""
    return load_gazetteer()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a module's tests, or a skip where none can run (tests/support/browser.py)."""
    yield from chromium_or_skip()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for the ``browser`` fixture, directly or through another fixture, is a ``browser`` test."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def _stores_under(root: Path) -> list[Path]:
    """Embedded stores (RocksDB directories: a CURRENT file beside a MANIFEST) anywhere under ``root``."""
    return sorted(current.parent for current in root.rglob("CURRENT")
                  if any(current.parent.glob("MANIFEST-*")))


@pytest.fixture(autouse=True)
def _stores_conform(request: pytest.FixtureRequest, shape_check: ShapeCheck) -> Iterator[None]:
    """After each test, every embedded store it built in its ``tmp_path`` must conform to the shapes.

    Tests that build a nonconforming store on purpose (a partial document left by a killed ingest,
    a graph broken to show the check fails) say so with ``@pytest.mark.nonconforming_store``.
    """
    if "tmp_path" not in request.fixturenames or request.node.get_closest_marker("nonconforming_store"):
        yield
        return
    root: Path = request.getfixturevalue("tmp_path")  # asked for before the test, torn down after this
    yield
    for store in _stores_under(root):
        shape_check.check_store(str(store))


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory, shape_check: ShapeCheck) -> Path:
    """A store holding both seeds, built once per session."""
    path = tmp_path_factory.mktemp("seeds") / "dutygraph.db"
    with open_store(str(path)) as store:
        ingest_files([JIANGXI, SHANXI], store)
    shape_check.check_store(str(path))
    return path


# The server backends carry the ``servers`` marker, so ``-m "not servers"`` runs the embedded store alone.
BACKENDS = (
    "embedded",
    pytest.param("oxigraph", marks=pytest.mark.servers),
    pytest.param("virtuoso", marks=pytest.mark.servers),
)


class Servers:
    """SPARQL servers of this test session, started when first needed, stopped at its end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.running: dict[tuple[str, str], Server] = {}

    def url(self, kind: str, role: str) -> str:
        """The URL of the ``kind`` server for ``role`` (one server per kind and role)."""
        if (kind, role) not in self.running:
            self.running[kind, role] = STARTERS[kind](self.root / f"{kind}-{role}")
        return self.running[kind, role].url

    def stop(self) -> None:
        for server in self.running.values():
            server.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The session's servers."""
    started = Servers(tmp_path_factory.mktemp("servers"))
    yield started
    started.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def seed_location(request: pytest.FixtureRequest, seed_store_path: Path, servers: Servers,
                  shape_check: ShapeCheck) -> str:
    """Where the seeds are stored, for each backend: a directory or a server's URL."""
    backend = str(request.param)
    if backend == "embedded":
        return str(seed_store_path)
    url = servers.url(backend, "seeds")
    with open_store(url) as store:
        ingest_files([JIANGXI, SHANXI], store)
    shape_check.check_store(url)
    return url


@pytest.fixture()
def seed_store(seed_location: str) -> Iterator[GraphStore]:
    """The seed store of each backend, opened read-only."""
    with open_store(seed_location, read_only=True) as store:
        yield store


def wipe(url: str) -> None:
    """Drop every graph dutygraph wrote on a server (and only those: a shared server keeps the rest)."""
    with open_store(url) as store:
        assert isinstance(store, SparqlStore)
        rows = store.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } '
                            'FILTER(STRSTARTS(STR(?g), "https://w3id.org/dutygraph/")) }')
        if rows:
            store.client.update(" ;\n".join(f"DROP SILENT GRAPH <{r['g']}>" for r in rows))


@pytest.fixture(params=BACKENDS)
def fresh_location(request: pytest.FixtureRequest, tmp_path: Path, servers: Servers,
                   shape_check: ShapeCheck) -> Iterator[str]:
    """An empty store of each backend: a new directory, or a scratch server wiped clean.

    What the test left in it is validated against the shapes afterwards.
    """
    backend = str(request.param)
    if backend == "embedded":
        location = str(tmp_path / "fresh.db")
    else:
        location = servers.url(backend, "scratch")
        wipe(location)
    yield location
    if backend != "embedded" or Path(location).exists():
        shape_check.check_store(location)


# The property tests (tests/fuzz/test_properties.py): in CI 200 derandomised examples each, so that every run
# tries the same inputs and a failure reproduces; HYPOTHESIS_PROFILE=long searches for real and keeps the
# failures it finds in .pytest_cache/hypothesis, to replay them first next time.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=timedelta(seconds=20),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=timedelta(seconds=60),
    database=DirectoryBasedExampleDatabase(str(ROOT / ".pytest_cache" / "hypothesis")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
