"""Receipts at the dock: start one (against a notice or blind), receive by scan, close it (raising
discrepancies as exception items), put the units away."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.domain.inventory import DiscrepancyKind, InventoryStatus
from ordertower.domain.inventory.inbound_states import ReceiptStatus
from ordertower.services.receiving import putaway, receipts, scanning
from ordertower.services.receiving.ports import Receipt, ReceiptPutaway, ReceiptScan
from ordertower.services.receiving.receipt_views import ReceiptView

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .exception_items import ExceptionItemOut
from .shapes import MAX_ID, Id, Reason, StrictIn

router = APIRouter(tags=["receiving"])

ReceiptIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The receipt id.")]


class ReceiptIn(StrictIn):
    notice_id: Id | None = Field(default=None, description="The notice it arrives against.")
    location_id: Id | None = Field(default=None, description="Blind receipts: the warehouse.")
    destination: InventoryStatus | None = Field(
        default=None, description="Blind receipts: sellable (default) or fba_bound."
    )
    receiving_bin_id: Id | None = Field(
        default=None, description="Default: the warehouse's first receiving bin."
    )
    arrived_at: dt.datetime | None = Field(default=None, description="Default: now.")
    note: str | None = Field(default=None, max_length=5000)

    def to_draft(self) -> receipts.ArrivalDraft:
        return receipts.ArrivalDraft(
            notice_id=self.notice_id,
            location_id=self.location_id,
            destination=self.destination,
            receiving_bin_id=self.receiving_bin_id,
            arrived_at=self.arrived_at,
            note=self.note,
        )


class ScanIn(StrictIn):
    code: str = Field(max_length=200, description="Barcode (UPC/EAN/GTIN), FNSKU or SKU.")
    client_scan_id: str = Field(
        max_length=200, description="Unique per scan: a resubmitted scan is recognised by it."
    )
    quantity: int = 1
    damaged: bool = False
    pool: InventoryStatus | None = Field(default=None, description="Default: the destination.")
    lot: str | None = Field(default=None, max_length=200)
    expires_on: dt.date | None = Field(default=None, description="For expiration-dated SKUs.")


class CloseIn(StrictIn):
    reason: Reason = None


class PutawayIn(StrictIn):
    bin: str = Field(max_length=200, description="The scanned bin label (barcode).")
    code: str = Field(max_length=200, description="The product: barcode, FNSKU or SKU.")
    quantity: int
    client_putaway_id: str = Field(max_length=200, description="Unique per putaway.")
    pool: InventoryStatus | None = Field(default=None, description="When several pools wait.")
    lot: str | None = Field(default=None, max_length=200)


class LineOut(BaseModel):
    sku: str
    expected: int | None
    good: int
    damaged: int
    received: int
    over: int
    short: int


class WaitingOut(BaseModel):
    sku: str
    pool: InventoryStatus
    lot: str | None
    expires_on: dt.date | None
    quantity: int


class DiscrepancyOut(BaseModel):
    kind: DiscrepancyKind
    sku: str
    expected: int | None
    received: int
    quantity: int


class ReceiptOut(BaseModel):
    id: int
    notice_id: int | None
    notice_reference: str | None
    location_id: int
    receiving_bin_id: int | None
    destination: InventoryStatus
    status: ReceiptStatus
    arrived_at: dt.datetime
    closed_at: dt.datetime | None
    putaway_completed_at: dt.datetime | None
    dock_to_stock_seconds: int | None
    note: str | None
    lines: list[LineOut] = Field(description="Expected against received, per SKU.")
    waiting: list[WaitingOut] = Field(description="Units still in receiving, to put away.")
    discrepancies: list[DiscrepancyOut] = Field(
        description="What closing raises (or raised) as exception items."
    )

    @classmethod
    def of(cls, view: ReceiptView) -> ReceiptOut:
        r = view.receipt
        return cls(
            **_receipt_fields(r),
            notice_reference=view.notice.reference if view.notice else None,
            lines=[
                LineOut(
                    sku=i.sku,
                    expected=i.expected,
                    good=i.good,
                    damaged=i.damaged,
                    received=i.received,
                    over=i.over,
                    short=i.short,
                )
                for i in view.lines
            ],
            waiting=[
                WaitingOut(
                    sku=w.sku,
                    pool=w.status,
                    lot=w.lot or None,
                    expires_on=w.expires_on,
                    quantity=w.quantity,
                )
                for w in view.waiting
            ],
            discrepancies=[
                DiscrepancyOut(
                    kind=d.kind,
                    sku=d.sku,
                    expected=d.expected,
                    received=d.received,
                    quantity=d.quantity,
                )
                for d in view.discrepancies
            ],
        )


class ReceiptSummaryOut(BaseModel):
    id: int
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

    @classmethod
    def of(cls, r: Receipt) -> ReceiptSummaryOut:
        return cls(**_receipt_fields(r))


def _receipt_fields(r: Receipt) -> dict[str, object]:
    return {
        "id": r.id,
        "notice_id": r.notice_id,
        "location_id": r.location_id,
        "receiving_bin_id": r.receiving_bin_id,
        "destination": r.destination,
        "status": r.status,
        "arrived_at": r.arrived_at,
        "closed_at": r.closed_at,
        "putaway_completed_at": r.putaway_completed_at,
        "dock_to_stock_seconds": r.dock_to_stock_seconds,
        "note": r.note,
    }


class ScanOut(BaseModel):
    id: int
    client_scan_id: str
    scanned_code: str
    sku: str
    quantity: int
    damaged: bool
    pool: InventoryStatus
    lot: str | None
    expires_on: dt.date | None
    movement_id: int | None
    scanned_at: dt.datetime

    @classmethod
    def of(cls, s: ReceiptScan) -> ScanOut:
        return cls(
            id=s.id,
            client_scan_id=s.client_scan_id,
            scanned_code=s.scanned_code,
            sku=s.sku,
            quantity=s.quantity,
            damaged=s.damaged,
            pool=s.status,
            lot=s.lot or None,
            expires_on=s.expires_on,
            movement_id=s.movement_id,
            scanned_at=s.scanned_at,
        )


class ScannedOut(BaseModel):
    scan: ScanOut
    replayed: bool = Field(description="True: this scan was submitted before; nothing changed.")
    receipt: ReceiptOut


class PutawayOut(BaseModel):
    id: int
    client_putaway_id: str
    sku: str
    quantity: int
    pool: InventoryStatus
    lot: str | None
    bin_id: int
    movement_id: int | None
    put_at: dt.datetime

    @classmethod
    def of(cls, p: ReceiptPutaway) -> PutawayOut:
        return cls(
            id=p.id,
            client_putaway_id=p.client_putaway_id,
            sku=p.sku,
            quantity=p.quantity,
            pool=p.status,
            lot=p.lot or None,
            bin_id=p.bin_id,
            movement_id=p.movement_id,
            put_at=p.put_at,
        )


class PutAwayOut(BaseModel):
    putaway: PutawayOut
    replayed: bool
    receipt: ReceiptOut


class ClosedOut(BaseModel):
    receipt: ReceiptOut
    exception_items: list[ExceptionItemOut]


@router.get("/merchants/{merchant_id}/receipts", response_model=PageOut[ReceiptSummaryOut])
def list_receipts(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    status: ReceiptStatus | None = None,
) -> PageOut[ReceiptSummaryOut]:
    """The merchant's receipts, oldest first, optionally of one status."""
    found = receipts.list_receipts(
        runtime.uow(), principal=principal, merchant_id=merchant_id, page=page, status=status
    )
    return page_out(found, ReceiptSummaryOut.of)


