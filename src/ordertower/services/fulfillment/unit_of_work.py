"""The unit of work floor use cases run in: orders, the ledger, the queue, scanner lookups, the floor."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.orders.unit_of_work import OrdersUnitOfWork
from ordertower.services.receiving.ports import FloorLookups

from .ports import FulfillmentStore


class FulfillmentUnitOfWork(OrdersUnitOfWork, Protocol):
    @property
    def fulfillment(self) -> FulfillmentStore: ...

    @property
    def floor(self) -> FloorLookups: ...
