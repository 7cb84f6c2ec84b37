"""The Dropship screen: a vendor's requests with the purchase-order file, send and record-tracking
forms. The work itself is services/dropship/requests.py; a refused form comes back as a flash."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.errors import Conflict, DomainError, InvalidInput
from ordertower.domain.tenancy import Permission
from ordertower.services.dropship import purchase_orders, requests
from ordertower.services.dropship.ports import DropshipStatus

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, cursor_links, page_of, shown_time
from .pages import PageRoute, flash_redirect, render
from .receiving import merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PAGE_SIZE = 50
STATUS_BADGES = {"requested": "warning", "sent": "info", "shipped": "success",
                 "cancelled": "neutral"}  # fmt: skip


def _status(value: str) -> DropshipStatus | None:
    return DropshipStatus(value) if value in {str(s) for s in DropshipStatus} else None


@router.get("/dropship")
def dropship_page(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    vendor: str = "",
    status: str = "",
    cursor: str | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {"vendors": [], "entries": [], "pages": None}
    if visitor.merchant is not None:
        vendors = requests.list_vendors(
            runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id
        )
        codes = {code for _, code, _ in vendors}
        vendor = vendor if vendor in codes else ""
        found = requests.list_requests(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            page=page_of(cursor, limit=PAGE_SIZE),
            vendor=vendor or None,
            status=_status(status),
        )
        context = {
            "vendors": vendors,
            "entries": found.items,
            "pages": cursor_links(request, found),
        }
    return render(
        request,
        "dropship/index.html",
        visitor,
        vendor=vendor,
        status=status if _status(status) else "",
        statuses=[str(s) for s in DropshipStatus],
        status_badges=STATUS_BADGES,
        shown_time=shown_time,
        may_work=visitor.principal.may(Permission.MANAGE_ORDERS),
        **context,
    )


@router.get("/dropship/purchase-order.csv")
def purchase_order(
    visitor: VisitorDep, runtime: RuntimeDep, vendor: str = "", status: str = "requested"
) -> Response:
    body = purchase_orders.purchase_order_csv(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        vendor=vendor or None,
        status=_status(status) or DropshipStatus.REQUESTED,
    )
    name = f"dropship-{(vendor or 'all').lower()}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/dropship/{request_id:int}/send")
def send(request_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    back = _back(form.text("vendor"))
    try:
        worked = requests.send_request(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            request_id=request_id,
        )
    except (InvalidInput, Conflict) as error:
        return _refused(back, error)
    if not worked.changed:
        return flash_redirect(back, f"Request {request_id} was already sent.", level="info")
    return flash_redirect(
        back, f"Request {request_id} sent: order {worked.request.order_id} is released."
    )


@router.post("/dropship/{request_id:int}/ship")
def ship(request_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    back = _back(form.text("vendor"))
    try:
        worked = requests.ship_request(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            request_id=request_id,
            carrier=form.text("carrier"),
            tracking_number=form.text("tracking_number"),
        )
    except (InvalidInput, Conflict) as error:
        return _refused(back, error)
    if not worked.changed:
        return flash_redirect(back, f"Request {request_id} was already shipped.", level="info")
    return flash_redirect(
        back,
        f"Order {worked.request.order_id} shipped by {worked.request.vendor_code}: "
        f"{worked.request.carrier} {worked.request.tracking_number}.",
    )


def _back(vendor: str) -> str:
    code = "".join(ch for ch in vendor if ch.isalnum() or ch in "-_")[:32]
    return "/dropship" + (f"?vendor={code}" if code else "")


def _refused(back: str, error: DomainError) -> Response:
    return flash_redirect(back, error.message, level="error")
