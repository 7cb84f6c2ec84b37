"""Every area's task blueprint. Add a new area's blueprint here."""

from __future__ import annotations

import logging

import procrastinate

from ordertower.services.dropship import write_back as dropship_write_back
from ordertower.services.fulfillment import write_back
from ordertower.services.inventory import availability
from ordertower.services.orders import backorders, payload_retry
from ordertower.services.tenancy import credentials

from .context import runtime

_log = logging.getLogger(__name__)

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
    availability.recompute_availability(  # one statement: it commits as it runs
        runtime().statement_uow(), merchant_id=merchant_id, product_id=product_id
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


channels = procrastinate.Blueprint()


@channels.task(
    name="channels.confirm_shipment",
    queue="channels",
    pass_context=False,
    # Until the channel's connector exists the write-back fails: retry, waiting 2 s, 4 s, 8 s…
    retry=procrastinate.RetryStrategy(max_attempts=20, exponential_wait=2),
)
def confirm_shipment(merchant_id: int, order_id: int, package_id: int) -> None:
    """Send a shipped package's carrier and tracking number to the order's channel."""
    write_back.confirm_on_channel(
        runtime().uow(), merchant_id=merchant_id, order_id=order_id, package_id=package_id
    )


@channels.task(
    name="channels.confirm_dropship_shipment",
    queue="channels",
    pass_context=False,
    # As confirm_shipment: retried until the channel's connector exists.
    retry=procrastinate.RetryStrategy(max_attempts=20, exponential_wait=2),
)
def confirm_dropship_shipment(merchant_id: int, order_id: int, dropship_request_id: int) -> None:
    """Send a dropship vendor's carrier and tracking number to the order's channel."""
    dropship_write_back.confirm_dropship_on_channel(
        runtime().uow(),
        merchant_id=merchant_id,
        order_id=order_id,
        dropship_request_id=dropship_request_id,
    )


orders = procrastinate.Blueprint()


@orders.periodic(cron="* * * * *")
@orders.task(
    name="orders.retry_backorders",
    queue="orders",
    pass_context=False,
    queueing_lock="orders.retry_backorders",
)
def retry_backorders(timestamp: int) -> None:
    """Every minute: backordered orders whose SKUs have free stock again go through the pipeline."""
    backorders.retry_backorders(runtime().uow)


@orders.periodic(cron="* * * * *")
@orders.task(
    name="orders.retry_pending_payloads",
    queue="orders",
    pass_context=False,
    queueing_lock="orders.retry_pending_payloads",
)
def retry_pending_payloads(timestamp: int) -> None:
    """Every minute: payloads whose processing failed (pending over a minute) are processed."""
    report = payload_retry.retry_pending_payloads(runtime().uow)
    if report.failed:
        # Ids and error kinds only: a payload's content is personal data.
        _log.warning("order payloads still failing: %s", report.failed)


BLUEPRINTS: list[procrastinate.Blueprint] = [system, inventory, orders, channels]
