"""The landing page: counters that say what needs doing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ordertower.domain.orders import OrderState
from ordertower.services.dashboard import order_work, workload

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
        counters += _order_counters(
            order_work(runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id)
        )
    return render(request, "dashboard.html", visitor, counters=counters)


def _order_counters(states: dict[OrderState, int]) -> list[dict[str, object]]:
    """Orders waiting for someone, each linked to the page where that work is done."""
    s = OrderState
    return [
        {
            "label": "Orders needing a person",
            "value": states.get(s.NEEDS_ATTENTION, 0) + states.get(s.ON_HOLD, 0),
            "href": "/order-exceptions",
        },
        {
            "label": "Orders backordered",
            "value": states.get(s.BACKORDERED, 0),
            "href": "/orders?state=backordered",
        },
        {
            "label": "Orders ready for a wave",
            "value": states.get(s.ALLOCATED, 0),
            "href": "/fulfillment",
        },
        {
            "label": "Orders on the floor",
            "value": sum(states.get(x, 0) for x in (s.RELEASED, s.PICKING, s.PACKED)),
            "href": "/fulfillment",
        },
    ]
