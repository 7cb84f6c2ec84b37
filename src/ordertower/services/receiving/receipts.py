"""Use cases for receipts: start one at arrival (against a notice or blind), close it, look it up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ordertower.domain.errors import FieldProblem, InvalidInput, NotFound
from ordertower.domain.exception_queue import DISCREPANCY_REASONS, SubjectKind
from ordertower.domain.inventory import InventoryStatus, dock_to_stock
from ordertower.domain.inventory.inbound_states import (
    DESTINATIONS,
    NOTICE_CHANGES,
    RECEIPT_CHANGES,
    NoticeStatus,
    ReceiptStatus,
    check_change,
)
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.exception_queue.ports import ExceptionItem, NewExceptionItem

from .errors import ReceiptInvalid
from .places import receiving_bin, warehouse_problems
from .ports import NewReceipt, Notice, Receipt
from .receipt_views import ReceiptView, load_view
from .unit_of_work import ReceivingUnitOfWork
from .wording import audit_entry, discrepancy_message

# How far ahead of the server's clock a hand-held's arrival time may be (clock drift).
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrivalDraft:
    """A receipt to start: against `notice_id`, or blind at `location_id`."""

    notice_id: int | None = None
    location_id: int | None = None
    destination: InventoryStatus | None = None  # blind: default sellable; notice: the notice's
    receiving_bin_id: int | None = None
    arrived_at: dt.datetime | None = None  # default: now
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Closed:
    view: ReceiptView
    exception_items: list[ExceptionItem]


def start_receipt(
    uow: ReceivingUnitOfWork, *, principal: Principal, merchant_id: int, draft: ArrivalDraft
) -> Receipt:
    """Goods are at the dock: open a receipt that scans will land units in."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        notice = _arriving_notice(uow, merchant_id, draft)
        location_id = notice.location_id if notice else draft.location_id
        destination = notice.destination if notice else draft.destination
        _check_arrival(uow, draft, location_id, destination)
        assert location_id is not None
        landing = receiving_bin(uow, location_id, draft.receiving_bin_id)
        receipt = uow.receipts.add(
            merchant_id=merchant_id,
            receipt=NewReceipt(
                notice_id=notice.id if notice else None,
                location_id=location_id,
                receiving_bin_id=landing.id if landing else None,
                destination=destination or InventoryStatus.SELLABLE,
                arrived_at=_arrival_time(uow, draft.arrived_at),
                note=(draft.note or "").strip() or None,
                created_by_user_id=principal.user_id,
            ),
        )
        if notice is not None:
            uow.notices.set_status(
                merchant_id=merchant_id,
                notice_id=notice.id,
                status=NoticeStatus.RECEIVING,
                at=uow.now(),
            )
        uow.audit.record(
            audit_entry(
                principal,
                "receipt.started",
                "receipt",
                receipt.id,
                merchant_id=merchant_id,
                notice_id=receipt.notice_id,
            )
        )
        uow.commit()
    return receipt


