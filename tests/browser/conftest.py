"""Browser-test harness: Debian's chromium driven through Playwright, one context per test, and
`live_server`: the real app served by uvicorn on a free loopback port against the test database."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
import uvicorn

from ordertower.bootstrap import Runtime
from ordertower.domain.tenancy import Role
from ordertower.entrypoints.api.app import create_app
from ordertower.services.tenancy import access
from ordertower.services.tenancy.ports import User

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test under tests/browser with `browser`, so `-m "not browser"` skips them all."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> NoReturn:
    """Skips on a developer's machine, but fails in CI: CI must run the browser tests."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium per session; never a browser build Playwright downloads."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: install the dev extras (.[dev])")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a fresh context (no cookies or storage shared between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


PASSWORD = "a long browser test password"
_people = count(1)


@dataclass
class LiveServer:
    """The app served over HTTP for a browser; `runtime` reaches its (per-test) database."""

    url: str
    runtime: Runtime

    def sign_in(
        self, page: Page, *, role: Role = Role.ADMIN, merchant_ids: tuple[int, ...] = ()
    ) -> User:
        """Make a user of `role` through the services and sign in on the login page as them."""
        email = f"browser-{role}-{next(_people)}@example.com"
        user = access.create_user(
            self.runtime.uow(),
            self.runtime.hasher,
            principal=None,
            email=email,
            name=f"Browser {role.title()}",
            role=role,
            password=PASSWORD,
            merchant_ids=merchant_ids,
        )
        page.goto(f"{self.url}/login")
        page.get_by_label("Username or email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{self.url}/")
        return user


@pytest.fixture
def live_server(runtime: Runtime) -> Iterator[LiveServer]:
    """uvicorn in a background thread on 127.0.0.1 (a free port), stopped after the test."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        create_app(runtime), lifespan="off", ws="none", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start serving within 15 s", pytrace=False)
        time.sleep(0.02)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", runtime=runtime)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()
