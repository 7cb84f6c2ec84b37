"""A receipt as the dock sees it: expected against received per SKU, and what still waits to be put
away (per SKU, pool and lot)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ordertower.domain.inventory import (
    AdvanceNotice,
    Discrepancy,
    ExpectedLine,
    InventoryStatus,
    ReceivingScan,
    close_receipt,
    tally_receipt,
)

from .ports import Notice, Receipt, ReceiptPutaway, ReceiptScan
from .unit_of_work import ReceivingUnitOfWork


@dataclass(frozen=True, slots=True)
class ReceiptLineView:
    sku: str
    expected: int | None  # None on a blind receipt
    good: int
    damaged: int
    over: int
    short: int

    @property
    def received(self) -> int:
        return self.good + self.damaged


@dataclass(frozen=True, slots=True)
class Waiting:
    """Units of one receipt still in receiving, per SKU, pool and lot."""

    product_id: int
    sku: str
    status: InventoryStatus
    lot: str  # "" for none
    expires_on: dt.date | None
    quantity: int


@dataclass(frozen=True, slots=True)
class ReceiptView:
    receipt: Receipt
    notice: Notice | None
    lines: tuple[ReceiptLineView, ...]
    waiting: tuple[Waiting, ...]
    discrepancies: tuple[Discrepancy, ...]  # what closing raises (or raised)
    scans: tuple[ReceiptScan, ...]  # newest first

    @property
    def label(self) -> str:
        return receipt_label(self.receipt, self.notice)


def receipt_label(receipt: Receipt, notice: Notice | None) -> str:
    if notice is None:
        return f"Receipt {receipt.id} (blind)"
    return f"Receipt {receipt.id} (notice {notice.reference})"


def load_view(uow: ReceivingUnitOfWork, merchant_id: int, receipt: Receipt) -> ReceiptView:
    """The receipt's view inside an open unit of work."""
    notice = None
    if receipt.notice_id is not None:
        notice = uow.notices.get(merchant_id=merchant_id, notice_id=receipt.notice_id)
    scans = uow.receipts.scans(merchant_id=merchant_id, receipt_id=receipt.id)
    putaways = uow.receipts.putaways(merchant_id=merchant_id, receipt_id=receipt.id)
    return build_view(receipt, notice, scans, putaways)


def build_view(
    receipt: Receipt,
    notice: Notice | None,
    scans: Sequence[ReceiptScan],
    putaways: Sequence[ReceiptPutaway],
) -> ReceiptView:
    advance = advance_notice(notice)
    dock = [ReceivingScan(s.sku, s.quantity, s.damaged) for s in scans]
    lines = tuple(
        ReceiptLineView(line.sku, line.expected, line.good, line.damaged, line.over, line.short)
        for line in tally_receipt(advance, dock)
    )
    return ReceiptView(
        receipt=receipt,
        notice=notice,
        lines=lines,
        waiting=waiting(scans, putaways),
        discrepancies=close_receipt(advance, dock),
        scans=tuple(sorted(scans, key=lambda s: s.id, reverse=True)),
    )


def advance_notice(notice: Notice | None) -> AdvanceNotice | None:
    """The stored notice as the domain's advance notice (packages are not needed to tally)."""
    if notice is None:
        return None
    expected: dict[str, int] = {}
    for line in notice.lines:
        expected[line.sku] = expected.get(line.sku, 0) + line.expected_quantity
    return AdvanceNotice(
        notice_id=str(notice.id),
        merchant_id=notice.merchant_id,
        expected_on=notice.expected_at.date() if notice.expected_at else None,
        lines=tuple(ExpectedLine(sku, quantity) for sku, quantity in expected.items()),
    )


def waiting(
    scans: Sequence[ReceiptScan], putaways: Sequence[ReceiptPutaway]
) -> tuple[Waiting, ...]:
    """Received minus put away, per (product, pool, lot), in the order first scanned."""
    key_type = tuple[int, InventoryStatus, str]
    left: dict[key_type, int] = {}
    about: dict[key_type, tuple[str, dt.date | None]] = {}
    for scan in sorted(scans, key=lambda s: s.id):
        key = (scan.product_id, scan.status, scan.lot)
        left[key] = left.get(key, 0) + scan.quantity
        about.setdefault(key, (scan.sku, scan.expires_on))
    for putaway in putaways:
        key = (putaway.product_id, putaway.status, putaway.lot)
        left[key] = left.get(key, 0) - putaway.quantity
    return tuple(
        Waiting(key[0], about[key][0], key[1], key[2], about[key][1], quantity)
        for key, quantity in left.items()
        if quantity > 0
    )
