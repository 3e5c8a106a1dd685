"""SPARQL text: the predefined prefixes, a tokenizer, the query form, updates and SERVICE found in
tokens, and bindings written as a VALUES block.

Pure text work, no store and no HTTP: the stores (embedded and remote) bind values with it, the
endpoint (:mod:`graph.server`) refuses updates and federated queries with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import QueryError
from graph.model.vocab import DCTERMS, DG, ORG, PROV, RDF, RDFS, SKOS, XSD

# The prefixes every query may use without declaring them, spelled once in graph.model.vocab.
PREFIXES = {
    "dg": str(DG),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
}

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int  # braces open before this token


def _tokens(sparql: str) -> list[_Token]:
    tokens: list[_Token] = []
    depth = 0
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind == "other" and match.group().isspace():
            continue
        if kind == "close":
            depth -= 1
        tokens.append(_Token(kind, match.group(), match.start(), match.end(), depth))
        if kind == "open":
            depth += 1
    return tokens


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, read past the prologue and comments."""
    for token in _tokens(sparql):
        if token.kind == "word" and token.depth == 0 and token.text.upper() in _FORMS:
            return token.text.upper()
    raise QueryError("invalid SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


# Keywords that open a SPARQL Update operation; none of them can stand outside a group in a query.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def _keywords(sparql: str) -> list[_Token]:
    """Word tokens that are keywords, not parts of a prefixed name (``ex:insert``, ``insert:x``, ``ex:a.drop``)."""
    tokens = _tokens(sparql)
    found = []
    for index, token in enumerate(tokens):
        if token.kind != "word":
            continue
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before is not None and before.end == token.start and before.text in (":", "."):
            continue
        if after is not None and after.start == token.end and after.text == ":":
            continue
        found.append(token)
    return found


def update_operation(sparql: str) -> str | None:
    """The first update keyword outside every group (INSERT, DROP, LOAD…), or None for a query.

    Read from tokens, not from the start of the text, so no prologue (comments anywhere, PREFIX and
    BASE declarations, odd casing or spacing) can hide an update behind it.
    """
    for token in _keywords(sparql):
        # <= 0: an unbalanced "}" must not push an update out of sight.
        if token.depth <= 0 and token.text.upper() in UPDATE_KEYWORDS:
            return token.text.upper()
    return None


def calls_service(sparql: str) -> bool:
    """Whether a query asks the engine to fetch another endpoint (``SERVICE``, federated query)."""
    return any(token.text.upper() == "SERVICE" for token in _keywords(sparql))


def serialise_term(name: str, term: object) -> str:
    """An RDF term in SPARQL syntax (N-Triples syntax is SPARQL syntax), refusing what VALUES cannot hold."""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise QueryError(f"cannot bind ?{name} to {term!r} on a remote store: only IRIs and literals can be sent")


def bind_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """``sparql`` with ``bindings`` as a VALUES block opening its WHERE clause.

    The terms are serialised by pyoxigraph (escapes included), never pasted as text, so a value
    cannot change the query.  A VALUES block at the start of the WHERE group joins with the whole
    pattern, which is what binding a variable means.  A sub-SELECT that projects a bound variable
    gets the same block for that variable (the join outside would keep only those rows anyway), so
    the server can use the value early; a sub-SELECT that does not project it is left alone.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}")
    terms = {name: serialise_term(name, term) for name, term in bindings.items()}
    projected = _projection(sparql)
    for name in terms:
        if projected is not None and "*" not in projected and name not in projected:
            # The embedded store (Oxigraph's substitutions) refuses this too: both backends answer alike.
            raise QueryError(f"the query failed: ?{name} is bound but not in the SELECT projection")
    insertions = [(_where_group(sparql), list(terms))]
    insertions += [(at, [n for n in terms if n in projected or "*" in projected])
                   for at, projected in _sub_selects(sparql)]
    for position, names in sorted(insertions, reverse=True):
        if names:
            block = (f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms[n] for n in names)}) }} ")
            sparql = sparql[:position] + block + sparql[position:]
    return sparql


def _projection(sparql: str) -> set[str] | None:
    """The variables the outer SELECT projects (``*`` for all), or None for ASK, CONSTRUCT and DESCRIBE."""
    top = [t for t in _tokens(sparql) if t.depth == 0]
    start = next((i for i, t in enumerate(top) if t.kind == "word" and t.text.upper() in _FORMS), None)
    if start is None or top[start].text.upper() != "SELECT":
        return None
    projected: set[str] = set()
    parens = 0
    previous = ""
    for token in top[start + 1:]:
        if token.kind == "open" or (token.kind == "word" and token.text.upper() in ("WHERE", "FROM")):
            break
        if token.kind == "other" and token.text in "()":
            parens += 1 if token.text == "(" else -1
        elif token.kind == "var" and (parens == 0 or previous.upper() == "AS"):
            projected.add(token.text[1:])
        elif token.text == "*" and parens == 0:
            projected.add("*")
        previous = token.text
    return projected


def _sub_selects(sparql: str) -> list[tuple[int, set[str]]]:
    """For each nested SELECT: the offset inside its WHERE group, and the variables it projects."""
    tokens = _tokens(sparql)
    found: list[tuple[int, set[str]]] = []
    for index, token in enumerate(tokens):
        if not (token.kind == "word" and token.depth > 0 and token.text.upper() == "SELECT"):
            continue
        projected: set[str] = set()
        parens = 0
        for following in tokens[index + 1:]:
            if following.kind == "open":
                found.append((following.end, projected))
                break
            if following.kind == "other" and following.text in "()":
                parens += 1 if following.text == "(" else -1
            elif parens == 0 and following.kind == "var":
                projected.add(following.text[1:])
            elif parens == 0 and following.text == "*":
                projected.add("*")
    return found


def _where_group(sparql: str) -> int:
    """The offset just inside the ``{`` that opens the query's WHERE clause."""
    top = [t for t in _tokens(sparql) if t.depth == 0]
    form = next((t.text.upper() for t in top if t.kind == "word" and t.text.upper() in _FORMS), None)
    if form is None:
        raise QueryError("invalid SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    after_where = False
    opened = 0
    seen_form = False
    for token in top:
        if token.kind == "word" and token.text.upper() == form:
            seen_form = True
        if not seen_form:
            continue
        if token.kind == "word" and token.text.upper() == "WHERE":
            after_where = True
            if form == "CONSTRUCT" and opened == 0:
                raise QueryError("cannot bind variables in the short form CONSTRUCT WHERE { … } on a remote store; "
                                 "write the template out")
        if token.kind == "open":
            opened += 1
            template = form == "CONSTRUCT" and not after_where and opened == 1
            if not template:
                return token.end
    raise QueryError(f"cannot bind variables: this {form} query has no WHERE clause")
