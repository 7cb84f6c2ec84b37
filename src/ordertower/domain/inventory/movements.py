"""Movements: the only way on-hand stock changes, and the keys of the balances they change.

The model, in one paragraph: every unit on hand sits in exactly one balance, keyed by
(merchant, SKU, location, bin, pool, lot, expiry). A movement takes `quantity` units out of the
balance at `from_place` and/or puts them into the balance at `to_place`; the ledger of movements is
append-only and each balance's on hand is the sum of the movements into it minus those out of it.
Allocation is *not* a movement: it is a reservation counted in `allocated` on sellable balances,
raised by allocate, lowered by release, and turned into a shipment movement by consume. So on hand
changes only by movements, allocated only by allocate/release/consume, and available = on hand −
allocated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .ids import BinId, LocationId, MerchantId, Sku
from .pools import InventoryStatus
from .reasons import ReasonCode


class MovementKind(StrEnum):
    RECEIPT = "receipt"  # units arrive from a supplier: nothing is taken, `to` is the receiving spot
    PUTAWAY = "putaway"  # from the receiving zone to a storage bin: same location, pool and lot
    TRANSFER = "transfer"  # between bins or locations: same pool and lot
    STATUS_CHANGE = "status_change"  # into another pool within one location (bin may change)
    ADJUSTMENT = "adjustment"  # the books corrected with a reason: up (`to` only) or down (`from` only)
    SHIPMENT = "shipment"  # units leave to a customer or to Amazon: nothing is put anywhere
    RETURN_RECEIPT = "return_receipt"  # a customer return arrives: it lands in return_pending
    DISPOSAL = "disposal"  # units destroyed or sent back to the vendor, with a reason


class ReferenceKind(StrEnum):
    RECEIPT = "receipt"  # an inbound receipt (with or without an advance notice)
    ORDER = "order"  # a customer order
    SHIPMENT = "shipment"  # an outbound parcel or freight shipment
    RETURN = "return"  # a customer return (RMA)
    FBA_SHIPMENT = "fba_shipment"  # an Amazon FBA inbound shipment
    COUNT = "count"  # a cycle count sheet
    ADJUSTMENT = "adjustment"  # a manual adjustment, transfer or status change made by a person


@dataclass(frozen=True, slots=True)
class Place:
    """Where units are and for what purpose: one side of a movement."""

    location_id: LocationId
    bin_id: BinId | None
    status: InventoryStatus
    lot: str | None = None
    expires_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """The business document that caused a movement."""

    kind: ReferenceKind
    id: str


@dataclass(frozen=True, slots=True, order=True)
class BalanceKey:
    """Identifies one balance: a merchant's SKU at one place."""

    merchant_id: MerchantId
    sku: Sku
    location_id: LocationId
    bin_id: BinId | None
    status: InventoryStatus
    lot: str | None = None
    expires_on: dt.date | None = None

    @classmethod
    def at(cls, merchant_id: MerchantId, sku: Sku, place: Place) -> BalanceKey:
        return cls(
            merchant_id,
            sku,
            place.location_id,
            place.bin_id,
            place.status,
            place.lot,
            place.expires_on,
        )

    @property
    def place(self) -> Place:
        return Place(self.location_id, self.bin_id, self.status, self.lot, self.expires_on)


@dataclass(frozen=True, slots=True, kw_only=True)
class MovementRequest:
    """A movement someone asks for; constructing one checks its shape (not the stock it needs)."""

    merchant_id: MerchantId
    sku: Sku
    kind: MovementKind
    quantity: int
    from_place: Place | None
    to_place: Place | None
    reference: Reference
    idempotency_key: str
    actor: str
    reason: ReasonCode | None = None
    note: str = ""

    def __post_init__(self) -> None:
        from .movement_rules import check_movement_shape

        check_movement_shape(self)

    @property
    def from_key(self) -> BalanceKey | None:
        place = self.from_place
        return None if place is None else BalanceKey.at(self.merchant_id, self.sku, place)

    @property
    def to_key(self) -> BalanceKey | None:
        place = self.to_place
        return None if place is None else BalanceKey.at(self.merchant_id, self.sku, place)
