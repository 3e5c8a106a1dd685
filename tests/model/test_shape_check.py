"""The tests' SHACL hook (tests/support/shacl.py) fails on what the shapes forbid, SPARQL constraints included.

The hook reuses each SPARQL constraint as a prepared query across focus nodes; these show that a
violation of that constraint (a quote as long as no slice of the text) is still reported, on the
first span broken and on a later one alike.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.model import iris
from graph.model.vocab import DG
from graph.store import open_store
from tests.support.paths import SHANXI
from tests.support.shacl import ShapeCheck

QUOTE = ox.NamedNode(str(DG.quote))


def _with_a_longer_quote(nquads: bytes, nth: int) -> bytes:
    """The dump with the ``nth`` quote of the Shanxi report's graph one character longer."""
    shanxi = ox.NamedNode(iris.document_iri(SHANXI.stem))
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    quotes = sorted((q for q in quads if q.graph_name == shanxi and q.predicate == QUOTE), key=str)
    broken = quotes[nth]
    assert isinstance(broken.object, ox.Literal)
    longer = ox.Quad(broken.subject, QUOTE, ox.Literal(broken.object.value + "。"), shanxi)
    return "".join(f"{q} .\n" for q in quads if q != broken).encode("utf-8") + f"{longer} .\n".encode()


@pytest.mark.parametrize("nth", [0, -1])
def test_a_quote_of_the_wrong_length_fails_the_check(seed_store_path: Path, shape_check: ShapeCheck,
                                                     nth: int) -> None:
    with open_store(str(seed_store_path), read_only=True) as store:
        nquads = store.dump_nquads()
    shape_check.check_nquads(nquads, "the seed store")  # as stored: conforms
    with pytest.raises(AssertionError, match=r"The quote's length \(\d+\) differs from end - start"):
        shape_check.check_nquads(_with_a_longer_quote(nquads, nth), "a seed store with a quote too long")
