"""Rendering for web pages: templates, the signed-in frame (nav, merchant) and CSRF."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from ordertower.domain.tenancy import Permission, Principal

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
SESSION_COOKIE = "ot_session"
LOGIN_CSRF_COOKIE = "ot_login_csrf"
CSRF_FIELD = "csrf_token"

# (label, href, permission needed): the left navigation, in order.
NAVIGATION: list[tuple[str, str, Permission]] = [
    ("Dashboard", "/", Permission.READ),
    ("Products", "/products", Permission.READ),
    ("Locations", "/locations", Permission.READ),
    ("Channels", "/channels", Permission.READ),
    ("Listings", "/listings", Permission.READ),
]


@pass_context
def _csrf_input(context: Any) -> Markup:
    token = context.get("csrf_token") or ""
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


templates.env.globals["csrf_input"] = _csrf_input


@dataclass
class Visitor:
    """The signed-in person on a web request, with the merchant they are working on."""

    principal: Principal
    session_id: str
    csrf_token: str
    merchant: Any  # Merchant | None
    merchants: list[Any] = field(default_factory=list)

    @property
    def merchant_id(self) -> int:
        return int(self.merchant.id) if self.merchant else 0


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


def render(
    request: Request,
    template: str,
    visitor: Visitor | None = None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    frame: dict[str, Any] = {}
    if visitor is not None:
        path = request.url.path
        frame = {
            "current_user": {"name": visitor.principal.name},
            "current_merchant": visitor.merchant,
            "merchants": visitor.merchants,
            "csrf_token": visitor.csrf_token,
            "nav": [
                {
                    "label": label,
                    "href": href,
                    "active": path == href or (href != "/" and path.startswith(href)),
                }
                for label, href, needed in NAVIGATION
                if visitor.principal.may(needed)
            ],
        }
    return templates.TemplateResponse(
        request, template, {**frame, **context}, status_code=status_code
    )


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
