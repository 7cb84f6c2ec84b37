"""Cycle count pages: make a sheet for a scanned bin, enter what was found, apply or cancel it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.errors import DomainError, FieldProblem, InvalidInput
from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.inventory.count_states import CountScope, CountSheetStatus
from ordertower.domain.tenancy import Permission
from ordertower.services.counts import applying, sheets
from ordertower.services.counts.ports import CountSheetRecord

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormInvalid, SubmittedForm, page_of
from .pages import PageRoute, Visitor, flash_redirect, render
from .receiving import merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

EXTRA_ROWS = 5
MAX_EXTRA_ROWS = 50
POOLS = tuple(InventoryStatus)
STATUS_BADGES = {
    CountSheetStatus.OPEN: "info",
    CountSheetStatus.SUBMITTED: "warning",
    CountSheetStatus.APPLIED: "success",
    CountSheetStatus.CANCELLED: "neutral",
}


@dataclass(frozen=True)
class CountRow:
    """One row of the count form: a line of the sheet (sku fixed) or an empty one to fill in."""

    index: int
    sku: str
    pool: str
    lot: str
    system: int | None  # None when the books are hidden (blind) or for a new line
    fixed: bool


@router.get("/counts")
def count_home(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    return _home(request, visitor, runtime)


@router.post("/counts")
def create(request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    merchant_id = merchant_of(visitor)
    skus = [s for s in form.text("skus").replace(",", "\n").splitlines() if s.strip()]
    try:
        sheet = sheets.create_count_sheet(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            bin_barcode=form.text("bin"),
            skus=skus,
            blind=form.checked("blind"),
            note=form.optional("note"),
        )
    except DomainError as error:
        return _home(request, visitor, runtime, error=error.message, status_code=422)
    return flash_redirect(
        f"/counts/{sheet.id}", f"Count sheet {sheet.id} for bin {sheet.bin_code}."
    )


@router.get("/counts/{sheet_id}")
def sheet_page(
    request: Request, sheet_id: int, visitor: VisitorDep, runtime: RuntimeDep, rows: int = 0
) -> HTMLResponse:
    sheet = _sheet(runtime, visitor, sheet_id)
    return _sheet_page(request, visitor, sheet, extra=min(max(rows, EXTRA_ROWS), MAX_EXTRA_ROWS))


@router.post("/counts/{sheet_id}/submit")
def submit(
    request: Request, sheet_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    sheet = _sheet(runtime, visitor, sheet_id)
    try:
        lines = _counted_lines(form)
        sheets.submit_count(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=sheet.merchant_id,
            sheet_id=sheet_id,
            lines=lines,
        )
    except DomainError as error:
        return _sheet_page(
            request, visitor, sheet, extra=EXTRA_ROWS, error=error.message, status_code=422
        )
    return flash_redirect(f"/counts/{sheet_id}", "Count submitted: check the differences.")


@router.post("/counts/{sheet_id}/apply")
def apply(
    request: Request, sheet_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    sheet = _sheet(runtime, visitor, sheet_id)
    try:
        threshold = form.number("variance_threshold", applying.DEFAULT_VARIANCE_THRESHOLD)
        form.refuse_unreadable()
        applied = applying.apply_count(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=sheet.merchant_id,
            sheet_id=sheet_id,
            variance_threshold=threshold
            if threshold is not None
            else applying.DEFAULT_VARIANCE_THRESHOLD,
            reason=form.optional("reason"),
        )
    except DomainError as error:
        return _sheet_page(
            request, visitor, sheet, extra=EXTRA_ROWS, error=error.message, status_code=409
        )
    raised = len(applied.exception_items)
    text = f"Count applied: {len(applied.movements)} correction(s) posted."
    if raised:
        text += f" {raised} variance(s) raised as exception items."
    return flash_redirect(f"/counts/{sheet_id}", text)


@router.post("/counts/{sheet_id}/cancel")
def cancel(sheet_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    sheets.cancel_count_sheet(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        sheet_id=sheet_id,
        reason=form.optional("reason"),
    )
    return flash_redirect(f"/counts/{sheet_id}", "Count sheet cancelled; stock was not touched.")


def _home(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    found: list[CountSheetRecord] = []
    if visitor.merchant is not None:
        for status in (CountSheetStatus.OPEN, CountSheetStatus.SUBMITTED):
            found += sheets.list_count_sheets(
                runtime.uow(),
                principal=visitor.principal,
                merchant_id=visitor.merchant_id,
                page=page_of(None),
                status=status,
            ).items
    return render(
        request,
        "counts/index.html",
        visitor,
        status_code=status_code,
        flashes=[("error", error)] if error else [],
        sheets=found,
        status_badges=STATUS_BADGES,
        may_count=visitor.principal.may(Permission.FLOOR_WORK) and visitor.merchant is not None,
    )


def _sheet(runtime: Any, visitor: Visitor, sheet_id: int) -> CountSheetRecord:
    return sheets.get_count_sheet(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        sheet_id=sheet_id,
    )


def _sheet_page(
    request: Request,
    visitor: Visitor,
    sheet: CountSheetRecord,
    *,
    extra: int,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "counts/sheet.html",
        visitor,
        status_code=status_code,
        flashes=[("error", error)] if error else [],
        sheet=sheet,
        rows=_rows(sheet, extra),
        more_rows_url=f"/counts/{sheet.id}?rows={min(extra + EXTRA_ROWS, MAX_EXTRA_ROWS)}",
        pools=POOLS,
        status_badges=STATUS_BADGES,
        default_threshold=applying.DEFAULT_VARIANCE_THRESHOLD,
        may_count=visitor.principal.may(Permission.FLOOR_WORK),
    )


def _rows(sheet: CountSheetRecord, extra: int) -> list[CountRow]:
    hidden = sheet.books_hidden
    shown = [] if hidden and sheet.scope is CountScope.FULL_BIN else sheet.lines
    rows = [
        CountRow(
            i, line.sku, str(line.status), line.lot, None if hidden else line.system_quantity, True
        )
        for i, line in enumerate(shown)
    ]
    rows += [CountRow(len(rows) + i, "", "sellable", "", None, False) for i in range(extra)]
    return rows


def _counted_lines(form: SubmittedForm) -> list[sheets.CountedLine]:
    """The filled rows of the count form; a sheet line left blank is a problem (0 means none)."""
    lines, problems = [], []
    index = 0
    while f"line-{index}-sku" in form.values:
        prefix = f"line-{index}-"
        sku = form.text(prefix + "sku").strip()
        unreadable = len(form.problems)
        counted = form.number(prefix + "counted")
        if sku and counted is None and len(form.problems) == unreadable:
            problems.append(
                FieldProblem(
                    prefix + "counted", "required", f"Enter a count for {sku} (0 if none)."
                )
            )
        elif sku and counted is not None:
            lines.append(
                sheets.CountedLine(
                    sku=sku,
                    counted=counted,
                    pool=_pool(form.text(prefix + "pool")),
                    lot=form.optional(prefix + "lot"),
                )
            )
        index += 1
    form.problems.extend(problems)
    if form.problems:
        raise FormInvalid(form.problems)
    return lines


def _pool(text: str) -> InventoryStatus:
    try:
        return InventoryStatus(text or "sellable")
    except ValueError as error:
        raise InvalidInput(f"There is no pool {text!r}.", field="pool") from error
