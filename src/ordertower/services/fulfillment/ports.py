"""What fulfillment use cases need from storage and from carriers.

Read models (`WaveSummary`, `TaskLine`, `PackageRow`…) carry the codes people read (SKU, bin code,
order number) beside the ids, so screens and the API render them without more queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from ordertower.domain.fulfillment import BinStock, PlannedPick, ScanOutcome, WaveCandidate
from ordertower.domain.orders import OrderState
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.shipping import CarrierCode, ServiceLevel
from ordertower.services.shipping.ports import Carrier


@dataclass(frozen=True, slots=True, kw_only=True)
class FloorOrder:
    """An order as the floor sees it: its numbers, speed, destination and state."""

    id: int
    channel: str
    external_order_id: str
    channel_order_number: str | None
    service_level: ServiceLevel
    ship_by: dt.datetime | None
    state: OrderState
    ship_to: Mapping[str, Any]  # domain Address fields (personal data: never logged)
    phone: str

    @property
    def number(self) -> str:
        """What packers and buyers recognise: the channel's order number, else its id."""
        return self.channel_order_number or self.external_order_id


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAllocation:
    """An order's allocation still promising units; `unplanned` of them are on no pick task."""

    allocation_id: int
    order_id: int
    product_id: int
    sku: str
    location_id: int
    remaining: int
    unplanned: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NewWave:
    location_id: int
    criteria: Mapping[str, Any]
    left_out: Sequence[Mapping[str, Any]]
    order_count: int
    unit_count: int
    created_by_user_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class WaveSummary:
    id: int
    location_id: int
    location_code: str
    criteria: Mapping[str, Any]
    left_out: Sequence[Mapping[str, Any]]
    order_count: int
    unit_count: int
    units_picked: int
    units_short: int
    units_shipped: int
    created_at: dt.datetime

    @property
    def done(self) -> bool:
        return self.units_shipped + self.units_short >= self.unit_count


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskLine:
    """One pick task with what people read: SKU, bin and zone codes, the order's number."""

    id: int
    wave_id: int
    order_id: int
    order_number: str
    allocation_id: int
    product_id: int
    sku: str
    location_id: int
    bin_id: int | None
    bin_code: str | None
    zone_code: str | None
    sort_key: str | None
    lot: str
    expires_on: dt.date | None
    sequence: int
    quantity: int
    picked: int
    short: int
    packed: int
    shipped: int

    @property
    def to_pick(self) -> int:
        return self.quantity - self.picked - self.short

    @property
    def to_pack(self) -> int:
        return self.picked - self.packed


@dataclass(frozen=True, slots=True, kw_only=True)
class NewScanEvent:
    order_id: int
    wave_id: int | None
    client_scan_id: str
    code: str
    product_id: int | None
    pick_task_id: int | None
    outcome: ScanOutcome
    message: str
    station: str
    actor_user_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanEvent:
    id: int
    order_id: int
    wave_id: int | None
    client_scan_id: str
    code: str
    sku: str | None
    pick_task_id: int | None
    outcome: ScanOutcome
    message: str
    station: str
    at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CarrierAccount:
    id: int
    merchant_id: int
    carrier: CarrierCode
    name: str
    location_id: int | None
    carrier_name: str
    tracking_prefix: str
    tracking_first: int
    tracking_last: int
    next_sequence: int
    active: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCarrierAccount:
    carrier: CarrierCode
    name: str
    location_id: int | None
    carrier_name: str
    tracking_prefix: str
    tracking_first: int
    tracking_last: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPackage:
    order_id: int
    weight_value: Decimal
    weight_unit: str
    weight_lb: Decimal
    dimensions: tuple[Decimal, Decimal, Decimal] | None
    dimension_unit: str | None
    dimensions_in: tuple[Decimal, Decimal, Decimal] | None
    carrier: CarrierCode
    service_code: str
    service_name: str
    carrier_account_id: int | None
    created_by_user_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageRow:
    id: int
    order_id: int
    number: int
    weight_value: Decimal
    weight_unit: str
    weight_lb: Decimal
    dimensions: tuple[Decimal, Decimal, Decimal] | None
    dimension_unit: str | None
    carrier: CarrierCode
    service_code: str
    service_name: str
    carrier_account_id: int | None
    tracking_number: str | None
    state: str  # open | labelled | shipped
    labelled_at: dt.datetime | None
    shipped_at: dt.datetime | None
    created_at: dt.datetime
    contents: Mapping[int, int]  # pick task id → units


