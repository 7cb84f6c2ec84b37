"""Available to sell per listing: recomputed after every change of sellable stock, ready to push.

A movement or allocation, a listing created or changed, or a bundle's parts set defers one
recompute per product (`recompute_jobs`; coalesced: a burst yields one run). The run finds exactly
the listings that draw on the product, directly or through any bundle that contains it,
computes each from sellable positions (per location, bundles per location before summing) with the
listing's rules, and stores the result with the ledger position it reflects: one set-based statement
in the database, because a popular part feeds a hundred bundle listings and this runs after every
movement. Listings fulfilled by Amazon (AFN) are skipped: Amazon holds and reports that stock itself.

How a quantity was computed is written out when a listing is read (`explain`): the domain's rule,
step by step, over the same positions. The tests hold the stored quantities to that rule.

A full recompute (`recompute_all_availability`: nightly reconciliation, `ordertower inventory
recompute`) applies the same rule to every listing of a merchant, a range of products at a time, and
writes only the results that changed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from threading import Lock
from typing import Protocol

from ordertower.domain.catalog import BundleComponent
from ordertower.domain.errors import NotFound
from ordertower.domain.inventory import (
    Bundle,
    Composition,
    ListingStockRule,
    SingleSku,
    compute_listing_ats,
)
from ordertower.domain.inventory.stock_feed import SellableStock
from ordertower.services.unit_of_work import UnitOfWork

from .unit_of_work import InventoryUnitOfWork

# A range is one statement and one commit. About 72,000 listings: the changed results of a range
# stay in the session's temporary buffers (8 MB by default) instead of spilling to a file, which
# made writing every row of 1M SKUs 13.7 → 11.3 s; below that, ranges only add statements
# (benchmarks/RESULTS.md).
PRODUCTS_PER_RANGE = 25_000


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
class AtsInputs:
    """Everything one recompute reads, fetched together (one round trip: this runs after every
    movement, and each trip to the database costs as much as computing dozens of listings)."""

    listings: list[ListingStock]  # ordered by id
    leaves: dict[int, list[tuple[int, int]]]  # bundle -> stocked parts and quantities, flattened
    warehouses: tuple[int, ...]  # active warehouses, feeding listings that name no location
    held: dict[tuple[int, int], Position]  # (location, product) for the stocked products
    skus: dict[int, str]  # product id -> SKU, for the stocked products and listing products
    codes: dict[int, str]  # location id -> code, for the feeding locations


@dataclass(frozen=True, slots=True)
class ListingAvailability:
    listing_id: int
    quantity: int
    ledger_position: int


@dataclass(frozen=True, slots=True)
class ExplainedAvailability:
    listing_id: int
    quantity: int
    explanation: tuple[str, ...]
    ledger_position: int


class AvailabilityStore(Protocol):
    def inputs(self, merchant_id: int, product_id: int) -> AtsInputs:
        """The active, non-AFN listings drawing on the product (directly or through any bundle
        containing it), their bundles' stocked parts, and the positions and names they read."""
        ...

    def recompute(self, merchant_id: int, product_id: int) -> list[ListingAvailability]:
        """Compute and store every active, non-AFN listing drawing on the product (the same rule
        as `compute`); the stored results, by listing id."""
        ...


class AvailabilityUnitOfWork(InventoryUnitOfWork, Protocol):
    @property
    def availability(self) -> AvailabilityStore: ...


def recompute_availability(
    uow: AvailabilityUnitOfWork, *, merchant_id: int, product_id: int
) -> list[ListingAvailability]:
    """Recompute and store ATS for every listing that draws on `product_id`."""
    with uow:
        results = uow.availability.recompute(merchant_id, product_id)
        uow.commit()
    return results


def explain(
    store: AvailabilityStore, merchant_id: int, product_id: int
) -> list[ExplainedAvailability]:
    """Every listing drawing on the product computed by the domain's rule now, step by step."""
    return compute(store.inputs(merchant_id, product_id))


def compute(inputs: AtsInputs) -> list[ExplainedAvailability]:
    leaves, skus, codes, held = inputs.leaves, inputs.skus, inputs.codes, inputs.held
    feed = _feed(held, skus)
    return [
        _one(listing, leaves, skus, codes, feed, held, listing.locations or inputs.warehouses)
        for listing in inputs.listings
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
) -> ExplainedAvailability:
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
    return ExplainedAvailability(listing.listing_id, result.quantity, result.explanation, position)


