"""The unit of work dropship use cases run in: the order flow, the floor's order reads, requests."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.fulfillment.unit_of_work import FulfillmentUnitOfWork
from ordertower.services.orders.flow_uow import OrderFlowUnitOfWork

from .ports import DropshipStore


class DropshipUnitOfWork(OrderFlowUnitOfWork, FulfillmentUnitOfWork, Protocol):
    @property
    def dropship(self) -> DropshipStore: ...
