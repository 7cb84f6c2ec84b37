"""Receiving against an advance notice or blind: what arrived, discrepancies, dock-to-stock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from .advance_notices import AdvanceNotice, check_units
from .errors import InvalidReceipt
from .ids import Sku


class DiscrepancyKind(StrEnum):
    OVER = "over"  # more units of an expected SKU arrived than the notice said
    SHORT = "short"  # fewer units of an expected SKU arrived than the notice said
    DAMAGED = "damaged"  # units arrived damaged (counted in what arrived, reported apart)
    UNEXPECTED_SKU = "unexpected_sku"  # a SKU arrived that the notice did not list


@dataclass(frozen=True, slots=True)
class ReceivingScan:
    """One scan at the dock (a barcode already resolved to the SKU), possibly with a quantity."""

    sku: Sku
    quantity: int = 1
    damaged: bool = False

    def __post_init__(self) -> None:
        check_units(self.quantity, "quantity")


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """What arrived of one SKU. `expected` is None on a blind receipt (no notice)."""

    sku: Sku
    expected: int | None
    good: int
    damaged: int

    @property
    def received(self) -> int:
        return self.good + self.damaged

    @property
    def over(self) -> int:
        return 0 if self.expected is None else max(self.received - self.expected, 0)

    @property
    def short(self) -> int:
        return 0 if self.expected is None else max(self.expected - self.received, 0)


@dataclass(frozen=True, slots=True)
class Discrepancy:
    kind: DiscrepancyKind
    sku: Sku
    expected: int | None  # None on a blind receipt
    received: int  # every unit that arrived, damaged included
    quantity: int  # how many units are over, short, damaged or unexpected


def tally_receipt(
    notice: AdvanceNotice | None, scans: Iterable[ReceivingScan]
) -> tuple[ReceiptLine, ...]:
    """Expected against received per SKU: the notice's SKUs first, then any others as scanned."""
    expected = {} if notice is None else notice.expected_by_sku()
    good: dict[Sku, int] = dict.fromkeys(expected, 0)
    damaged: dict[Sku, int] = dict.fromkeys(expected, 0)
    for scan in scans:
        good.setdefault(scan.sku, 0)
        damaged.setdefault(scan.sku, 0)
        (damaged if scan.damaged else good)[scan.sku] += scan.quantity
    return tuple(
        ReceiptLine(sku, None if notice is None else expected.get(sku, 0), units, damaged[sku])
        for sku, units in good.items()
    )


def close_receipt(
    notice: AdvanceNotice | None, scans: Iterable[ReceivingScan]
) -> tuple[Discrepancy, ...]:
    """The discrepancies to raise as exception items when the receipt is closed.

    Over and short compare every unit that arrived (damaged included) with the notice; damaged units
    are reported on their own. A blind receipt has nothing to compare, so only damage is reported.
    """
    found: list[Discrepancy] = []
    for line in tally_receipt(notice, scans):
        kind_and_units = (
            (DiscrepancyKind.UNEXPECTED_SKU, line.received if line.expected == 0 else 0),
            (DiscrepancyKind.OVER, line.over if line.expected else 0),
            (DiscrepancyKind.SHORT, line.short),
            (DiscrepancyKind.DAMAGED, line.damaged),
        )
        found.extend(
            Discrepancy(kind, line.sku, line.expected, line.received, units)
            for kind, units in kind_and_units
            if units
        )
    return tuple(found)


def dock_to_stock(*, arrived_at: dt.datetime, putaway_completed_at: dt.datetime) -> dt.timedelta:
    """Time from arrival at the dock to the last unit put away (both timezone-aware)."""
    for value, field in (
        (arrived_at, "arrived_at"),
        (putaway_completed_at, "putaway_completed_at"),
    ):
        if value.utcoffset() is None:
            _refuse(field, f"{field} must carry a timezone (UTC), got {value.isoformat()}.")
    if putaway_completed_at < arrived_at:
        _refuse("putaway_completed_at", "putaway cannot complete before the receipt arrived.")
    return putaway_completed_at - arrived_at


def _refuse(field: str, message: str) -> NoReturn:
    raise InvalidReceipt(message, field=field)
