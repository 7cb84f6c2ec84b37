"""The unit of work the order flow (capture, pipeline, exceptions, reads) runs in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.dropship.ports import DropshipStore
from ordertower.services.fulfillment.recall import FloorRecallUnitOfWork
from ordertower.services.routing.unit_of_work import RoutingUnitOfWork

from .book_ports import OrderBook
from .unit_of_work import OrdersUnitOfWork


class OrderFlowUnitOfWork(FloorRecallUnitOfWork, OrdersUnitOfWork, RoutingUnitOfWork, Protocol):
    """Cancelling or holding an order on the floor recalls its floor work (fulfillment/recall.py)."""

    @property
    def order_book(self) -> OrderBook: ...

    @property
    def dropship(self) -> DropshipStore:
        """Dropshipped orders open, and cancelled ones close, their vendor requests."""
        ...
