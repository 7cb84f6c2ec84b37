"""The unit of work exception-queue use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.tenancy.ports import UserRepository
from ordertower.services.unit_of_work import UnitOfWork

from .ports import ExceptionItemRepository


class ExceptionQueueUnitOfWork(UnitOfWork, Protocol):
    @property
    def exception_items(self) -> ExceptionItemRepository: ...

    @property
    def users(self) -> UserRepository: ...
