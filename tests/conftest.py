"""Shared fixtures: the seed documents ingested into every backend (embedded Oxigraph, Oxigraph server, Virtuoso).

``seed_store`` is parametrised over the backends, so every test that asks for it is one shared test
body run against each: a backend cannot silently differ.  ``fresh_location`` is an empty store of
each backend for tests that write.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ingest import ingest_files
from graph.store import GraphStore, SparqlStore, open_store
from tests.servers import STARTERS, Server

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


BACKENDS = ("embedded", "oxigraph", "virtuoso")


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
def seed_location(request: pytest.FixtureRequest, seed_store_path: Path, servers: Servers) -> str:
    """Where the seeds are stored, for each backend: a directory or a server's URL."""
    backend = str(request.param)
    if backend == "embedded":
        return str(seed_store_path)
    url = servers.url(backend, "seeds")
    with open_store(url) as store:
        ingest_files([JIANGXI, SHANXI], store)
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
def fresh_location(request: pytest.FixtureRequest, tmp_path: Path, servers: Servers) -> str:
    """An empty store of each backend: a new directory, or a scratch server wiped clean."""
    backend = str(request.param)
    if backend == "embedded":
        return str(tmp_path / "fresh.db")
    url = servers.url(backend, "scratch")
    wipe(url)
    return url
