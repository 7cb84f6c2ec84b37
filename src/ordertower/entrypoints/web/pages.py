"""Rendering for web pages: templates, the signed-in frame (nav, merchant) and CSRF."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from ordertower.domain.errors import DomainError, Forbidden, NotFound
from ordertower.domain.tenancy import Permission, Principal

from ..api.problems import status_of

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
SESSION_COOKIE = "ot_session"
LOGIN_CSRF_COOKIE = "ot_login_csrf"
CSRF_FIELD = "csrf_token"
FLASH_COOKIE = "ot_flash"
FLASH_LEVELS = ("info", "success", "warning", "error")

# (label, href, permission needed): the left navigation, in order.
NAVIGATION: list[tuple[str, str, Permission]] = [
    ("Dashboard", "/", Permission.READ),
    ("Orders", "/orders", Permission.READ),
    ("Exceptions", "/order-exceptions", Permission.READ),
    ("Fulfillment", "/fulfillment", Permission.FLOOR_WORK),
    ("Dropship", "/dropship", Permission.READ),
    ("Products", "/products", Permission.READ),
    ("Inventory", "/inventory", Permission.READ),
    ("Receiving", "/receiving", Permission.READ),
    ("Counts", "/counts", Permission.READ),
    ("Routing", "/routing", Permission.READ),
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
    flashes = [*_flash_of(request), *context.pop("flashes", [])]
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
    response = templates.TemplateResponse(
        request,
        template,
        {**frame, "status_code": status_code, **context, "flashes": flashes},
        status_code=status_code,
    )
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE)
    return response


def flash_redirect(url: str, text: str, *, level: str = "success") -> RedirectResponse:
    """Redirect (303) after a change; the next page rendered shows `text` once."""
    response = RedirectResponse(url, status_code=303)
    payload = base64.urlsafe_b64encode(json.dumps([level, text[:500]]).encode()).decode()
    response.set_cookie(FLASH_COOKIE, payload, max_age=120, httponly=True, samesite="lax")
    return response


def _flash_of(request: Request) -> list[tuple[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        level, text = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (binascii.Error, ValueError, TypeError):
        return []
    if level not in FLASH_LEVELS or not isinstance(text, str):
        return []
    return [(level, text[:500])]


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def refusal_page(request: Request, error: DomainError) -> HTMLResponse:
    """The error page for a refusal no form handled: 403, 404, or the message with its status."""
    visitor = getattr(request.state, "visitor", None)
    if isinstance(error, Forbidden):
        return render(request, "error.html", visitor, status_code=403, message=error.message)
    if isinstance(error, NotFound):
        return render(request, "error.html", visitor, status_code=404)
    return render(
        request,
        "error.html",
        visitor,
        status_code=status_of(error),
        title="That could not be done",
        message=error.message,
    )


class PageRoute(APIRoute):
    """A web page's route: refusals render the HTML error page instead of problem+json.

    Use as `APIRouter(route_class=PageRoute)`. A malformed path or query is a 404 page.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except DomainError as error:
                return refusal_page(request, error)
            except RequestValidationError:
                visitor = getattr(request.state, "visitor", None)
                return render(request, "error.html", visitor, status_code=404)

        return page_handler