def close_receipt(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    receipt_id: int,
    reason: str | None = None,
) -> Closed:
    """Everything is scanned: raise one exception item per discrepancy and close the notice."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        receipt = find_receipt(uow, merchant_id, receipt_id, lock=True)
        check_change(
            f"Receipt {receipt_id}",
            RECEIPT_CHANGES,
            receipt.status,
            ReceiptStatus.RECEIVED,
            field="receipt_id",
        )
        now = uow.now()
        view = load_view(uow, merchant_id, receipt)
        items = raise_items(uow, merchant_id=merchant_id, items=_exception_items(view))
        uow.receipts.close(merchant_id=merchant_id, receipt_id=receipt_id, at=now)
        if view.notice is not None:
            uow.notices.set_status(
                merchant_id=merchant_id,
                notice_id=view.notice.id,
                status=NoticeStatus.CLOSED,
                at=now,
            )
        if not view.waiting:
            received_any = any(line.received for line in view.lines)
            finish_putaway(uow, merchant_id, receipt, now, timed=received_any)
        uow.audit.record(
            audit_entry(
                principal,
                "receipt.closed",
                "receipt",
                receipt_id,
                merchant_id=merchant_id,
                reason=reason,
                discrepancies=len(view.discrepancies),
            )
        )
        closed = load_view(uow, merchant_id, find_receipt(uow, merchant_id, receipt_id))
        uow.commit()
    return Closed(closed, items)


def get_receipt(
    uow: ReceivingUnitOfWork, *, principal: Principal, merchant_id: int, receipt_id: int
) -> ReceiptView:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return load_view(uow, merchant_id, find_receipt(uow, merchant_id, receipt_id))


def list_receipts(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    status: ReceiptStatus | None = None,
) -> Page[Receipt]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.receipts.search(merchant_id=merchant_id, status=status, page=page)


def find_receipt(
    uow: ReceivingUnitOfWork, merchant_id: int, receipt_id: int, *, lock: bool = False
) -> Receipt:
    receipt = uow.receipts.get(merchant_id=merchant_id, receipt_id=receipt_id, lock=lock)
    if receipt is None:
        raise NotFound(f"Receipt {receipt_id} not found.", field="receipt_id")
    return receipt


def finish_putaway(
    uow: ReceivingUnitOfWork,
    merchant_id: int,
    receipt: Receipt,
    now: dt.datetime,
    *,
    timed: bool = True,
) -> None:
    """Nothing of the receipt waits in receiving: it is put away; dock-to-stock is recorded
    (not for a receipt that brought nothing: there was nothing to stock)."""
    seconds = None
    if timed:
        elapsed = dock_to_stock(
            arrived_at=receipt.arrived_at, putaway_completed_at=max(now, receipt.arrived_at)
        )
        seconds = int(elapsed.total_seconds())
    uow.receipts.complete_putaway(
        merchant_id=merchant_id, receipt_id=receipt.id, at=now, dock_to_stock_seconds=seconds
    )


def _arriving_notice(
    uow: ReceivingUnitOfWork, merchant_id: int, draft: ArrivalDraft
) -> Notice | None:
    if draft.notice_id is None:
        return None
    notice = uow.notices.get(merchant_id=merchant_id, notice_id=draft.notice_id, lock=True)
    if notice is None:
        raise InvalidInput(
            f"Inbound notice {draft.notice_id} does not exist for this merchant; receive blind "
            "or pick an open notice.",
            field="notice_id",
        )
    check_change(
        f"Inbound notice {notice.reference}",
        NOTICE_CHANGES,
        notice.status,
        NoticeStatus.RECEIVING,
        field="notice_id",
    )
    if draft.location_id is not None and draft.location_id != notice.location_id:
        raise InvalidInput(
            f"Notice {notice.reference} is for location {notice.location_id}; receive it there "
            "(or leave location_id out).",
            field="location_id",
        )
    if draft.destination is not None and draft.destination != notice.destination:
        raise InvalidInput(
            f"Notice {notice.reference} sends its units to {notice.destination}; change the "
            "notice, or leave destination out.",
            field="destination",
        )
    return notice


def _check_arrival(
    uow: ReceivingUnitOfWork,
    draft: ArrivalDraft,
    location_id: int | None,
    destination: InventoryStatus | None,
) -> None:
    problems: list[FieldProblem] = []
    if location_id is None:
        problems.append(
            FieldProblem(
                "location_id",
                "required",
                "A blind receipt needs the warehouse the goods arrived at.",
            )
        )
    else:
        problems += warehouse_problems(uow, location_id, field="location_id")
    if destination is not None and destination not in DESTINATIONS:
        problems.append(
            FieldProblem(
                "destination",
                "unknown_destination",
                "Receipts send good units to sellable or fba_bound (for Amazon) only.",
            )
        )
    if problems:
        raise ReceiptInvalid(problems)


def _arrival_time(uow: ReceivingUnitOfWork, given: dt.datetime | None) -> dt.datetime:
    now = uow.now()
    if given is None:
        return now
    if given.utcoffset() is None:
        raise InvalidInput("Give arrived_at with a timezone (UTC).", field="arrived_at")
    if given > now + CLOCK_TOLERANCE:
        raise InvalidInput(
            f"arrived_at {given.isoformat()} is in the future; goods arrive before they are "
            "received.",
            field="arrived_at",
        )
    return min(given, now)


def _exception_items(view: ReceiptView) -> list[NewExceptionItem]:
    receipt = view.receipt
    return [
        NewExceptionItem(
            reason_code=str(DISCREPANCY_REASONS[found.kind]),
            subject_kind=str(SubjectKind.RECEIPT),
            subject_id=str(receipt.id),
            message=discrepancy_message(view.label, found),
            details={
                "kind": str(found.kind),
                "sku": found.sku,
                "expected": found.expected,
                "received": found.received,
                "quantity": found.quantity,
                "notice_id": view.notice.id if view.notice else None,
                "notice_reference": view.notice.reference if view.notice else None,
            },
            raise_key=f"receipt:{receipt.id}:{found.kind}:{found.sku}",
        )
        for found in view.discrepancies
    ]
