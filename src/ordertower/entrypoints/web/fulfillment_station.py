"""The pick/pack station for one order, driven by a barcode scanner (a keyboard wedge).

Each Enter in the scan input posts one unit; htmx swaps the progress panel in place while the
cursor stays in the input. A refused unit (wrong item, one too many, an unknown code) answers 422
with the refusal in loud red. Then: pack the scanned units (weight and dimensions), the label is
bought at once (PDF to print, ZPL for a thermal printer), and confirming ships the packages.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.adapters.carriers.registry import AccountCarriers
from ordertower.domain.catalog.measures import Dimensions, LengthUnit, Weight, WeightUnit
from ordertower.domain.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    IllegalTransition,
    InvalidInput,
)
from ordertower.domain.fulfillment import PackageMeasures, ScanOutcome
from ordertower.domain.orders import OrderState
from ordertower.domain.tenancy import Permission
from ordertower.services.fulfillment import confirm, packing, station
from ordertower.services.fulfillment.station import StationView

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, FormInvalid, SubmittedForm, form_errors, shown_time
from .orders_view import STATE_BADGES, state_name
from .pages import PageRoute, Visitor, flash_redirect, render
from .receiving import is_htmx, merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

SCANNABLE = frozenset({OrderState.RELEASED, OrderState.PICKING})
PACKABLE = frozenset({OrderState.PICKING, OrderState.PARTIALLY_SHIPPED})
WEIGHT_UNITS = [(str(u), str(u)) for u in WeightUnit]
LENGTH_UNITS = [(str(u), str(u)) for u in LengthUnit]
PACK_FIELDS = ("weight", "weight_unit", "length", "width", "height", "dimension_unit")


@router.get("/fulfillment/orders/{order_id:int}")
def station_page(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    return _page(request, visitor, _view(runtime, visitor, order_id))


@router.post("/fulfillment/orders/{order_id:int}/scan")
def scan(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    message, refused = "", False
    try:
        scanned = station.scan_unit(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            order_id=order_id,
            code=form.text("code"),
            client_scan_id=form.text("client_scan_id"),
            station=form.text("station"),
        )
        view, message = scanned.view, scanned.scan.message
        refused = scanned.scan.outcome is not ScanOutcome.ACCEPTED
        if scanned.replayed:
            message = f"Already recorded: {message}"
    except (InvalidInput, IllegalTransition, Conflict) as error:
        view, message, refused = _view(runtime, visitor, order_id), error.message, True
    state = "invalid" if refused else "ok"
    if not is_htmx(request):
        if not refused:
            return flash_redirect(f"/fulfillment/orders/{order_id}", message)
        return _page(request, visitor, view, message=message, state=state, status_code=422)
    return render(
        request,
        "fulfillment/_station_panel.html",
        visitor,
        status_code=422 if refused else 200,
        **_context(visitor, view, message=message, state=state),
    )


@router.post("/fulfillment/orders/{order_id:int}/short-pick")
def short_pick(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    try:
        task_id = form.number("pick_task_id")
        quantity = form.number("quantity")
        form.refuse_unreadable()
        if task_id is None:
            raise FormInvalid([FieldProblem("pick_task_id", "required", "Choose the pick task.")])
        view = station.report_short_pick(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            order_id=order_id,
            pick_task_id=task_id,
            quantity=quantity,
            note=form.text("note")[:500],
        )
    except (InvalidInput, IllegalTransition) as error:
        view = _view(runtime, visitor, order_id)
        return _page(request, visitor, view, message=error.message, state="invalid",
                     status_code=422)  # fmt: skip
    short = sum(line.short for line in view.lines)
    return flash_redirect(
        f"/fulfillment/orders/{order_id}",
        f"Short pick recorded ({short} unit(s) short in all): the order now waits in the "
        "exception queue for a person.",
        level="warning",
    )


@router.post("/fulfillment/orders/{order_id:int}/packages")
def pack(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    merchant_id = merchant_of(visitor)
    try:
        package = packing.pack_package(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            order_id=order_id,
            measures=_measures(form),
        )
    except (InvalidInput, IllegalTransition, Conflict) as error:
        view = _view(runtime, visitor, order_id)
        values = {name: form.text(name) for name in PACK_FIELDS}
        return _page(request, visitor, view, pack_errors=form_errors(error), pack_values=values)
    try:
        package = packing.label_package(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            package_id=package.id,
            carriers=AccountCarriers(runtime.engine),
        )
    except DomainError as error:
        return flash_redirect(
            f"/fulfillment/orders/{order_id}",
            f"Package {package.number} is packed, but its label could not be bought: "
            f"{error.message} Fix that, then buy the label again.",
            level="error",
        )
    return flash_redirect(
        f"/fulfillment/orders/{order_id}",
        f"Package {package.number} packed and labelled: tracking {package.tracking_number}. "
        "Print the label, then confirm the shipment.",
    )


def _measures(form: SubmittedForm) -> PackageMeasures:
    """Weight (required) and the three sides (all or none), as the packer typed them."""
    problems: list[FieldProblem] = []

    def amount(name: str) -> Decimal | None:
        text = form.text(name).strip().replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            problems.append(FieldProblem(name, "not_a_number", "Give a number such as 1.25."))
            return None
        if not value.is_finite():
            problems.append(FieldProblem(name, "not_a_number", "Give a number such as 1.25."))
            return None
        return value

    weight = amount("weight")
    sides = [amount(name) for name in ("length", "width", "height")]
    if weight is None and not problems:
        problems.append(FieldProblem("weight", "required", "Weigh the package."))
    given = [s for s in sides if s is not None]
    if given and len(given) < 3:
        problems.append(
            FieldProblem("length", "incomplete", "Give all three sides, or none of them.")
        )
    weight_unit = _unit(form, "weight_unit", WeightUnit, problems)
    length_unit = _unit(form, "dimension_unit", LengthUnit, problems)
    if problems:
        raise FormInvalid(problems)
    assert weight is not None
    assert weight_unit is not None
    dimensions = None
    if len(given) == 3 and length_unit is not None:
        dimensions = Dimensions(given[0], given[1], given[2], length_unit)
    return PackageMeasures(weight=Weight(weight, weight_unit), dimensions=dimensions)


def _unit(form: SubmittedForm, name: str, kind: Any, problems: list[FieldProblem]) -> Any:
    try:
        return kind(form.text(name))
    except ValueError:
        problems.append(FieldProblem(name, "unknown_choice", "Choose a unit from the list."))
        return None


@router.post("/fulfillment/packages/{package_id:int}/label")
def buy_label(package_id: int, visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    merchant_id = merchant_of(visitor)
    package = packing.get_package(
        runtime.uow(), principal=visitor.principal, merchant_id=merchant_id, package_id=package_id
    )
    try:
        package = packing.label_package(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            package_id=package_id,
            carriers=AccountCarriers(runtime.engine),
        )
    except (InvalidInput, Conflict) as error:
        return flash_redirect(
            f"/fulfillment/orders/{package.order_id}",
            f"The label could not be bought: {error.message}",
            level="error",
        )
    return flash_redirect(
        f"/fulfillment/orders/{package.order_id}",
        f"Label bought for package {package.number}: tracking {package.tracking_number}.",
    )


@router.get("/fulfillment/packages/{package_id:int}/label.pdf")
def label_pdf(package_id: int, visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    label = packing.package_label(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        package_id=package_id,
    )
    return Response(
        label.pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{label.tracking_number}.pdf"'},
    )


@router.get("/fulfillment/packages/{package_id:int}/label.zpl")
def label_zpl(package_id: int, visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    label = packing.package_label(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        package_id=package_id,
    )
    return Response(
        label.zpl,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{label.tracking_number}.zpl"'},
    )


@router.post("/fulfillment/orders/{order_id:int}/confirm")
def confirm_shipment(order_id: int, visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    try:
        confirmed = confirm.confirm_order(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            order_id=order_id,
        )
    except (Conflict, IllegalTransition) as error:
        return flash_redirect(f"/fulfillment/orders/{order_id}", error.message, level="error")
    tracking = ", ".join(p.tracking_number or "" for p in confirmed.shipped)
    text = (
        f"Shipped: the order is {state_name(confirmed.order_state)}; tracking {tracking}."
        if confirmed.shipped
        else "Every package of this order had already shipped; nothing changed."
    )
    return flash_redirect(f"/fulfillment/orders/{order_id}", text)


def _view(runtime: Any, visitor: Visitor, order_id: int) -> StationView:
    return station.station_view(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        order_id=order_id,
    )


def _page(
    request: Request,
    visitor: Visitor,
    view: StationView,
    *,
    message: str = "",
    state: str = "",
    status_code: int | None = None,
    pack_errors: FormErrors | None = None,
    pack_values: dict[str, str] | None = None,
) -> HTMLResponse:
    code = status_code or (pack_errors.status_code if pack_errors else 200)
    return render(
        request,
        "fulfillment/station.html",
        visitor,
        status_code=code,
        **_context(
            visitor,
            view,
            message=message,
            state=state,
            pack_errors=pack_errors,
            pack_values=pack_values,
        ),
    )


def _context(
    visitor: Visitor,
    view: StationView,
    *,
    message: str,
    state: str,
    pack_errors: FormErrors | None = None,
    pack_values: dict[str, str] | None = None,
) -> dict[str, Any]:
    order = view.order
    floor = visitor.principal.may(Permission.FLOOR_WORK)
    to_pack = sum(t.to_pack for t in view.tasks)
    unshipped = [p for p in view.packages if p.state != "shipped"]
    return {
        "view": view,
        "order": order,
        "state_name": state_name(order.state),
        "state_badge": STATE_BADGES[order.state],
        "message": message,
        "state": state,
        "client_scan_id": uuid.uuid4().hex,
        "may_scan": floor and order.state in SCANNABLE,
        "may_pack": floor and order.state in PACKABLE and to_pack > 0,
        "to_pack": to_pack,
        "may_confirm": floor and bool(unshipped) and all(p.tracking_number for p in unshipped),
        "may_floor": floor,
        "shipped": order.state is OrderState.SHIPPED,
        "pack_errors": pack_errors,
        "pack_values": pack_values or {"weight_unit": "lb", "dimension_unit": "in"},
        "weight_units": WEIGHT_UNITS,
        "length_units": LENGTH_UNITS,
        "shown_time": shown_time,
    }
