import re

import pytest
from fastapi.testclient import TestClient

from ordertower.domain.tenancy import Role
from ordertower.services.tenancy import access


@pytest.fixture
def person(runtime):
    return access.create_user(
        runtime.uow(),
        runtime.hasher,
        principal=None,
        email="ops@example.com",
        name="Ops",
        role=Role.ADMIN,
        password="a long test password",
    )


def _csrf(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


def _sign_in(client: TestClient, password: str = "a long test password", **extra):
    token = _csrf(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": "OPS@example.com", "password": password, "csrf_token": token, **extra},
        follow_redirects=False,
    )


def test_an_anonymous_visitor_is_sent_to_sign_in(app, person) -> None:
    response = app.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/")


def test_signing_in_opens_the_dashboard(app, person) -> None:
    response = _sign_in(app, next="/")
    assert response.status_code == 303
    page = app.get("/")
    assert page.status_code == 200
    assert "Ops" in page.text


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(app, person) -> None:
    response = _sign_in(app, password="not the password")
    assert response.status_code == 401
    assert "Email or password is wrong" in response.text


def test_repeated_failures_are_rate_limited_even_with_the_right_password(app, person) -> None:
    for _ in range(5):
        _sign_in(app, password="wrong wrong wrong")
    response = _sign_in(app)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text


def test_a_form_without_the_session_csrf_token_is_refused(app, person) -> None:
    _sign_in(app)
    response = app.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert app.get("/", follow_redirects=False).status_code == 200


def test_signing_out_ends_the_session(app, person) -> None:
    _sign_in(app)
    token = _csrf(app.get("/").text)
    assert (
        app.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    assert app.get("/", follow_redirects=False).status_code == 303


def test_sign_in_never_redirects_to_another_site(app, person) -> None:
    response = _sign_in(app, next="//evil.example.com/")
    assert response.headers["location"] == "/"
