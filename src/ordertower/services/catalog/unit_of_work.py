"""The unit of work product-master use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.unit_of_work import UnitOfWork

from .ports import ProductRepository


class CatalogUnitOfWork(UnitOfWork, Protocol):
    """Repositories are read-only properties (implementations bind them to their connection)."""

    @property
    def products(self) -> ProductRepository: ...
