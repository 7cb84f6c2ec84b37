"""The procrastinate app: tasks from every area's blueprint, bound to the runtime's database.

Jobs are deferred by services through the JobQueue port (on the business transaction); this app only
runs them. A task reaches the runtime through `context.runtime()`.
"""

from __future__ import annotations

import asyncio
import threading
from urllib.parse import urlsplit, urlunsplit

import procrastinate

from ordertower.bootstrap import Runtime

from . import context
from .tasks import BLUEPRINTS


def conninfo(sqlalchemy_url: str) -> str:
    parts = urlsplit(sqlalchemy_url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def build(
    runtime: Runtime, *, extra: list[procrastinate.Blueprint] | None = None
) -> procrastinate.App:
    context.bind(runtime)
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(runtime.database_url))
    )
    for blueprint in [*BLUEPRINTS, *(extra or [])]:
        app.add_tasks_from(blueprint, namespace="")
    return app


async def run(app: procrastinate.App, *, concurrency: int, wait: bool = True) -> None:
    """Run a worker until cancelled (or, with wait=False, until the queue is empty)."""
    async with app.open_async():
        await app.run_worker_async(
            concurrency=concurrency,
            wait=wait,
            install_signal_handlers=False,
            listen_notify=True,
        )


def drain(app: procrastinate.App) -> None:
    """Run every waiting job, then return (tests and one-shot commands).

    In a thread of its own, so it works even where the calling thread has an event loop running
    (Playwright's sync API leaves one in the main thread)."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            asyncio.run(run(app, concurrency=1, wait=False))
        except BaseException as error:  # handed back to the caller below
            failure.append(error)

    thread = threading.Thread(target=work, name="ordertower-drain")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
