"""Reading the inventory truth: balances, pools per SKU, movement history, ATS, allocations.

Every read is scoped to one merchant the caller may see. Filters that name something (a SKU, a
location, a bin) must name something that exists, so a typo is a clear error, never an empty list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from ordertower.domain.errors import InvalidInput, NotFound
from ordertower.domain.inventory import InventoryStatus, MovementKind, ReferenceKind
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal

from .availability import AvailabilityStore, explain
from .ports import BinRef, LocationRef
from .query_ports import (
    AllocationFilter,
    AllocationView,
    AtsState,
    BalanceFilter,
    BalanceView,
    InventoryQueries,
    InventoryReadingUnitOfWork,
    ListingAts,
    MovementFilter,
    MovementView,
    ProductInfo,
    SkuFilter,
    SkuStock,
)


def list_balances(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    sku: str | None = None,
    location_id: int | None = None,
    bin_id: int | None = None,
    status: InventoryStatus | None = None,
    include_empty: bool = False,
) -> Page[BalanceView]:
    """Balances (units per SKU, place, pool and lot), filtered, in ledger-creation order."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        q = uow.inventory_queries
        where = BalanceFilter(
            product_id=product_of(q, merchant_id, sku).id if sku is not None else None,
            location_id=_location_id(q, merchant_id, location_id),
            bin_id=_bin_id(q, bin_id, location_id),
            status=status,
            include_empty=include_empty,
        )
        return q.balances(merchant_id, where, page)


def sku_stock(
    uow: InventoryReadingUnitOfWork, *, principal: Principal, merchant_id: int, sku: str
) -> SkuStock:
    """One SKU's pools side by side, per location that holds any of it."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        q = uow.inventory_queries
        product = product_of(q, merchant_id, sku)
        pools = q.pools(merchant_id, [product.id], None)
        return SkuStock(product, tuple(pools.get(product.id, [])))


def list_sku_stock(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    sku_prefix: str | None = None,
    location_id: int | None = None,
    in_stock_only: bool = False,
) -> Page[SkuStock]:
    """Stocked SKUs in SKU order (bundles hold no stock), each with its pools per location."""
    principal.require(Permission.READ, merchant_id)
    prefix = sku_prefix.strip() if sku_prefix else None
    with uow:
        q = uow.inventory_queries
        where = SkuFilter(prefix or None, _location_id(q, merchant_id, location_id), in_stock_only)
        found = q.skus(merchant_id, where, page)
        pools = q.pools(merchant_id, [p.id for p in found.items], where.location_id)
        items = [SkuStock(p, tuple(pools.get(p.id, []))) for p in found.items]
        return Page(items, found.next_after)


def movement_history(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    sku: str | None = None,
    location_id: int | None = None,
    bin_id: int | None = None,
    kind: MovementKind | None = None,
    reference_kind: ReferenceKind | None = None,
    reference_id: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Page[MovementView]:
    """The ledger, newest first, filtered; pages continue below the last movement seen."""
    principal.require(Permission.READ, merchant_id)
    _check_period(since, until)
    if reference_id is not None and reference_kind is None:
        raise InvalidInput(
            "Give reference_kind with reference_id (an order and a receipt may share an id).",
            field="reference_kind",
        )
    with uow:
        q = uow.inventory_queries
        where = MovementFilter(
            product_id=product_of(q, merchant_id, sku).id if sku is not None else None,
            location_id=_location_id(q, merchant_id, location_id),
            bin_id=_bin_id(q, bin_id, location_id),
            kind=str(kind) if kind else None,
            reference_kind=str(reference_kind) if reference_kind else None,
            reference_id=reference_id,
            since=since,
            until=until,
        )
        return q.movements(merchant_id, where, page)


def movements_by_id(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    movement_ids: Sequence[int],
) -> list[MovementView]:
    """The movements with these ids (newest first); ids of other merchants are simply absent."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        where = MovementFilter(ids=tuple(movement_ids))
        limit = PageRequest(limit=max(1, min(len(movement_ids), 500)))
        return list(uow.inventory_queries.movements(merchant_id, where, limit).items)


class AtsReadingUnitOfWork(InventoryReadingUnitOfWork, Protocol):
    @property
    def availability(self) -> AvailabilityStore: ...


