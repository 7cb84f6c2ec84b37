"""What receiving use cases need from storage: notices, receipts with their scans and putaways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.inventory import InventoryStatus, PackageKind
from ordertower.domain.inventory.inbound_states import NoticeStatus, ReceiptStatus
from ordertower.domain.inventory.scan_codes import ScanLookup
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.inventory.ports import BinRef, ProductRef


@dataclass(frozen=True, slots=True)
class NoticePackage:
    id: int
    kind: PackageKind
    label: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class NoticeLine:
    id: int
    product_id: int
    sku: str
    package_id: int | None
    expected_quantity: int


@dataclass(frozen=True, slots=True)
class Notice:
    id: int
    merchant_id: int
    reference: str
    location_id: int
    destination: InventoryStatus
    expected_at: dt.datetime | None
    status: NoticeStatus
    note: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None
    packages: tuple[NoticePackage, ...]
    lines: tuple[NoticeLine, ...]


@dataclass(frozen=True, slots=True)
class NewPackage:
    label: str
    kind: PackageKind
    parent_label: str | None


@dataclass(frozen=True, slots=True)
class NewLine:
    product_id: int
    quantity: int
    package_label: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewNotice:
    reference: str
    location_id: int
    destination: InventoryStatus
    expected_at: dt.datetime | None
    note: str | None
    created_by_user_id: int
    packages: tuple[NewPackage, ...]  # outer packages first
    lines: tuple[NewLine, ...]


@dataclass(frozen=True, slots=True)
class Receipt:
    id: int
    merchant_id: int
    notice_id: int | None
    location_id: int
    receiving_bin_id: int | None
    destination: InventoryStatus
    status: ReceiptStatus
    arrived_at: dt.datetime
    closed_at: dt.datetime | None
    putaway_completed_at: dt.datetime | None
    dock_to_stock_seconds: int | None
    note: str | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewReceipt:
    notice_id: int | None
    location_id: int
    receiving_bin_id: int | None
    destination: InventoryStatus
    arrived_at: dt.datetime
    note: str | None
    created_by_user_id: int


@dataclass(frozen=True, slots=True)
class ReceiptScan:
    id: int
    receipt_id: int
    client_scan_id: str
    scanned_code: str
    product_id: int
    sku: str
    quantity: int
    damaged: bool
    status: InventoryStatus
    lot: str  # "" for none
    expires_on: dt.date | None
    movement_id: int | None
    scanned_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewScan:
    receipt_id: int
    client_scan_id: str
    scanned_code: str
    product_id: int
    quantity: int
    damaged: bool
    status: InventoryStatus
    lot: str
    expires_on: dt.date | None
    user_id: int


@dataclass(frozen=True, slots=True)
class ReceiptPutaway:
    id: int
    receipt_id: int
    client_putaway_id: str
    product_id: int
    sku: str
    quantity: int
    status: InventoryStatus
    lot: str
    expires_on: dt.date | None
    bin_id: int
    movement_id: int | None
    put_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPutaway:
    receipt_id: int
    client_putaway_id: str
    product_id: int
    quantity: int
    status: InventoryStatus
    lot: str
    expires_on: dt.date | None
    bin_id: int
    user_id: int


class NoticeRepository(Protocol):
    def add(self, *, merchant_id: int, notice: NewNotice) -> Notice: ...
    def get(self, *, merchant_id: int, notice_id: int, lock: bool = False) -> Notice | None: ...
    def reference_taken(self, *, merchant_id: int, reference: str) -> bool: ...
    def search(
        self, *, merchant_id: int, status: NoticeStatus | None, page: PageRequest
    ) -> Page[Notice]: ...
    def set_status(
        self, *, merchant_id: int, notice_id: int, status: NoticeStatus, at: dt.datetime
    ) -> None: ...


class ReceiptRepository(Protocol):
    def add(self, *, merchant_id: int, receipt: NewReceipt) -> Receipt: ...
    def get(self, *, merchant_id: int, receipt_id: int, lock: bool = False) -> Receipt | None: ...
    def for_notice(self, *, merchant_id: int, notice_id: int) -> Receipt | None: ...
    def search(
        self, *, merchant_id: int, status: ReceiptStatus | None, page: PageRequest
    ) -> Page[Receipt]: ...
    def add_scan(self, *, merchant_id: int, scan: NewScan) -> ReceiptScan | None:
        """The new scan, or None when the receipt already has a scan with that client id."""
        ...

    def scan_by_client_id(
        self, *, merchant_id: int, receipt_id: int, client_scan_id: str
    ) -> ReceiptScan | None: ...
    def set_scan_movement(self, *, merchant_id: int, scan_id: int, movement_id: int) -> None: ...
    def scans(self, *, merchant_id: int, receipt_id: int) -> list[ReceiptScan]: ...
    def add_putaway(self, *, merchant_id: int, putaway: NewPutaway) -> ReceiptPutaway | None:
        """The new putaway, or None when the receipt already has one with that client id."""
        ...

    def putaway_by_client_id(
        self, *, merchant_id: int, receipt_id: int, client_putaway_id: str
    ) -> ReceiptPutaway | None: ...
    def set_putaway_movement(
        self, *, merchant_id: int, putaway_id: int, movement_id: int
    ) -> None: ...
    def putaways(self, *, merchant_id: int, receipt_id: int) -> list[ReceiptPutaway]: ...
    def close(self, *, merchant_id: int, receipt_id: int, at: dt.datetime) -> None: ...
    def complete_putaway(
        self,
        *,
        merchant_id: int,
        receipt_id: int,
        at: dt.datetime,
        dock_to_stock_seconds: int | None,
    ) -> None: ...


class FloorLookups(Protocol):
    """Finding what a scanner names on the floor: products by any code, bins by barcode."""

    def products_by_code(self, *, merchant_id: int, lookup: ScanLookup) -> list[ProductRef]:
        """Every product the code could name (by GTIN-14, FNSKU or SKU), each once."""
        ...

    def bin_by_barcode(self, barcode: str) -> BinRef | None: ...
    def first_receiving_bin(self, location_id: int) -> BinRef | None:
        """The location's first active bin in a receiving zone (by pick-path order)."""
        ...

    def product_skus(self, *, merchant_id: int, product_ids: Sequence[int]) -> dict[int, str]: ...
