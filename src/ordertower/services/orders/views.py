"""What the order screens and API read: list rows, the detail, the filters, the exception counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ordertower.domain.orders import OrderState

from .records import OrderItem


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderFilter:
    """List filters; all given must hold. `search` matches the start of the external id, the
    channel order number or the customer's name; `ship_by_before` keeps orders due by then."""

    channel: str | None = None
    channel_account_id: int | None = None
    state: OrderState | None = None
    placed_before: dt.datetime | None = None
    placed_after: dt.datetime | None = None
    ship_by_before: dt.datetime | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderSummary:
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


@dataclass(frozen=True, slots=True, kw_only=True)
class LineView:
    position: int
    line_id: str
    channel_sku: str | None
    sku: str | None
    quantity: int
    unit_price: Decimal
    currency: str
    units: Sequence[tuple[str, int]] | None  # resolved SKU units, None until resolved


@dataclass(frozen=True, slots=True, kw_only=True)
class EventView:
    from_state: str | None
    to_state: str
    at: dt.datetime
    actor_kind: str
    actor: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AllocationView:
    id: int
    sku: str
    location_id: int
    location_code: str
    quantity: int
    allocated_quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderDetail:
    summary: OrderSummary
    deliver_by: dt.datetime | None
    service_label: str | None
    channel_updated_at: dt.datetime | None
    ship_to: Mapping[str, Any]
    customer: Mapping[str, Any]
    flags: Sequence[str]
    tags: Sequence[str]
    version: int
    created_at: dt.datetime
    routing: Mapping[str, Any] | None
    routing_explanation: str | None
    lines: Sequence[LineView]
    timeline: Sequence[EventView]
    allocations: Sequence[AllocationView]
    open_items: Sequence[OrderItem]


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueCount:
    reason_code: str
    open_items: int
    oldest_at: dt.datetime | None
