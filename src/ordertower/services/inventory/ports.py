"""What inventory use cases need from storage: places, locked holdings, the ledger, allocations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.inventory.effects import Holding


@dataclass(frozen=True, slots=True, order=True)
class PositionRef:
    """Sellable stock of one product at one location: what orders allocate."""

    product_id: int
    location_id: int


@dataclass(frozen=True, slots=True, order=True)
class BalanceRef:
    """Units of one product at one place (bin optional), in one pool and lot ('' for none)."""

    product_id: int
    location_id: int
    bin_id: int  # 0 when the units are at the location without a bin
    status: str
    lot: str


@dataclass(frozen=True, slots=True)
class LocationRef:
    id: int
    code: str
    kind: str
    merchant_id: int | None  # None for the operator's shared warehouses
    active: bool


@dataclass(frozen=True, slots=True)
class BinRef:
    id: int
    code: str
    location_id: int
    zone_kind: str
    active: bool


@dataclass(frozen=True, slots=True)
class ProductRef:
    id: int
    sku: str
    kind: str  # item | bundle
    blocked: bool
    expiration_dated: bool


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One movement to append to the ledger (ids resolved, digest computed)."""

    product_id: int
    kind: str
    quantity: int
    source: BalanceRef | None
    target: BalanceRef | None
    expires_on: dt.date | None
    reason: str | None
    note: str
    reference_kind: str
    reference_id: str
    idempotency_key: str
    request_digest: str
    actor: str
    actor_user_id: int | None
    consumes_allocation: int | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    movement_id: int
    request_digest: str


@dataclass(frozen=True, slots=True)
class AllocationRow:
    id: int
    product_id: int
    location_id: int
    quantity: int  # still promised
    allocated_quantity: int
    reference_kind: str
    reference_id: str
    bundle_product_id: int | None
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class NewAllocation:
    product_id: int
    location_id: int
    quantity: int
    reference_kind: str
    reference_id: str
    bundle_product_id: int | None
    idempotency_key: str


class InventoryStore(Protocol):
    def products_by_sku(self, merchant_id: int, skus: Collection[str]) -> dict[str, ProductRef]: ...
    def products_by_id(self, merchant_id: int, ids: Collection[int]) -> dict[int, ProductRef]: ...
    def bundle_components(self, merchant_id: int, bundle_id: int) -> list[tuple[int, int]]: ...
    def locations(self, ids: Collection[int]) -> dict[int, LocationRef]: ...
    def bins(self, ids: Collection[int]) -> dict[int, BinRef]: ...
    def recorded(self, merchant_id: int, keys: Collection[str]) -> dict[str, Recorded]: ...
    def lock_positions(
        self, merchant_id: int, refs: Collection[PositionRef]
    ) -> dict[PositionRef, Holding]: ...
    def lock_balances(
        self, merchant_id: int, refs: Collection[BalanceRef]
    ) -> dict[BalanceRef, Holding]: ...
    def append(self, merchant_id: int, rows: Sequence[LedgerRow]) -> list[int]: ...
    def apply_balances(
        self,
        merchant_id: int,
        changes: Mapping[BalanceRef, int],
        expiries: Mapping[BalanceRef, dt.date | None],
        movement_id: int,
        existing: Collection[BalanceRef],
    ) -> None: ...
    def apply_positions(
        self,
        merchant_id: int,
        on_hand: Mapping[PositionRef, int],
        allocated: Mapping[PositionRef, int],
        movement_id: int,
        existing: Collection[PositionRef],
    ) -> None: ...
    def allocations_by_key(self, merchant_id: int, key: str) -> list[AllocationRow]: ...
    def allocations(self, merchant_id: int, ids: Collection[int]) -> dict[int, AllocationRow]: ...
    def add_allocations(
        self, merchant_id: int, rows: Sequence[NewAllocation]
    ) -> list[AllocationRow]: ...
    def insert_allocations(self, merchant_id: int, rows: Sequence[NewAllocation]) -> None:
        """`add_allocations` for a batch (one statement), when the rows are not needed back."""
        ...

    def change_allocations(self, merchant_id: int, changes: Mapping[int, int]) -> None: ...
    def open_allocations(
        self, merchant_id: int, reference_kind: str, reference_ids: Collection[str]
    ) -> list[AllocationRow]:
        """Allocations of these references still promising units, locked, in id order."""
        ...

    def close_allocations(self, merchant_id: int, ids: Collection[int]) -> None:
        """Set the allocations' open quantity to 0 (released), in one statement."""
        ...
