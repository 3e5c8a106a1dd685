"""The reference graphs every store holds beside the documents: the gazetteer's regions, and the
renames of the units a document names (2018's reorganisation: 省环保厅 became 省生态环境厅).

The gazetteer graph is written once, when a store is first written; renames are added, never
dropped, since a rename stays true when the document naming it is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from graph.model.mapping import regions_to_quads
from graph.model.renames import renames_to_quads, units_in


def gazetteer_quads() -> Iterable[ox.Quad]:
    """The regions of the gazetteer as quads of its own graph."""
    # Imported here: the gazetteer file is read only when a store is first written.
    from graph.core.gazetteer import load_gazetteer

    return regions_to_quads(load_gazetteer())


def shared_quads(quads: Sequence[ox.Quad]) -> Iterable[ox.Quad]:
    """The quads a document's graph adds to the shared renames graph: the renames of its units."""
    return renames_to_quads(units_in(quads))
