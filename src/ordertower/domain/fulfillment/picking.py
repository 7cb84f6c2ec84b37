"""Where each unit is picked from: bins chosen per allocation, first-expiry-first, fewest stops.

Rules, in order of weight:
1. FEFO: a lot that expires sooner is picked first (undated stock after every dated lot), so
   nothing expires on the shelf while fresher units ship.
2. Among equally fresh stock, a bin that holds the whole remaining quantity beats several small
   ones (one stop instead of many); the first such bin on the pick path wins.
3. Otherwise the fullest bin first (fewest stops), ties by pick path.

Units already planned on open pick tasks are not free: two waves never send pickers to the same
units. Planning an order is all or nothing: an order whose units cannot all be found is left out
of the wave and keeps its allocation.

Only bins in zones that hold stock put away for orders are picked from (`PICK_ZONE_KINDS`: pick
faces, reserve storage, overflow). A receiving dock holds units not yet put away, quarantine and
returns hold units that are not for sale as they are, prep staging holds FBA work, packing and
shipping hold units already picked: a picker sent there would take what is not (yet) free to take.
Stock kept at the warehouse without a bin (a warehouse that does not manage bins) is picked last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ordertower.domain.locations import ZoneKind

_NEVER = dt.date.max

# Zone kinds whose bins hold stock put away for orders: the only bins a wave plans picks from.
PICK_ZONE_KINDS: frozenset[str] = frozenset({ZoneKind.PICK, ZoneKind.STORAGE, ZoneKind.OVERFLOW})


@dataclass(frozen=True, slots=True, kw_only=True)
class BinStock:
    """Free sellable units of one product in one bin and lot (bin None: at the location, no bin)."""

    product_id: int
    bin_id: int | None
    bin_code: str
    sort_key: str
    zone_id: int | None
    lot: str
    expires_on: dt.date | None
    free: int
    zone_kind: str | None = None  # the bin's zone kind (None: no bin)

    @property
    def pickable(self) -> bool:
        """Stock a picker may be sent to: in a pick, storage or overflow bin, or in no bin."""
        return self.bin_id is None or self.zone_kind in PICK_ZONE_KINDS


@dataclass(frozen=True, slots=True, kw_only=True)
class PickNeed:
    """Units of one allocation that still need a bin."""

    allocation_id: int
    product_id: int
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedPick:
    """Take `quantity` units for `allocation_id` from one bin and lot."""

    order_id: int
    allocation_id: int
    product_id: int
    sku: str
    bin_id: int | None
    bin_code: str
    sort_key: str
    lot: str
    expires_on: dt.date | None
    quantity: int


@dataclass(frozen=True, slots=True)
class WavePlan:
    picks: list[PlannedPick]
    order_ids: list[int]  # the orders planned in full, in the order given
    left_out: dict[int, str]  # order id → why it could not be planned


def _freshness(stock: BinStock) -> dt.date:
    return stock.expires_on or _NEVER


def choose_bins(
    quantity: int, stocks: Sequence[BinStock]
) -> tuple[list[tuple[BinStock, int]], int]:
    """Where `quantity` units come from, and how many could not be found (0 when all were)."""
    remaining = quantity
    taken: list[tuple[BinStock, int]] = []
    by_freshness: dict[dt.date, list[BinStock]] = {}
    for stock in stocks:
        if stock.free > 0:
            by_freshness.setdefault(_freshness(stock), []).append(stock)
    for day in sorted(by_freshness):
        group = by_freshness[day]
        while remaining and group:
            covering = [s for s in group if s.free >= remaining]
            if covering:
                best = min(covering, key=_path)
            else:
                best = min(group, key=lambda s: (-s.free, *_path(s)))
            amount = min(best.free, remaining)
            taken.append((best, amount))
            remaining -= amount
            group.remove(best)
    return taken, remaining


def _path(stock: BinStock) -> tuple[int, str, str, str]:
    """Pick-path position: binned stock by sort key, unbinned stock last."""
    return (stock.bin_id is None, stock.sort_key, stock.bin_code, stock.lot)


def plan_wave(
    orders: Sequence[tuple[int, Sequence[PickNeed]]],
    stock: Mapping[int, Sequence[BinStock]],
    *,
    max_orders: int,
) -> WavePlan:
    """Plan orders in the order given (most urgent first) until `max_orders` are planned."""
    free = {pid: list(stocks) for pid, stocks in stock.items()}
    plan = WavePlan([], [], {})
    for order_id, needs in orders:
        if len(plan.order_ids) >= max_orders:
            break
        trial = {pid: list(stocks) for pid, stocks in free.items()}
        picks, missing = _plan_order(order_id, needs, trial)
        if missing:
            plan.left_out[order_id] = missing
            continue
        free = trial
        plan.picks.extend(picks)
        plan.order_ids.append(order_id)
    return plan


def _plan_order(
    order_id: int, needs: Sequence[PickNeed], free: dict[int, list[BinStock]]
) -> tuple[list[PlannedPick], str]:
    picks: list[PlannedPick] = []
    for need in needs:
        stocks = free.get(need.product_id, [])
        taken, short = choose_bins(need.quantity, stocks)
        if short:
            return [], f"{short} of {need.quantity} × {need.sku} are in no bin it may pick from"
        used = {id(s): n for s, n in taken}
        free[need.product_id] = [
            replace(s, free=s.free - used[id(s)]) if id(s) in used else s for s in stocks
        ]
        picks.extend(
            PlannedPick(
                order_id=order_id,
                allocation_id=need.allocation_id,
                product_id=need.product_id,
                sku=need.sku,
                bin_id=s.bin_id,
                bin_code=s.bin_code,
                sort_key=s.sort_key,
                lot=s.lot,
                expires_on=s.expires_on,
                quantity=n,
            )
            for s, n in taken
        )
    return picks, ""


def walking_order(picks: Sequence[PlannedPick]) -> list[PlannedPick]:
    """The picks in the order a picker meets their bins (unbinned stock at the end)."""
    return sorted(
        picks,
        key=lambda p: (p.bin_id is None, p.sort_key, p.bin_code, p.lot, p.sku, p.order_id),
    )
