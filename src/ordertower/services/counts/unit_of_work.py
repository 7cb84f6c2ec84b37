"""The unit of work count use cases run in: the ledger, count sheets and the exception queue."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.exception_queue.unit_of_work import ExceptionQueueUnitOfWork
from ordertower.services.inventory.unit_of_work import InventoryUnitOfWork
from ordertower.services.receiving.ports import FloorLookups

from .ports import CountSheetRepository


class CountsUnitOfWork(InventoryUnitOfWork, ExceptionQueueUnitOfWork, Protocol):
    @property
    def count_sheets(self) -> CountSheetRepository: ...

    @property
    def floor(self) -> FloorLookups: ...
