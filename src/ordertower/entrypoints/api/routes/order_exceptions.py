"""The order exception queues: counts per reason, the open items, and resolving one by its action."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from ordertower.domain.orders import Address, OrderExceptionReason, OrderState, ResolveAction
from ordertower.services.orders import queries
from ordertower.services.orders.order_exceptions import ResolveRequest, resolve_order_exception

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import page_out
from .orders_shapes import AddressIn, OrderItemOut
from .shapes import MAX_ID, StrictIn

router = APIRouter(tags=["orders"])

ItemIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The exception item id.")]


class QueueCountOut(BaseModel):
    reason_code: str
    open_items: int
    oldest_at: dt.datetime | None


class OrderQueuesOut(BaseModel):
    counts: list[QueueCountOut] = Field(description="Open items per reason.")
    items: list[OrderItemOut] = Field(description="Open items, oldest first.")
    next_cursor: str | None = None


@router.get("/merchants/{merchant_id}/order-exceptions")
def list_order_exceptions(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    reason: OrderExceptionReason | None = None,
) -> OrderQueuesOut:
    """Counts per reason and the open items (with age, owner and notes), oldest first."""
    found = queries.order_queues(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        reason_code=str(reason) if reason else None,
        page=page,
    )
    now = dt.datetime.now(dt.UTC)
    paged = page_out(found.items, lambda item: OrderItemOut.of(item, now))
    return OrderQueuesOut(
        counts=[
            QueueCountOut(reason_code=c.reason_code, open_items=c.open_items, oldest_at=c.oldest_at)
            for c in found.counts
        ],
        items=paged.items,
        next_cursor=paged.next_cursor,
    )


class ResolveOrderIn(StrictIn):
    action: ResolveAction
    note: str = Field(default="", max_length=2000, description="What was done.")
    sku: str | None = Field(default=None, max_length=64, description="map_listing_and_retry")
    quantity_per: int = Field(default=1, ge=1, le=10_000, description="map_listing_and_retry")
    address: AddressIn | None = Field(default=None, description="correct_address")
    location_code: str | None = Field(
        default=None, max_length=32, description="allocate_from_another_location"
    )


class ResolutionOut(BaseModel):
    item_id: int
    order_id: int
    action: ResolveAction
    state: OrderState
    split_order_id: int | None = Field(description="split: the order holding the other lines.")


@router.post("/merchants/{merchant_id}/order-exceptions/{item_id}/resolve")
def resolve_order_item(
    merchant_id: MerchantDep,
    item_id: ItemIdPath,
    body: ResolveOrderIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ResolutionOut:
    """Resolve an order's item with one of the actions its reason offers; re-runs the pipeline."""
    a = body.address
    address = (
        Address(
            name=a.name,
            company=a.company,
            line1=a.line1,
            line2=a.line2,
            line3=a.line3,
            city=a.city,
            region=a.region,
            postal_code=a.postal_code,
            country=a.country,
            residential=a.residential,
            phone=a.phone,
        )
        if a is not None
        else None
    )
    resolution = resolve_order_exception(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        item_id=item_id,
        request=ResolveRequest(
            action=body.action,
            note=body.note,
            sku=body.sku,
            quantity_per=body.quantity_per,
            address=address,
            location_code=body.location_code,
        ),
    )
    return ResolutionOut(
        item_id=resolution.item_id,
        order_id=resolution.order_id,
        action=resolution.action,
        state=resolution.state,
        split_order_id=resolution.split_order_id,
    )
