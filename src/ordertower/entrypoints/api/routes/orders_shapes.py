"""The shapes the order routes answer with, and the documented JSON order clients send.

The JSON order itself (`OrderIn` and its parts, `read_json_order`) lives in
services/orders/order_json.py: a stored payload whose processing failed is read again from the
database by the retry job, with the very same function. Personal data (ship_to, customer) is never
logged: it travels only to the database and back to callers allowed to read it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from ordertower.domain.orders import OrderState
from ordertower.services.orders.capture import CaptureResult
from ordertower.services.orders.order_json import AddressIn as AddressIn
from ordertower.services.orders.order_json import OrderIn as OrderIn
from ordertower.services.orders.records import OrderItem, PayloadOutcome
from ordertower.services.orders.views import OrderDetail, OrderSummary

from .shapes import StrictIn


class ProblemItem(BaseModel):
    field: str
    code: str
    message: str


class CaptureOut(BaseModel):
    index: int = Field(description="The order's position in the request (0-based).")
    outcome: PayloadOutcome
    order_id: int | None
    state: OrderState | None
    payload_id: int = Field(description="The stored raw payload.")
    explanation: str
    errors: list[ProblemItem] = Field(description="Why a rejected order was refused, by field.")

    @classmethod
    def of(cls, r: CaptureResult) -> CaptureOut:
        return cls(
            index=r.index,
            outcome=r.outcome,
            order_id=r.order_id,
            state=r.state,
            payload_id=r.payload_id,
            explanation=r.explanation,
            errors=[ProblemItem(field=p.field, code=p.code, message=p.message) for p in r.problems],
        )


class BatchIn(StrictIn):
    orders: list[Any] = Field(
        min_length=1, max_length=1000, description="Up to 1,000 orders, each an OrderIn."
    )


class BatchOut(BaseModel):
    """One result per order, by index: the good ones are taken, each bad one says why."""

    created: int
    updated: int
    unchanged: int
    rejected: int
    results: list[CaptureOut]


class OrderSummaryOut(BaseModel):
    id: int
    channel_account_id: int
    channel: str
    external_order_id: str
    channel_order_number: str | None
    placed_at: dt.datetime
    ship_by: dt.datetime | None
    service_level: str
    state: OrderState
    state_changed_at: dt.datetime
    hold_queue: str | None
    customer_name: str
    ship_country: str
    currency: str
    total: Decimal
    units: int

    @classmethod
    def of(cls, s: OrderSummary) -> OrderSummaryOut:
        return cls(**{name: getattr(s, name) for name in cls.model_fields})


class LineOut(BaseModel):
    position: int
    line_id: str
    channel_sku: str | None
    sku: str | None
    quantity: int
    unit_price: Decimal
    currency: str
    units: list[tuple[str, int]] | None = Field(description="Resolved [sku, units] pairs.")


class EventOut(BaseModel):
    from_state: str | None
    to_state: str
    at: dt.datetime
    actor_kind: str
    actor: str
    note: str


class AllocationOut(BaseModel):
    id: int
    sku: str
    location_id: int
    location_code: str
    quantity: int
    allocated_quantity: int


class OrderItemOut(BaseModel):
    id: int
    order_id: int
    reason_code: str
    line_id: str | None
    message: str
    owner_user_id: int | None
    notes: str | None
    created_at: dt.datetime
    age_seconds: int | None = None

    @classmethod
    def of(cls, item: OrderItem, now: dt.datetime | None = None) -> OrderItemOut:
        age = int((now - item.created_at).total_seconds()) if now else None
        return cls(
            id=item.id,
            order_id=item.order_id,
            reason_code=item.reason_code,
            line_id=item.line_id,
            message=item.message,
            owner_user_id=item.owner_user_id,
            notes=item.notes,
            created_at=item.created_at,
            age_seconds=age,
        )


class OrderOut(OrderSummaryOut):
    deliver_by: dt.datetime | None
    service_label: str | None
    channel_updated_at: dt.datetime | None
    ship_to: dict[str, Any]
    customer: dict[str, Any]
    flags: list[str]
    tags: list[str]
    version: int
    created_at: dt.datetime
    routing: dict[str, Any] | None = Field(description="The routing decision.")
    routing_explanation: str | None = Field(description="Why it ships from where it does.")
    lines: list[LineOut]
    timeline: list[EventOut]
    allocations: list[AllocationOut]
    open_exceptions: list[OrderItemOut]

    @classmethod
    def of_detail(cls, d: OrderDetail) -> OrderOut:
        summary = OrderSummaryOut.of(d.summary).model_dump()
        return cls(
            **summary,
            deliver_by=d.deliver_by,
            service_label=d.service_label,
            channel_updated_at=d.channel_updated_at,
            ship_to=dict(d.ship_to),
            customer=dict(d.customer),
            flags=list(d.flags),
            tags=list(d.tags),
            version=d.version,
            created_at=d.created_at,
            routing=dict(d.routing) if d.routing is not None else None,
            routing_explanation=d.routing_explanation,
            lines=[
                LineOut(
                    position=ln.position,
                    line_id=ln.line_id,
                    channel_sku=ln.channel_sku,
                    sku=ln.sku,
                    quantity=ln.quantity,
                    unit_price=ln.unit_price,
                    currency=ln.currency,
                    units=list(ln.units) if ln.units is not None else None,
                )
                for ln in d.lines
            ],
            timeline=[
                EventOut(
                    from_state=e.from_state,
                    to_state=e.to_state,
                    at=e.at,
                    actor_kind=e.actor_kind,
                    actor=e.actor,
                    note=e.note,
                )
                for e in d.timeline
            ],
            allocations=[
                AllocationOut(
                    id=a.id,
                    sku=a.sku,
                    location_id=a.location_id,
                    location_code=a.location_code,
                    quantity=a.quantity,
                    allocated_quantity=a.allocated_quantity,
                )
                for a in d.allocations
            ],
            open_exceptions=[OrderItemOut.of(i) for i in d.open_items],
        )
