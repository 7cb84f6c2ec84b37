"""What count use cases need from storage: sheets with their lines, and the bin's balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.inventory.count_states import CountScope, CountSheetStatus
from ordertower.domain.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class CountLineRecord:
    id: int
    product_id: int
    sku: str
    status: InventoryStatus
    lot: str  # "" for none
    expires_on: dt.date | None
    on_sheet: bool  # False: the counter found it, the books did not have it
    system_quantity: int  # the books when the sheet was made
    counted: int | None  # None until the sheet is submitted

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.system_quantity


@dataclass(frozen=True, slots=True)
class CountSheetRecord:
    id: int
    merchant_id: int
    location_id: int
    bin_id: int
    bin_code: str
    scope: CountScope
    blind: bool
    status: CountSheetStatus
    note: str | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    applied_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    lines: tuple[CountLineRecord, ...]

    @property
    def books_hidden(self) -> bool:
        """A blind sheet hides the books' quantities until the counter has submitted."""
        return self.blind and self.status is CountSheetStatus.OPEN


@dataclass(frozen=True, slots=True)
class NewCountLine:
    product_id: int
    status: InventoryStatus
    lot: str
    expires_on: dt.date | None
    on_sheet: bool
    system_quantity: int


@dataclass(frozen=True, slots=True)
class BinBalance:
    product_id: int
    sku: str
    status: InventoryStatus
    lot: str
    expires_on: dt.date | None
    on_hand: int


@dataclass(frozen=True, slots=True)
class SellablePosition:
    on_hand: int
    allocated: int


class CountSheetRepository(Protocol):
    def add(
        self,
        *,
        merchant_id: int,
        location_id: int,
        bin_id: int,
        scope: CountScope,
        blind: bool,
        note: str | None,
        user_id: int,
        lines: Sequence[NewCountLine],
    ) -> CountSheetRecord: ...
    def get(
        self, *, merchant_id: int, sheet_id: int, lock: bool = False
    ) -> CountSheetRecord | None: ...
    def in_progress_for_bin(self, *, merchant_id: int, bin_id: int) -> int | None: ...
    def search(
        self, *, merchant_id: int, status: CountSheetStatus | None, page: PageRequest
    ) -> Page[CountSheetRecord]: ...
    def record_counts(
        self,
        *,
        merchant_id: int,
        sheet_id: int,
        counted: Mapping[int, int],
        found: Sequence[tuple[NewCountLine, int]],
        user_id: int,
        at: dt.datetime,
    ) -> None:
        """Set `counted` per line id (lines left out: 0), add the lines found beyond the books,
        and mark the sheet submitted."""
        ...

    def mark(
        self,
        *,
        merchant_id: int,
        sheet_id: int,
        status: CountSheetStatus,
        user_id: int,
        at: dt.datetime,
    ) -> None:
        """Mark the sheet applied or cancelled."""
        ...

    def bin_balances(
        self, *, merchant_id: int, bin_id: int, product_ids: Collection[int] | None
    ) -> list[BinBalance]:
        """The merchant's units in the bin (on hand above 0), optionally of some products only."""
        ...

    def sellable_positions(
        self, *, merchant_id: int, location_id: int, product_ids: Collection[int]
    ) -> dict[int, SellablePosition]: ...
