"""The unit of work inventory use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.unit_of_work import UnitOfWork

from .ports import InventoryStore


class InventoryUnitOfWork(UnitOfWork, Protocol):
    @property
    def inventory(self) -> InventoryStore: ...
