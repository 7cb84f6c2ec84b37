"""Movements: the only way on-hand stock changes, and the keys of the balances they change.

The model, in one paragraph: every unit on hand sits in exactly one balance, keyed by
(merchant, SKU, location, bin, pool, lot, expiry). A movement takes `quantity` units out of the
balance at `from_place` and/or puts them into the balance at `to_place`; the ledger of movements is
append-only and each balance's on hand is the sum of the movements into it minus those out of it.
Allocation is *not* a movement: it is a reservation counted in `allocated` on sellable balances,
raised by allocate, lowered by release, and turned into a shipment movement by consume. So on hand
changes only by movements, allocated only by allocate/release/consume, and available = on hand minus
allocated.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ids import MerchantId, Sku
from .movement_kinds import MovementKind
from .movement_rules import check_movement_shape
from .places import BalanceKey, Place, Reference
from .reasons import ReasonCode


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
        check_movement_shape(self)

    @property
    def from_key(self) -> BalanceKey | None:
        place = self.from_place
        return None if place is None else BalanceKey.at(self.merchant_id, self.sku, place)

    @property
    def to_key(self) -> BalanceKey | None:
        place = self.to_place
        return None if place is None else BalanceKey.at(self.merchant_id, self.sku, place)
