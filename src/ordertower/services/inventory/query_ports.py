"""What the inventory read side needs from storage: balances, pools per SKU, the ledger, ATS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.unit_of_work import UnitOfWork

from .ports import BinRef, LocationRef

# The pools shown side by side, in the order people read them (sellable first).
POOLS: tuple[InventoryStatus, ...] = tuple(InventoryStatus)


@dataclass(frozen=True, slots=True)
class ProductInfo:
    id: int
    sku: str
    title: str
    kind: str  # item | bundle
    blocked: bool


@dataclass(frozen=True, slots=True)
class BalanceFilter:
    product_id: int | None = None
    location_id: int | None = None
    bin_id: int | None = None
    status: InventoryStatus | None = None
    include_empty: bool = False  # balances that once held units and now hold none


@dataclass(frozen=True, slots=True)
class BalanceView:
    """Units of one SKU at one place, in one pool and lot."""

    id: int
    product_id: int
    sku: str
    location_id: int
    location_code: str
    bin_id: int | None
    bin_code: str | None
    status: InventoryStatus
    lot: str | None
    expires_on: dt.date | None
    on_hand: int
    last_movement_id: int


@dataclass(frozen=True, slots=True)
class PoolsAt:
    """A SKU's stock at one location, every pool side by side."""

    location_id: int
    location_code: str
    on_hand: Mapping[InventoryStatus, int]  # units per pool; a missing pool holds none
    allocated: int  # sellable units promised to orders

    def units(self, pool: InventoryStatus) -> int:
        return self.on_hand.get(pool, 0)

    @property
    def sellable(self) -> int:
        return self.units(InventoryStatus.SELLABLE)

    @property
    def available(self) -> int:
        """Sellable on hand minus allocated: what new orders may still be promised."""
        return self.sellable - self.allocated

    @property
    def total(self) -> int:
        return sum(self.on_hand.values())


@dataclass(frozen=True, slots=True)
class SkuStock:
    """A SKU and its pools per location (locations that never held it are left out)."""

    product: ProductInfo
    locations: tuple[PoolsAt, ...]

    @property
    def totals(self) -> PoolsAt:
        on_hand: dict[InventoryStatus, int] = {}
        for at in self.locations:
            for pool, units in at.on_hand.items():
                on_hand[pool] = on_hand.get(pool, 0) + units
        allocated = sum(at.allocated for at in self.locations)
        return PoolsAt(0, "All locations", on_hand, allocated)


@dataclass(frozen=True, slots=True)
class SkuFilter:
    sku_prefix: str | None = None
    location_id: int | None = None  # only pools at this location
    in_stock_only: bool = False  # only SKUs holding units (at `location_id` when given)


@dataclass(frozen=True, slots=True)
class PlaceView:
    location_id: int
    location_code: str
    bin_id: int | None
    bin_code: str | None
    status: InventoryStatus
    lot: str | None


@dataclass(frozen=True, slots=True)
class MovementFilter:
    product_id: int | None = None
    location_id: int | None = None  # from or to
    bin_id: int | None = None  # from or to
    kind: str | None = None
    reference_kind: str | None = None
    reference_id: str | None = None
    since: dt.datetime | None = None  # inclusive
    until: dt.datetime | None = None  # exclusive
    ids: tuple[int, ...] = ()  # only these movements (when given)


@dataclass(frozen=True, slots=True)
class MovementView:
    """One ledger entry as people read it; `id` is its ledger position."""

    id: int
    created_at: dt.datetime
    product_id: int
    sku: str
    kind: str
    quantity: int
    source: PlaceView | None
    target: PlaceView | None
    expires_on: dt.date | None
    reason: str | None
    note: str | None
    reference_kind: str | None
    reference_id: str | None
    idempotency_key: str
    actor: str
    actor_user_id: int | None
    actor_name: str | None
    consumes_allocation: int | None


class AtsState(StrEnum):
    COMPUTED = "computed"  # stored after the latest recompute that reached this listing
    NOT_YET_COMPUTED = "not_yet_computed"  # no recompute has reached it yet (new listing, no stock)
    FULFILLED_BY_AMAZON = "fulfilled_by_amazon"  # Amazon holds and reports this stock itself
    INACTIVE = "inactive"  # the listing is switched off: nothing is computed or pushed for it


@dataclass(frozen=True, slots=True)
class ListingAts:
    """A listing's available to sell as last stored, with how it was computed."""

    listing_id: int
    product_id: int
    sku: str
    channel_kind: str
    channel_account_name: str
    channel_sku: str
    listing_status: str
    fulfillment_channel: str | None
    quantity_per: int
    stored_quantity: int | None
    explanation: tuple[str, ...]
    ledger_position: int | None
    computed_at: dt.datetime | None

    @property
    def state(self) -> AtsState:
        if self.fulfillment_channel == "AFN":
            return AtsState.FULFILLED_BY_AMAZON
        if self.listing_status != "active":
            return AtsState.INACTIVE
        if self.stored_quantity is None:
            return AtsState.NOT_YET_COMPUTED
        return AtsState.COMPUTED

    @property
    def quantity(self) -> int | None:
        """The quantity to show: only a computed one (an old value of an inactive listing is not)."""
        return self.stored_quantity if self.state is AtsState.COMPUTED else None


@dataclass(frozen=True, slots=True)
class AllocationView:
    id: int
    product_id: int
    sku: str
    location_id: int
    location_code: str
    quantity: int  # still promised
    allocated_quantity: int  # promised at first
    reference_kind: str
    reference_id: str
    bundle_sku: str | None  # set when allocated for a bundle
    idempotency_key: str
    created_at: dt.datetime
    closed_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class AllocationFilter:
    reference_kind: str | None = None
    reference_id: str | None = None
    ids: tuple[int, ...] = ()  # only these allocations (when given)


class InventoryQueries(Protocol):
    def product(self, merchant_id: int, sku: str) -> ProductInfo | None: ...
    def location(self, location_id: int) -> LocationRef | None: ...
    def usable_locations(self, merchant_id: int) -> list[LocationRef]: ...
    def bin(self, bin_id: int) -> BinRef | None: ...
    def bin_by_code(self, location_id: int, code: str) -> BinRef | None: ...
    def balances(
        self, merchant_id: int, where: BalanceFilter, page: PageRequest
    ) -> Page[BalanceView]: ...
    def skus(self, merchant_id: int, where: SkuFilter, page: PageRequest) -> Page[ProductInfo]: ...
    def pools(
        self, merchant_id: int, product_ids: Sequence[int], location_id: int | None
    ) -> dict[int, list[PoolsAt]]: ...
    def movements(
        self, merchant_id: int, where: MovementFilter, page: PageRequest
    ) -> Page[MovementView]: ...
    def listing_ats(self, merchant_id: int, listing_id: int) -> ListingAts | None: ...
    def listings_drawing_on(self, merchant_id: int, product_id: int) -> list[ListingAts]: ...
    def allocations(
        self, merchant_id: int, where: AllocationFilter, page: PageRequest
    ) -> Page[AllocationView]: ...


class InventoryReadingUnitOfWork(UnitOfWork, Protocol):
    @property
    def inventory_queries(self) -> InventoryQueries: ...
