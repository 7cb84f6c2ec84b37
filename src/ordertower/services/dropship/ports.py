"""What dropship use cases need from storage: the requests, and the purchase-order lines vendors
receive (order number, ship-to, service level, SKU, quantity)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from ordertower.domain.pagination import Page, PageRequest


class DropshipStatus(StrEnum):
    REQUESTED = "requested"  # routed to the vendor; the purchase order has not gone out yet
    SENT = "sent"  # the vendor has the purchase order (the order is released to it)
    SHIPPED = "shipped"  # the vendor shipped it; its tracking is recorded
    CANCELLED = "cancelled"  # the order was cancelled or routed elsewhere


LIVE = frozenset({DropshipStatus.REQUESTED, DropshipStatus.SENT})


@dataclass(frozen=True, slots=True, kw_only=True)
class DropshipLine:
    line_id: str
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NewDropshipRequest:
    order_id: int
    vendor_location_id: int
    lines: Sequence[DropshipLine]


@dataclass(frozen=True, slots=True, kw_only=True)
class DropshipRequest:
    id: int
    order_id: int
    vendor_location_id: int
    vendor_code: str
    status: DropshipStatus
    lines: Sequence[DropshipLine]
    carrier: str | None
    tracking_number: str | None
    shipped_at: dt.datetime | None
    sent_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PurchaseOrderLine:
    """One row of the file a vendor receives (ship-to is personal data: never logged)."""

    request_id: int
    order_number: str
    ship_to: Mapping[str, Any]
    service_level: str
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VendorShipment:
    carrier: str
    tracking_number: str
    shipped_at: dt.datetime


class DropshipStore(Protocol):
    def add(self, merchant_id: int, requests: Sequence[NewDropshipRequest]) -> None: ...
    def cancel_live(
        self,
        merchant_id: int,
        order_ids: Collection[int],
        at: dt.datetime,
        *,
        only: DropshipStatus | None = None,
    ) -> list[int]:
        """Cancel the orders' live requests (only those in `only`, when given); their ids."""
        ...

    def get(
        self, merchant_id: int, request_id: int, *, lock: bool = False
    ) -> DropshipRequest | None: ...
    def search(
        self,
        merchant_id: int,
        *,
        vendor_location_id: int | None,
        status: DropshipStatus | None,
        page: PageRequest,
    ) -> Page[DropshipRequest]: ...
    def mark_sent(self, merchant_id: int, request_id: int, at: dt.datetime) -> None: ...
    def mark_shipped(self, merchant_id: int, request_id: int, shipment: VendorShipment) -> None: ...
    def purchase_order(
        self, merchant_id: int, *, vendor_location_id: int | None, status: DropshipStatus | None
    ) -> list[PurchaseOrderLine]:
        """Every line of the matching requests, in request id then line order."""
        ...

    def vendors(self, merchant_id: int) -> list[tuple[int, str, str]]:
        """The merchant's dropship locations: (id, code, name), by code."""
        ...

    def vendor_by_code(self, merchant_id: int, code: str) -> int | None:
        """The id of this merchant's dropship location with that code, if it has one."""
        ...
