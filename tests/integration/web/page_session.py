"""Helpers for web page tests: sign a user in through the login form, post forms with the CSRF token."""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from fastapi.testclient import TestClient

from ordertower.domain.tenancy import Role
from ordertower.entrypoints.api.app import create_app
from ordertower.services.tenancy import access

PASSWORD = "a long test password"
_numbers = count(1)


def csrf_of(page_html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class Browser:
    """A signed-in visitor: a client holding the session cookie and the session's CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = csrf_of(client.get("/").text)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("follow_redirects", False)
        return self.client.post(url, data={**(data or {}), "csrf_token": self.csrf}, **kwargs)


def sign_in(runtime: Any, role: Role = Role.ADMIN, merchant_ids: tuple[int, ...] = ()) -> Browser:
    """A new user of `role` signed in through the login form."""
    email = f"web-{role}-{next(_numbers)}@example.com"
    access.create_user(
        runtime.uow(),
        runtime.hasher,
        principal=None,
        email=email,
        name=f"Web {role.title()}",
        role=role,
        password=PASSWORD,
        merchant_ids=merchant_ids,
    )
    client = TestClient(create_app(runtime))
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return Browser(client)


def flash_after(browser: Browser, response: Any) -> str:
    """Follow a 303 after a form and return the page it leads to (which shows the flash)."""
    assert response.status_code == 303, response.text
    page = browser.get(response.headers["location"])
    assert page.status_code == 200, page.text
    return str(page.text)
