"""`/health` (database and worker status) and `/metrics` (Prometheus)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .deps import RuntimeDep

router = APIRouter(tags=["operations"])

_WORKERS = text(
    "SELECT count(*) AS alive, max(last_heartbeat) AS last FROM procrastinate_workers"
    " WHERE last_heartbeat > now() - interval '60 seconds'"
)
_BACKLOG = text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")


@router.get("/health")
def health(runtime: RuntimeDep) -> JSONResponse:
    """Database reachability, live workers and the job backlog; 503 when the database is down."""
    body: dict[str, Any] = {"status": "ok"}
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            workers = connection.execute(_WORKERS).one()
            backlog = connection.execute(_BACKLOG).scalar_one()
        body["database"] = {"status": "ok", "embedded": runtime.embedded is not None}
        body["workers"] = {
            "alive": workers.alive,
            "last_heartbeat": workers.last.isoformat() if workers.last else None,
            "jobs_waiting": backlog,
        }
    except SQLAlchemyError as error:
        body = {"status": "down", "database": {"status": "down", "error": type(error).__name__}}
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)


@router.get("/metrics")
def metrics() -> Response:
    """Prometheus text exposition."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
