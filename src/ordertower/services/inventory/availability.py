"""Available to sell per listing: recomputed after every change of sellable stock, ready to push.

A movement or allocation defers one recompute per product (coalesced: a burst yields one run). The run
finds exactly the listings that draw on the product, directly or through any bundle that contains it,
computes each from sellable positions (per location, bundles per location before summing) with the
listing's rules, and stores the result with the ledger position it reflects and how it was computed.
Listings fulfilled by Amazon (AFN) are skipped: Amazon holds and reports that stock itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.catalog import BundleComponent
from ordertower.domain.inventory import (
    Bundle,
    Composition,
    ListingStockRule,
    SingleSku,
    compute_listing_ats,
)
from ordertower.domain.inventory.stock_feed import SellableStock

from .unit_of_work import InventoryUnitOfWork


@dataclass(frozen=True, slots=True)
class ListingStock:
    """What a listing draws on, and its channel rules."""

    listing_id: int
    product_id: int
    quantity_per: int
    locations: tuple[int, ...]  # empty: every active warehouse feeds it
    safety_buffer: int
    percent_cap: int | None
    min_shown: int | None
    max_shown: int | None


@dataclass(frozen=True, slots=True)
class Position:
    on_hand: int
    allocated: int
    last_movement_id: int


@dataclass(frozen=True, slots=True)
class ListingAvailability:
    listing_id: int
    quantity: int
    explanation: tuple[str, ...]
    ledger_position: int


class AvailabilityStore(Protocol):
    def listings_drawing_on(self, merchant_id: int, product_id: int) -> list[ListingStock]: ...
    def leaf_components(
        self, merchant_id: int, bundle_ids: Collection[int]
    ) -> dict[int, list[tuple[int, int]]]: ...
    def active_warehouses(self) -> tuple[int, ...]: ...
    def positions(
        self, merchant_id: int, product_ids: Collection[int], location_ids: Collection[int]
    ) -> dict[tuple[int, int], Position]: ...
    def names(
        self, merchant_id: int, product_ids: Collection[int], location_ids: Collection[int]
    ) -> tuple[dict[int, str], dict[int, str]]: ...
    def store(self, merchant_id: int, results: Sequence[ListingAvailability]) -> None: ...


class AvailabilityUnitOfWork(InventoryUnitOfWork, Protocol):
    @property
    def availability(self) -> AvailabilityStore: ...


def recompute_availability(
    uow: AvailabilityUnitOfWork, *, merchant_id: int, product_id: int
) -> list[ListingAvailability]:
    """Recompute and store ATS for every listing that draws on `product_id`."""
    with uow:
        store = uow.availability
        listings = store.listings_drawing_on(merchant_id, product_id)
        if not listings:
            return []
        results = compute(store, merchant_id, listings)
        store.store(merchant_id, results)
        uow.commit()
    return results


def compute(
    store: AvailabilityStore, merchant_id: int, listings: Sequence[ListingStock]
) -> list[ListingAvailability]:
    warehouses = store.active_warehouses()
    products = {listing.product_id for listing in listings}
    leaves = store.leaf_components(merchant_id, products)
    stocked = {pid for pid in products if pid not in leaves}
    stocked |= {c for parts in leaves.values() for c, _ in parts}
    feeding = {loc for listing in listings for loc in (listing.locations or warehouses)}
    held = store.positions(merchant_id, stocked, feeding)
    skus, codes = store.names(merchant_id, stocked, feeding)
    feed = _feed(held, skus)
    return [
        _one(listing, leaves, skus, codes, feed, held, listing.locations or warehouses)
        for listing in listings
    ]


def _feed(
    held: Mapping[tuple[int, int], Position], skus: Mapping[int, str]
) -> dict[int, dict[str, SellableStock]]:
    feed: dict[int, dict[str, SellableStock]] = {}
    for (location_id, product_id), position in held.items():
        feed.setdefault(location_id, {})[skus[product_id]] = SellableStock(
            position.on_hand, position.allocated
        )
    return feed


def _one(
    listing: ListingStock,
    leaves: Mapping[int, list[tuple[int, int]]],
    skus: Mapping[int, str],
    codes: Mapping[int, str],
    feed: Mapping[int, Mapping[str, SellableStock]],
    held: Mapping[tuple[int, int], Position],
    locations: tuple[int, ...],
) -> ListingAvailability:
    composition: Composition
    parts = leaves.get(listing.product_id)
    if parts is None:
        composition = SingleSku(skus[listing.product_id], listing.quantity_per)
        drawn = [listing.product_id]
    else:
        composition = Bundle(
            tuple(BundleComponent(skus[c], n * listing.quantity_per) for c, n in parts)
        )
        drawn = [c for c, _ in parts]
    rule = ListingStockRule(
        listing_id=str(listing.listing_id),
        locations=locations,
        safety_buffer=listing.safety_buffer,
        percent_cap=listing.percent_cap,
        maximum_shown=listing.max_shown,
        minimum_to_list=listing.min_shown or 0,
    )
    result = compute_listing_ats(rule, feed, composition, location_names=codes)
    position = max(
        (
            held[(loc, pid)].last_movement_id
            for loc in locations
            for pid in drawn
            if (loc, pid) in held
        ),
        default=0,
    )
    return ListingAvailability(listing.listing_id, result.quantity, result.explanation, position)
