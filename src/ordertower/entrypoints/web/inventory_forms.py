"""The adjustment and transfer forms: bins typed or scanned by code, reason required, errors per field.

Nothing is written when a form is refused: the form comes back with each problem under its field.
Each form carries an idempotency key from the moment it is shown, so a double submit posts once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from ordertower.domain.inventory import (
    REASONS_THAT_ADD,
    REASONS_THAT_REMOVE,
    InventoryStatus,
    ReasonCode,
)
from ordertower.domain.tenancy import Permission
from ordertower.services.inventory import operations, queries
from ordertower.services.inventory.operations import Adjustment, Direction, Transfer
from ordertower.services.inventory.posting import Posted

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, FormInvalid, SubmittedForm, form_errors
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

E = TypeVar("E", bound=StrEnum)

# What the services call a field, as these forms name it (bins are typed as codes here).
FORM_FIELDS = {"bin_id": "bin_code", "from_bin_id": "from_bin_code", "to_bin_id": "to_bin_code"}
REASON_LABELS = {reason: reason.replace("_", " ").capitalize() for reason in ReasonCode}
POOL_OPTIONS = [(str(pool), pool.replace("_", " ").capitalize()) for pool in InventoryStatus]

__all__ = ["FormInvalid", "bin_of", "router"]


@router.get("/inventory/adjust")
def adjustment_form(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, sku: str = ""
) -> HTMLResponse:
    _require_floor_work(visitor)
    values = {"sku": sku, "direction": "add", "status": "sellable", "idempotency_key": _new_key()}
    return _adjustment_page(request, visitor, runtime, values, None)


@router.post("/inventory/adjust")
def adjust(request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    _require_floor_work(visitor)
    try:
        posted = operations.adjust(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            adjustment=_adjustment(runtime, visitor, form),
        )
    except (InvalidInput, NotFound, Conflict) as error:
        return _adjustment_page(request, visitor, runtime, _values(form), _errors(error))
    sign = "+" if form.text("direction") == "add" else "−"
    return _done(form, posted, f"Adjusted {sign}{form.text('quantity')} × {form.text('sku')}.")


@router.get("/inventory/transfer")
def transfer_form(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, sku: str = ""
) -> HTMLResponse:
    _require_floor_work(visitor)
    values = {"sku": sku, "status": "sellable", "idempotency_key": _new_key()}
    return _transfer_page(request, visitor, runtime, values, None)


@router.post("/inventory/transfer")
def transfer(request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    _require_floor_work(visitor)
    try:
        posted = operations.transfer(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            transfer=_transfer(runtime, visitor, form),
        )
    except (InvalidInput, NotFound, Conflict) as error:
        return _transfer_page(request, visitor, runtime, _values(form), _errors(error))
    return _done(form, posted, f"Moved {form.text('quantity')} × {form.text('sku')}.")


def _adjustment(runtime: Any, visitor: Visitor, form: SubmittedForm) -> Adjustment:
    problems: list[FieldProblem] = []
    quantity = _quantity(form)
    location = _required_id(form, "location_id", problems)
    bin_id = _bin(runtime, visitor, form, location, "bin_code", problems)
    direction = _choice(form, "direction", Direction, problems, "Choose add or remove.")
    status = _choice(form, "status", InventoryStatus, problems, "Choose the pool.")
    reason = _choice(form, "reason", ReasonCode, problems, "Choose why the books change.")
    expires_on = _date(form, "expires_on", problems)
    _refuse(form, problems)
    assert direction is not None
    assert status is not None
    assert reason is not None
    assert location is not None
    return Adjustment(
        sku=form.text("sku").strip(),
        direction=direction,
        quantity=quantity,
        location_id=location,
        bin_id=bin_id,
        status=status,
        reason=reason,
        note=form.text("note").strip(),
        lot=form.optional("lot"),
        expires_on=expires_on,
        idempotency_key=form.text("idempotency_key") or _new_key(),
    )


def _transfer(runtime: Any, visitor: Visitor, form: SubmittedForm) -> Transfer:
    problems: list[FieldProblem] = []
    quantity = _quantity(form)
    source = _required_id(form, "from_location_id", problems)
    target = _required_id(form, "to_location_id", problems)
    from_bin = _bin(runtime, visitor, form, source, "from_bin_code", problems)
    to_bin = _bin(runtime, visitor, form, target, "to_bin_code", problems)
    status = _choice(form, "status", InventoryStatus, problems, "Choose the pool.")
    if not form.text("reason").strip():
        problems.append(FieldProblem("reason", "required", "Say why the units move."))
    _refuse(form, problems)
    assert source is not None
    assert target is not None
    assert status is not None
    return Transfer(
        sku=form.text("sku").strip(),
        quantity=quantity,
        from_location_id=source,
        from_bin_id=from_bin,
        to_location_id=target,
        to_bin_id=to_bin,
        status=status,
        lot=form.optional("lot"),
        reason=form.text("reason"),
        idempotency_key=form.text("idempotency_key") or _new_key(),
    )


def bin_of(
    runtime: Any,
    visitor: Visitor,
    location_id: int,
    code: str,
    field: str,
    problems: list[FieldProblem],
) -> int | None:
    """The id of the bin typed (code or barcode) in a location; a problem when there is none."""
    try:
        found = queries.find_bin(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            location_id=location_id,
            code=code,
            field=field,
        )
    except NotFound as error:
        problems.append(FieldProblem(field, error.code, error.message))
        return None
    return found.id


def _bin(
    runtime: Any,
    visitor: Visitor,
    form: SubmittedForm,
    location_id: int | None,
    field: str,
    problems: list[FieldProblem],
) -> int | None:
    code = form.text(field).strip()
    if not code or location_id is None:
        return None
    return bin_of(runtime, visitor, location_id, code, field, problems)


def _quantity(form: SubmittedForm) -> int:
    quantity = form.number("quantity")
    if quantity is None:
        form.problems.append(FieldProblem("quantity", "required", "Give the number of units."))
    return quantity or 0


def _required_id(form: SubmittedForm, name: str, problems: list[FieldProblem]) -> int | None:
    text = form.text(name).strip()
    if text.isdigit() and 0 < int(text) < 2**63:
        return int(text)
    problems.append(FieldProblem(name, "required", "Choose a location."))
    return None


def _choice(
    form: SubmittedForm, name: str, kind: type[E], problems: list[FieldProblem], blank: str
) -> E | None:
    text = form.text(name).strip()
    if text in kind.__members__.values():
        return kind(text)
    problems.append(FieldProblem(name, "required" if not text else "unknown_choice", blank))
    return None


def _date(form: SubmittedForm, name: str, problems: list[FieldProblem]) -> dt.date | None:
    text = form.text(name).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(FieldProblem(name, "not_a_date", "Give a date as YYYY-MM-DD."))
        return None


def _refuse(form: SubmittedForm, problems: list[FieldProblem]) -> None:
    found = form.problems + problems
    if found:
        raise FormInvalid(found)


def _errors(error: InvalidInput | NotFound | Conflict) -> FormErrors:
    if error.field in FORM_FIELDS:
        error.field = FORM_FIELDS[error.field]
    return form_errors(error)


def _values(form: SubmittedForm) -> dict[str, str]:
    return {name: form.text(name) for name in form.values if name != "csrf_token"}


def _done(form: SubmittedForm, posted: Posted, text: str) -> Response:
    if posted.replayed:
        text = "Already done: this form was sent before, nothing changed."
    return flash_redirect(f"/inventory/skus/{quote(form.text('sku').strip())}", text)


def _new_key() -> str:
    return f"web-{uuid.uuid4()}"


def _require_floor_work(visitor: Visitor) -> None:
    if visitor.merchant is None:
        raise NotFound("Choose a merchant first.")
    visitor.principal.require(Permission.FLOOR_WORK, visitor.merchant_id)


def _adjustment_page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    values: dict[str, str],
    errors: FormErrors | None,
) -> HTMLResponse:
    return render(
        request,
        "inventory/adjust.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        values=values,
        errors=errors,
        location_options=_locations(runtime, visitor),
        pool_options=POOL_OPTIONS,
        adding_reasons=[(str(r), REASON_LABELS[r]) for r in ReasonCode if r in REASONS_THAT_ADD],
        removing_reasons=[
            (str(r), REASON_LABELS[r]) for r in ReasonCode if r in REASONS_THAT_REMOVE
        ],
    )


def _transfer_page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    values: dict[str, str],
    errors: FormErrors | None,
) -> HTMLResponse:
    return render(
        request,
        "inventory/transfer.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        values=values,
        errors=errors,
        location_options=_locations(runtime, visitor),
        pool_options=POOL_OPTIONS,
    )


def _locations(runtime: Any, visitor: Visitor) -> list[tuple[str, str]]:
    found = queries.usable_locations(
        runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id
    )
    return [(str(location.id), location.code) for location in found]
