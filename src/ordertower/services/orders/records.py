"""What the order flow reads and writes, as plain records (the order book's vocabulary).

`StoredOrder` is a captured order as stored: the canonical domain `Order` plus its id, state and
version. The rest are what one pipeline batch loads once (listings, products, stock, locations)
and what it writes back (routing decisions, payload outcomes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem
from ordertower.domain.orders import Order, OrderDraft, OrderState


class PayloadSource(StrEnum):
    API = "api"
    CSV = "csv"
    WEBHOOK = "webhook"
    POLL = "poll"
    SAMPLE = "sample"


class PayloadOutcome(StrEnum):
    """What processing made of a received payload (order_payloads.outcome)."""

    PENDING = "pending"  # stored, not processed yet (a failed processing leaves it so)
    CREATED = "created"  # a new order
    UPDATED = "updated"  # a known order took the new version (or was cancelled by it)
    UNCHANGED = "unchanged"  # a replay: nothing changed
    STALE = "stale"  # older than the version held: ignored
    REJECTED = "rejected"  # not a valid order: `problems` says why
    CLOSED = "closed"  # the order is cancelled; the change was not applied
    FLAGGED = "flagged"  # stored for a person: held on the floor, or changed after shipment


@dataclass(frozen=True, slots=True, kw_only=True)
class IncomingOrder:
    """One order as it arrived: the raw payload (stored first, exactly) and what was read from it.

    `draft` is None when the payload could not even be read as an order; `problems` then says why.
    `cancelled` is the channel saying the order is cancelled.
    """

    raw: Mapping[str, Any]
    draft: OrderDraft | None
    cancelled: bool = False
    problems: tuple[FieldProblem, ...] = ()
    external_order_id: str | None = None  # as given, kept with the payload even when invalid


@dataclass(frozen=True, slots=True)
class AccountFacts:
    id: int
    merchant_id: int
    kind: ChannelKind
    name: str
    active: bool


@dataclass(frozen=True, slots=True)
class StoredOrder:
    id: int
    state: OrderState
    version: int
    hold_queue: str | None
    order: Order


@dataclass(frozen=True, slots=True)
class PayloadResult:
    payload_id: int
    outcome: PayloadOutcome
    order_id: int | None = None
    problems: tuple[FieldProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class ListingFact:
    """A channel SKU's mapping: `product_id` × `quantity_per`; `location_ids` empty: any warehouse."""

    channel_account_id: int
    channel_sku: str
    product_id: int
    quantity_per: int
    location_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProductFact:
    id: int
    sku: str
    kind: str  # item | bundle
    blocked: bool


@dataclass(frozen=True, slots=True)
class CatalogFacts:
    """What a batch's lines need from the catalog: listings, products, bundle components.

    `components`: bundle product id → [(component product id, quantity)], for every bundle reached.
    """

    listings: Mapping[tuple[int, str], ListingFact] = field(default_factory=dict)
    products: Mapping[int, ProductFact] = field(default_factory=dict)
    components: Mapping[int, Sequence[tuple[int, int]]] = field(default_factory=dict)

    def product_by_sku(self) -> dict[str, ProductFact]:
        return {p.sku: p for p in self.products.values()}


@dataclass(frozen=True, slots=True)
class LocationFact:
    id: int
    code: str
    kind: str  # warehouse | dropship (FBA stock is Amazon's to ship: never routed to)


@dataclass(frozen=True, slots=True)
class RoutingRecord:
    """The decision stored on an order: JSON for screens, the explanation sentence, line units.

    `routing` None: only the line units are stored here (the decision travels with the state move).
    """

    order_id: int
    routing: Mapping[str, Any] | None
    explanation: str
    line_units: Mapping[str, Sequence[tuple[str, int]]]  # line id → [(sku, units)]


@dataclass(frozen=True, slots=True)
class OrderItem:
    """An exception item about an order (subject kind 'order')."""

    id: int
    order_id: int
    reason_code: str
    line_id: str | None
    message: str
    details: Mapping[str, Any]
    owner_user_id: int | None
    notes: str | None
    status: str
    created_at: dt.datetime
    raise_key: str | None
