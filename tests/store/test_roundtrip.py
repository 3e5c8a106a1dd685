"""Round trips: extract -> store -> ``dutygraph export`` (ttl, nq, jsonld) -> re-import gives the same graph.

The seeds and the real excerpts of ``../shared/corpus/`` are ingested with the command line, exported
with it, and read back three ways: by pyoxigraph (the engine of the store), by rdflib (compared
graph by graph with ``rdflib.compare.isomorphic``), and into a fresh dutygraph store through its
own write path, whose dump must equal the original's.

What each format means: ``nq`` and ``jsonld`` keep every named graph (one per document, the
gazetteer, the renames); ``ttl`` has no graphs, so it is the union of them all (the default graph a
query sees), one triple for every distinct triple of the store.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from cli import main
from graph.store import open_store
from tests.support.paths import JIANGXI, ROOT, SHANXI
from tests.support.shacl import ShapeCheck

CORPUS = ROOT / ".." / "shared" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
DOC = "https://w3id.org/dutygraph/id/doc/"
ENTITIES = "https://w3id.org/dutygraph/id/graph/entities"
GAZETTEER = "https://w3id.org/dutygraph/id/graph/gazetteer"
FORMATS = {"nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD, "ttl": ox.RdfFormat.TURTLE}
RDFLIB_FORMATS = {"nq": "nquads", "jsonld": "json-ld", "ttl": "turtle"}

Quads = dict[str, set[ox.Triple]]
# rdflib's JSON-LD plugins call its own deprecated ConjunctiveGraph and Dataset.contexts.
pytestmark = [
    pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|Dataset.contexts) is deprecated"),
    pytest.mark.slow,  # the corpus through the command line, exported three ways and read back
]


def by_graph(quads: object) -> Quads:
    """Triples per graph name ("" for the default graph)."""
    graphs: Quads = defaultdict(set)
    for quad in quads:  # type: ignore[attr-defined]
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs[name].add(ox.Triple(quad.subject, quad.predicate, quad.object))
    return dict(graphs)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shape_check: ShapeCheck) -> Path:
    """The seeds and the corpus, ingested by the command line into a new store."""
    path = tmp_path_factory.mktemp("roundtrip") / "dutygraph.db"
    files = [str(JIANGXI), str(SHANXI), *map(str, CORPUS_FILES)]
    result = CliRunner().invoke(main, ["--store", str(path), "ingest", *files])
    assert result.exit_code == 0, result.output
    shape_check.check_store(str(path))
    return path


@pytest.fixture(scope="module")
def original(store: Path) -> Quads:
    with open_store(str(store), read_only=True) as opened:
        return by_graph(ox.parse(opened.dump_nquads(), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def exported(store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each format, written by ``dutygraph export -o``."""
    out = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in FORMATS:
        path = out / f"graph.{fmt}"
        result = CliRunner().invoke(main, ["--store", str(store), "export", "--format", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
        paths[fmt] = path
    return paths


def test_the_store_holds_every_document(original: Quads) -> None:
    documents = {g for g in original if g.startswith(DOC)}
    assert len(documents) == 2 + len(CORPUS_FILES)
    assert {DOC + JIANGXI.stem, DOC + SHANXI.stem} <= documents
    assert "" not in original  # everything lives in a named graph


def test_the_corpus_takes_part() -> None:
    # Outside CI a checkout without shared/ beside it runs the seeds alone; in CI a missing corpus fails.
    if not CORPUS_FILES and not os.environ.get("CI"):
        pytest.skip(f"no corpus at {CORPUS}")
    assert len(CORPUS_FILES) >= 10


@pytest.mark.parametrize("fmt", ["nq", "jsonld"])
def test_graph_keeping_formats_read_back_identical(exported: dict[str, Path], original: Quads, fmt: str) -> None:
    with exported[fmt].open("rb") as fh:
        back = by_graph(ox.parse(fh, format=FORMATS[fmt]))
    assert back.keys() == original.keys()
    for name, triples in original.items():
        # No blank nodes anywhere (IRIs are deterministic), so isomorphic means equal.
        assert back[name] == triples, name


def test_turtle_is_the_union_of_the_graphs(exported: dict[str, Path], original: Quads) -> None:
    with exported["ttl"].open("rb") as fh:
        back = by_graph(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    assert back.keys() == {""}
    assert back[""] == set().union(*original.values())


@pytest.fixture(scope="module")
def reference(original: Quads) -> rdflib.Dataset:
    """The store's graphs as rdflib reads them from pyoxigraph's own N-Quads."""
    dataset = rdflib.Dataset()
    nquads = "".join(f"{ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))} .\n"
                     for g, triples in original.items() for t in triples)
    dataset.parse(data=nquads, format="nquads")
    return dataset


@pytest.mark.parametrize("fmt", ["nq", "jsonld", "ttl"])
def test_rdflib_reads_each_graph_isomorphic(
    exported: dict[str, Path], original: Quads, reference: rdflib.Dataset, fmt: str
) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(exported[fmt], format=RDFLIB_FORMATS[fmt])
    if fmt == "ttl":
        union = rdflib.Graph()
        for s, p, o, _ in reference.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(dataset.default_graph, union)
        return
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == set(original)
    for name in original:
        # The gazetteer (16,000 triples, the same in every store) is compared by pyoxigraph above.
        if name != GAZETTEER:
            assert isomorphic(dataset.graph(rdflib.URIRef(name)), reference.graph(rdflib.URIRef(name))), name


def test_chinese_text_and_literal_kinds_survive(exported: dict[str, Path], original: Quads) -> None:
    def literal_kinds(graphs: Quads) -> set[tuple[str, str, str | None]]:
        return {(t.object.value, t.object.datatype.value, t.object.language)
                for triples in graphs.values() for t in triples if isinstance(t.object, ox.Literal)}

    kinds = literal_kinds(original)
    assert ("省环保厅", "http://www.w3.org/2001/XMLSchema#string", None) in kinds
    for fmt in FORMATS:
        with exported[fmt].open("rb") as fh:
            assert literal_kinds(by_graph(ox.parse(fh, format=FORMATS[fmt]))) == kinds, fmt
    # Written as UTF-8 characters, not escapes: a reader of the file sees the Chinese.
    assert "省环保厅" in exported["ttl"].read_text(encoding="utf-8")


def test_a_fresh_store_fed_the_export_dumps_the_same(
    exported: dict[str, Path], original: Quads, tmp_path: Path
) -> None:
    # The documents go back in through the store's own write path, each with the facts of the units
    # and leaders it names (the entities graph, as the mapping gives them); the gazetteer and the
    # renames are the store's to write, and must come out as they were.
    with exported["nq"].open("rb") as fh:
        back = by_graph(ox.parse(fh, format=ox.RdfFormat.N_QUADS))
    entities = ox.NamedNode(ENTITIES)
    shared = [ox.Quad(t.subject, t.predicate, t.object, entities) for t in sorted(back[ENTITIES], key=str)]
    documents = [(name, [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in sorted(
        triples, key=str)] + shared) for name, triples in sorted(back.items()) if name.startswith(DOC)]
    with open_store(str(tmp_path / "again.db")) as fresh:
        fresh.replace_documents(documents)
    with open_store(str(tmp_path / "again.db"), read_only=True) as fresh:
        assert by_graph(ox.parse(fresh.dump_nquads(), format=ox.RdfFormat.N_QUADS)) == original


def test_the_fixtures_shape_check_catches_a_broken_graph(original: Quads, shape_check: ShapeCheck) -> None:
    # The fixtures' SHACL hook is only worth something if it fails: a leader of the Shanxi report
    # (the smaller seed, quick to validate) loses its name.
    # Its name is in the entities graph, which the report's graph is validated with.
    shanxi = DOC + SHANXI.stem
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    mentions = ox.NamedNode("https://w3id.org/dutygraph/ontology#mentions")
    leader = next(t.object for t in original[shanxi] if t.predicate == mentions
                  and t.object.value.startswith("https://w3id.org/dutygraph/id/leader/"))
    broken = {shanxi: original[shanxi],
              ENTITIES: {t for t in original[ENTITIES] if not (t.subject == leader and t.predicate == label)},
              GAZETTEER: original[GAZETTEER]}
    nquads = "".join(f"{ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))} .\n"
                     for g, triples in broken.items() for t in triples)
    with pytest.raises(AssertionError, match="A leader has exactly one name"):
        shape_check.check_nquads(nquads.encode("utf-8"), "a store missing a unit's name")
