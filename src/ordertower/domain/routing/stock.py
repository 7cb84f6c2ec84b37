"""The order's needs against the free units: what a location lacks, what it can give, the position."""

from __future__ import annotations

from collections.abc import Iterable

from .inputs import Availability, RoutingOrder
from .rules import StockPosition


class StockView:
    """Units needed per SKU (in order of first appearance) and the free units per location."""

    def __init__(self, order: RoutingOrder, availability: Availability) -> None:
        self.demand: dict[str, int] = {}
        for line in order.lines:
            self.demand[line.sku] = self.demand.get(line.sku, 0) + line.units
        self._availability = availability
        self._rows: dict[str, dict[str, int]] = {}
        self._position: StockPosition | None = None

    def _row(self, location: str) -> dict[str, int]:
        """Free units of each needed SKU at `location` (read once; below zero counts as none)."""
        row = self._rows.get(location)
        if row is None:
            held = self._availability.get(location, {})
            row = {sku: max(0, held.get(sku, 0)) for sku in self.demand}
            self._rows[location] = row
        return row

    def free(self, location: str, sku: str) -> int:
        return self._row(location).get(sku, 0)

    def lacks(self, location: str) -> dict[str, int]:
        """SKU → units `location` is short of to ship the whole order alone."""
        row = self._row(location)
        return {sku: need - row[sku] for sku, need in self.demand.items() if row[sku] < need}

    def lacks_together(self, locations: Iterable[str]) -> dict[str, int]:
        """SKU → units `locations` are short of even when all of them ship."""
        rows = [self._row(location) for location in locations]
        short = {sku: need - sum(row[sku] for row in rows) for sku, need in self.demand.items()}
        return {sku: units for sku, units in short.items() if units > 0}

    def can_ship_whole(self, location: str) -> bool:
        row = self._row(location)
        return all(row[sku] >= need for sku, need in self.demand.items())

    def contribution(self, location: str) -> int:
        """How many of the needed units `location` could give (capped per SKU at the need)."""
        row = self._row(location)
        return sum(min(row[sku], need) for sku, need in self.demand.items())

    def position(self) -> StockPosition:
        """The order against every location in the availability (computed once, when asked)."""
        if self._position is None:
            locations = tuple(self._availability)
            if any(self.can_ship_whole(location) for location in locations):
                self._position = StockPosition.COMPLETE_AT_ONE
            elif not self.lacks_together(locations):
                self._position = StockPosition.SPLIT_ONLY
            else:
                self._position = StockPosition.SHORT
        return self._position
