"""What a batch of movements does to stock, checked step by step before anything is written.

Posting locks every balance and position a batch touches, reads them, and hands them here: the batch is
replayed in order against those numbers, so a movement that needs units an earlier one has not yet put
there is refused exactly as it would be one at a time. What comes back is the net change per key, which
the database applies in one statement per key.

Two kinds of key:
- a *balance*: units on hand at (SKU, location, bin, pool, lot);
- a *position*: sellable units on hand at (SKU, location) and how many of them are allocated. Orders
  allocate positions; a movement may never take sellable units that are promised (free = on hand −
  allocated), except a shipment that consumes its own allocation.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InsufficientStock, ReleaseExceedsAllocation


@dataclass(frozen=True, slots=True)
class Holding:
    on_hand: int = 0
    allocated: int = 0

    @property
    def free(self) -> int:
        return self.on_hand - self.allocated


@dataclass(frozen=True, slots=True)
class StockEffect:
    """One movement's change to one key: `on_hand` units in (+) or out (−), `allocated` likewise."""

    key: Hashable
    label: str  # how people read the key, for messages
    on_hand: int = 0
    allocated: int = 0


@dataclass(frozen=True, slots=True)
class StepEffects:
    """All effects of one movement (or allocation), applied together."""

    effects: tuple[StockEffect, ...]
    what: str  # "movement 3 (transfer of 5 × SKU-1)" — for messages


@dataclass
class NetChanges:
    on_hand: dict[Any, int] = field(default_factory=dict)
    allocated: dict[Any, int] = field(default_factory=dict)


def replay(steps: Sequence[StepEffects], current: Mapping[Any, Holding]) -> NetChanges:
    """Apply `steps` in order to `current`; refuse the first step that would overdraw a key."""
    state = dict(current)
    net = NetChanges()
    for step in steps:
        for effect in step.effects:
            held = state.get(effect.key, Holding())
            after = Holding(held.on_hand + effect.on_hand, held.allocated + effect.allocated)
            _check(step, effect, held, after)
            state[effect.key] = after
            if effect.on_hand:
                net.on_hand[effect.key] = net.on_hand.get(effect.key, 0) + effect.on_hand
            if effect.allocated:
                net.allocated[effect.key] = net.allocated.get(effect.key, 0) + effect.allocated
    return net


def _check(step: StepEffects, effect: StockEffect, held: Holding, after: Holding) -> None:
    if after.allocated < 0:
        raise ReleaseExceedsAllocation(
            f"{step.what}: {effect.label} has {held.allocated} allocated; "
            f"cannot release or ship {-effect.allocated} of them.",
            field="quantity",
        )
    if effect.on_hand == 0 and after.on_hand < after.allocated:
        raise InsufficientStock(
            f"{step.what}: {effect.label} has {held.free} free "
            f"({held.on_hand} on hand, {held.allocated} allocated); cannot allocate {effect.allocated}.",
            field="quantity",
        )
    if after.on_hand < 0 or after.on_hand < after.allocated:
        promised = f", {held.allocated} of them promised to orders" if held.allocated else ""
        raise InsufficientStock(
            f"{step.what}: {effect.label} has {held.on_hand} on hand{promised}; "
            f"cannot take {-effect.on_hand}.",
            field="quantity",
        )
