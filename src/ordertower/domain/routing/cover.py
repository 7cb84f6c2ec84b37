"""Fewest splits: the smallest set of locations whose free units together cover the whole order.

This is a multiset multicover problem (NP-hard in general). Up to EXACT_LOCATION_LIMIT useful
candidates, every set is tried by increasing size, so the answer is a true minimum and, among
minimums, the one earliest in candidate order. Beyond that, the greedy search adds the location
that covers the most still-missing units (ties: the earlier candidate), then drops any location
the others make unnecessary. Its bound: it uses at most H(u) × the minimum number of locations,
where H is the harmonic number and u the most units one location can give the order (each unit
covered is charged 1/gain; an optimal location with r of its units still missing offers a gain of at
least r, so its units cost at most H(u) in all; Dobson 1982; Rajagopalan & Vazirani 1993). When no
location can give more than 50 of the needed units, that is at most 4.5 × the minimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from .stock import StockView

EXACT_LOCATION_LIMIT = 12  # 2^12 = 4,096 sets at most: a few milliseconds for a normal order


@dataclass(frozen=True, slots=True)
class Cover:
    locations: tuple[str, ...]  # in candidate order
    exact: bool  # True when proven minimal, False when found by the greedy search


def harmonic(n: int) -> float:
    """H(n) = 1 + 1/2 + … + 1/n, the greedy search's worst-case factor (H(0) = 0)."""
    return sum(1 / k for k in range(1, n + 1))


def fewest_locations(
    stock: StockView, candidates: Sequence[str], *, max_locations: int
) -> Cover | None:
    """The fewest candidates (at most `max_locations`) that cover the order, or None."""
    useful = [location for location in dict.fromkeys(candidates) if stock.contribution(location)]
    if len(useful) <= EXACT_LOCATION_LIMIT:
        found = exact_cover(stock, useful, max_locations=max_locations)
        return None if found is None else Cover(found, exact=True)
    greedy = greedy_cover(stock, useful)
    if greedy is None or len(greedy) > max_locations:
        return None
    return Cover(greedy, exact=False)


def exact_cover(
    stock: StockView, candidates: Sequence[str], *, max_locations: int
) -> tuple[str, ...] | None:
    """Every set of candidates by increasing size; the first that covers is a minimum."""
    needs = list(stock.demand.values())
    gives = {
        location: [min(stock.free(location, sku), need) for sku, need in stock.demand.items()]
        for location in candidates
    }
    for size in range(1, min(max_locations, len(candidates)) + 1):
        for chosen in combinations(candidates, size):
            totals = [
                sum(column)
                for column in zip(*(gives[location] for location in chosen), strict=True)
            ]
            if all(total >= need for total, need in zip(totals, needs, strict=True)):
                return chosen
    return None


def greedy_cover(stock: StockView, candidates: Sequence[str]) -> tuple[str, ...] | None:
    """Greedy multicover (see the module docstring for its bound), pruned; None if none exists."""
    missing = dict(stock.demand)
    chosen: list[str] = []
    while any(missing.values()):
        gains = [
            (sum(min(stock.free(loc, sku), units) for sku, units in missing.items()), -index, loc)
            for index, loc in enumerate(candidates)
            if loc not in chosen
        ]
        gain, _, best = max(gains, default=(0, 0, ""))
        if gain == 0:
            return None
        chosen.append(best)
        for sku, units in missing.items():
            missing[sku] = units - min(stock.free(best, sku), units)
    for location in reversed(list(chosen)):
        rest = [other for other in chosen if other != location]
        if not stock.lacks_together(rest):
            chosen = rest
    order = {loc: index for index, loc in enumerate(candidates)}
    return tuple(sorted(chosen, key=order.__getitem__))
