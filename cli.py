"""The `dutygraph` command: one library call per command, library errors turned into messages."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph import __version__
from graph.errors import DutygraphError
from graph.query import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def _fail_cleanly(func: F) -> F:
    """Turn library errors into a message on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DutygraphError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature click reads


def _format_option(func: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output as an aligned table, CSV or JSON.",
    )(func)


def _open(ctx: click.Context, read_only: bool = True) -> Any:
    from graph.store import open_store

    return open_store(ctx.obj["store"], read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dutygraph")
@click.option(
    "--store", "store", envvar="DUTYGRAPH_STORE", default="dutygraph.db", show_default=True,
    help="Path of the embedded store (also $DUTYGRAPH_STORE).",
)
@click.pass_context
def main(ctx: click.Context, store: str) -> None:
    """Turn rectification plans into a graph of who leads and supports what.

    \b
    Example:
      dutygraph ingest data/samples/*.txt
      dutygraph who-owns 三
      dutygraph view --focus 省环保厅 -o meeting.html
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat extraction warnings as errors (nothing is stored).")
@click.pass_context
@_fail_cleanly
def ingest(ctx: click.Context, files: tuple[Path, ...], strict: bool) -> None:
    """Extract documents and store one graph per document (re-ingesting replaces it).

    \b
    Example:
      dutygraph ingest data/samples/000_89c821903e6b9e73.txt --strict
    """
    from graph.ingest import ingest_files

    with _open(ctx, read_only=False) as store:
        report = ingest_files(list(files), store, strict=strict)
    for doc in report.documents:
        counts = ", ".join(f"{v} {k}" for k, v in doc.counts.items() if v)
        roles = ", ".join(f"{v} {k}" for k, v in doc.roles.items()) or "none"
        click.echo(f"{doc.source}: {doc.kind} «{doc.title}» ({doc.encoding}), {doc.triples} triples", err=True)
        click.echo(f"  found: {counts}", err=True)
        click.echo(f"  responsibilities: {roles}", err=True)
        for warning in doc.warnings:
            click.echo(f"  warning: {warning}", err=True)
    click.echo(f"stored {len(report.documents)} document(s), {report.triples} triples in {ctx.obj['store']}",
               err=True)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file ('-' for stdin).")
@_format_option
@click.pass_context
@_fail_cleanly
def query(ctx: click.Context, sparql: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query over all stored documents (prefixes dg:, rdfs:, org:… predefined).

    \b
    Example:
      dutygraph query 'SELECT ?u WHERE { ?u dg:leads ?m } LIMIT 5' --format csv
    """
    from graph.query import format_table, run_query

    if query_file is not None:
        sparql = query_file.read_text(encoding="utf-8")
    elif sparql == "-":
        sparql = sys.stdin.read()
    if not sparql:
        raise click.UsageError("give a SPARQL query or --file Q.rq")
    with _open(ctx) as store:
        click.echo(format_table(run_query(store, sparql), fmt), nl=False)


@main.command("who-owns")
@click.argument("issue")
@click.option("--document", help="Only problems of documents whose name or title contains this.")
@_format_option
@click.pass_context
@_fail_cleanly
def who_owns(ctx: click.Context, issue: str, document: str | None, fmt: str) -> None:
    """Who leads, supports or is responsible for a problem and its measures, with the source quote.

    ISSUE is a problem code (3, 6.2, 三) or words of its text.

    \b
    Example:
      dutygraph who-owns 三
      dutygraph who-owns 稀土 --format json
    """
    from graph.query import find_issues, format_table, resolve_documents
    from graph.query import who_owns as owners

    with _open(ctx) as store:
        matches = find_issues(store, issue)
        if document:
            docs = set(resolve_documents(store, document))
            matches = [m for m in matches if m["document"] in docs]
        if not matches:
            raise DutygraphError(f"no problem matches {issue!r}")
        if len(matches) > 1:
            listing = "\n".join(f"  {m['code']}  {str(m['label'])[:50]}  ({m['document']})" for m in matches)
            raise DutygraphError(f"{issue!r} matches {len(matches)} problems; be more specific:\n{listing}")
        found = matches[0]
        click.echo(f"problem {found['code']}: {found['label']}", err=True)
        click.echo(format_table(owners(store, str(found["issue"])), fmt), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nq", "jsonld", "csv"]), default="ttl",
              show_default=True, help="csv = one row per responsibility.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write, '-' for stdout.")
@click.pass_context
@_fail_cleanly
def export(ctx: click.Context, fmt: str, output: str) -> None:
    """Export the stored graph.

    \b
    Example:
      dutygraph export --format csv -o duties.csv
    """
    from graph.query import export_bytes

    with _open(ctx) as store:
        data = export_bytes(store, fmt)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@main.command()
@click.option("--focus", help="A unit, leader, problem code or region to centre on.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 5), help="Hops around --focus.")
@click.option("--role", type=click.Choice(["lead", "support", "all"]), default="all", show_default=True)
@click.option("--document", help="Only documents whose name or title contains this.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.pass_context
@_fail_cleanly
def view(ctx: click.Context, focus: str | None, depth: int, role: str, document: str | None,
         output: Path) -> None:
    """Write a self-contained interactive HTML network (works offline).

    \b
    Example:
      dutygraph view --focus 省环保厅 --role lead -o meeting.html
    """
    from graph.viz.views import write_view

    with _open(ctx) as store:
        summary = write_view(store, output, focus=focus, depth=depth, role=role, document=document)
    click.echo(f"wrote {summary.path}: {summary.nodes} nodes, {summary.edges} edges ({summary.title})", err=True)


@main.command()
@_format_option
@click.pass_context
@_fail_cleanly
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of documents, problems, measures, units, leaders and responsibilities by role.

    \b
    Example:
      dutygraph stats --format json
    """
    from graph.query import format_table, statistics

    with _open(ctx) as store:
        click.echo(format_table(statistics(store, store.count()), fmt), nl=False)


# --- saved queries, investigation commands and the SPARQL endpoint (issue 4) ---

# --- views (issue 5) ---

# --- national scale: bulk ingest and remote stores (issue 6) ---


if __name__ == "__main__":
    main()