@router.post("/merchants/{merchant_id}/receipts", status_code=http.HTTP_201_CREATED)
def start_receipt(
    merchant_id: MerchantDep, body: ReceiptIn, runtime: RuntimeDep, principal: PrincipalDep
) -> ReceiptOut:
    """Goods are at the dock: start a receipt against a notice, or blind at a warehouse."""
    uow = runtime.uow()
    started = receipts.start_receipt(
        uow, principal=principal, merchant_id=merchant_id, draft=body.to_draft()
    )
    return ReceiptOut.of(
        receipts.get_receipt(
            runtime.uow(), principal=principal, merchant_id=merchant_id, receipt_id=started.id
        )
    )


@router.get("/merchants/{merchant_id}/receipts/{receipt_id}")
def get_receipt(
    merchant_id: MerchantDep,
    receipt_id: ReceiptIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ReceiptOut:
    """One receipt: expected against received, what waits to be put away, discrepancies."""
    return ReceiptOut.of(
        receipts.get_receipt(
            runtime.uow(), principal=principal, merchant_id=merchant_id, receipt_id=receipt_id
        )
    )


@router.post(
    "/merchants/{merchant_id}/receipts/{receipt_id}/scans",
    status_code=http.HTTP_201_CREATED,
    responses={200: {"description": "The same scan was submitted before: nothing changed."}},
)
def scan(
    merchant_id: MerchantDep,
    receipt_id: ReceiptIdPath,
    body: ScanIn,
    response: Response,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ScannedOut:
    """Receive scanned units into the receiving bin (one ledger movement per scan)."""
    scanned = scanning.receive_scan(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        receipt_id=receipt_id,
        scan=scanning.ScanInput(
            code=body.code,
            client_scan_id=body.client_scan_id,
            quantity=body.quantity,
            damaged=body.damaged,
            pool=body.pool,
            lot=body.lot,
            expires_on=body.expires_on,
        ),
    )
    if scanned.replayed:
        response.status_code = http.HTTP_200_OK
    return ScannedOut(
        scan=ScanOut.of(scanned.scan),
        replayed=scanned.replayed,
        receipt=ReceiptOut.of(scanned.view),
    )


@router.post("/merchants/{merchant_id}/receipts/{receipt_id}/close")
def close_receipt(
    merchant_id: MerchantDep,
    receipt_id: ReceiptIdPath,
    body: CloseIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ClosedOut:
    """Close the receipt: one exception item per over, short, damaged or unexpected SKU."""
    closed = receipts.close_receipt(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        receipt_id=receipt_id,
        reason=body.reason,
    )
    return ClosedOut(
        receipt=ReceiptOut.of(closed.view),
        exception_items=[ExceptionItemOut.of(i) for i in closed.exception_items],
    )


@router.post(
    "/merchants/{merchant_id}/receipts/{receipt_id}/putaways",
    status_code=http.HTTP_201_CREATED,
    responses={200: {"description": "The same putaway was submitted before: nothing changed."}},
)
def put_away(
    merchant_id: MerchantDep,
    receipt_id: ReceiptIdPath,
    body: PutawayIn,
    response: Response,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> PutAwayOut:
    """Move received units from receiving into a scanned bin; the last one records dock-to-stock."""
    done = putaway.put_away(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        receipt_id=receipt_id,
        putaway=putaway.PutawayInput(
            bin=body.bin,
            code=body.code,
            quantity=body.quantity,
            client_putaway_id=body.client_putaway_id,
            pool=body.pool,
            lot=body.lot,
        ),
    )
    if done.replayed:
        response.status_code = http.HTTP_200_OK
    return PutAwayOut(
        putaway=PutawayOut.of(done.putaway),
        replayed=done.replayed,
        receipt=ReceiptOut.of(done.view),
    )
