"""The order exception queues: counts per reason, the open items oldest first, and their resolve forms.

Resolving runs the pipeline again in the same transaction; the flash says where the order ended
(allocated, or parked again and why). A refused form is shown again, where it was sent from (the
queue or the order page), with its errors and what was typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.errors import (
    Conflict,
    FieldProblem,
    IllegalTransition,
    InvalidInput,
    NotFound,
)
from ordertower.domain.orders import Address, OrderExceptionReason, OrderState, ResolveAction
from ordertower.domain.tenancy import Permission
from ordertower.services.orders import queries
from ordertower.services.orders.order_exceptions import ResolveRequest, resolve_order_exception

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import (
    FormDep,
    FormErrors,
    FormInvalid,
    SubmittedForm,
    cursor_links,
    form_errors,
    page_of,
)
from .orders import detail_page, location_codes
from .orders_view import ACTION_NAMES, actions_for, age_in_words, reason_name, state_name
from .pages import PageRoute, Visitor, flash_redirect, render
from .receiving import merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PAGE_SIZE = 50
ADDRESS_FIELDS = ("name", "company", "line1", "line2", "line3", "city", "region", "postal_code",
                  "country")  # fmt: skip


@router.get("/order-exceptions")
def queues_page(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    reason: str = "",
    cursor: str | None = None,
) -> HTMLResponse:
    return _queues(request, visitor, runtime, reason=reason, cursor=cursor)


def _queues(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    *,
    reason: str,
    cursor: str | None,
    errors: FormErrors | None = None,
    failed_form: str = "",
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    known = {str(r) for r in OrderExceptionReason}
    if reason and reason not in known:
        reason = ""
    context: dict[str, Any] = {"counts": [], "entries": [], "pages": None, "locations": []}
    if visitor.merchant is not None:
        now = dt.datetime.now(dt.UTC)
        found = queries.order_queues(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            reason_code=reason or None,
            page=page_of(cursor, limit=PAGE_SIZE),
        )
        context["counts"] = [
            (c.reason_code, reason_name(c.reason_code), c.open_items,
             age_in_words(c.oldest_at, now) if c.oldest_at else "")
            for c in found.counts
        ]  # fmt: skip
        context["entries"] = [
            {
                "item": item,
                "reason": reason_name(item.reason_code),
                "age": age_in_words(item.created_at, now),
                "actions": [(str(a), ACTION_NAMES[a]) for a in actions_for(item.reason_code)],
            }
            for item in found.items.items
        ]
        context["pages"] = cursor_links(request, found.items)
        context["locations"] = location_codes(runtime, visitor)
    return render(
        request,
        "order_exceptions/index.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        reason=reason,
        total=sum(n for _, _, n, _ in context["counts"]),
        may_resolve=visitor.principal.may(Permission.MANAGE_ORDERS),
        errors=errors,
        failed_form=failed_form,
        values=values or {},
        **context,
    )


@router.post("/order-exceptions/{item_id:int}/resolve")
def resolve(
    request: Request, item_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    merchant_id = merchant_of(visitor)
    back = form.text("back")
    try:
        resolve_request = _request(form)
        resolution = resolve_order_exception(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            item_id=item_id,
            request=resolve_request,
        )
    except (InvalidInput, Conflict, IllegalTransition, NotFound) as error:
        if isinstance(error, NotFound) and error.field not in ("sku", "location_code"):
            raise  # the item (or the merchant) is not there: the 404 page
        errors = form_errors(error)
        if isinstance(error, NotFound):  # an unknown SKU or location typed into the form
            errors = dataclasses.replace(errors, status_code=422)
        failed = f"resolve-{item_id}-{form.text('action')}"
        values = {name: text for name, [text, *_] in form.values.items()}
        if back.startswith("order:") and back[6:].isdigit():
            return detail_page(
                request,
                visitor,
                runtime,
                int(back[6:]),
                errors=errors,
                failed_form=failed,
                values=values,
            )
        return _queues(
            request,
            visitor,
            runtime,
            reason=back.removeprefix("queue:"),
            cursor=None,
            errors=errors,
            failed_form=failed,
            values=values,
        )
    state = resolution.state
    text = f"{ACTION_NAMES[resolution.action]}: order {resolution.order_id} is now {state_name(state)}."
    if resolution.split_order_id:
        text += f" The other lines are order {resolution.split_order_id}."
    good = state in (OrderState.ALLOCATED, OrderState.CANCELLED) or (
        resolution.action is ResolveAction.ACKNOWLEDGE
    )
    if not good:
        text += " It still needs a person: see its open items."
    queue = back.removeprefix("queue:")
    if queue not in {str(r) for r in OrderExceptionReason}:
        queue = ""
    target = (
        f"/orders/{resolution.order_id}"
        if back.startswith("order:")
        else "/order-exceptions" + (f"?reason={queue}" if queue else "")
    )
    return flash_redirect(target, text, level="success" if good else "warning")


def _request(form: SubmittedForm) -> ResolveRequest:
    """The resolve request the form asks for; unreadable values are listed at once."""
    try:
        action = ResolveAction(form.text("action"))
    except ValueError:
        raise FormInvalid([FieldProblem("action", "unknown_choice", "Choose an action.")]) from None
    quantity_per = form.number("quantity_per", 1)
    if action is ResolveAction.CANCEL and not form.checked("confirm"):
        form.problems.append(
            FieldProblem("confirm", "required", "Tick the box to confirm the cancellation.")
        )
    form.refuse_unreadable()
    address = None
    if action is ResolveAction.CORRECT_ADDRESS:
        residential = form.text("residential")
        address = Address(
            **{name: form.text(name).strip() for name in ADDRESS_FIELDS},
            residential=None if residential == "" else residential == "true",
        )
    return ResolveRequest(
        action=action,
        note=form.text("note"),
        sku=form.optional("sku"),
        quantity_per=quantity_per if quantity_per is not None else 1,
        address=address,
        location_code=form.optional("location_code"),
    )
