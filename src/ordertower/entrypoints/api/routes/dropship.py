"""Dropship requests: list them, download a vendor's purchase-order file, mark one sent to the
vendor, record the vendor's shipment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from ordertower.domain.orders import OrderState
from ordertower.services.dropship import purchase_orders, requests
from ordertower.services.dropship.ports import DropshipRequest, DropshipStatus

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, StrictIn

router = APIRouter(tags=["dropship"])

RequestIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The dropship request id.")]
VendorQuery = Annotated[
    str | None,
    Query(max_length=32, description="The vendor: its dropship location code."),
]
_BASE = "/merchants/{merchant_id}/dropship-requests"


class LineOut(BaseModel):
    line_id: str
    sku: str
    quantity: int


class DropshipRequestOut(BaseModel):
    id: int
    order_id: int
    vendor_location_id: int
    vendor: str = Field(description="The vendor's location code.")
    status: DropshipStatus
    lines: list[LineOut]
    carrier: str | None
    tracking_number: str | None
    shipped_at: dt.datetime | None
    sent_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, r: DropshipRequest) -> DropshipRequestOut:
        return cls(
            id=r.id,
            order_id=r.order_id,
            vendor_location_id=r.vendor_location_id,
            vendor=r.vendor_code,
            status=r.status,
            lines=[LineOut(line_id=x.line_id, sku=x.sku, quantity=x.quantity) for x in r.lines],
            carrier=r.carrier,
            tracking_number=r.tracking_number,
            shipped_at=r.shipped_at,
            sent_at=r.sent_at,
            cancelled_at=r.cancelled_at,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )


class WorkedOut(BaseModel):
    request: DropshipRequestOut
    order_state: OrderState
    changed: bool = Field(description="False: it was already done; nothing changed.")

    @classmethod
    def of(cls, worked: requests.Worked) -> WorkedOut:
        return cls(
            request=DropshipRequestOut.of(worked.request),
            order_state=worked.order_state,
            changed=worked.changed,
        )


class ShipmentIn(StrictIn):
    carrier: str | None = Field(default=None, max_length=200, description="The vendor's carrier.")
    tracking_number: str | None = Field(default=None, max_length=200)
    shipped_at: dt.datetime | None = Field(default=None, description="Default: now.")


@router.get(_BASE, response_model=PageOut[DropshipRequestOut])
def list_dropship_requests(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    vendor: VendorQuery = None,
    status: DropshipStatus | None = None,
) -> PageOut[DropshipRequestOut]:
    """The merchant's dropship requests, oldest first, of one vendor and/or status."""
    found = requests.list_requests(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page,
        vendor=vendor,
        status=status,
    )
    return page_out(found, DropshipRequestOut.of)


@router.get(
    _BASE + ".csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def purchase_order_file(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vendor: VendorQuery = None,
    status: DropshipStatus = DropshipStatus.REQUESTED,
) -> Response:
    """The purchase-order file for a vendor (order number, ship-to, service level, SKU, quantity).
    Downloading it changes nothing: send each request once the vendor has it."""
    body = purchase_orders.purchase_order_csv(
        runtime.uow(), principal=principal, merchant_id=merchant_id, vendor=vendor, status=status
    )
    name = f"dropship-{(vendor or 'all').lower()}-{status}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(_BASE + "/{dropship_request_id}")
def get_dropship_request(
    merchant_id: MerchantDep,
    dropship_request_id: RequestIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> DropshipRequestOut:
    return DropshipRequestOut.of(
        requests.get_request(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            request_id=dropship_request_id,
        )
    )


@router.post(_BASE + "/{dropship_request_id}/send")
def send_dropship_request(
    merchant_id: MerchantDep,
    dropship_request_id: RequestIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> WorkedOut:
    """The vendor has the purchase order: mark it sent and release the order to the vendor."""
    return WorkedOut.of(
        requests.send_request(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            request_id=dropship_request_id,
        )
    )


@router.post(_BASE + "/{dropship_request_id}/ship")
def ship_dropship_request(
    merchant_id: MerchantDep,
    dropship_request_id: RequestIdPath,
    body: ShipmentIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> WorkedOut:
    """The vendor shipped: record its tracking, ship the order, tell the channel (a job)."""
    return WorkedOut.of(
        requests.ship_request(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            request_id=dropship_request_id,
            carrier=body.carrier,
            tracking_number=body.tracking_number,
            shipped_at=body.shipped_at,
        )
    )
