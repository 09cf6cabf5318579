"""Fixtures for end-to-end tests: the app served on 127.0.0.1 and Debian's Chromium headless."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from web import create_app

CHROMIUM = os.environ.get("UNIONFLOW_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium through Playwright (Debian's binary; no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - installed with the test extras
        pytest.skip(f"playwright is not installed: {exc}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


class LiveServer:
    """The app served by Werkzeug in a background thread."""

    def __init__(self, app: object) -> None:
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Shut the server down."""
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live(demo_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh demo database served on a free port of 127.0.0.1."""
    path = tmp_path / "live.db"
    shutil.copy(demo_template, path)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "e2e"})
    server = LiveServer(app)
    yield server
    server.stop()
    app.extensions["unionflow.engine"].dispose()


@pytest.fixture
def new_page(browser: object, live: LiveServer) -> Iterator[object]:
    """A factory of pages (one browser context each) that fail on any request off the machine."""
    contexts, outside = [], []

    def make(locale: str = "zh-CN") -> object:
        context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900},
                                      base_url=live.url)

        def guard(route: object) -> None:
            host = urlsplit(route.request.url).hostname
            if host not in ("127.0.0.1", "localhost", None):
                outside.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        context.set_default_timeout(10000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield make
    for context in contexts:
        context.close()
    assert not outside, f"requests left the machine: {outside}"


def login(page: object, username: str, password: str = "demo") -> None:
    """Log in through the form."""
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")


def logout(page: object) -> None:
    """Log out through the user menu's form (works without opening the menu)."""
    page.goto("/inbox")
    page.eval_on_selector("#logout", "b => b.form.submit()")
    page.wait_for_url("**/login")


def screenshot(page: object, name: str) -> None:
    """Save a full-page screenshot under docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
