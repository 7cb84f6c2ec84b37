"""Available to sell (ATS) per listing: the rule, a fast path for bulk recomputes, explanations.

The order of the steps, for every listing:

1. Per location that feeds the listing: available = sellable on hand - allocated (never below 0).
   For a bundle, per location: bundles = min over components of floor(available / quantity), so a
   bundle is only counted where all its parts are (a kit cannot be assembled across buildings).
2. Sum over the feeding locations.
3. Minus the safety buffer (never below 0). For a single SKU this is in SKU units and is followed by
   floor(... / quantity-per); for a bundle it is in whole bundles.
4. Percentage cap: floor(quantity * percent / 100).
5. Maximum shown: min(quantity, maximum).
6. Minimum to list: if the quantity is now below it, show 0.

Each step can only lower the quantity, so the result is never above what is physically available.
Everything is computed from sellable on hand and allocated per location, never from derived
aggregates such as another listing's ATS or a bundle's own stock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from .ats_explained import explain_listing_ats
from .ids import LocationId
from .listing_rules import Composition, ListingStockRule, SingleSku
from .stock_feed import StockFeed


class AtsResult(NamedTuple):
    quantity: int
    explanation: tuple[str, ...]  # one sentence per step; empty when computed with explain=False


def compute_listing_ats(
    rule: ListingStockRule,
    feed: StockFeed,
    composition: Composition,
    *,
    explain: bool = True,
    location_names: Mapping[LocationId, str] | None = None,
) -> AtsResult:
    """Available to sell for one listing and, unless explain=False, how it was computed.

    `location_names` (id -> code) names the locations in the explanation; ids are shown otherwise.
    """
    if explain:
        names = location_names or {}
        return AtsResult(*explain_listing_ats(rule, feed, composition, location_names=names))
    return AtsResult(ats_quantity(rule, feed, composition), ())


def ats_quantity(rule: ListingStockRule, feed: StockFeed, composition: Composition) -> int:
    """Just the quantity, for hot paths: the steps above inlined, nothing allocated per call."""
    total = 0
    if isinstance(composition, SingleSku):
        sku = composition.sku
        for location in rule.locations:
            stock = feed.get(location)
            if stock is not None:
                found = stock.get(sku)
                if found is not None:
                    free = found[0] - found[1]
                    if free > 0:
                        total += free
        total = (total - rule.safety_buffer) // composition.quantity_per
    else:
        for location in rule.locations:
            stock = feed.get(location)
            if stock is None:
                continue
            fewest = -1
            for component in composition.components:
                found = stock.get(component.sku)
                if found is None:
                    fewest = 0
                    break
                kits = (found[0] - found[1]) // component.quantity
                if kits <= 0:
                    fewest = 0
                    break
                if fewest < 0 or kits < fewest:
                    fewest = kits
            total += fewest
        total -= rule.safety_buffer
    if total <= 0:
        return 0
    if rule.percent_cap is not None:
        total = total * rule.percent_cap // 100
    if rule.maximum_shown is not None and total > rule.maximum_shown:
        total = rule.maximum_shown
    return 0 if total < rule.minimum_to_list else total
