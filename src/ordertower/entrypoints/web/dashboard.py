"""The landing page: counters that say what needs doing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ordertower.services.dashboard import workload

from ..api.deps import RuntimeDep
from . import products
from .auth import VisitorDep
from .pages import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    counters: list[dict[str, object]] = [*products.counters(runtime, visitor)]
    if visitor.merchant is not None:
        work = workload(runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id)
        counters += [
            {"label": "Open exceptions", "value": work.open_exceptions, "href": "/receiving"},
            {
                "label": "Receipts in progress",
                "value": work.receipts_in_progress,
                "href": "/receiving",
            },
            {"label": "Notices awaiting arrival", "value": work.open_notices, "href": "/receiving"},
            {
                "label": "Listings showing 0",
                "value": work.listings_showing_zero,
                "href": "/listings",
            },
            {"label": "Sellable units", "value": work.sellable_units, "href": "/inventory"},
        ]
    return render(request, "dashboard.html", visitor, counters=counters)
