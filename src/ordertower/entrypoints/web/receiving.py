"""Receiving pages: start a receipt, receive by scanner (a keyboard wedge: scan, Enter, the table
updates in place), close it, and put the units away bin by bin."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.errors import DomainError, InvalidInput, NotFound
from ordertower.domain.exception_queue import SubjectKind
from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.inventory.inbound_states import NoticeStatus, ReceiptStatus
from ordertower.domain.locations import LocationKind
from ordertower.domain.tenancy import Permission
from ordertower.services.exception_queue import items
from ordertower.services.exception_queue.ports import ExceptionFilter
from ordertower.services.locations import sites
from ordertower.services.receiving import notices, putaway, receipts, scanning
from ordertower.services.receiving.receipt_views import ReceiptView

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, SubmittedForm, page_of
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

DESTINATIONS = {InventoryStatus.SELLABLE: "Sellable", InventoryStatus.FBA_BOUND: "FBA-bound"}
STATUS_BADGES = {
    ReceiptStatus.RECEIVING: "info",
    ReceiptStatus.RECEIVED: "warning",
    ReceiptStatus.PUT_AWAY: "success",
}
GOOD_POOLS = ("", "sellable", "fba_bound", "hold", "quarantine", "damaged")


def merchant_of(visitor: Visitor) -> int:
    if visitor.merchant is None:
        raise NotFound("No merchant is chosen.", field="merchant_id")
    return visitor.merchant_id


def is_htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


@router.get("/receiving")
def receiving_home(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    return _home(request, visitor, runtime)


@router.post("/receiving/start")
def start(request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    merchant_id = merchant_of(visitor)
    notice_id = form.number("notice_id")
    location_id = form.number("location_id")
    try:
        form.refuse_unreadable()
        destination = form.optional("destination")
        receipt = receipts.start_receipt(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            draft=receipts.ArrivalDraft(
                notice_id=notice_id,
                location_id=None if notice_id else location_id,
                destination=_pool(destination) if destination and not notice_id else None,
            ),
        )
    except DomainError as error:
        return _home(request, visitor, runtime, error=error.message, status_code=422)
    return flash_redirect(f"/receiving/{receipt.id}", f"Receipt {receipt.id} started: scan away.")


@router.get("/receiving/{receipt_id}")
def receipt_page(
    request: Request, receipt_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    view = _view(runtime, visitor, receipt_id)
    return _receipt_page(request, visitor, runtime, view)


@router.post("/receiving/{receipt_id}/scan")
def scan(
    request: Request, receipt_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    merchant_id = merchant_of(visitor)
    message, state = "", "ok"
    try:
        quantity = form.number("quantity", 1)
        form.refuse_unreadable()
        scanned = scanning.receive_scan(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            receipt_id=receipt_id,
            scan=scanning.ScanInput(
                code=form.text("code"),
                client_scan_id=form.text("client_scan_id"),
                quantity=quantity if quantity is not None else 1,
                damaged=form.checked("damaged"),
                lot=form.optional("lot"),
                expires_on=_date(form, "expires_on"),
            ),
        )
        view = scanned.view
        s = scanned.scan
        damaged = " damaged" if s.damaged else ""
        message = f"{s.quantity} × {s.sku}{damaged} received into {s.status}."
        if scanned.replayed:
            message = f"Already recorded: {message}"
    except DomainError as error:
        view = _view(runtime, visitor, receipt_id)
        message, state = error.message, "invalid"
    if not is_htmx(request):
        if state == "ok":
            return flash_redirect(f"/receiving/{receipt_id}", message)
        return _receipt_page(request, visitor, runtime, view, message=message, status_code=422)
    return render(
        request,
        "receiving/_scan_result.html",
        visitor,
        status_code=200 if state == "ok" else 422,
        view=view,
        message=message,
        state=state,
    )


@router.post("/receiving/{receipt_id}/close")
def close(receipt_id: int, visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    closed = receipts.close_receipt(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        receipt_id=receipt_id,
    )
    raised = len(closed.exception_items)
    text = f"Receipt {receipt_id} closed. " + (
        "1 discrepancy raised as an exception item."
        if raised == 1
        else f"{raised} discrepancies raised as exception items."
        if raised
        else "Everything matched."
    )
    return flash_redirect(
        f"/receiving/{receipt_id}", text, level="warning" if raised else "success"
    )


@router.get("/receiving/{receipt_id}/putaway")
def putaway_page(
    request: Request, receipt_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    view = _view(runtime, visitor, receipt_id)
    return render(
        request,
        "receiving/putaway.html",
        visitor,
        **_putaway_context(view, bin_code="", message="", state="", focus="bin"),
    )


@router.post("/receiving/{receipt_id}/putaway")
def put_away(
    request: Request, receipt_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    merchant_id = merchant_of(visitor)
    bin_code = form.text("bin").strip()
    message, state, focus = "", "ok", "code"
    try:
        quantity = form.number("quantity", 1)
        form.refuse_unreadable()
        pool = form.optional("pool")
        done = putaway.put_away(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            receipt_id=receipt_id,
            putaway=putaway.PutawayInput(
                bin=bin_code,
                code=form.text("code"),
                quantity=quantity if quantity is not None else 1,
                client_putaway_id=form.text("client_putaway_id"),
                pool=_pool(pool) if pool else None,
                lot=form.optional("lot"),
            ),
        )
        view, p = done.view, done.putaway
        message = f"{p.quantity} × {p.sku} put away into {bin_code}."
        if view.receipt.status is ReceiptStatus.PUT_AWAY:
            message += " Everything from this receipt is stocked."
    except DomainError as error:
        view = _view(runtime, visitor, receipt_id)
        message, state = error.message, "invalid"
        focus = {"bin": "bin", "quantity": "quantity"}.get(error.field or "", "code")
    context = _putaway_context(view, bin_code=bin_code, message=message, state=state, focus=focus)
    if is_htmx(request):
        return render(request, "receiving/_putaway_panel.html", visitor, **context)
    code = 200 if state == "ok" else 422
    return render(request, "receiving/putaway.html", visitor, status_code=code, **context)


def _home(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {"open_notices": [], "receipts": [], "warehouses": []}
    if visitor.merchant is not None:
        uow, principal, merchant_id = runtime.uow, visitor.principal, visitor.merchant_id
        context["open_notices"] = notices.list_notices(
            uow(),
            principal=principal,
            merchant_id=merchant_id,
            page=page_of(None),
            status=NoticeStatus.OPEN,
        ).items
        context["receipts"] = [
            r
            for status in (ReceiptStatus.RECEIVING, ReceiptStatus.RECEIVED)
            for r in receipts.list_receipts(
                uow(),
                principal=principal,
                merchant_id=merchant_id,
                page=page_of(None),
                status=status,
            ).items
        ]
        context["warehouses"] = sites.list_locations(
            uow(), principal=principal, page=page_of(None, limit=500), kind=LocationKind.WAREHOUSE
        ).items
    codes = {w.id: w.code for w in context["warehouses"]}
    return render(
        request,
        "receiving/index.html",
        visitor,
        status_code=status_code,
        flashes=[("error", error)] if error else [],
        location_codes=codes,
        destinations=DESTINATIONS,
        status_badges=STATUS_BADGES,
        may_receive=visitor.principal.may(Permission.FLOOR_WORK),
        **context,
    )


def _view(runtime: Any, visitor: Visitor, receipt_id: int) -> ReceiptView:
    return receipts.get_receipt(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        receipt_id=receipt_id,
    )


def _receipt_page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    view: ReceiptView,
    *,
    message: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    raised = items.list_exception_items(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=view.receipt.merchant_id,
        filters=ExceptionFilter(
            subject_kind=str(SubjectKind.RECEIPT), subject_id=str(view.receipt.id)
        ),
        page=page_of(None),
    ).items
    return render(
        request,
        "receiving/receipt.html",
        visitor,
        status_code=status_code,
        view=view,
        message=message,
        state="invalid" if message else "",
        client_scan_id=_new_id(),
        exception_items=raised,
        status_badges=STATUS_BADGES,
        may_receive=visitor.principal.may(Permission.FLOOR_WORK),
    )


def _putaway_context(
    view: ReceiptView, *, bin_code: str, message: str, state: str, focus: str
) -> dict[str, Any]:
    return {
        "view": view,
        "bin_code": bin_code,
        "message": message,
        "state": state,
        "focus": focus,
        "pools": GOOD_POOLS,
        "client_putaway_id": _new_id(),
        "status_badges": STATUS_BADGES,
    }


def _pool(text: str) -> InventoryStatus:
    try:
        return InventoryStatus(text)
    except ValueError as error:
        raise InvalidInput(f"There is no pool {text!r}.", field="pool") from error


def _date(form: SubmittedForm, name: str) -> dt.date | None:
    text = form.optional(name)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise InvalidInput(f"{text!r} is not a date; use YYYY-MM-DD.", field=name) from error


def _new_id() -> str:
    return uuid.uuid4().hex
