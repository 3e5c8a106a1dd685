"""Launch Debian's Chromium under Playwright for page tests, with every network request blocked.

Playwright's own browser download cannot run here (nor in CI), so the tests
drive the distribution's /usr/bin/chromium through ``executable_path``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_reason() -> str | None:
    """Return why browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent: apt-get install chromium to run the browser tests"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed: pip install playwright (never `playwright install`)"
    return None


@dataclass
class PageLog:
    """What a page did while a test watched: requests, console errors, dialogs."""

    allowed: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Return every request for anything but the page file itself."""
        return [url for url in self.requests + self.blocked if url != self.allowed]


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """Start headless Debian Chromium under Playwright and yield the Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            headless=True,
            args=CHROMIUM_ARGS,
            chromium_sandbox=False,
        )
        try:
            yield browser
        finally:
            browser.close()


def chromium_or_skip() -> Iterator[Any]:
    """Yield one headless Chromium, or skip the tests asking for it where none can run.

    The body of the module-scoped ``browser`` fixture of tests/conftest.py (``yield from``).
    """
    import pytest

    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with launch_chromium() as browser:
        yield browser


@contextmanager
def offline_page(
    browser: Any, page_file: Path, viewport: tuple[int, int] = (1400, 900)
) -> Iterator[tuple[Any, PageLog]]:
    """Open ``page_file`` in a fresh context where only that file may load; yield (page, log)."""
    url = page_file.resolve().as_uri()
    log = PageLog(allowed=url)
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True, service_workers="block"
    )

    def route(route: Any) -> None:
        # Anything but the page itself would be a resource the offline page
        # failed to inline: refuse it and keep a record for the assertion.
        if route.request.url == url:
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: log.requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: log.page_errors.append(str(err)))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="load")
        yield page, log
    finally:
        context.close()