@dataclass(frozen=True, slots=True)
class RangeRecomputed:
    computed: int  # listings recomputed
    changed: int  # of those, listings whose stored quantity or ledger position changed


@dataclass(frozen=True, slots=True)
class RecomputeProgress:
    """How far a full recompute has come, reported after each range of products."""

    total: int  # listings to recompute (active, not fulfilled by Amazon)
    computed: int
    changed: int


@dataclass(frozen=True, slots=True)
class MerchantRef:
    id: int
    code: str


class BulkAvailabilityStore(Protocol):
    def merchants(self, code: str | None) -> list[MerchantRef]: ...
    def listings_to_recompute(self, merchant_id: int) -> int: ...
    def next_products(self, merchant_id: int, *, after: int, size: int) -> tuple[int, int] | None:
        """The first and last id of the next `size` products with an id above `after`, if any."""
        ...

    def recompute_products(self, merchant_id: int, *, first: int, last: int) -> RangeRecomputed:
        """Recompute every listing of products `first`..`last`; store those that changed."""
        ...


class FullRecomputeUnitOfWork(UnitOfWork, Protocol):
    @property
    def bulk_availability(self) -> BulkAvailabilityStore: ...


def recompute_all_availability(
    uow: FullRecomputeUnitOfWork,
    *,
    merchant_id: int,
    on_progress: Callable[[RecomputeProgress], None] | None = None,
    products_per_range: int = PRODUCTS_PER_RANGE,
    helpers: Sequence[FullRecomputeUnitOfWork] = (),
) -> int:
    """Recompute ATS for every listing of the merchant; returns how many listings were recomputed.

    Each range of products commits on its own: locks stay short, and every stored result is right on
    its own, so an interrupted run leaves nothing half done (the next run simply repeats it).
    `helpers` (units of work of their own) recompute further ranges at the same time: the work is
    all in the database, so each helper puts another core to use. Ranges cover disjoint listings,
    so helpers never wait for each other.
    """
    with uow:
        store = uow.bulk_availability
        total = store.listings_to_recompute(merchant_id)
        spans = []
        after = 0
        while span := store.next_products(merchant_id, after=after, size=products_per_range):
            spans.append(span)
            after = span[1]
    pending = deque(spans)
    progress = _Progress(total, on_progress)

    def work(unit: FullRecomputeUnitOfWork) -> None:
        try:
            with unit:
                while not progress.failed:
                    try:
                        first, last = pending.popleft()  # atomic: one thread takes each range
                    except IndexError:
                        return
                    done = unit.bulk_availability.recompute_products(
                        merchant_id, first=first, last=last
                    )
                    unit.commit()
                    progress.add(done)
        except BaseException as error:
            progress.failed.append(error)  # the other workers stop after their current range
            raise

    if not helpers:
        work(uow)
        return progress.computed
    with ThreadPoolExecutor(len(helpers) + 1, thread_name_prefix="ats-recompute") as pool:
        running = [pool.submit(work, unit) for unit in (uow, *helpers)]
    for each in running:
        each.result()  # raises the failure of that worker, if any
    return progress.computed


class _Progress:
    """Listings computed and changed so far, reported after each range (from any thread)."""

    def __init__(self, total: int, on_progress: Callable[[RecomputeProgress], None] | None) -> None:
        self.total, self.computed, self.changed = total, 0, 0
        self.failed: list[BaseException] = []  # the first failure stops the other workers
        self._on_progress = on_progress
        self._lock = Lock()

    def add(self, done: RangeRecomputed) -> None:
        with self._lock:
            self.computed += done.computed
            self.changed += done.changed
            if self._on_progress is not None:
                self._on_progress(RecomputeProgress(self.total, self.computed, self.changed))


def merchants_to_recompute(
    uow: FullRecomputeUnitOfWork, *, code: str | None = None
) -> list[MerchantRef]:
    """The merchant with that code, or every merchant (the nightly reconciliation)."""
    with uow:
        found = uow.bulk_availability.merchants(code)
    if code is not None and not found:
        raise NotFound(
            f"No merchant has the code {code!r}; check the code and try again.", field="merchant"
        )
    return found
