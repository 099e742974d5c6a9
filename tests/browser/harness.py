"""Open a kgraph page from disk in headless Chromium with the network off, and watch it.

Shared by the browser tests and ``screenshots.py``. Chromium is the Debian package
(``/usr/bin/chromium``, or ``$KGRAPH_CHROMIUM``), driven by Playwright's Python package;
Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "ARGS", "Watch", "unavailable", "offline_page", "open_graph"]

CHROMIUM = os.environ.get("KGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


@dataclass
class Watch:
    """What the page did that a test must see: blocked requests, errors, dialogs."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [*self.blocked, *self.failed, *self.console_errors, *self.page_errors, *self.dialogs]


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set KGRAPH_CHROMIUM)"
    return None


@contextmanager
def offline_page(width: int = 1400, height: int = 900) -> Iterator[tuple[Any, Watch]]:
    """A Playwright page that may load file:// URLs only; everything else is aborted and recorded."""
    from playwright.sync_api import sync_playwright

    watch = Watch()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(offline=True, viewport={"width": width, "height": height})
            page = context.new_page()
            page.route("**/*", lambda route: _guard(route, watch))
            page.on("requestfailed", lambda r: watch.failed.append(f"failed: {r.url} {r.failure}"))
            page.on("console", lambda m: m.type == "error" and watch.console_errors.append(
                f"console: {m.text}"))
            page.on("pageerror", lambda e: watch.page_errors.append(f"page error: {e}"))
            page.on("dialog", lambda d: (watch.dialogs.append(f"dialog: {d.message}"), d.dismiss()))
            yield page, watch
        finally:
            browser.close()


def _guard(route: Any, watch: Watch) -> None:
    url = route.request.url
    if url.startswith(("file://", "data:", "about:")):
        route.continue_()
    else:
        watch.blocked.append(f"blocked: {url}")
        route.abort()


def open_graph(page: Any, path: str | os.PathLike[str], timeout_ms: int = 120_000) -> float:
    """Load the page and wait until the layout is frozen; seconds until it was interactive."""
    page.goto(Path(path).resolve().as_uri())
    waited = 0
    # Poll with evaluate (CDP, not subject to the page's CSP); wait_for_function would eval().
    while not page.evaluate("window.kgraphReady === true && !!window.kgraphNetwork"):
        if waited > timeout_ms:
            raise TimeoutError(f"{path}: not interactive after {timeout_ms} ms")
        page.wait_for_timeout(25)
        waited += 25
    return page.evaluate("window.kgraphReadyAt || performance.now()") / 1000
