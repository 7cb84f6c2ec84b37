"""Web sign-in: sessions in a cookie (the id; state in the database), CSRF on every form."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ordertower.domain.errors import DomainError, RateLimited, Unauthenticated
from ordertower.domain.pagination import PageRequest
from ordertower.services.tenancy import access, credentials

from ..api.deps import RuntimeDep
from .pages import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Visitor,
    csrf_ok,
    render,
    to_login,
)

router = APIRouter(include_in_schema=False)


class NeedsLogin(Exception):
    """Raised by the visitor dependency; answered with a redirect to the sign-in page."""


class CsrfRejected(Exception):
    """A form came without the session's CSRF token."""


async def current_visitor(request: Request, runtime: RuntimeDep) -> Visitor:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        raise NeedsLogin
    try:
        principal, session = credentials.resume_session(runtime.uow(), session_id=session_id)
    except Unauthenticated as error:
        raise NeedsLogin from error
    merchants = list(
        access.list_merchants(runtime.uow(), principal=principal, page=PageRequest(limit=500)).items
    )
    current = next((m for m in merchants if m.id == session.merchant_id), None)
    visitor = Visitor(
        principal,
        session_id,
        session.csrf_token,
        current or (merchants[0] if merchants else None),
        merchants,
    )
    request.state.visitor = visitor  # for error pages rendered outside the route (PageRoute)
    if request.method not in ("GET", "HEAD"):
        form = await request.form()
        given = request.headers.get("x-csrf-token") or str(form.get(CSRF_FIELD) or "")
        if not csrf_ok(session.csrf_token, given):
            raise CsrfRejected
    return visitor


VisitorDep = Annotated[Visitor, Depends(current_visitor)]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in user to another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target if not urlsplit(target).netloc else "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(request, "login.html", csrf_token=token, next=next)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/login")
def login(
    request: Request,
    runtime: RuntimeDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not csrf_ok(expected, csrf_token):
        return render(
            request,
            "login.html",
            csrf_token=expected or secrets.token_urlsafe(24),
            error="The form expired; sign in again.",
            status_code=400,
        )
    settings = runtime.settings
    try:
        session_id, _ = credentials.log_in(
            runtime.uow(),
            runtime.hasher,
            email=username,
            password=password,
            ip=request.client.host if request.client else "unknown",
            max_failures=settings.login_max_failures,
            window=timedelta(seconds=settings.login_window_seconds),
            session_ttl=timedelta(hours=settings.session_ttl_hours),
        )
    except RateLimited as error:
        return render(
            request,
            "login.html",
            csrf_token=expected,
            username=username,
            too_many_attempts=True,
            retry_after_minutes=max(1, error.retry_after_seconds // 60),
            status_code=429,
        )
    except DomainError as error:
        return render(
            request,
            "login.html",
            csrf_token=expected,
            username=username,
            error=error.message,
            next=next,
            status_code=401,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.session_ttl_hours * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    credentials.log_out(runtime.uow(), session_id=visitor.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/merchant")
def switch_merchant(
    visitor: VisitorDep,
    runtime: RuntimeDep,
    request: Request,
    merchant_id: Annotated[int, Form()],
) -> Response:
    credentials.switch_merchant(
        runtime.uow(),
        principal=visitor.principal,
        session_id=visitor.session_id,
        merchant_id=merchant_id,
    )
    back = request.headers.get("referer", "/")
    return RedirectResponse(_safe_next(urlsplit(back).path or "/"), status_code=303)


def redirect_to_login(request: Request, error: Exception) -> Response:
    return to_login(request)


def refuse_csrf(request: Request, error: Exception) -> Response:
    return render(
        request,
        "error.html",
        status_code=403,
        title="Form expired",
        message="This form was opened in another session. Reload the page and try again.",
    )
