"""What extraction and the RDF model share, below both: neither imports the other, both import this.

* :mod:`graph.core.numerals`: Chinese numerals both ways, and the codes a reference spells (三 -> 3).
* :mod:`graph.core.lexicon`: the one loader of the cue words and tables of ``data/lexicon/``.
* :mod:`graph.core.gazetteer`: the administrative divisions of ``data/gazetteer/``, and their names in text.
"""
