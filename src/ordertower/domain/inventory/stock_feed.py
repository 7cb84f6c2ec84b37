"""What available-to-sell reads: each SKU's sellable stock per location."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, TypeAlias

from .ids import LocationId, Sku


class SellableStock(NamedTuple):
    """A SKU's sellable pool at one location (its position), summed over its bins and lots."""

    on_hand: int
    allocated: int  # promised to orders

    @property
    def available(self) -> int:
        return self.on_hand - self.allocated


# Sellable stock per location, per SKU. A missing location or SKU means none.
StockFeed: TypeAlias = Mapping[LocationId, Mapping[Sku, SellableStock]]