@dataclass(frozen=True, slots=True)
class Label:
    tracking_number: str
    pdf: bytes
    zpl: str


class FulfillmentStore(Protocol):
    # -- orders and stock, as waves see them
    def floor_orders(
        self, merchant_id: int, order_ids: Collection[int]
    ) -> dict[int, FloorOrder]: ...
    def wave_candidates(
        self,
        merchant_id: int,
        *,
        location_id: int,
        ship_by_before: dt.datetime | None,
        service_levels: Collection[str],
        channels: Collection[str],
        limit: int,
    ) -> list[WaveCandidate]:
        """Orders in a `WAVE_STATES` state with units allocated at `location_id` on no pick task
        (allocated orders, and split orders already on the floor elsewhere), most urgent first."""
        ...

    def open_allocations(
        self, merchant_id: int, order_ids: Collection[int]
    ) -> list[OpenAllocation]: ...
    def free_stock(
        self, merchant_id: int, *, location_id: int, product_ids: Collection[int]
    ) -> list[BinStock]:
        """Sellable units per bin and lot, less those planned on open pick tasks."""
        ...

    def ship_from(self, location_id: int) -> Mapping[str, Any]: ...

    # -- waves and their tasks
    def lock_wave_planning(self, merchant_id: int, location_id: int) -> None:
        """Serialise wave releases of one merchant at one warehouse until the transaction ends,
        so each wave's plan sees the tasks of the one before it."""
        ...

    def add_wave(self, merchant_id: int, wave: NewWave) -> int: ...
    def add_tasks(self, merchant_id: int, wave_id: int, picks: Sequence[PlannedPick]) -> None: ...
    def waves(self, merchant_id: int, page: PageRequest) -> Page[WaveSummary]: ...
    def wave(self, merchant_id: int, wave_id: int) -> WaveSummary | None: ...
    def tasks(
        self,
        merchant_id: int,
        *,
        wave_id: int | None = None,
        order_id: int | None = None,
        lock: bool = False,
    ) -> list[TaskLine]:
        """A wave's or an order's tasks in walking order (locked FOR UPDATE when asked)."""
        ...

    def count_tasks(self, merchant_id: int, changes: Mapping[int, Mapping[str, int]]) -> None:
        """Add to each task's counters: {task_id: {"picked": 1, "packed": 2, …}}."""
        ...

    # -- scans
    def scan_by_client_id(self, merchant_id: int, client_scan_id: str) -> ScanEvent | None: ...
    def add_scan(self, merchant_id: int, scan: NewScanEvent) -> ScanEvent: ...
    def scans(self, merchant_id: int, order_id: int) -> list[ScanEvent]: ...

    # -- packages
    def add_package(
        self, merchant_id: int, package: NewPackage, contents: Mapping[int, int]
    ) -> int: ...
    def packages(
        self,
        merchant_id: int,
        *,
        order_id: int | None = None,
        package_id: int | None = None,
        lock: bool = False,
    ) -> list[PackageRow]: ...
    def set_label(
        self, merchant_id: int, package_id: int, label: Label, at: dt.datetime
    ) -> None: ...
    def label(self, merchant_id: int, package_id: int) -> Label | None: ...
    def mark_shipped(self, merchant_id: int, package_id: int, at: dt.datetime) -> None: ...

    # -- carrier accounts
    def carrier_account_for(
        self, merchant_id: int, *, carrier: CarrierCode, location_id: int
    ) -> CarrierAccount | None:
        """The active account for this warehouse, else the merchant-wide one."""
        ...

    def carrier_accounts(self, merchant_id: int) -> list[CarrierAccount]: ...
    def add_carrier_account(
        self, merchant_id: int, account: NewCarrierAccount
    ) -> CarrierAccount: ...


class Carriers(Protocol):
    """Builds the carrier integration for an account (the own-account carrier draws its tracking
    numbers from the account's range, each taken in its own short transaction)."""

    def carrier_for(self, account: CarrierAccount) -> Carrier: ...
