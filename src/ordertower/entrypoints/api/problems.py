"""Errors as problem+json (RFC 9457) with a stable `code` and the offending field, in one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ordertower.domain import errors

STATUS: list[tuple[type[errors.DomainError], int]] = [
    (errors.InvalidInput, 422),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.Forbidden, 403),
    (errors.Unauthenticated, 401),
    (errors.RateLimited, 429),
]

_TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
}


def status_of(error: errors.DomainError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def problem(
    status: int, code: str, detail: str, *, field: str | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://ordertower.dev/problems/{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if field is not None:
        body["field"] = field
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def domain_problem(error: errors.DomainError) -> JSONResponse:
    extra: dict[str, Any] = {}
    if isinstance(error, errors.FieldsInvalid):
        extra["errors"] = [
            {
                k: v
                for k, v in {
                    "field": p.field,
                    "code": p.code,
                    "message": p.message,
                    "row": p.row,
                }.items()
                if v is not None
            }
            for p in error.problems
        ]
    response = problem(status_of(error), error.code, error.message, field=error.field, **extra)
    if isinstance(error, errors.RateLimited):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    return response


def _field_of(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _on_domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, errors.DomainError)
    return domain_problem(error)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {"field": _field_of(tuple(e["loc"])), "code": str(e["type"]), "message": str(e["msg"])}
        for e in error.errors()
    ]
    first = problems[0] if problems else {"field": "body", "message": "invalid"}
    return problem(
        422,
        "request_invalid",
        f"{first['field']}: {first['message']}",
        field=first["field"],
        errors=problems,
    )


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    return problem(error.status_code, code, str(error.detail))


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
