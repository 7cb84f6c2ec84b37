"""Placing each line's units at chosen locations, never more than a location has free."""

from __future__ import annotations

from collections.abc import Sequence

from .decisions import AssignedUnits, Assignment
from .inputs import RoutingLine
from .stock import StockView


def place_units(
    lines: Sequence[RoutingLine], *, stock: StockView, locations: Sequence[str]
) -> tuple[Assignment, ...] | None:
    """Each line whole at the first location (in `locations` order) that still has its units free,
    else split across them in that order; None if the locations cannot cover every line.

    Locations left with nothing to ship are dropped from the result.
    """
    left = {(loc, sku): stock.free(loc, sku) for loc in locations for sku in stock.demand}
    placed: dict[str, list[AssignedUnits]] = {loc: [] for loc in locations}
    for line in lines:
        whole = next((loc for loc in locations if left[(loc, line.sku)] >= line.units), None)
        takes = (
            [(whole, line.units)]
            if whole is not None
            else _spread(line, locations=locations, left=left)
        )
        if sum(units for _, units in takes) < line.units:
            return None
        for location, units in takes:
            left[(location, line.sku)] -= units
            placed[location].append(AssignedUnits(line_id=line.line_id, sku=line.sku, units=units))
    return tuple(
        Assignment(location=loc, lines=tuple(units)) for loc, units in placed.items() if units
    )


def _spread(
    line: RoutingLine, *, locations: Sequence[str], left: dict[tuple[str, str], int]
) -> list[tuple[str, int]]:
    takes: list[tuple[str, int]] = []
    wanted = line.units
    for location in locations:
        units = min(left[(location, line.sku)], wanted)
        if units:
            takes.append((location, units))
            wanted -= units
    return takes
