"""Smoke test of the browser harness and the page shell: templates render, load CSS and htmx 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from playwright.sync_api import Page

WEB = Path(__file__).parents[2] / "src" / "ordertower" / "entrypoints" / "web"
CSRF_TOKEN = "token-for-the-smoke-test"


def render_to_file(directory: Path, template: str, **context: Any) -> str:
    """Renders a template like the app (autoescape, strict variables); returns its file URL."""
    environment = Environment(
        loader=FileSystemLoader(WEB / "templates"), autoescape=True, undefined=StrictUndefined
    )
    environment.globals["csrf_input"] = lambda: Markup(
        f'<input type="hidden" name="csrf_token" value="{CSRF_TOKEN}">'
    )
    html = environment.get_template(template).render(
        static_prefix=(WEB / "static").as_uri(), csrf_token=CSRF_TOKEN, **context
    )
    target = directory / template
    target.write_text(html, encoding="utf-8")
    return target.as_uri()


def test_the_sign_in_page_shows_the_login_form_with_htmx_2_loaded(
    page: Page, tmp_path: Path
) -> None:
    page.goto(render_to_file(tmp_path, "login.html", error="Wrong username or password."))

    form = page.locator("form#login-form")
    assert form.locator("input[name=username]").is_visible()
    assert form.locator("input[name=password][type=password]").is_visible()
    assert form.locator("input[name=csrf_token]").get_attribute("value") == CSRF_TOKEN
    assert page.get_by_role("alert").inner_text() == "Wrong username or password."
    assert page.evaluate("window.htmx.version").startswith("2")


def test_the_layout_styles_the_shell_and_gives_htmx_requests_the_csrf_token(
    page: Page, tmp_path: Path
) -> None:
    page.goto(
        render_to_file(
            tmp_path,
            "dashboard.html",
            nav=[
                {"label": "Dashboard", "href": "/", "active": True},
                {"label": "Orders", "href": "/orders", "active": False},
            ],
            current_user={"name": "Dana Ops"},
            current_merchant={"id": 1, "name": "Acme Outdoors"},
            merchants=[{"id": 1, "name": "Acme Outdoors"}, {"id": 2, "name": "Birch & Co"}],
            flashes=[("success", "Order #1001 released.")],
            counters=[{"label": "Orders to ship", "value": 1234, "href": "/orders"}],
        )
    )

    assert page.evaluate("window.htmx.version").startswith("2")
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).position") == "sticky"
    assert page.locator("nav [aria-current=page]").inner_text() == "Dashboard"
    assert page.locator("#merchant-switch option[selected]").inner_text() == "Acme Outdoors"
    assert page.locator(".counter-value").inner_text() == "1,234"
    headers = page.evaluate(
        """() => new Promise(resolve => {
            document.body.addEventListener("htmx:configRequest", event => {
                event.preventDefault();  // read the headers htmx would send, send nothing
                resolve(event.detail.headers);
            }, {once: true});
            htmx.ajax("POST", "nowhere.html", {source: document.querySelector("main")});
        })"""
    )
    assert headers["X-CSRF-Token"] == CSRF_TOKEN
