"""The unit of work receiving use cases run in: the ledger, notices, receipts and the exception queue."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.exception_queue.unit_of_work import ExceptionQueueUnitOfWork
from ordertower.services.inventory.unit_of_work import InventoryUnitOfWork

from .ports import FloorLookups, NoticeRepository, ReceiptRepository


class ReceivingUnitOfWork(InventoryUnitOfWork, ExceptionQueueUnitOfWork, Protocol):
    @property
    def notices(self) -> NoticeRepository: ...

    @property
    def receipts(self) -> ReceiptRepository: ...

    @property
    def floor(self) -> FloorLookups: ...
