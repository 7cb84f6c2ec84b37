"""The unit of work location use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.tenancy.ports import MerchantRepository
from ordertower.services.unit_of_work import UnitOfWork

from .ports import BinRepository, LocationRepository, ZoneRepository


class LocationsUnitOfWork(UnitOfWork, Protocol):
    """Repositories are read-only properties (implementations bind them to their connection)."""

    @property
    def merchants(self) -> MerchantRepository: ...

    @property
    def locations(self) -> LocationRepository: ...

    @property
    def zones(self) -> ZoneRepository: ...

    @property
    def bins(self) -> BinRepository: ...
