"""Places stock sits in, the balances that key on them, and the documents movements cite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .ids import BinId, LocationId, MerchantId, Sku
from .movement_kinds import ReferenceKind
from .pools import InventoryStatus


@dataclass(frozen=True, slots=True)
class Place:
    """Where units are and for what purpose: one side of a movement (checked by the movement)."""

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


@dataclass(frozen=True, slots=True)
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

    @property
    def label(self) -> str:
        """How people read the key in messages: `SKU at location L bin B (pool, lot, expiry)`."""
        where = f"location {self.location_id}"
        if self.bin_id is not None:
            where += f" bin {self.bin_id}"
        details = [str(self.status)]
        if self.lot is not None:
            details.append(f"lot {self.lot}")
        if self.expires_on is not None:
            details.append(f"expires {self.expires_on.isoformat()}")
        return f"{self.sku} at {where} ({', '.join(details)})"


@dataclass(frozen=True, slots=True)
class PositionKey:
    """A merchant's sellable stock of one SKU at one location (all bins and lots): what orders
    allocate. Only sellable stock has a position, so only sellable stock can ever be allocated."""

    merchant_id: MerchantId
    sku: Sku
    location_id: LocationId

    @classmethod
    def of(cls, key: BalanceKey) -> PositionKey:
        return cls(key.merchant_id, key.sku, key.location_id)

    @property
    def label(self) -> str:
        return f"{self.sku} at location {self.location_id} (sellable)"