def listing_availability(
    uow: AtsReadingUnitOfWork, *, principal: Principal, merchant_id: int, listing_id: int
) -> ListingAts:
    """A listing's stored available to sell with how it was computed (or why there is none)."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        found = uow.inventory_queries.listing_ats(merchant_id, listing_id)
        if found is None:
            raise NotFound(f"Listing {listing_id} not found.", field="listing_id")
        return _explained(uow, merchant_id, found.product_id, [found])[0]


def sku_listings(
    uow: AtsReadingUnitOfWork, *, principal: Principal, merchant_id: int, sku: str
) -> list[ListingAts]:
    """Every listing that sells the SKU, directly or in a bundle, with its available to sell."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        q = uow.inventory_queries
        product_id = product_of(q, merchant_id, sku).id
        return _explained(
            uow, merchant_id, product_id, q.listings_drawing_on(merchant_id, product_id)
        )


def _explained(
    uow: AtsReadingUnitOfWork, merchant_id: int, product_id: int, found: list[ListingAts]
) -> list[ListingAts]:
    """The stored results with the domain's steps over today's stock (one read for all of them).

    Every listing drawing on a product draws on what it draws on, so the product's inputs cover
    each. Should stock have moved since a result was stored, the last step says so: the recompute
    it queued is on its way.
    """
    if not any(a.state is AtsState.COMPUTED for a in found):
        return found
    now = {e.listing_id: e for e in explain(uow.availability, merchant_id, product_id)}
    shown = []
    for ats in found:
        live = now.get(ats.listing_id)
        if ats.state is AtsState.COMPUTED and live is not None:
            steps = live.explanation
            if live.quantity != ats.stored_quantity:
                steps = (
                    *steps,
                    f"Stock moved since {ats.stored_quantity} was stored: the recompute "
                    f"queued by that movement stores {live.quantity}.",
                )
            ats = replace(ats, explanation=steps)
        shown.append(ats)
    return shown


def allocations_for(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    reference_kind: ReferenceKind,
    reference_id: str,
) -> Page[AllocationView]:
    """The allocations made for one document (an order), open and closed."""
    principal.require(Permission.READ, merchant_id)
    where = AllocationFilter(reference_kind=str(reference_kind), reference_id=reference_id)
    with uow:
        return uow.inventory_queries.allocations(merchant_id, where, page)


def allocations_by_id(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    allocation_ids: Sequence[int],
) -> list[AllocationView]:
    principal.require(Permission.READ, merchant_id)
    where = AllocationFilter(ids=tuple(allocation_ids))
    with uow:
        page = PageRequest(limit=max(1, min(len(allocation_ids), 500)))
        return list(uow.inventory_queries.allocations(merchant_id, where, page).items)


def usable_locations(
    uow: InventoryReadingUnitOfWork, *, principal: Principal, merchant_id: int
) -> list[LocationRef]:
    """Active locations the merchant may hold stock in: shared warehouses and its own."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.inventory_queries.usable_locations(merchant_id)


def find_bin(
    uow: InventoryReadingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    location_id: int,
    code: str,
    field: str,
) -> BinRef:
    """The bin of a location by its code or barcode (what people type or scan)."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        q = uow.inventory_queries
        location = _location(q, merchant_id, location_id, field="location_id")
        found = q.bin_by_code(location.id, code.strip())
    if found is None:
        raise NotFound(f"Location {location.code} has no bin {code.strip()!r}.", field=field)
    return found


def product_of(q: InventoryQueries, merchant_id: int, sku: str | None) -> ProductInfo:
    found = q.product(merchant_id, (sku or "").strip())
    if found is None:
        raise NotFound(f"SKU {sku} is not in this merchant's catalog.", field="sku")
    return found


def _location(
    q: InventoryQueries, merchant_id: int, location_id: int, *, field: str
) -> LocationRef:
    found = q.location(location_id)
    if found is None or found.merchant_id not in (None, merchant_id):
        raise NotFound(f"Location {location_id} does not exist.", field=field)
    return found


def _location_id(q: InventoryQueries, merchant_id: int, location_id: int | None) -> int | None:
    if location_id is None:
        return None
    return _location(q, merchant_id, location_id, field="location_id").id


def _bin_id(q: InventoryQueries, bin_id: int | None, location_id: int | None) -> int | None:
    if bin_id is None:
        return None
    found = q.bin(bin_id)
    if found is None:
        raise NotFound(f"Bin {bin_id} does not exist.", field="bin_id")
    if location_id is not None and found.location_id != location_id:
        raise NotFound(f"Bin {bin_id} is not in location {location_id}.", field="bin_id")
    return found.id


def _check_period(since: dt.datetime | None, until: dt.datetime | None) -> None:
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.utcoffset() is None:
            raise InvalidInput(f"{name} needs a time zone (e.g. 2025-01-31T00:00:00Z).", field=name)
    if since is not None and until is not None and since >= until:
        raise InvalidInput("since must be before until.", field="until")
