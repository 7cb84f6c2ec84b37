"""Orders: capture (one, a batch, a CSV file), the list and one order, hold, release, cancel.

Capture answers per order: `201` for a new order, `200` for a known one (replay, update,
cancellation, or a change flagged for a person). A batch always answers `200` with one result per
index: the good orders are taken, each bad one is `rejected` with its field errors and nothing of
it is written (its raw payload is kept, as every payload is). A CSV file is taken whole or not at
all (`422` with every error by row and column). Unknown merchant or channel account: `404`; an
inactive account: `409`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi import status as http
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ordertower.domain.errors import InvalidInput
from ordertower.domain.orders import OrderState
from ordertower.services.orders import order_actions, queries
from ordertower.services.orders.capture import CaptureResult, capture_orders
from ordertower.services.orders.order_file import OrderFileInvalid, import_orders_csv
from ordertower.services.orders.order_json import read_json_order
from ordertower.services.orders.records import PayloadOutcome, PayloadSource
from ordertower.services.orders.views import OrderFilter

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..problems import problem
from ..schemas import PageOut, page_out
from .orders_shapes import (
    BatchIn,
    BatchOut,
    CaptureOut,
    OrderIn,
    OrderOut,
    OrderSummaryOut,
)
from .product_file import _FILE_BODY, uploaded_text
from .shapes import MAX_ID, AccountIdPath, StrictIn

router = APIRouter(tags=["orders"])

OrderIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The order id.")]
_ACCOUNT_ORDERS = "/merchants/{merchant_id}/channel-accounts/{account_id}/orders"


def _capture(
    runtime: Any, principal: Any, merchant_id: int, account_id: int, raws: list[Any], source: Any
) -> list[CaptureResult]:
    return capture_orders(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        channel_account_id=account_id,
        payloads=[read_json_order(raw, merchant_id, account_id) for raw in raws],
        source=source,
    )


@router.post(
    _ACCOUNT_ORDERS,
    response_model=CaptureOut,
    responses={
        201: {"description": "A new order was captured.", "model": CaptureOut},
        200: {"description": "A known order: replayed, updated, cancelled or flagged."},
        422: {"description": "Not a valid order: `errors` names each field."},
    },
)
async def capture_order(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    order: OrderIn,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> CaptureOut | JSONResponse:
    """Capture one order (stored first, then mapped, routed and allocated)."""
    raw = await request.json()
    [result] = await run_in_threadpool(
        _capture, runtime, principal, merchant_id, account_id, [raw], PayloadSource.API
    )
    if result.outcome is PayloadOutcome.REJECTED:
        return problem(
            422,
            "order_invalid",
            "The order is not valid: "
            + "; ".join(f"{p.field}: {p.message}" for p in result.problems[:10]),
            field=result.problems[0].field if result.problems else None,
            errors=[{"field": p.field, "code": p.code, "message": p.message}
                    for p in result.problems],
            payload_id=result.payload_id,
        )  # fmt: skip
    created = result.outcome is PayloadOutcome.CREATED
    response.status_code = http.HTTP_201_CREATED if created else http.HTTP_200_OK
    return CaptureOut.of(result)


def _batch_out(results: list[CaptureResult]) -> BatchOut:
    def count(*outcomes: PayloadOutcome) -> int:
        return sum(1 for r in results if r.outcome in outcomes)

    return BatchOut(
        created=count(PayloadOutcome.CREATED),
        updated=count(PayloadOutcome.UPDATED, PayloadOutcome.FLAGGED),
        unchanged=count(PayloadOutcome.UNCHANGED, PayloadOutcome.STALE, PayloadOutcome.CLOSED),
        rejected=count(PayloadOutcome.REJECTED),
        results=[CaptureOut.of(r) for r in results],
    )


@router.post(_ACCOUNT_ORDERS + ":batch")
def capture_batch(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    body: BatchIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> BatchOut:
    """Capture up to 1,000 orders; always 200 with a result per index (`rejected` ones say why)."""
    results = _capture(runtime, principal, merchant_id, account_id, body.orders, PayloadSource.API)
    return _batch_out(results)


@router.post(
    _ACCOUNT_ORDERS + ".csv",
    response_model=BatchOut,
    openapi_extra=_FILE_BODY,
    responses={422: {"description": "The file has errors (each by row and column)."}},
)
async def capture_csv(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    request: Request,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> BatchOut | JSONResponse:
    """Capture an order file: one row per line, rows grouped by external_order_id."""
    text = await uploaded_text(request)
    try:
        results = await run_in_threadpool(
            import_orders_csv,
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            channel_account_id=account_id,
            text=text,
        )
    except OrderFileInvalid as error:
        return problem(
            422,
            error.code,
            error.message,
            field=error.field,
            errors=[
                {"row": e.row, "column": e.column, "code": e.code, "message": e.message}
                for e in error.errors
            ],
        )
    return _batch_out(results)


@router.get("/merchants/{merchant_id}/orders", response_model=PageOut[OrderSummaryOut])
def list_orders(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    channel: Annotated[str | None, Query(max_length=16, description="shopify, amazon…")] = None,
    channel_account_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    state: OrderState | None = None,
    placed_before: dt.datetime | None = None,
    placed_after: dt.datetime | None = None,
    older_than_hours: Annotated[
        int | None, Query(ge=0, le=24 * 365, description="Placed at least this long ago.")
    ] = None,
    ship_by_today: Annotated[
        bool, Query(description="Only orders due to ship by the end of today (UTC).")
    ] = False,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Start of the external id, channel order number or customer name.",
        ),
    ] = None,
) -> PageOut[OrderSummaryOut]:
    """The merchant's orders, newest first (keyset pages)."""
    now = dt.datetime.now(dt.UTC)
    for name, value in (("placed_before", placed_before), ("placed_after", placed_after)):
        if value is not None and value.tzinfo is None:
            raise InvalidInput(f"Give {name} with a time zone (Z or +hh:mm).", field=name)
    if older_than_hours is not None:
        cutoff = now - dt.timedelta(hours=older_than_hours)
        placed_before = min(placed_before, cutoff) if placed_before else cutoff
    end_of_today = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    found = queries.list_orders(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        filters=OrderFilter(
            channel=channel,
            channel_account_id=channel_account_id,
            state=state,
            placed_before=placed_before,
            placed_after=placed_after,
            ship_by_before=end_of_today if ship_by_today else None,
            search=q or None,
        ),
        page=page,
    )
    return page_out(found, OrderSummaryOut.of)


