"""The documented JSON order (what clients send) and the shapes the order routes answer with.

`OrderIn` is read leniently where the business rules give better messages (service level, flags,
currencies and quantities are checked by `validate_order`, which names every wrong field), and
strictly where a type is simply wrong (a date that is not a date). Personal data (ship_to,
customer) is never logged: it travels only to the database and back to callers allowed to read it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem
from ordertower.domain.orders import (
    Address,
    CustomerContact,
    LineDraft,
    OrderDraft,
    OrderState,
    ServiceLevel,
)
from ordertower.services.orders.capture import CaptureResult
from ordertower.services.orders.records import IncomingOrder, OrderItem, PayloadOutcome
from ordertower.services.orders.views import OrderDetail, OrderSummary

from .shapes import StrictIn

_TEXT = 255


class AddressIn(StrictIn):
    name: str = Field(default="", max_length=_TEXT, description="The recipient.")
    company: str = Field(default="", max_length=_TEXT)
    line1: str = Field(default="", max_length=_TEXT)
    line2: str = Field(default="", max_length=_TEXT)
    line3: str = Field(default="", max_length=_TEXT)
    city: str = Field(default="", max_length=_TEXT)
    region: str = Field(default="", max_length=_TEXT, description="State or province (US: IL).")
    postal_code: str = Field(default="", max_length=_TEXT)
    country: str = Field(default="", max_length=_TEXT, description="ISO 3166-1 alpha-2 (US).")
    phone: str = Field(default="", max_length=_TEXT, description="Kept with the raw payload.")
    residential: bool | None = None


class CustomerIn(StrictIn):
    name: str = Field(default="", max_length=_TEXT)
    email: str = Field(default="", max_length=_TEXT)
    phone: str = Field(default="", max_length=_TEXT)


class LineIn(StrictIn):
    line_id: str | None = Field(default=None, description="The channel's line id.")
    channel_sku: str | None = Field(default=None, description="The listing (channel SKU)…")
    sku: str | None = Field(default=None, description="…or the merchant SKU, not both.")
    quantity: int = Field(description="Units ordered (at least 1).")
    unit_price: Decimal | None = Field(default=None, description="Per unit, e.g. 19.99.")
    currency: str | None = Field(default=None, description="ISO 4217, the same on every line.")


class OrderIn(StrictIn):
    """One order as a client sends it. The key is (channel account, external_order_id): sending
    the same order again is a replay or an update, never a second order."""

    external_order_id: str | None = Field(default=None, description="The channel's order id.")
    channel_order_number: str | None = Field(default=None, description="What the buyer sees.")
    placed_at: dt.datetime | None = Field(default=None, description="With a time zone.")
    channel_updated_at: dt.datetime | None = Field(
        default=None, description="When the channel last changed it (tells stale from newer)."
    )
    ship_by: dt.datetime | None = None
    deliver_by: dt.datetime | None = None
    service_level: str = Field(
        default=ServiceLevel.STANDARD, description=f"One of: {', '.join(ServiceLevel)}."
    )
    service_label: str | None = Field(default=None, description="The channel's own name for it.")
    ship_to: AddressIn = Field(default_factory=AddressIn)
    customer: CustomerIn = Field(default_factory=CustomerIn)
    lines: list[LineIn] = Field(default_factory=list, max_length=5000)
    flags: list[str] = Field(default_factory=list, max_length=20, description="amazon_prime…")
    tags: list[str] = Field(default_factory=list, max_length=50)
    cancelled: bool = Field(default=False, description="The channel cancelled the order.")

    def draft(self, merchant_id: int, account_id: int) -> OrderDraft:
        """The draft capture checks (the channel is taken from the account)."""
        a = self.ship_to
        return OrderDraft(
            merchant_id=merchant_id,
            channel_account_id=account_id,
            channel=ChannelKind.MANUAL,
            external_order_id=self.external_order_id,
            placed_at=self.placed_at,
            channel_order_number=self.channel_order_number,
            channel_updated_at=self.channel_updated_at,
            ship_by=self.ship_by,
            deliver_by=self.deliver_by,
            service_level=self.service_level,  # type: ignore[arg-type]  # checked by the domain
            service_label=self.service_label,
            ship_to=Address(
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
            ),
            customer=CustomerContact(
                name=self.customer.name, email=self.customer.email, phone=self.customer.phone
            ),
            lines=[
                LineDraft(
                    line_id=line.line_id,
                    channel_sku=line.channel_sku,
                    sku=line.sku,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    currency=line.currency,
                )
                for line in self.lines
            ],
            flags=self.flags,  # type: ignore[arg-type]  # checked by the domain
            tags=self.tags,
        )


def field_path(location: tuple[Any, ...]) -> str:
    """('lines', 0, 'quantity') → 'lines[0].quantity', as the domain names fields."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "order"


def read_order(raw: Any, merchant_id: int, account_id: int) -> IncomingOrder:
    """One raw JSON order as capture takes it: the draft, or why it is not an order at all."""
    given = raw.get("external_order_id") if isinstance(raw, dict) else None
    external_id = given if isinstance(given, str) else None
    if not isinstance(raw, dict):
        problem = FieldProblem("order", "not_an_object", "Send each order as a JSON object.")
        return IncomingOrder(raw={"value": raw}, draft=None, problems=(problem,))
    try:
        order = OrderIn.model_validate(raw)
    except ValidationError as error:
        problems = tuple(
            FieldProblem(field_path(tuple(e["loc"])), str(e["type"]), str(e["msg"]))
            for e in error.errors()
        )
        return IncomingOrder(raw=raw, draft=None, problems=problems, external_order_id=external_id)
    return IncomingOrder(
        raw=raw,
        draft=order.draft(merchant_id, account_id),
        cancelled=order.cancelled,
        external_order_id=external_id,
    )


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
