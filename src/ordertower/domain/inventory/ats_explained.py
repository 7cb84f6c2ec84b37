"""Available to sell computed step by step, with a sentence per step for "how was this computed"."""

from __future__ import annotations

from collections.abc import Mapping

from .ids import LocationId, Sku
from .listing_rules import Bundle, Composition, ListingStockRule, SingleSku
from .stock_feed import StockFeed

_NO_NAMES: Mapping[LocationId, str] = {}


def explain_listing_ats(
    rule: ListingStockRule,
    feed: StockFeed,
    composition: Composition,
    *,
    location_names: Mapping[LocationId, str] = _NO_NAMES,
) -> tuple[int, tuple[str, ...]]:
    """The steps of `availability.ats_quantity` written out; returns (quantity, steps).

    `location_names` (id -> code such as "WH-EAST") makes the steps read as people know the sites.
    """
    steps = _Steps(location_names)
    if isinstance(composition, SingleSku):
        quantity = _single_sku_units(rule, feed, composition, steps)
    else:
        quantity = _bundle_units(rule, feed, composition, steps)
    quantity = _apply_channel_rules(rule, quantity, steps)
    steps.append(f"ATS = {quantity}")
    return quantity, tuple(steps)


class _Steps(list[str]):
    """The sentences so far, and the names to call locations by."""

    def __init__(self, location_names: Mapping[LocationId, str]) -> None:
        super().__init__()
        self.location_names = location_names

    def site(self, location: LocationId) -> str:
        return self.location_names.get(location) or f"location {location}"

    def free(self, feed: StockFeed, location: LocationId, sku: Sku) -> int:
        on_hand, allocated = feed.get(location, {}).get(sku, (0, 0))
        free = on_hand - allocated
        counted = "" if free >= 0 else ", counted as 0"
        self.append(
            f"{self.site(location)} {sku}: sellable {on_hand} - allocated {allocated} = {free}"
            f"{counted}"
        )
        return max(free, 0)


def _single_sku_units(
    rule: ListingStockRule, feed: StockFeed, single: SingleSku, steps: _Steps
) -> int:
    total = sum(steps.free(feed, location, single.sku) for location in rule.locations)
    steps.append(f"sum over {len(rule.locations)} location(s) = {total}")
    total = _minus_buffer(rule.safety_buffer, total, steps)
    per = single.quantity_per
    if per == 1:
        return total
    steps.append(f"quantity-per {per}: {total} / {per} = {total // per}, rounded down")
    return total // per


def _bundle_units(rule: ListingStockRule, feed: StockFeed, bundle: Bundle, steps: _Steps) -> int:
    total = 0
    for location in rule.locations:
        kits = []
        for component in bundle.components:
            kits.append(steps.free(feed, location, component.sku) // component.quantity)
            steps[-1] += f", / {component.quantity} = {kits[-1]}"
        steps.append(f"{steps.site(location)}: bundles = fewest over components = {min(kits)}")
        total += min(kits)
    steps.append(f"sum over {len(rule.locations)} location(s) = {total}")
    return _minus_buffer(rule.safety_buffer, total, steps)


def _minus_buffer(buffer: int, quantity: int, steps: _Steps) -> int:
    if buffer == 0:
        return quantity
    if quantity < buffer:
        steps.append(f"safety buffer {buffer}: {quantity} - {buffer} is below 0, counted as 0")
        return 0
    steps.append(f"safety buffer {buffer}: {quantity} - {buffer} = {quantity - buffer}")
    return quantity - buffer


def _apply_channel_rules(rule: ListingStockRule, quantity: int, steps: _Steps) -> int:
    if rule.percent_cap is not None:
        capped = quantity * rule.percent_cap // 100
        steps.append(f"cap {rule.percent_cap}%: {quantity} -> {capped}")
        quantity = capped
    if rule.maximum_shown is not None:
        shown = min(quantity, rule.maximum_shown)
        steps.append(f"maximum {rule.maximum_shown}: {quantity} -> {shown}")
        quantity = shown
    if quantity < rule.minimum_to_list:
        steps.append(f"minimum to list {rule.minimum_to_list}: {quantity} is below, show 0")
        quantity = 0
    return quantity
