"""dutygraph: a knowledge graph of responsibilities from rectification plans."""

__version__ = "0.1.0"
