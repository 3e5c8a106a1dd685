"""A read-only SPARQL 1.1 Protocol endpoint over the store, with a query page listing the saved queries.

* ``/sparql``: GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``) or
  ``application/sparql-query``; SELECT and ASK results as JSON, XML, CSV or TSV, CONSTRUCT and
  DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD, by content negotiation (``Accept``, or a
  ``format=`` parameter). Any update (``update=``, ``application/sparql-update``, an update sent
  as a query) is refused with 403, and so is a federated query (``SERVICE``: the server would fetch
  another URL for the client); any other method, and POST anywhere but ``/sparql``, with 405.
* ``/queries`` lists the saved queries as JSON; ``/queries/NAME?param=value`` runs one, its
  parameters resolved and bound as RDF terms exactly as ``dutygraph query NAME --param`` does.
* ``/`` is a query page whose script and style are served from ``/static/`` (no other host).

Every query runs in a worker process that holds the store open read-only. pyoxigraph releases
the GIL while it evaluates, but offers no way to stop a running query, so a query that overruns
the timeout is stopped by killing its worker, which is then replaced: one bad query costs one
worker for ``timeout`` seconds and never the server. A result over the row cap is refused, not
cut short, so nobody reads a partial answer as the whole one.

The HTTP side is a plain WSGI application served by waitress (a pure-Python, multi-threaded
server with no dependencies of its own).

* :mod:`graph.server.app`: the WSGI application and its serving.
* :mod:`graph.server.pool`: the worker processes.
* :mod:`graph.server.protocol`: the SPARQL Protocol: limits, negotiation, serialisation, evaluation.
* :mod:`graph.server.page`: the query page and its static files (``graph/server/static/``).
"""

from __future__ import annotations

from graph.server.app import Endpoint, RunningEndpoint, serve_forever
from graph.server.protocol import EndpointConfig, is_update, negotiate

__all__ = ["Endpoint", "EndpointConfig", "RunningEndpoint", "is_update", "negotiate", "serve_forever"]
