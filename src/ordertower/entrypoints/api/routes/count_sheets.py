"""Cycle counts: a count sheet per bin (blind by default), the counter's findings, and applying
them as count-correction adjustments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.inventory.count_states import CountScope, CountSheetStatus
from ordertower.services.counts import applying, sheets
from ordertower.services.counts.ports import CountSheetRecord

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .exception_items import ExceptionItemOut
from .shapes import MAX_ID, Id, Reason, StrictIn

router = APIRouter(tags=["counts"])

CountSheetIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The count sheet id.")]


class CountSheetIn(StrictIn):
    bin_id: Id | None = Field(default=None, description="The bin to count (or bin_barcode).")
    bin_barcode: str | None = Field(default=None, max_length=200)
    skus: list[str] = Field(
        default_factory=list, max_length=1000, description="Only these SKUs; empty: the full bin."
    )
    blind: bool = Field(default=True, description="Hide the books' quantities from the counter.")
    note: str | None = Field(default=None, max_length=5000)


class CountedIn(StrictIn):
    sku: str = Field(max_length=200)
    counted: int = Field(description="Units found (0 or more).")
    pool: InventoryStatus = InventoryStatus.SELLABLE
    lot: str | None = Field(default=None, max_length=200)
    expires_on: dt.date | None = None


class SubmitIn(StrictIn):
    lines: list[CountedIn] = Field(
        max_length=10_000,
        description="What was found. Anything on the sheet or in the books of the counted scope "
        "that is not listed here counts as 0.",
    )


class ApplyIn(StrictIn):
    variance_threshold: int = Field(
        default=applying.DEFAULT_VARIANCE_THRESHOLD,
        description="Differences of more units than this raise an exception item.",
    )
    reason: Reason = None


class CancelIn(StrictIn):
    reason: Reason = None


class CountLineOut(BaseModel):
    sku: str
    pool: InventoryStatus
    lot: str | None
    expires_on: dt.date | None
    on_sheet: bool = Field(description="False: found by the counter, unknown to the books.")
    system_quantity: int | None = Field(description="The books (hidden while a blind count runs).")
    counted: int | None
    difference: int | None


class CountSheetOut(BaseModel):
    id: int
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
    books_hidden: bool
    lines: list[CountLineOut] = Field(
        description="A blind full-bin count shows no lines until submitted."
    )

    @classmethod
    def of(cls, s: CountSheetRecord) -> CountSheetOut:
        hidden = s.books_hidden
        lines = [] if hidden and s.scope is CountScope.FULL_BIN else s.lines
        return cls(
            id=s.id,
            location_id=s.location_id,
            bin_id=s.bin_id,
            bin_code=s.bin_code,
            scope=s.scope,
            blind=s.blind,
            status=s.status,
            note=s.note,
            created_at=s.created_at,
            submitted_at=s.submitted_at,
            applied_at=s.applied_at,
            cancelled_at=s.cancelled_at,
            books_hidden=hidden,
            lines=[
                CountLineOut(
                    sku=i.sku,
                    pool=i.status,
                    lot=i.lot or None,
                    expires_on=i.expires_on,
                    on_sheet=i.on_sheet,
                    system_quantity=None if hidden else i.system_quantity,
                    counted=i.counted,
                    difference=None if hidden else i.difference,
                )
                for i in lines
            ],
        )


class AppliedOut(BaseModel):
    count_sheet: CountSheetOut
    movement_ids: list[int] = Field(description="The count-correction adjustments posted.")
    exception_items: list[ExceptionItemOut]


@router.get("/merchants/{merchant_id}/count-sheets", response_model=PageOut[CountSheetOut])
def list_count_sheets(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    status: CountSheetStatus | None = None,
) -> PageOut[CountSheetOut]:
    """The merchant's count sheets, oldest first, optionally of one status."""
    found = sheets.list_count_sheets(
        runtime.uow(), principal=principal, merchant_id=merchant_id, page=page, status=status
    )
    return page_out(found, CountSheetOut.of)


@router.post("/merchants/{merchant_id}/count-sheets", status_code=http.HTTP_201_CREATED)
def create_count_sheet(
    merchant_id: MerchantDep, body: CountSheetIn, runtime: RuntimeDep, principal: PrincipalDep
) -> CountSheetOut:
    """Make a count sheet for one bin (all of it, or listed SKUs); the books are snapshotted."""
    sheet = sheets.create_count_sheet(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        bin_id=body.bin_id,
        bin_barcode=body.bin_barcode,
        skus=body.skus,
        blind=body.blind,
        note=body.note,
    )
    return CountSheetOut.of(sheet)


@router.get("/merchants/{merchant_id}/count-sheets/{count_sheet_id}")
def get_count_sheet(
    merchant_id: MerchantDep,
    count_sheet_id: CountSheetIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> CountSheetOut:
    """One count sheet (a blind one hides the books until it is submitted)."""
    return CountSheetOut.of(
        sheets.get_count_sheet(
            runtime.uow(), principal=principal, merchant_id=merchant_id, sheet_id=count_sheet_id
        )
    )


@router.post("/merchants/{merchant_id}/count-sheets/{count_sheet_id}/submit")
def submit_count(
    merchant_id: MerchantDep,
    count_sheet_id: CountSheetIdPath,
    body: SubmitIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> CountSheetOut:
    """Send what was counted; the sheet then shows the differences and waits to be applied."""
    return CountSheetOut.of(
        sheets.submit_count(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            sheet_id=count_sheet_id,
            lines=[
                sheets.CountedLine(i.sku, i.counted, i.pool, i.lot, i.expires_on)
                for i in body.lines
            ],
        )
    )


@router.post("/merchants/{merchant_id}/count-sheets/{count_sheet_id}/apply")
def apply_count(
    merchant_id: MerchantDep,
    count_sheet_id: CountSheetIdPath,
    body: ApplyIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> AppliedOut:
    """Post the differences as count corrections (one posting); raise large variances."""
    applied = applying.apply_count(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        sheet_id=count_sheet_id,
        variance_threshold=body.variance_threshold,
        reason=body.reason,
    )
    return AppliedOut(
        count_sheet=CountSheetOut.of(applied.sheet),
        movement_ids=[p.movement_id for p in applied.movements],
        exception_items=[ExceptionItemOut.of(i) for i in applied.exception_items],
    )


@router.post("/merchants/{merchant_id}/count-sheets/{count_sheet_id}/cancel")
def cancel_count_sheet(
    merchant_id: MerchantDep,
    count_sheet_id: CountSheetIdPath,
    body: CancelIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> CountSheetOut:
    """Drop a sheet that was not applied (stock is not touched)."""
    return CountSheetOut.of(
        sheets.cancel_count_sheet(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            sheet_id=count_sheet_id,
            reason=body.reason,
        )
    )
