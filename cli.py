"""The `dutygraph` command: one library call per command, library errors turned into messages."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from graph import __version__
from graph.errors import DutygraphError
from graph.extract.sizes import DEFAULT_MAX_SIZE, MAX_SIZE_ENV, format_size, parse_size
from graph.render.tables import FORMATS

if TYPE_CHECKING:
    from graph.render.selection import SelectionOptions

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

    store = open_store(ctx.obj["store"], read_only=read_only, **ctx.obj.get("endpoints", {}))
    if read_only:
        _warn_outdated(ctx.obj["store"], store.outdated())
    return store


def _warn_outdated(where: str, outdated: list[tuple[str, int | None]]) -> None:
    """Say on stderr when an older dutygraph wrote some of the store: answers miss those documents."""
    if not outdated:
        return
    from graph.model.mapping import MAPPING_VERSION

    versions = ", ".join(str(v) for v in sorted({v or 1 for _, v in outdated}))
    shown = ", ".join(source for source, _ in outdated[:3]) + (" …" if len(outdated) > 3 else "")
    click.echo(f"warning: {len(outdated)} document(s) in {where} were stored by an older dutygraph (mapping "
               f"version {versions}; this one reads {MAPPING_VERSION}) and are missing from the answers: "
               f"ingest their files again ({shown})", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dutygraph")
@click.option(
    "--store", "store", envvar="DUTYGRAPH_STORE", default="dutygraph.db", show_default=True,
    help="Path of the embedded store, or URL of a SPARQL endpoint (also $DUTYGRAPH_STORE).",
)
@click.option("--update-url", envvar="DUTYGRAPH_UPDATE_URL", metavar="URL",
              help="SPARQL update endpoint, where --store URL's convention does not fit the server.")
@click.option("--graph-store-url", envvar="DUTYGRAPH_GRAPH_STORE_URL", metavar="URL",
              help="Graph Store Protocol endpoint, where --store URL's convention does not fit the server.")
@click.pass_context
def main(ctx: click.Context, store: str, update_url: str | None, graph_store_url: str | None) -> None:
    """Turn rectification plans into a graph of who leads and supports what.

    \b
    Example:
      dutygraph ingest data/samples/*.txt
      dutygraph who-owns 三
      dutygraph view --focus 省环保厅 -o meeting.html
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store
    ctx.obj["endpoints"] = {"update_url": update_url, "graph_store_url": graph_store_url}


class _Size(click.ParamType):
    """A size for people (20MB, 1.5GB, 64MiB), as bytes."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE_OR_DIR...", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat extraction warnings as errors (nothing is stored).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(0, None),
              help="Extract in this many processes (0: one per core).")
@click.option("--force", is_flag=True, help="Re-ingest documents stored before with the same content.")
@click.option("--pattern", metavar="GLOB", help="Files to take from a directory [default: .txt, .html, .docx, .pdf…].")
@click.option("-v", "--verbose", is_flag=True, help="For a directory: what each document yielded.")
@click.option("--max-size", type=_Size(), envvar=MAX_SIZE_ENV, default=DEFAULT_MAX_SIZE,
              help=f"Refuse files larger than this, unread (20MB, 1.5GB, 64MiB; also ${MAX_SIZE_ENV}) "
                   f"[default: {format_size(DEFAULT_MAX_SIZE).replace(' ', '')}].")
@click.pass_context
@_fail_cleanly
def ingest(ctx: click.Context, files: tuple[Path, ...], strict: bool, jobs: int, force: bool,
           pattern: str | None, verbose: bool, max_size: int) -> None:
    """Extract documents and store one graph per document (re-ingesting replaces it).

    Files named one by one are all or nothing. A directory is a corpus: its bad files are reported
    and skipped, the rest is bulk-loaded, and a second run resumes where one stopped. Documents
    stored before with the same content are skipped unless --force.

    \b
    Example:
      dutygraph ingest data/samples/000_89c821903e6b9e73.txt --strict
      dutygraph ingest corpus/ --jobs 4
      dutygraph ingest big_scan.pdf --max-size 200MB
    """
    from graph.ingest import ingest_files

    if any(path.is_dir() for path in files):
        _ingest_corpus(ctx, files, strict=strict, jobs=_jobs(jobs), force=force, pattern=pattern, verbose=verbose,
                       max_size=max_size)
        return
    with _open(ctx, read_only=False) as store:
        report = ingest_files(list(files), store, strict=strict, jobs=_jobs(jobs), force=force, max_size=max_size)
    for doc in report.documents:
        counts = ", ".join(f"{v} {k}" for k, v in doc.counts.items() if v)
        roles = ", ".join(f"{v} {k}" for k, v in doc.roles.items()) or "none"
        read_as = doc.encoding if doc.format == "txt" else f"{doc.format}, {doc.encoding}"
        click.echo(f"{doc.source}: {doc.kind} «{doc.title}» ({read_as}), {doc.triples} triples", err=True)
        click.echo(f"  found: {counts}", err=True)
        click.echo(f"  responsibilities: {roles}", err=True)
        for warning in doc.warnings:
            click.echo(f"  warning: {warning}", err=True)
    if report.skipped:
        click.echo(f"skipped {len(report.skipped)} document(s) stored before with the same content "
                   "(--force to redo them)", err=True)
    click.echo(f"stored {len(report.documents)} document(s), {report.triples} triples in {ctx.obj['store']}",
               err=True)
    _print_links(report.links)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a .rq file ('-' for stdin).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a saved query (repeatable); names are resolved, never spliced into the query.")
@_format_option
@click.pass_context
@_fail_cleanly
def query(ctx: click.Context, sparql: str | None, query_file: TextIO | None, params: tuple[str, ...],
          fmt: str) -> None:
    """Run a SPARQL query, or a saved query by name, over all stored documents (prefixes dg:, rdfs:… predefined).

    \b
    Example:
      dutygraph query 'SELECT ?u WHERE { ?u dg:leads ?m } LIMIT 5' --format csv
      dutygraph query unit-duties --param unit=省环保厅
      dutygraph query --file - < my-query.rq
    """
    from graph.render.tables import format_table
    from graph.sparql.run import run_query
    from graph.sparql.saved import run_saved, saved_queries

    if sparql is not None and query_file is None and sparql in saved_queries():
        values = dict(_split_param(p) for p in params)
        with _open(ctx) as store:
            click.echo(format_table(run_saved(store, sparql, values), fmt), nl=False)
        return
    if params:
        raise click.UsageError("--param goes with a saved query's name (see `dutygraph queries`)")
    if query_file is not None:
        sparql = query_file.read()
    elif sparql == "-":
        sparql = sys.stdin.read()
    if not sparql:
        raise click.UsageError("give a SPARQL query or --file Q.rq")
    with _open(ctx) as store:
        click.echo(format_table(run_query(store, sparql), fmt), nl=False)


@main.command("who-owns")
@click.argument("problem")
@click.option("--document", help="Only problems of documents whose name or title contains this.")
@_format_option
@click.pass_context
@_fail_cleanly
def who_owns(ctx: click.Context, problem: str, document: str | None, fmt: str) -> None:
    """Who leads, supports or is responsible for a problem and its measures, with the source quote.

    PROBLEM is a problem's or a case's code (3, 6.2, 三, case.1) or words of its text.

    \b
    Example:
      dutygraph who-owns 三
      dutygraph who-owns 稀土 --format json
    """
    from graph.reports import who_owns_report

    with _open(ctx) as store:
        _print_report(who_owns_report(store, problem, document), fmt)


@main.command("history")
@click.argument("problem")
@click.option("--document", help="Only problems of documents whose name or title contains this.")
@_format_option
@click.pass_context
@_fail_cleanly
def history(ctx: click.Context, problem: str, document: str | None, fmt: str) -> None:
    """A problem's life across documents: its owners, then every status statement in date order.

    PROBLEM is a plan problem's code (3, 6.2, 三) or words of its text.  The statements are the
    problem's own and those of the reports and notices linked to it (《整改方案》第三项, 问题编号三);
    the latest is its current status.

    \b
    Example:
      dutygraph history 三
      dutygraph history 三 --document 000_89c821903e6b9e73 --format json
    """
    from graph.reports import history_report

    with _open(ctx) as store:
        _print_report(history_report(store, problem, document), fmt)


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
    from graph.render.export import export_bytes

    with _open(ctx) as store:
        data = export_bytes(store, fmt)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


# ---- pictures: the network, the responsibility matrix and the map of one selection ------------------


def _selection_options(func: F) -> F:
    """The options that choose what a picture shows, passed on as one ``selection`` (and ``output``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from dataclasses import fields

        from graph.render.selection import SelectionOptions

        chosen = {field.name: kwargs.pop(field.name) for field in fields(SelectionOptions)}
        return func(*args, selection=SelectionOptions(**chosen), **kwargs)

    for option in reversed([
        click.option("--document",
                     help="Only documents whose name or title contains this (settles a code two plans share)."),
        click.option("--focus",
                     help="A unit, leader, problem (name or code: 3, 6.2, 三), measure or region to centre on."),
        click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 5),
                     help="Hops around --focus (a problem counts with its measures, a region with its problems and "
                          "units)."),
        click.option("--region",
                     help="Only the tasks concerning a region or a place inside it, and who answers for them."),
        click.option("--role", type=click.Choice(["lead", "support", "all"]), default="all", show_default=True,
                     help="Keep only lead or only support duties."),
        click.option("--cap", default=40, show_default=True, type=click.IntRange(1, None),
                     help="Most neighbours shown per node around --focus; the rest fold into one 'and N more' node."),
        click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                     help="The HTML file to write."),
    ]):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature click reads


@main.command()
@_selection_options
@click.option("--layout", type=click.Choice(["force", "layered"]), default="force", show_default=True,
              help="force: labels moved apart until none overlaps; layered: document → problems → measures → units.")
@click.pass_context
@_fail_cleanly
def view(ctx: click.Context, selection: SelectionOptions, layout: str, output: Path) -> None:
    """Write a self-contained interactive HTML network (works offline).

    \b
    Example:
      dutygraph view --focus 省环保厅 --role lead -o meeting.html
      dutygraph view --focus 三 --document 000_89c821903e6b9e73 -o problem3.html
      dutygraph view --document 000_89c821903e6b9e73 -o plan.html
      dutygraph view --document 000_89c821903e6b9e73 --layout layered -o plan-layers.html
    """
    from graph.render.views import write_view

    with _open(ctx) as store:
        summary = write_view(store, output, selection, layout=layout)
    click.echo(f"wrote {summary.path}: {summary.nodes} nodes, {summary.edges} edges ({summary.title})", err=True)


@main.command("matrix")
@_selection_options
@click.pass_context
@_fail_cleanly
def matrix_command(ctx: click.Context, selection: SelectionOptions, output: Path) -> None:
    """Write a responsibility matrix (units down, problems across) as an offline HTML page.

    \b
    Example:
      dutygraph matrix --document 000_89c821903e6b9e73 -o matrix.html
      dutygraph matrix --region 上饶市 --role lead -o shangrao.html
    """
    from graph.render.matrix import write_matrix

    with _open(ctx) as store:
        summary = write_matrix(store, output, selection)
    click.echo(f"wrote {summary.path}: {summary.rows} units, {summary.columns} problems, {summary.marks} duties "
               f"({summary.title})", err=True)


@main.command("map")
@_selection_options
@click.pass_context
@_fail_cleanly
def map_command(ctx: click.Context, selection: SelectionOptions, output: Path) -> None:
    """Write a map of the places a selection concerns (no tiles, nothing fetched) as an offline HTML page.

    \b
    Example:
      dutygraph map --document 000_89c821903e6b9e73 -o map.html
    """
    from graph.render.map import write_map

    with _open(ctx) as store:
        summary = write_map(store, output, selection)
    click.echo(f"wrote {summary.path}: {summary.regions} regions, {summary.problems} problems ({summary.title})",
               err=True)


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
    from graph.render.tables import format_table
    from graph.sparql.reads import statistics

    with _open(ctx) as store:
        click.echo(format_table(statistics(store, store.count()), fmt), nl=False)


# --- saved queries, investigations and the SPARQL endpoint ---


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise click.UsageError(f"--param {text!r}: write NAME=VALUE, e.g. --param unit=省环保厅")
    return name.strip(), value.strip()


def _print_report(report: Any, fmt: str) -> None:
    """Heading and notes to stderr, the table to stdout."""
    from graph.render.tables import format_table

    click.echo(report.heading, err=True)
    for note in report.notes:
        click.echo(f"  {note}", err=True)
    click.echo(format_table(report.table, fmt), nl=False)


@main.command("queries")
@_format_option
@_fail_cleanly
def list_queries(fmt: str) -> None:
    """List the saved queries (ontology/queries/*.rq) with their parameters.

    \b
    Example:
      dutygraph queries
      dutygraph query gaps --format csv
    """
    from graph.render.tables import format_table
    from graph.sparql.saved import listing

    click.echo(format_table(listing(), fmt), nl=False)


@main.command("unit")
@click.argument("name")
@_format_option
@click.pass_context
@_fail_cleanly
def unit_command(ctx: click.Context, name: str, fmt: str) -> None:
    """What a unit leads, supports or is responsible for, across documents and its former or later names.

    NAME may be a short form, an alias, a traditional-character form or a name from before or
    after a reorganisation (省环保厅, 江西省环境保护厅, 省環保廳, 省生态环境厅).

    \b
    Example:
      dutygraph unit 省环保厅
      dutygraph unit 省生态环境厅 --format json
    """
    from graph.reports import unit_report

    with _open(ctx) as store:
        _print_report(unit_report(store, name), fmt)


@main.command("leader")
@click.argument("name")
@_format_option
@click.pass_context
@_fail_cleanly
def leader_command(ctx: click.Context, name: str, fmt: str) -> None:
    """A leader's posts, leading groups and the cases taken on, with the source quote.

    \b
    Example:
      dutygraph leader 骆惠宁
      dutygraph leader 刘奇 --format csv
    """
    from graph.reports import leader_report

    with _open(ctx) as store:
        _print_report(leader_report(store, name), fmt)


@main.command("region")
@click.argument("name")
@_format_option
@click.pass_context
@_fail_cleanly
def region_command(ctx: click.Context, name: str, fmt: str) -> None:
    """Problems and cases that concern a region or any place inside it.

    \b
    Example:
      dutygraph region 上饶市
      dutygraph region 上饶 --format json
    """
    from graph.reports import region_report

    with _open(ctx) as store:
        _print_report(region_report(store, name), fmt)


@main.command("gaps")
@_format_option
@click.pass_context
@_fail_cleanly
def gaps_command(ctx: click.Context, fmt: str) -> None:
    """Measures with no lead, problems nobody answers for, unbacked collective units, truncated problems.

    \b
    Example:
      dutygraph gaps
      dutygraph gaps --format csv > gaps.csv
    """
    from graph.reports import gaps_report

    with _open(ctx) as store:
        _print_report(gaps_report(store), fmt)


@main.command("overdue")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to compare due dates with (YYYY-MM-DD); today if not given.")
@click.option("--province", default=None, metavar="NAME",
              help="Only the documents published for this province (a name such as 江西 or its IRI); "
                   "all documents if not given.")
@_format_option
@click.pass_context
@_fail_cleanly
def overdue_command(ctx: click.Context, as_of: Any, province: str | None, fmt: str) -> None:
    """Problems and measures whose due date has passed with no completion reported.

    \b
    Example:
      dutygraph overdue --as-of 2018-01-01
      dutygraph overdue --as-of 2018-01-01 --province 江西
    """
    from datetime import date

    from graph.reports import overdue_report

    day = as_of.date() if as_of is not None else date.today()
    with _open(ctx) as store:
        _print_report(overdue_report(store, day, province), fmt)


@main.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50),
              help="At most this many shortest chains.")
@_format_option
@click.pass_context
@_fail_cleanly
def path_command(ctx: click.Context, a: str, b: str, limit: int, fmt: str) -> None:
    """The shortest chains of responsibility between two things, step by step with the evidence.

    A and B are units, leaders, regions or problems (a code such as 6.3.4 or 六(三)).

    \b
    Example:
      dutygraph path 省环保厅 省工信委
      dutygraph path 上饶市政府 铅山县 --format json
    """
    from graph.reports import path_report

    with _open(ctx) as store:
        report = path_report(store, a, b, limit)
    if fmt != "table":
        _print_report(report, fmt)
        return
    click.echo(report.heading, err=True)
    for note in report.notes:
        click.echo(f"  {note}", err=True)
    from graph.analyze.paths import describe_step

    for number, chain in enumerate(report.chains, 1):
        click.echo(f"chain {number}:")
        for index, step in enumerate(chain, 1):
            click.echo(f"  {index}. {describe_step(step)}")
            if step.quote:
                where = f"{step.document.rsplit('/', 1)[-1]}" + (f", line {step.line}" if step.line else "")
                click.echo(f"     「{step.quote}」 ({where})")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(1),
              help="Most rows (or triples) a result may have.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at the same time, each in its own process.")
@click.pass_context
@_fail_cleanly
def serve(ctx: click.Context, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint, with a query page at /.

    \b
    Example:
      dutygraph serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/sparql
    """
    from graph.server import EndpointConfig, serve_forever

    config = EndpointConfig(store=ctx.obj["store"], host=host, port=port, timeout=timeout, max_rows=max_rows,
                            workers=workers)

    def ready(url: str) -> None:
        click.echo(f"SPARQL endpoint at {url}sparql, query page at {url} (read-only; Ctrl-C stops)", err=True)

    serve_forever(config, ready)


# --- ingesting a corpus: parallel extraction, bulk writes, a progress bar ---


def _jobs(jobs: int) -> int:
    """--jobs 0 means one process per core."""
    import os

    return jobs or os.cpu_count() or 1


def _ingest_corpus(ctx: click.Context, paths: tuple[Path, ...], strict: bool, jobs: int, force: bool,
                   pattern: str | None, verbose: bool, max_size: int) -> None:
    """Bulk-ingest a corpus with a progress bar on stderr (shown on a terminal), then a summary."""
    from tqdm import tqdm

    from graph.ingest import Progress, ingest_corpus

    bar: Any = None

    def show(progress: Progress) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=progress.total, unit="doc", file=sys.stderr, disable=None, dynamic_ncols=True,
                       desc="ingest")
        bar.update(progress.done - bar.n)
        elapsed = bar.format_dict.get("elapsed") or 0
        bar.set_postfix_str(f"{progress.triples / elapsed if elapsed else 0:,.0f} triples/s, "
                            f"{progress.failed} failed", refresh=False)

    try:
        with _open(ctx, read_only=False) as store:
            report = ingest_corpus(list(paths), store, jobs=jobs, force=force, strict=strict, pattern=pattern,
                                   progress=show, max_size=max_size)
    finally:
        if bar is not None:
            bar.close()
    for doc in report.documents if verbose else []:
        counts = ", ".join(f"{v} {k}" for k, v in doc.counts.items() if v)
        click.echo(f"{doc.source}: {doc.kind}, {doc.triples} triples; {counts}", err=True)
        for warning in doc.warnings:
            click.echo(f"  warning: {warning}", err=True)
    for source, reason in report.failures:
        click.echo(f"{source}: {reason}", err=True)
    seconds = max(report.seconds, 1e-9)
    warned = sum(1 for doc in report.documents if doc.warnings)
    click.echo(f"stored {len(report.documents)} document(s), {report.triples} triples in {ctx.obj['store']} "
               f"in {report.seconds:.1f} s ({len(report.documents) / seconds:.1f} documents/s, "
               f"{report.triples / seconds:,.0f} triples/s, {jobs} job(s))", err=True)
    _print_links(report.links)
    if report.optimized is not None:
        click.echo(f"compacted the store for reading in {report.optimized:.1f} s", err=True)
    if warned and not verbose:
        click.echo(f"{warned} document(s) had extraction warnings (-v lists them)", err=True)
    if report.skipped:
        click.echo(f"skipped {len(report.skipped)} document(s) stored before with the same content "
                   "(--force to redo them)", err=True)
    if report.failures:
        raise click.ClickException(f"{len(report.failures)} file(s) could not be ingested (listed above) and were "
                                   "not stored; the others were")


def _print_links(links: Any) -> None:
    if links is not None and links.links:
        click.echo(f"{links.links} report problem(s) linked to stored plans' problems: "
                   f"{links.links - links.by_text} by task number (of {links.references} reference(s)), "
                   f"{links.by_text} by wording", err=True)


if __name__ == "__main__":
    main()
