"""Telling the channel an order shipped (the job `channels.confirm_shipment`).

The channel connectors come with their own issue; until then an order from the `manual` channel
needs no write-back (nobody to tell), and any other channel's job fails as retryable, so it waits
in the queue and goes out once its connector exists.
"""

from __future__ import annotations

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import Conflict, NotFound

from .unit_of_work import FulfillmentUnitOfWork


class NoConnectorYet(Conflict):
    """The channel's tracking write-back is not built yet: retry later."""

    code = "no_connector_yet"


def confirm_on_channel(
    uow: FulfillmentUnitOfWork, *, merchant_id: int, order_id: int, package_id: int
) -> str:
    """Tell the order's channel about the shipped package; returns what was done."""
    with uow:
        order = uow.fulfillment.floor_orders(merchant_id, [order_id]).get(order_id)
        packages = uow.fulfillment.packages(merchant_id, package_id=package_id)
    if order is None or not packages:
        raise NotFound(f"Order {order_id} or package {package_id} no longer exists.")
    if order.channel == ChannelKind.MANUAL:
        return "manual order: no channel to tell"
    raise NoConnectorYet(
        f"No {order.channel} connector exists yet to send tracking "
        f"{packages[0].tracking_number} of order {order.number}; the job will be retried."
    )
