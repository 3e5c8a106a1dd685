"""The query page at ``/``, its static files at ``/static/`` (only the files named here), and the list of
saved queries the page offers."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from graph.server.protocol import Answer
from graph.sparql.saved import saved_queries

STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"query.js": "text/javascript; charset=utf-8", "query.css": "text/css; charset=utf-8"}


def static_file(name: str) -> Answer:
    """One of the page's static files, by name."""
    # Only the named files, never a path built from the request; and a listed file that has become a
    # link to somewhere else (a checkout or package tampered with) is not followed out of the static directory.
    if name not in STATIC_FILES:
        return Answer.error(404, f"no static file {name!r}")
    path = (STATIC / name).resolve()
    if not path.is_relative_to(STATIC.resolve()) or not path.is_file():
        return Answer.error(404, f"no static file {name!r}")
    return Answer(200, STATIC_FILES[name], path.read_bytes())


def query_list() -> list[dict[str, Any]]:
    """The saved queries as JSON for ``/queries``: name, description, text and parameters."""
    return [
        {"name": q.name, "description": q.description, "sparql": q.sparql,
         "params": [{"name": p.name, "kind": p.kind, "description": p.description, "optional": p.optional}
                    for p in q.params]}
        for q in saved_queries().values()
    ]


def query_page() -> str:
    """The query page: a form, the saved queries (listed in the HTML itself) and a local script."""
    items = "\n".join(
        f'<li><a href="#" data-query="{html.escape(q.name)}"><code>{html.escape(q.name)}</code></a>'
        f'{"".join(f" <var>{html.escape(p.name)}</var>" for p in q.params)} — {html.escape(q.description)}</li>'
        for q in saved_queries().values()
    )
    return _PAGE.replace("{{queries}}", items)


_PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>dutygraph SPARQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/query.css">
<script src="/static/query.js" defer></script>
</head>
<body>
<h1>dutygraph · SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST; JSON, XML, CSV or TSV by
<code>Accept</code>). Prefixes <code>dg:</code>, <code>rdfs:</code>, <code>dcterms:</code>… are predefined.</p>
<section id="saved">
<h2>Saved queries</h2>
<ul id="saved-list">
{{queries}}
</ul>
<div id="params"></div>
</section>
<form id="query-form" method="get" action="/sparql">
<textarea id="query" name="query" rows="14" spellcheck="false">SELECT ?unit (COUNT(DISTINCT ?m) AS ?leads) WHERE {
  ?u dg:leads ?m ; rdfs:label ?unit
} GROUP BY ?unit ORDER BY DESC(?leads) LIMIT 20</textarea>
<p><button type="submit">Run</button> <select id="format" name="format">
<option value="json">table</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="xml">XML</option></select> <span id="status"></span></p>
</form>
<div id="results"></div>
</body>
</html>
"""
