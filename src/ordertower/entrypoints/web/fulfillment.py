"""Fulfillment pages: release a wave, its pick list in walking order (printable), the floor's orders.

The station itself (scan, short pick, pack, label, confirm) is in fulfillment_station.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem, InvalidInput, NotFound
from ordertower.domain.fulfillment import DEFAULT_WAVE_ORDERS, MAX_WAVE_ORDERS, WaveCriteria
from ordertower.domain.locations import LocationKind
from ordertower.domain.orders import OrderState
from ordertower.domain.shipping import ServiceLevel
from ordertower.domain.tenancy import Permission
from ordertower.services.fulfillment import waves
from ordertower.services.locations import sites
from ordertower.services.orders import queries
from ordertower.services.orders.views import OrderFilter

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, FormInvalid, SubmittedForm, form_errors, page_of, shown_time
from .orders_view import order_row, state_name
from .pages import PageRoute, Visitor, flash_redirect, render
from .receiving import merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

ON_THE_FLOOR = (OrderState.RELEASED, OrderState.PICKING, OrderState.PACKED)
FLOOR_LIST_SIZE = 25
WAVE_FIELDS = ("location_id", "ship_by_before", "max_orders")


@router.get("/fulfillment")
def fulfillment_home(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    return _home(request, visitor, runtime)


def _home(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    *,
    errors: FormErrors | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {"warehouses": [], "waves": [], "floor": []}
    if visitor.merchant is not None:
        uow, principal, merchant_id = runtime.uow, visitor.principal, visitor.merchant_id
        now = dt.datetime.now(dt.UTC)
        context["warehouses"] = [
            (str(w.id), f"{w.code} · {w.name}")
            for w in sites.list_locations(
                uow(), principal=principal, page=page_of(None, limit=500),
                kind=LocationKind.WAREHOUSE,
            ).items
            if w.active
        ]  # fmt: skip
        context["waves"] = waves.list_waves(
            uow(), principal=principal, merchant_id=merchant_id, page=page_of(None, limit=20)
        ).items
        context["floor"] = [
            order_row(o, now)
            for state in ON_THE_FLOOR
            for o in queries.list_orders(
                uow(),
                principal=principal,
                merchant_id=merchant_id,
                filters=OrderFilter(state=state),
                page=page_of(None, limit=FLOOR_LIST_SIZE),
            ).items
        ]
    return render(
        request,
        "fulfillment/index.html",
        visitor,
        status_code=errors.status_code if errors else status_code,
        errors=errors,
        values=values
        or {"max_orders": str(DEFAULT_WAVE_ORDERS), "service_levels": [], "channels": []},
        service_options=[(str(s), state_name(s)) for s in ServiceLevel],
        channel_options=[(str(k), k.value.capitalize()) for k in ChannelKind],
        max_wave_orders=MAX_WAVE_ORDERS,
        may_release=visitor.principal.may(Permission.FLOOR_WORK),
        shown_time=shown_time,
        **context,
    )


@router.post("/fulfillment/waves")
def release_wave(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    merchant_id = merchant_of(visitor)
    values: dict[str, Any] = {name: form.text(name) for name in WAVE_FIELDS}
    values |= {"service_levels": form.all("service_levels"), "channels": form.all("channels")}
    try:
        criteria = _criteria(form)
        view = waves.release_wave(
            runtime.uow(), principal=visitor.principal, merchant_id=merchant_id, criteria=criteria
        )
    except (InvalidInput, NotFound) as error:
        if isinstance(error, NotFound) and error.field not in ("criteria", "location_id"):
            raise
        errors = form_errors(error)
        if isinstance(error, NotFound):  # nothing matched: the form was fine, the floor is not
            errors = dataclasses.replace(errors, status_code=422)
        return _home(request, visitor, runtime, errors=errors, values=values)
    wave = view.wave
    left = f" {len(wave.left_out)} order(s) left out: see below." if wave.left_out else ""
    return flash_redirect(
        f"/fulfillment/waves/{wave.id}",
        f"Wave {wave.id} released: {wave.order_count} order(s), {wave.unit_count} unit(s).{left}",
    )


def _criteria(form: SubmittedForm) -> WaveCriteria:
    location_id = form.number("location_id")
    max_orders = form.number("max_orders", DEFAULT_WAVE_ORDERS)
    if location_id is None and not form.problems:
        form.problems.append(FieldProblem("location_id", "required", "Choose the warehouse."))
    before = None
    if text := form.optional("ship_by_before"):
        try:
            before = dt.datetime.fromisoformat(text)
        except ValueError:
            form.problems.append(
                FieldProblem("ship_by_before", "not_a_time", "Give a date and time.")
            )
        else:
            before = before if before.tzinfo else before.replace(tzinfo=dt.UTC)
    levels = {str(s) for s in ServiceLevel}
    chosen_levels = form.all("service_levels")
    chosen_channels = form.all("channels")
    if any(v not in levels for v in chosen_levels) or any(
        v not in {str(k) for k in ChannelKind} for v in chosen_channels
    ):
        form.problems.append(
            FieldProblem("service_levels", "unknown_choice", "Choose from the list.")
        )
    form.refuse_unreadable()
    if location_id is None:  # unreachable: refuse_unreadable raised
        raise FormInvalid(form.problems)
    return WaveCriteria(
        location_id=location_id,
        ship_by_before=before,
        service_levels=frozenset(ServiceLevel(v) for v in chosen_levels),
        channels=frozenset(chosen_channels),
        max_orders=max_orders if max_orders is not None else DEFAULT_WAVE_ORDERS,
    )


@router.get("/fulfillment/waves/{wave_id:int}")
def wave_page(
    request: Request, wave_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    view = waves.get_wave(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        wave_id=wave_id,
    )
    orders: dict[int, dict[str, Any]] = {}
    for task in view.tasks:
        entry = orders.setdefault(
            task.order_id,
            {"id": task.order_id, "number": task.order_number, "units": 0, "picked": 0,
             "short": 0, "packed": 0, "shipped": 0},
        )  # fmt: skip
        for name in ("picked", "short", "packed", "shipped"):
            entry[name] += getattr(task, name)
        entry["units"] += task.quantity
    by_zone: dict[str, int] = defaultdict(int)
    for stop in view.stops:
        by_zone[stop.zone_code or "—"] += sum(line.quantity for line in stop.lines)
    return render(
        request,
        "fulfillment/wave.html",
        visitor,
        view=view,
        wave=view.wave,
        orders=sorted(orders.values(), key=lambda o: o["id"]),
        zones=sorted(by_zone.items()),
        shown_time=shown_time,
        may_pick=visitor.principal.may(Permission.FLOOR_WORK),
    )


@router.get("/fulfillment/station")
def find_order(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, order: str = ""
) -> Response:
    """The station's order lookup: a scanned packing slip (order number, channel id or our id)."""
    code = order.strip()[:100]
    found = []
    if code:
        found = [
            o
            for o in queries.list_orders(
                runtime.uow(),
                principal=visitor.principal,
                merchant_id=merchant_of(visitor),
                filters=OrderFilter(search=code),
                page=page_of(None, limit=20),
            ).items
            if code in (o.channel_order_number, o.external_order_id)
        ]
    if len(found) == 1:
        return RedirectResponse(f"/fulfillment/orders/{found[0].id}", status_code=303)
    if not found and code.isdigit() and len(code) <= 18:
        return RedirectResponse(f"/fulfillment/orders/{int(code)}", status_code=303)
    message = (
        f"No order is numbered {code!r}." if not found else f"{len(found)} orders match {code!r}."
    )
    return flash_redirect("/fulfillment", message if code else "Scan or type an order number.",
                          level="error")  # fmt: skip