@router.get("/merchants/{merchant_id}/orders/{order_id}")
def get_order(
    merchant_id: MerchantDep, order_id: OrderIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> OrderOut:
    """One order: lines with resolved units, timeline, routing and why, allocations, open items."""
    return OrderOut.of_detail(
        queries.get_order(
            runtime.uow(), principal=principal, merchant_id=merchant_id, order_id=order_id
        )
    )


class HoldIn(StrictIn):
    reason: str = Field(min_length=1, max_length=500, description="Why (kept on the timeline).")
    queue: str | None = Field(default=None, max_length=64, description="Default: manual.")


class CancelIn(StrictIn):
    reason: str = Field(min_length=1, max_length=500)


class ReleaseIn(StrictIn):
    note: str = Field(default="", max_length=500)


class StateOut(BaseModel):
    order_id: int
    state: OrderState


@router.post("/merchants/{merchant_id}/orders/{order_id}/hold")
def hold_order(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    body: HoldIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> StateOut:
    """Hold the order in a named queue until a person releases it."""
    state = order_actions.hold_order(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        reason=body.reason,
        queue=body.queue,
    )
    return StateOut(order_id=order_id, state=state)


@router.post("/merchants/{merchant_id}/orders/{order_id}/release-hold")
def release_hold(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    body: ReleaseIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> StateOut:
    """Release a held order: it runs through the pipeline again."""
    state = order_actions.release_hold(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        note=body.note,
    )
    return StateOut(order_id=order_id, state=state)


@router.post("/merchants/{merchant_id}/orders/{order_id}/cancel")
def cancel_order(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    body: CancelIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> StateOut:
    """Cancel an unshipped order; its allocations are released."""
    state = order_actions.cancel_order(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        reason=body.reason,
    )
    return StateOut(order_id=order_id, state=state)
