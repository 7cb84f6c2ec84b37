"""`ordertower serve` (API + web UI + in-process worker) and `ordertower worker`.

Both stop gracefully on SIGINT or SIGTERM and then stop the embedded database. (uvicorn would re-raise
the signal after its own shutdown, killing the process before the database is stopped, so we take the
signals ourselves.) `serve` runs on uvloop, and uvicorn parses HTTP with httptools: together they
took about a sixth off the API process's CPU per captured order (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from typing import Annotated

import procrastinate
import typer
import uvicorn
import uvloop

from ordertower.entrypoints import observability
from ordertower.entrypoints.api.app import create_app
from ordertower.entrypoints.workers import app as workers

from . import state

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    worker: Annotated[bool, typer.Option("--worker/--no-worker", help="Run jobs here too.")] = True,
) -> None:
    """Run the API and web UI (and, unless --no-worker, a job worker) until interrupted."""
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    with state.runtime(overrides=overrides) as rt:
        observability.configure_logging(json=rt.settings.log_json, level=rt.settings.log_level)
        server = _Server(
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
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(_serve(server, job_app, rt.settings.worker_concurrency))
    state.console.print("Stopped.")


async def _serve(
    server: uvicorn.Server, job_app: procrastinate.App | None, concurrency: int
) -> None:
    if job_app is None:
        await server.serve()
        return
    worker_task = asyncio.create_task(workers.run(job_app, concurrency=concurrency))
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
        job_app = workers.build(rt)
        asyncio.run(_work(job_app, concurrency or rt.settings.worker_concurrency))
    state.console.print("Stopped.")


async def _work(job_app: procrastinate.App, concurrency: int) -> None:
    task = asyncio.create_task(workers.run(job_app, concurrency=concurrency))
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await task
