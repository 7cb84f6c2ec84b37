"""The canonical order: one shape for every channel, built only by `validate_order`.

The raw payload as received is stored beside it by the capture service; this is what the rules
read. Customer contact, names and street lines are personal data and never appear in a repr, so
an order can be logged without leaking them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ordertower.domain.channels import ChannelKind
from ordertower.domain.shipping import ServiceLevel

from .addresses import Address
from .channel_flags import ChannelFlag


@dataclass(frozen=True, slots=True)
class OrderKey:
    """What makes an order unique: the same key arriving again is the same order, never another."""

    merchant_id: int
    channel_account_id: int
    external_order_id: str


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class CustomerContact:
    """How to reach the buyer (channels may give a relay e-mail). Masked in repr and str."""

    name: str = ""
    email: str = ""
    phone: str = ""

    def __repr__(self) -> str:
        def masked(value: str) -> str:
            return "'***'" if value else "''"

        return (
            f"CustomerContact(name={masked(self.name)}, email={masked(self.email)}, "
            f"phone={masked(self.phone)})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderLine:
    """One line as the channel sent it: a listing (channel SKU) or a merchant SKU, never both.

    `line_id` is the channel's own line id (Amazon OrderItemId, Walmart lineNumber, Shopify line
    item id; the CSV row's line number), unique within the order.
    """

    line_id: str
    channel_sku: str | None
    sku: str | None
    quantity: int
    unit_price: Decimal
    currency: str

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """A captured order. Deadlines are UTC; `service_label` is the channel's own name for the speed.

    `channel_updated_at` is when the channel last changed the order (Amazon LastUpdateDate,
    Shopify updatedAt): it tells a stale replay from a newer version.
    """

    merchant_id: int
    channel_account_id: int
    channel: ChannelKind
    external_order_id: str
    channel_order_number: str | None
    placed_at: dt.datetime
    channel_updated_at: dt.datetime | None
    ship_by: dt.datetime | None
    deliver_by: dt.datetime | None
    service_level: ServiceLevel
    service_label: str | None
    ship_to: Address
    customer: CustomerContact
    lines: tuple[OrderLine, ...]
    flags: frozenset[ChannelFlag]
    tags: frozenset[str]

    @property
    def key(self) -> OrderKey:
        return OrderKey(self.merchant_id, self.channel_account_id, self.external_order_id)

    @property
    def currency(self) -> str:
        """Every line is in this currency (validate_order makes sure)."""
        return self.lines[0].currency

    @property
    def total(self) -> Decimal:
        """What the lines are worth (unit price × quantity): the order value routing rules test."""
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)
