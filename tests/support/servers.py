"""Real SPARQL servers for the tests, started on free ports of 127.0.0.1: Oxigraph server and Virtuoso.

A server that cannot be found or started is a test FAILURE, never a skip: `make test` (and so CI)
installs both (the `oxigraph` package from the test extras, Debian's `virtuoso-opensource`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT = 90.0  # seconds; Virtuoso creates its database on first start

VIRTUOSO_INI = """\
; Generated for one test or benchmark run: everything under {root}, listening on 127.0.0.1 only.
[Database]
DatabaseFile = {root}/virtuoso.db
ErrorLogFile = {root}/virtuoso.log
LockFile = {root}/virtuoso.lck
TransactionFile = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {root}/virtuoso-temp.db
TransactionFile = {root}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
; 8 KiB pages: about 800 MiB of buffers, as Virtuoso's own guide suggests for a few GiB of RAM.
NumberOfBuffers = 100000
MaxDirtyBuffers = 60000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
; The Debian default (10000 rows) silently truncates larger results: dutygraph needs them all.
ResultSetMaxRows = 1000000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running server: ``url`` is what ``--store`` takes."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        """Stop the process this object started, and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _fail(message: str) -> None:
    pytest.fail(message, pytrace=False)


def _wait_until_ready(server: Server, probe: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode("ascii")
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            request = urllib.request.Request(probe, data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+xml"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    tail = server.log.read_text(encoding="utf-8", errors="replace")[-2000:] if server.log.exists() else ""
    server.stop()
    _fail(f"the {server.name} server did not start (exit code {server.process.poll()}); its log ends:\n{tail}")


def oxigraph_binary() -> str:
    """The `oxigraph` command of the test extras, next to this Python or on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        _fail("the `oxigraph` server is not installed: pip install -e '.[test]' (PyPI package oxigraph)")
    return str(found)


def start_oxigraph(directory: Path) -> Server:
    """An Oxigraph server persisting to ``directory``.

    Started WITHOUT --union-default-graph on purpose: dutygraph asks for the union per query.
    """
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = directory.parent / f"{directory.name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(directory),
                                    "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    server = Server("Oxigraph", f"http://127.0.0.1:{port}", process, log)
    _wait_until_ready(server, f"{server.url}/query")
    return server


def virtuoso_binary() -> str:
    """Debian's `virtuoso-t`."""
    found = shutil.which("virtuoso-t")
    if not found:
        _fail("Virtuoso is not installed: apt-get install virtuoso-opensource (`make system-deps` does it)")
    return str(found)


def start_virtuoso(directory: Path) -> Server:
    """A Virtuoso server with a fresh database in ``directory``; the dba password is Virtuoso's default, dba.

    Writes go to /sparql-auth and /sparql-graph-crud-auth with HTTP digest authentication as dba, which
    needs no change to the server's permissions (see README, 'Remote stores').
    """
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(root=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = directory / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen([virtuoso_binary(), "+configfile", str(ini), "+foreground"],
                                   stdout=out, stderr=subprocess.STDOUT, cwd=directory)
    server = Server("Virtuoso", f"http://dba:dba@127.0.0.1:{http_port}/sparql", process, log)
    _wait_until_ready(server, f"http://127.0.0.1:{http_port}/sparql")
    return server


STARTERS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}
