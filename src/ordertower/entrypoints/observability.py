"""Logs (structlog; JSON in production) and Prometheus metrics for HTTP requests."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import structlog
from prometheus_client import Counter, Histogram
from starlette.requests import Request
from starlette.responses import Response

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


def _route_of(request: Request) -> str:
    """The matched route's template (low cardinality), prefixed with /api/v1 for API calls."""
    route = request.scope.get("route")
    template = str(getattr(route, "path", "unmatched"))
    if request.url.path.startswith("/api/v1") and not template.startswith("/api/v1"):
        return "/api/v1" + template
    return template


async def measure(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    started = time.perf_counter()
    response = await call_next(request)
    route = _route_of(request)
    LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
    REQUESTS.labels(request.method, route, str(response.status_code)).inc()
    return response
