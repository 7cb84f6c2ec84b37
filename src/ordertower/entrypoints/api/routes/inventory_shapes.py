"""Shapes the inventory routes share: what balances, pools, movements, ATS and allocations look like."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from ordertower.domain.inventory import InventoryStatus, ReferenceKind
from ordertower.services.inventory.query_ports import (
    AllocationView,
    AtsState,
    BalanceView,
    ListingAts,
    MovementView,
    PlaceView,
    PoolsAt,
    SkuStock,
)

from .shapes import StrictIn


class IndexedFieldsRoute(APIRoute):
    """Names a field inside a list the way the inventory API does: `movements[3].quantity`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def indexed_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                errors = [{**e, "loc": _folded(tuple(e["loc"]))} for e in error.errors()]
                raise RequestValidationError(errors, body=error.body) from None

        return indexed_handler


def _folded(location: tuple[Any, ...]) -> tuple[Any, ...]:
    folded: list[Any] = []
    for part in location:
        if isinstance(part, int) and folded:
            folded[-1] = f"{folded[-1]}[{part}]"
        else:
            folded.append(part)
    return tuple(folded)


class ReferenceIO(StrictIn):
    kind: ReferenceKind = Field(description="The kind of document that caused it.")
    id: str = Field(max_length=64, description="The document's id, e.g. an order number.")


class PlaceOut(BaseModel):
    location_id: int
    location_code: str
    bin_id: int | None
    bin_code: str | None
    status: InventoryStatus
    lot: str | None

    @classmethod
    def of(cls, place: PlaceView | None) -> PlaceOut | None:
        if place is None:
            return None
        return cls(
            location_id=place.location_id,
            location_code=place.location_code,
            bin_id=place.bin_id,
            bin_code=place.bin_code,
            status=place.status,
            lot=place.lot,
        )


class MovementOut(BaseModel):
    id: int = Field(description="The ledger position: later movements have larger ids.")
    created_at: dt.datetime
    sku: str
    kind: str
    quantity: int
    from_place: PlaceOut | None
    to_place: PlaceOut | None
    expires_on: dt.date | None
    reason: str | None
    note: str | None
    reference: ReferenceIO | None
    idempotency_key: str
    actor: str
    actor_user_id: int | None
    actor_name: str | None
    consumes_allocation: int | None

    @classmethod
    def of(cls, m: MovementView) -> MovementOut:
        reference = (
            ReferenceIO(kind=ReferenceKind(m.reference_kind), id=m.reference_id)
            if m.reference_kind and m.reference_id is not None
            else None
        )
        return cls(
            id=m.id,
            created_at=m.created_at,
            sku=m.sku,
            kind=m.kind,
            quantity=m.quantity,
            from_place=PlaceOut.of(m.source),
            to_place=PlaceOut.of(m.target),
            expires_on=m.expires_on,
            reason=m.reason,
            note=m.note,
            reference=reference,
            idempotency_key=m.idempotency_key,
            actor=m.actor,
            actor_user_id=m.actor_user_id,
            actor_name=m.actor_name,
            consumes_allocation=m.consumes_allocation,
        )


class BalanceOut(BaseModel):
    id: int
    sku: str
    location_id: int
    location_code: str
    bin_id: int | None
    bin_code: str | None
    status: InventoryStatus
    lot: str | None
    expires_on: dt.date | None
    on_hand: int
    last_movement_id: int

    @classmethod
    def of(cls, b: BalanceView) -> BalanceOut:
        return cls(
            id=b.id,
            sku=b.sku,
            location_id=b.location_id,
            location_code=b.location_code,
            bin_id=b.bin_id,
            bin_code=b.bin_code,
            status=b.status,
            lot=b.lot,
            expires_on=b.expires_on,
            on_hand=b.on_hand,
            last_movement_id=b.last_movement_id,
        )


class PoolsOut(BaseModel):
    """Every pool side by side; `available` = sellable − allocated."""

    location_id: int | None = Field(description="None on the totals line.")
    location_code: str | None
    sellable: int
    allocated: int
    available: int
    fba_bound: int
    in_prep: int
    hold: int
    damaged: int
    return_pending: int
    quarantine: int

    @classmethod
    def of(cls, pools: PoolsAt, *, totals: bool = False) -> PoolsOut:
        return cls(
            location_id=None if totals else pools.location_id,
            location_code=None if totals else pools.location_code,
            sellable=pools.sellable,
            allocated=pools.allocated,
            available=pools.available,
            fba_bound=pools.units(InventoryStatus.FBA_BOUND),
            in_prep=pools.units(InventoryStatus.IN_PREP),
            hold=pools.units(InventoryStatus.HOLD),
            damaged=pools.units(InventoryStatus.DAMAGED),
            return_pending=pools.units(InventoryStatus.RETURN_PENDING),
            quarantine=pools.units(InventoryStatus.QUARANTINE),
        )


class SkuStockOut(BaseModel):
    product_id: int
    sku: str
    title: str
    kind: str
    blocked: bool
    locations: list[PoolsOut]
    totals: PoolsOut

    @classmethod
    def of(cls, stock: SkuStock) -> SkuStockOut:
        p = stock.product
        return cls(
            product_id=p.id,
            sku=p.sku,
            title=p.title,
            kind=p.kind,
            blocked=p.blocked,
            locations=[PoolsOut.of(at) for at in stock.locations],
            totals=PoolsOut.of(stock.totals, totals=True),
        )


class ListingAtsOut(BaseModel):
    listing_id: int
    sku: str = Field(description="The SKU the listing sells (a bundle's own SKU for a bundle).")
    channel_kind: str
    channel_account_name: str
    channel_sku: str
    listing_status: str
    fulfillment_channel: str | None
    quantity_per: int
    state: AtsState
    quantity: int | None = Field(description="Available to sell; null unless state is computed.")
    explanation: list[str] = Field(description="How the quantity was computed, step by step.")
    ledger_position: int | None = Field(description="The newest movement the quantity reflects.")
    computed_at: dt.datetime | None

    @classmethod
    def of(cls, a: ListingAts) -> ListingAtsOut:
        computed = a.state is AtsState.COMPUTED
        return cls(
            listing_id=a.listing_id,
            sku=a.sku,
            channel_kind=a.channel_kind,
            channel_account_name=a.channel_account_name,
            channel_sku=a.channel_sku,
            listing_status=a.listing_status,
            fulfillment_channel=a.fulfillment_channel,
            quantity_per=a.quantity_per,
            state=a.state,
            quantity=a.quantity,
            explanation=list(a.explanation) if computed else [],
            ledger_position=a.ledger_position if computed else None,
            computed_at=a.computed_at if computed else None,
        )


class AllocationOut(BaseModel):
    id: int
    sku: str
    location_id: int
    location_code: str
    quantity: int = Field(description="Units still promised.")
    allocated_quantity: int = Field(description="Units promised at first.")
    reference: ReferenceIO
    bundle_sku: str | None = Field(description="The bundle this was allocated for, if any.")
    idempotency_key: str
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @classmethod
    def of(cls, a: AllocationView) -> AllocationOut:
        return cls(
            id=a.id,
            sku=a.sku,
            location_id=a.location_id,
            location_code=a.location_code,
            quantity=a.quantity,
            allocated_quantity=a.allocated_quantity,
            reference=ReferenceIO(kind=ReferenceKind(a.reference_kind), id=a.reference_id),
            bundle_sku=a.bundle_sku,
            idempotency_key=a.idempotency_key,
            created_at=a.created_at,
            closed_at=a.closed_at,
        )
