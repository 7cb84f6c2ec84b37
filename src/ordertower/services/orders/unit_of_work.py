"""The unit of work order use cases run in: orders, the inventory (allocation) and the queue."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.exception_queue.unit_of_work import ExceptionQueueUnitOfWork
from ordertower.services.inventory.unit_of_work import InventoryUnitOfWork

from .ports import OrderStateStore


class OrdersUnitOfWork(InventoryUnitOfWork, ExceptionQueueUnitOfWork, Protocol):
    @property
    def order_states(self) -> OrderStateStore: ...
