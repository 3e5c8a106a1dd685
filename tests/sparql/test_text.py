"""SPARQL text for remote stores: the query form, and bindings as VALUES blocks in the right places."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.sparql.text import bind_values, query_form

CODE = {"code": ox.Literal("3.2")}


def test_query_form_reads_past_prologue_comments_and_strings() -> None:
    assert query_form("# SELECT in a comment\nPREFIX ex: <http://ex/select#> ASK { ?s ?p 'SELECT' }") == "ASK"
    assert query_form("prefix dg: <x:> construct { ?s ?p ?o } where { ?s ?p ?o }") == "CONSTRUCT"
    with pytest.raises(QueryError):
        query_form("INSERT DATA { <a:b> <a:c> <a:d> }")


def test_values_open_the_where_group_whatever_braces_hide_in_strings_iris_and_comments() -> None:
    sparql = ('SELECT ?x ?code # a { in a comment\n'
              'WHERE { ?m dg:code ?code ; dg:text "{ not a group }" ; dg:x <http://ex/{}> . FILTER(?x < 5) }')
    bound = bind_values(sparql, CODE)
    assert bound.startswith('SELECT ?x ?code # a { in a comment\nWHERE { VALUES (?code) { ("3.2") } ')
    assert bound.count("VALUES") == 1


def test_terms_are_serialised_never_pasted() -> None:
    hostile = ox.Literal('x" } ; DROP ALL ; #\n')
    bound = bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v": hostile})
    assert 'VALUES (?v) { ("x\\" } ; DROP ALL ; #\\n") }' in bound
    with pytest.raises(QueryError, match="only IRIs and literals"):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v": ox.BlankNode()})
    with pytest.raises(QueryError, match="invalid variable name"):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v } ": ox.Literal("x")})


def test_a_construct_template_is_not_the_where_clause() -> None:
    bound = bind_values("CONSTRUCT { ?m dg:code ?code } WHERE { ?m dg:code ?code }", CODE)
    assert bound == 'CONSTRUCT { ?m dg:code ?code } WHERE { VALUES (?code) { ("3.2") }  ?m dg:code ?code }'
    with pytest.raises(QueryError, match="short form"):
        bind_values("CONSTRUCT WHERE { ?m dg:code ?code }", CODE)


def test_sub_selects_that_project_the_variable_get_it_too() -> None:
    sparql = ("SELECT ?code ?n WHERE { { SELECT ?code (COUNT(*) AS ?n) WHERE { ?m dg:code ?code } GROUP BY ?code }"
              " { SELECT ?other WHERE { ?o dg:code ?other } } }")
    bound = bind_values(sparql, CODE)
    assert bound.count('VALUES (?code) { ("3.2") }') == 2
    assert "{ ?o dg:code ?other }" in bound  # the sub-SELECT without ?code is left alone


def test_a_bound_variable_must_be_projected_as_on_the_embedded_store() -> None:
    with pytest.raises(QueryError, match="projection"):
        bind_values("SELECT ?x WHERE { ?m dg:code ?code ; rdfs:label ?x }", CODE)
    assert "VALUES" in bind_values("SELECT * WHERE { ?m dg:code ?code }", CODE)
    assert "VALUES" in bind_values("ASK { ?m dg:code ?code }", CODE)


def test_update_and_service_keywords_are_read_from_tokens() -> None:
    from graph.sparql.text import calls_service, update_operation

    assert update_operation("PREFIX # a comment inside\n ex: <urn:x#> BASE <urn:y>\n\tdRoP ALL") == "DROP"
    assert update_operation("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "WITH"
    assert update_operation("SELECT ?drop WHERE { ?drop ex:insert 'LOAD' } # CLEAR") is None
    assert update_operation("SELECT (drop:f(?x) AS ?y) (ex:a.load AS ?z) WHERE { ?x ?p ?o }") is None
    assert calls_service("select * { service silent <http://x/> { ?s ?p ?o } }")
    assert not calls_service("SELECT ?service WHERE { ?service ex:service 'SERVICE' }")
