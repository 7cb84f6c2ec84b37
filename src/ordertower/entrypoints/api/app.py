"""The ASGI application: REST API under /api/v1, web UI, static assets, health and metrics."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ordertower.bootstrap import Runtime

from .. import observability
from . import health, problems
from .routes import ROUTERS

STATIC = Path(__file__).parent.parent / "web" / "static"


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(
        title="OrderTower",
        version="0.1.0",
        summary="Multi-channel order management with one inventory truth and FBA prep compliance.",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.runtime = runtime
    problems.install(app)
    app.add_middleware(observability.RequestMetrics)
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1")
    app.include_router(health.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _mount_web(app)
    return app


def _mount_web(app: FastAPI) -> None:
    from ordertower.entrypoints.web import views

    views.install(app)
