"""Logs (structlog; JSON in production) and Prometheus metrics for HTTP requests."""

from __future__ import annotations

import logging
import time

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("ordertower_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "ordertower_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def configure_logging(*, json: bool, level: str) -> None:
    logging.basicConfig(format="%(message)s", level=level.upper())
    # One line per job is noise at INFO; failures still show (procrastinate logs them as errors).
    logging.getLogger("procrastinate").setLevel(
        max(logging.WARNING, logging.getLevelName(level.upper()))
    )
    renderer = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
    )


def _route_of(scope: Scope) -> str:
    """The matched route's template (low cardinality), prefixed with /api/v1 for API calls."""
    template = str(getattr(scope.get("route"), "path", "unmatched"))
    if str(scope.get("path", "")).startswith("/api/v1") and not template.startswith("/api/v1"):
        return "/api/v1" + template
    return template


class RequestMetrics:
    """Counts and times every HTTP request by method, route template and status.

    A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` (`app.middleware("http")`) runs each
    request through an extra task and two memory streams, about a millisecond of CPU a request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers should the app fail before starting a response

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route, method = _route_of(scope), scope["method"]
            LATENCY.labels(method, route).observe(time.perf_counter() - started)
            REQUESTS.labels(method, route, str(status)).inc()
