"""Every area's task blueprint. Add a new area's blueprint here."""

from __future__ import annotations

import procrastinate

from ordertower.services.inventory import availability
from ordertower.services.tenancy import credentials

from .context import runtime

system = procrastinate.Blueprint()


@system.periodic(cron="*/15 * * * *")
@system.task(name="system.prune_sign_in_attempts", queue="system", pass_context=False)
def prune_sign_in_attempts(timestamp: int) -> None:
    """Forget sign-in attempts older than a day (they only serve the rate limit)."""
    credentials.forget_old_sign_in_attempts(runtime().uow())


inventory = procrastinate.Blueprint()


@inventory.task(name="inventory.recompute_availability", queue="inventory", pass_context=False)
def recompute_availability(merchant_id: int, product_id: int) -> None:
    """Available to sell for every listing that draws on the product (deferred by each change)."""
    availability.recompute_availability(
        runtime().uow(), merchant_id=merchant_id, product_id=product_id
    )


@inventory.periodic(cron="30 3 * * *")
@inventory.task(
    name="inventory.recompute_all_availability",
    queue="inventory",
    pass_context=False,
    queueing_lock="inventory.recompute_all_availability",
)
def recompute_all_availability(timestamp: int) -> None:
    """Nightly reconciliation: every listing's ATS recomputed from stock, whatever the jobs missed."""
    for merchant in availability.merchants_to_recompute(runtime().uow()):
        availability.recompute_all_availability(runtime().uow(), merchant_id=merchant.id)


BLUEPRINTS: list[procrastinate.Blueprint] = [system, inventory]
