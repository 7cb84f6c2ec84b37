"""The documented JSON order (what API clients send) and how a raw one is read for capture.

It lives with the service, not the API, because a payload is read twice in its life: when it
arrives, and again from `order_payloads` when its first processing failed and the retry job
(payload_retry.py) takes it up. Both reads are this one function, so a retried payload ends
exactly as it would have the first time.

`OrderIn` is read leniently where the business rules give better messages (service level, flags,
currencies and quantities are checked by `validate_order`, which names every wrong field), and
strictly where a type is simply wrong (a date that is not a date), with unknown fields refused.
Personal data (ship_to, customer) is never logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem
from ordertower.domain.orders import (
    Address,
    CustomerContact,
    LineDraft,
    OrderDraft,
    ServiceLevel,
)

from .records import IncomingOrder

_TEXT = 255
# What capture stores for a payload that is not a JSON object at all (see `read_json_order`).
NOT_AN_OBJECT_KEY = "value"


class _Strict(BaseModel):
    """An unknown field is an error naming it, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class AddressIn(_Strict):
    name: str = Field(default="", max_length=_TEXT, description="The recipient.")
    company: str = Field(default="", max_length=_TEXT)
    line1: str = Field(default="", max_length=_TEXT)
    line2: str = Field(default="", max_length=_TEXT)
    line3: str = Field(default="", max_length=_TEXT)
    city: str = Field(default="", max_length=_TEXT)
    region: str = Field(default="", max_length=_TEXT, description="State or province (US: IL).")
    postal_code: str = Field(default="", max_length=_TEXT)
    country: str = Field(default="", max_length=_TEXT, description="ISO 3166-1 alpha-2 (US).")
    phone: str = Field(default="", max_length=_TEXT, description="The recipient's phone.")
    residential: bool | None = None

    def address(self) -> Address:
        return Address(
            name=self.name,
            company=self.company,
            line1=self.line1,
            line2=self.line2,
            line3=self.line3,
            city=self.city,
            region=self.region,
            postal_code=self.postal_code,
            country=self.country,
            residential=self.residential,
            phone=self.phone,
        )


class CustomerIn(_Strict):
    name: str = Field(default="", max_length=_TEXT)
    email: str = Field(default="", max_length=_TEXT)
    phone: str = Field(default="", max_length=_TEXT)


class LineIn(_Strict):
    line_id: str | None = Field(default=None, description="The channel's line id.")
    channel_sku: str | None = Field(default=None, description="The listing (channel SKU)…")
    sku: str | None = Field(default=None, description="…or the merchant SKU, not both.")
    quantity: int = Field(description="Units ordered (at least 1).")
    unit_price: Decimal | None = Field(default=None, description="Per unit, e.g. 19.99.")
    currency: str | None = Field(default=None, description="ISO 4217, the same on every line.")


class OrderIn(_Strict):
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
            ship_to=self.ship_to.address(),
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


def read_json_order(raw: Any, merchant_id: int, account_id: int) -> IncomingOrder:
    """One raw JSON order as capture takes it: the draft, or why it is not an order at all.

    A value that is not an object is kept as {"value": …} (the payload column holds objects)."""
    given = raw.get("external_order_id") if isinstance(raw, dict) else None
    external_id = given if isinstance(given, str) else None
    if not isinstance(raw, dict):
        problem = FieldProblem("order", "not_an_object", "Send each order as a JSON object.")
        return IncomingOrder(raw={NOT_AN_OBJECT_KEY: raw}, draft=None, problems=(problem,))
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


def reread_json_order(stored: Any, merchant_id: int, account_id: int) -> IncomingOrder:
    """A stored API payload read again: what `read_json_order` made of it when it arrived."""
    if isinstance(stored, dict) and list(stored) == [NOT_AN_OBJECT_KEY]:
        inner = stored[NOT_AN_OBJECT_KEY]
        if not isinstance(inner, dict):
            return read_json_order(inner, merchant_id, account_id)
    return read_json_order(stored, merchant_id, account_id)
