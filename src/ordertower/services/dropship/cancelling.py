"""Cancelling an order cancels its live dropship request: the vendor must not ship it."""

from __future__ import annotations

from collections.abc import Sequence

from ordertower.services.orders.flow_uow import OrderFlowUnitOfWork


def cancel_requests(uow: OrderFlowUnitOfWork, merchant_id: int, order_ids: Sequence[int]) -> None:
    """Inside the cancellation's transaction, with the orders already locked."""
    uow.dropship.cancel_live(merchant_id, order_ids, uow.now())
