"""The unit of work channel use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.locations.ports import LocationRepository
from ordertower.services.tenancy.ports import MerchantRepository
from ordertower.services.unit_of_work import UnitOfWork

from .ports import ChannelAccountRepository, ListingRepository, ProductLookup


class ChannelsUnitOfWork(UnitOfWork, Protocol):
    """Repositories are read-only properties (implementations bind them to their connection)."""

    @property
    def merchants(self) -> MerchantRepository: ...

    @property
    def channel_accounts(self) -> ChannelAccountRepository: ...

    @property
    def listings(self) -> ListingRepository: ...

    @property
    def product_refs(self) -> ProductLookup: ...

    @property
    def locations(self) -> LocationRepository: ...
