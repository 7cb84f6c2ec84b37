"""`ordertower serve` (API + web UI + in-process worker) and `ordertower worker`."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

import typer
import uvicorn

from ordertower.entrypoints import observability
from ordertower.entrypoints.api.app import create_app
from ordertower.entrypoints.workers import app as workers

from . import state


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    worker: Annotated[bool, typer.Option("--worker/--no-worker", help="Run jobs here too.")] = True,
) -> None:
    """Run the API and web UI (and, unless --no-worker, a job worker) until interrupted."""
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    with state.runtime(overrides=overrides) as rt:
        observability.configure_logging(json=rt.settings.log_json, level=rt.settings.log_level)
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(rt),
                host=rt.settings.host,
                port=rt.settings.port,
                log_level="warning",
                access_log=False,
            )
        )
        state.console.print(f"OrderTower is up at [bold]{rt.settings.base_url}[/]  (Ctrl-C stops)")
        job_app = workers.build(rt) if worker else None
        asyncio.run(_serve(server, job_app, rt.settings.worker_concurrency))


async def _serve(server: uvicorn.Server, job_app: object, concurrency: int) -> None:
    if job_app is None:
        await server.serve()
        return
    worker_task = asyncio.create_task(workers.run(job_app, concurrency=concurrency))  # type: ignore[arg-type]
    try:
        await server.serve()
    finally:
        worker_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker_task


def worker(
    concurrency: Annotated[int | None, typer.Option(help="Jobs run at once.")] = None,
) -> None:
    """Run a job worker only (scale out by running more of these against the same database)."""
    with state.runtime() as rt:
        observability.configure_logging(json=rt.settings.log_json, level=rt.settings.log_level)
        state.console.print("Worker running (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(
                workers.run(
                    workers.build(rt), concurrency=concurrency or rt.settings.worker_concurrency
                )
            )
