"""What `inventory verify` checks: on hand recomputed from the ledger, and stock invariants."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .places import BalanceKey, PositionKey
from .stock_feed import SellableStock

if TYPE_CHECKING:
    from .balances import Movement


def on_hand_from_movements(movements: Iterable[Movement]) -> dict[BalanceKey, int]:
    """Each balance's on hand as the ledger alone says it should be."""
    totals: dict[BalanceKey, int] = {}
    for movement in movements:
        request = movement.request
        if (src := request.from_key) is not None:
            totals[src] = totals.get(src, 0) - request.quantity
        if (dst := request.to_key) is not None:
            totals[dst] = totals.get(dst, 0) + request.quantity
    return totals


def stock_violations(
    on_hand: Mapping[BalanceKey, int], positions: Mapping[PositionKey, SellableStock]
) -> list[str]:
    """The invariants broken by these balances and sellable positions, as sentences (empty: none)."""
    problems = [
        f"{key.label}: on hand {units} is negative" for key, units in on_hand.items() if units < 0
    ]
    for key, held in positions.items():
        if held.allocated < 0:
            problems.append(f"{key.label}: allocated {held.allocated} is negative")
        if held.allocated > max(held.on_hand, 0):
            problems.append(
                f"{key.label}: allocated {held.allocated} exceeds on hand {held.on_hand}"
            )
    return problems
