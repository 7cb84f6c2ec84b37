"""Reading a merchant's inventory: balances, pools per SKU, movement history, ATS, allocations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from ordertower.domain.inventory import InventoryStatus, MovementKind, ReferenceKind
from ordertower.services.inventory import queries

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .inventory_shapes import (
    AllocationOut,
    BalanceOut,
    IndexedFieldsRoute,
    ListingAtsOut,
    MovementOut,
    SkuStockOut,
)
from .shapes import MAX_ID, ListingIdPath

router = APIRouter(tags=["inventory"], route_class=IndexedFieldsRoute)
BASE = "/merchants/{merchant_id}/inventory"

SkuQuery = Annotated[str | None, Query(max_length=64, description="The merchant's SKU.")]
LocationQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="A location id.")]
BinQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="A bin id.")]


@router.get(f"{BASE}/balances", response_model=PageOut[BalanceOut])
def list_balances(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    sku: SkuQuery = None,
    location_id: LocationQuery = None,
    bin_id: BinQuery = None,
    status: InventoryStatus | None = None,
    include_empty: Annotated[
        bool, Query(description="Also balances that held units and now hold none.")
    ] = False,
) -> PageOut[BalanceOut]:
    """Units per SKU, location, bin, pool and lot, filtered by any of them."""
    found = queries.list_balances(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page,
        sku=sku,
        location_id=location_id,
        bin_id=bin_id,
        status=status,
        include_empty=include_empty,
    )
    return page_out(found, BalanceOut.of)


@router.get(f"{BASE}/skus", response_model=PageOut[SkuStockOut])
def list_sku_stock(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=64, description="SKU prefix.")] = None,
    location_id: LocationQuery = None,
    in_stock: Annotated[bool, Query(description="Only SKUs holding units.")] = False,
) -> PageOut[SkuStockOut]:
    """Stocked SKUs in SKU order, each with its pools side by side per location."""
    found = queries.list_sku_stock(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page,
        sku_prefix=q,
        location_id=location_id,
        in_stock_only=in_stock,
    )
    return page_out(found, SkuStockOut.of)


@router.get(f"{BASE}/skus/{{sku:path}}")
def sku_stock(
    merchant_id: MerchantDep, sku: str, runtime: RuntimeDep, principal: PrincipalDep
) -> SkuStockOut:
    """One SKU's pools side by side per location (sellable, allocated, available, fba_bound, …)."""
    return SkuStockOut.of(
        queries.sku_stock(runtime.uow(), principal=principal, merchant_id=merchant_id, sku=sku)
    )


@router.get(f"{BASE}/movements", response_model=PageOut[MovementOut])
def movement_history(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    sku: SkuQuery = None,
    location_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="From or to.")] = None,
    bin_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="From or to.")] = None,
    kind: MovementKind | None = None,
    reference_kind: ReferenceKind | None = None,
    reference_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[dt.datetime | None, Query(description="From this moment (inclusive).")] = None,
    until: Annotated[dt.datetime | None, Query(description="Before this moment.")] = None,
) -> PageOut[MovementOut]:
    """The movement ledger, newest first; the next page continues below the last movement."""
    found = queries.movement_history(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page,
        sku=sku,
        location_id=location_id,
        bin_id=bin_id,
        kind=kind,
        reference_kind=reference_kind,
        reference_id=reference_id,
        since=since,
        until=until,
    )
    return page_out(found, MovementOut.of)


@router.get(f"{BASE}/listings")
def sku_listings(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    sku: Annotated[str, Query(max_length=64, description="The merchant's SKU.")],
) -> list[ListingAtsOut]:
    """Available to sell of every listing that sells the SKU, directly or in a bundle."""
    found = queries.sku_listings(
        runtime.uow(), principal=principal, merchant_id=merchant_id, sku=sku
    )
    return [ListingAtsOut.of(a) for a in found]


@router.get(f"{BASE}/listings/{{listing_id}}/availability")
def listing_availability(
    merchant_id: MerchantDep,
    listing_id: ListingIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ListingAtsOut:
    """A listing's available to sell as last computed, and how it was computed."""
    return ListingAtsOut.of(
        queries.listing_availability(
            runtime.uow(), principal=principal, merchant_id=merchant_id, listing_id=listing_id
        )
    )


@router.get(f"{BASE}/allocations", response_model=PageOut[AllocationOut])
def allocations_for(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    reference_kind: ReferenceKind,
    reference_id: Annotated[str, Query(max_length=64)],
) -> PageOut[AllocationOut]:
    """The allocations made for one document (e.g. an order), open and closed."""
    found = queries.allocations_for(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page,
        reference_kind=reference_kind,
        reference_id=reference_id,
    )
    return page_out(found, AllocationOut.of)
