"""Every area's task blueprint. Add a new area's blueprint here."""

from __future__ import annotations

import procrastinate

from ordertower.services.tenancy import credentials

from .context import runtime

system = procrastinate.Blueprint()


@system.periodic(cron="*/15 * * * *")
@system.task(name="system.prune_sign_in_attempts", queue="system", pass_context=False)
def prune_sign_in_attempts(timestamp: int) -> None:
    """Forget sign-in attempts older than a day (they only serve the rate limit)."""
    credentials.forget_old_sign_in_attempts(runtime().uow())


BLUEPRINTS: list[procrastinate.Blueprint] = [system]
