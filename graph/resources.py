"""Locate the data files (ontology, queries, lexicons, gazetteer) shipped with the package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# In a wheel the assets are force-included under graph/_assets; in a checkout
# they live at the repository root beside graph/.
_ROOT = _PACKAGE / "_assets" if (_PACKAGE / "_assets").is_dir() else _PACKAGE.parent


def asset_path(*parts: str) -> Path:
    """Return the path of a shipped data file, e.g. ``asset_path("ontology", "dutygraph.ttl")``."""
    return _ROOT.joinpath(*parts)
