"""SPARQL: the text (prefixes, scanning, bindings), running a query to a table, the fixed reads of
the commands, and the saved queries of ``ontology/queries``."""
