"""An in-memory ledger and balance book: the reference model the database must agree with.

Kept deliberately plain (a list of movements, a dict of balances, a dict of allocations) so it is
obviously right; property tests drive the same operation sequences through it and through the
database and compare. On hand lives on balances (per bin, pool and lot); allocations live on sellable
positions (per SKU and location), whose on hand is the sum of the location's sellable balances.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import (
    IdempotencyKeyReused,
    InsufficientStock,
    InvalidMovement,
    ReleaseExceedsAllocation,
)
from .ids import LocationId, MerchantId, Sku
from .ledger_checks import on_hand_from_movements, stock_violations
from .movement_kinds import MovementKind
from .movements import MovementRequest
from .places import BalanceKey, PositionKey
from .pools import ALLOCATABLE_FOR_ORDERS
from .stock_feed import SellableStock


@dataclass(frozen=True, slots=True)
class Movement:
    """A movement as recorded in the ledger."""

    position: int  # 1, 2, 3... in the order movements were recorded
    request: MovementRequest
    consumes_allocation: bool = False  # a shipment of units that were allocated to an order


class BalanceBook:
    """Balances, allocations and their ledger; every operation is all-or-nothing."""

    def __init__(self) -> None:
        self._on_hand: dict[BalanceKey, int] = {}
        self._allocated: dict[PositionKey, int] = {}
        self._ledger: list[Movement] = []
        self._by_idempotency_key: dict[tuple[MerchantId, str], Movement] = {}

    @property
    def movements(self) -> Sequence[Movement]:
        return tuple(self._ledger)

    def on_hand(self, key: BalanceKey) -> int:
        return self._on_hand.get(key, 0)

    def balances(self) -> dict[BalanceKey, int]:
        """On hand of every balance that holds units."""
        return {key: units for key, units in self._on_hand.items() if units}

    def position(self, key: PositionKey) -> SellableStock:
        on_hand = sum(
            units
            for balance, units in self._on_hand.items()
            if balance.status in ALLOCATABLE_FOR_ORDERS and PositionKey.of(balance) == key
        )
        return SellableStock(on_hand, self._allocated.get(key, 0))

    def positions(self) -> dict[PositionKey, SellableStock]:
        """Every sellable position that holds or promises units."""
        keys = {PositionKey.of(k) for k in self._on_hand if k.status in ALLOCATABLE_FOR_ORDERS}
        every = {key: self.position(key) for key in keys | self._allocated.keys()}
        return {key: held for key, held in every.items() if held != (0, 0)}

    def post(self, request: MovementRequest) -> Movement:
        """Record a movement of free (unpromised) units; a replayed request changes nothing."""
        return self._record(request, consumes_allocation=False)

    def consume(self, request: MovementRequest) -> Movement:
        """Ship units that were allocated: on hand and allocated both go down by the quantity."""
        src = request.from_place
        if request.kind is not MovementKind.SHIPMENT:
            raise InvalidMovement("Only a shipment consumes an allocation.", field="kind")
        if src is None or src.status not in ALLOCATABLE_FOR_ORDERS:
            raise InvalidMovement("Allocated units ship from sellable stock.", field="from_place")
        return self._record(request, consumes_allocation=True)

    def allocate(self, key: PositionKey, quantity: int) -> None:
        """Promise `quantity` available sellable units at a location to an order."""
        _check_quantity(quantity)
        held = self.position(key)
        if quantity > held.available:
            raise InsufficientStock(
                f"{key.label} has {held.available} available ({held.on_hand} on hand, "
                f"{held.allocated} allocated); cannot allocate {quantity}.",
                field="quantity",
            )
        self._allocated[key] = held.allocated + quantity

    def release(self, key: PositionKey, quantity: int) -> None:
        """Take back a promise: the units become available again."""
        _check_quantity(quantity)
        allocated = self._allocated.get(key, 0)
        if quantity > allocated:
            raise ReleaseExceedsAllocation(
                f"{key.label} has {allocated} allocated; cannot release {quantity}.",
                field="quantity",
            )
        self._allocated[key] = allocated - quantity

    def sellable_feed(self, merchant_id: MerchantId) -> dict[LocationId, dict[Sku, SellableStock]]:
        """The merchant's sellable positions, per location and SKU (what ATS reads)."""
        feed: dict[LocationId, dict[Sku, SellableStock]] = {}
        for key, held in self.positions().items():
            if key.merchant_id == merchant_id:
                feed.setdefault(key.location_id, {})[key.sku] = held
        return feed

    def verify(self) -> list[str]:
        """Every drift from the ledger and every broken invariant, as sentences (empty: clean)."""
        recomputed = on_hand_from_movements(self._ledger)
        drift = [
            f"{key.label}: on hand {self.on_hand(key)}, ledger says {recomputed.get(key, 0)}"
            for key in recomputed.keys() | self._on_hand.keys()
            if self.on_hand(key) != recomputed.get(key, 0)
        ]
        positions = {key: self.position(key) for key in self._allocated}
        return sorted(drift + stock_violations(self._on_hand, positions))

    def _record(self, request: MovementRequest, *, consumes_allocation: bool) -> Movement:
        replayed = self._replayed(request, consumes_allocation=consumes_allocation)
        if replayed is not None:
            return replayed
        quantity, src, dst = request.quantity, request.from_key, request.to_key
        if src is not None:
            self._check_can_take(src, dst, quantity, consumes_allocation=consumes_allocation)
            self._on_hand[src] = self.on_hand(src) - quantity
            if consumes_allocation:
                self._allocated[PositionKey.of(src)] -= quantity
        if dst is not None:
            self._on_hand[dst] = self.on_hand(dst) + quantity
        movement = Movement(len(self._ledger) + 1, request, consumes_allocation)
        self._ledger.append(movement)
        self._by_idempotency_key[(request.merchant_id, request.idempotency_key)] = movement
        return movement

    def _check_can_take(
        self, src: BalanceKey, dst: BalanceKey | None, quantity: int, *, consumes_allocation: bool
    ) -> None:
        if quantity > self.on_hand(src):
            raise InsufficientStock(
                f"{src.label} has {self.on_hand(src)} on hand; cannot take {quantity}.",
                field="quantity",
            )
        if src.status not in ALLOCATABLE_FOR_ORDERS or _same_position(src, dst):
            return  # promises are per location: moving between its sellable bins keeps them
        held = self.position(PositionKey.of(src))
        takeable = held.allocated if consumes_allocation else held.available
        if quantity > takeable:
            what = "allocated" if consumes_allocation else "free (not promised to orders)"
            raise InsufficientStock(
                f"{src.label}: the location has {takeable} sellable units {what} "
                f"({held.on_hand} on hand, {held.allocated} allocated); cannot take {quantity}.",
                field="quantity",
            )

    def _replayed(self, request: MovementRequest, *, consumes_allocation: bool) -> Movement | None:
        earlier = self._by_idempotency_key.get((request.merchant_id, request.idempotency_key))
        if earlier is None:
            return None
        if earlier.request == request and earlier.consumes_allocation == consumes_allocation:
            return earlier
        raise IdempotencyKeyReused(
            f"Idempotency key {request.idempotency_key!r} was already used for movement "
            f"{earlier.position}, which was different; use a new key for a new movement.",
            field="idempotency_key",
        )


def _same_position(src: BalanceKey, dst: BalanceKey | None) -> bool:
    return (
        dst is not None
        and dst.status in ALLOCATABLE_FOR_ORDERS
        and PositionKey.of(dst) == PositionKey.of(src)
    )


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise InvalidMovement(
            f"quantity must be a whole number of at least 1, got {quantity!r}.", field="quantity"
        )
