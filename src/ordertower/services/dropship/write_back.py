"""Telling the channel a dropship order shipped (the job `channels.confirm_dropship_shipment`).

The sibling of the floor's `channels.confirm_shipment`: the tracking comes from the vendor's
dropship request instead of a package. As there, a `manual` order needs no write-back and any
other channel waits (retryable) until its connector exists.
"""

from __future__ import annotations

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import NotFound
from ordertower.services.fulfillment.write_back import NoConnectorYet

from .unit_of_work import DropshipUnitOfWork


def confirm_dropship_on_channel(
    uow: DropshipUnitOfWork, *, merchant_id: int, order_id: int, dropship_request_id: int
) -> str:
    """Tell the order's channel about the vendor's shipment; returns what was done."""
    with uow:
        order = uow.fulfillment.floor_orders(merchant_id, [order_id]).get(order_id)
        request = uow.dropship.get(merchant_id, dropship_request_id)
    if order is None or request is None or request.order_id != order_id:
        raise NotFound(f"Order {order_id} or dropship request {dropship_request_id} is gone.")
    if order.channel == ChannelKind.MANUAL:
        return "manual order: no channel to tell"
    raise NoConnectorYet(
        f"No {order.channel} connector exists yet to send tracking {request.tracking_number} "
        f"of order {order.number}; the job will be retried."
    )
