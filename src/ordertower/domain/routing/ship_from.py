"""A ship-from action applied to one order: which candidates ship which units, or why none can."""

from __future__ import annotations

from dataclasses import dataclass

from .cover import fewest_locations, harmonic
from .decisions import Assignment
from .inputs import RoutingOrder
from .placement import place_units
from .rules import ShipFrom, Strategy
from .stock import StockView
from .wording import lacked, units_of
from .zones import ZoneTable


@dataclass(frozen=True, slots=True)
class Shipped:
    assignments: tuple[Assignment, ...]
    notes: tuple[str, ...]  # the candidates passed over and how the set was chosen


@dataclass(frozen=True, slots=True)
class CannotShip:
    why: str


def plan_ship_from(
    action: ShipFrom, *, order: RoutingOrder, stock: StockView, zones: ZoneTable
) -> Shipped | CannotShip:
    candidates, ranking = _ordered(action, order, zones)
    passed: list[tuple[str, dict[str, int]]] = []
    for location in candidates:
        if stock.can_ship_whole(location):
            placed = place_units(order.lines, stock=stock, locations=[location])
            if placed is not None:
                return Shipped(placed, (*lacked(passed), *ranking))
        passed.append((location, stock.lacks(location)))
    max_locations = 1 + max(0, action.max_splits) if action.allow_split else 1
    if max_locations > 1:
        split = _split(
            action, order=order, stock=stock, candidates=candidates, max_locations=max_locations
        )
        if split is not None:
            placed, how = split
            return Shipped(placed, (how, *lacked(passed), *ranking))
    return CannotShip(
        _why_not(stock, candidates=candidates, passed=passed, max_locations=max_locations)
    )


def _ordered(
    action: ShipFrom, order: RoutingOrder, zones: ZoneTable
) -> tuple[list[str], tuple[str, ...]]:
    candidates = list(dict.fromkeys(action.locations))
    if action.strategy is not Strategy.NEAREST:
        return candidates, ()
    ranks = {location: zones.rank(location, order.destination) for location in candidates}
    candidates.sort(key=lambda location: (ranks[location] is None, ranks[location] or 0))
    shown = ", ".join(
        f"{location} {'unranked' if ranks[location] is None else f'rank {ranks[location]}'}"
        for location in candidates
    )
    where = " ".join(
        part for part in (order.destination.country, order.destination.postal_code) if part
    )
    return candidates, (f"nearest first for {where}: {shown}",)


def _split(
    action: ShipFrom,
    *,
    order: RoutingOrder,
    stock: StockView,
    candidates: list[str],
    max_locations: int,
) -> tuple[tuple[Assignment, ...], str] | None:
    if action.strategy is Strategy.FEWEST_SPLITS:
        cover = fewest_locations(stock, candidates, max_locations=max_locations)
        if cover is None:
            return None
        chosen, how = list(cover.locations), _cover_words(stock, candidates, exact=cover.exact)
    else:
        filled = _fill_in_order(stock, candidates, max_locations=max_locations)
        if filled is None:
            return None
        chosen, how = filled, "no candidate could ship it whole, so candidates were filled in order"
    placed = place_units(order.lines, stock=stock, locations=chosen)
    return None if placed is None else (placed, how)


def _cover_words(stock: StockView, candidates: list[str], *, exact: bool) -> str:
    if exact:
        return "no candidate could ship it whole; these are the fewest locations that cover it"
    most = max(stock.contribution(location) for location in candidates)
    return (
        f"no candidate could ship it whole; greedy search over {len(candidates)} locations "
        f"(at most {harmonic(most):.1f}× the fewest)"
    )


def _fill_in_order(
    stock: StockView, candidates: list[str], *, max_locations: int
) -> list[str] | None:
    missing = dict(stock.demand)
    chosen: list[str] = []
    for location in candidates:
        gives = {sku: min(stock.free(location, sku), units) for sku, units in missing.items()}
        if not any(gives.values()):
            continue
        chosen.append(location)
        missing = {sku: units - gives[sku] for sku, units in missing.items()}
        if not any(missing.values()):
            return chosen if len(chosen) <= max_locations else None
    return None


def _why_not(
    stock: StockView,
    *,
    candidates: list[str],
    passed: list[tuple[str, dict[str, int]]],
    max_locations: int,
) -> str:
    if not candidates:
        return "the rule names no candidate location"
    if max_locations == 1:
        return "no candidate can ship it whole: " + "; ".join(lacked(passed))
    together = stock.lacks_together(candidates)
    if together:
        return f"all candidates together lack {units_of(together)}"
    return (
        f"covering it needs more than {max_locations} locations "
        f"(at most {max_locations - 1} split{'s' if max_locations > 2 else ''} allowed)"
    )
