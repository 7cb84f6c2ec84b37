"""Order pages: the list (search, filters, counts per state), one order, hold / release / cancel.

The list is one keyset-paged query per page and one count query (working states only, so it stays
cheap with millions of shipped orders). The detail shows the ship-to and customer contact to anyone
who may read the merchant; they are personal data and are never logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem, InvalidInput
from ordertower.domain.locations import LocationKind
from ordertower.domain.orders import OrderState, allowed_transitions
from ordertower.domain.tenancy import Permission
from ordertower.services.dashboard import WORKING_STATES, order_work
from ordertower.services.locations import sites
from ordertower.services.orders import order_actions, queries
from ordertower.services.orders.views import OrderDetail, OrderFilter

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, FormInvalid, cursor_links, form_errors, page_of, shown_time
from .orders_view import (
    ACTION_NAMES,
    STATE_BADGES,
    actions_for,
    age_in_words,
    order_row,
    reason_name,
    routing_in_words,
    state_name,
)
from .pages import PageRoute, Visitor, flash_redirect, render
from .receiving import is_htmx, merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PAGE_SIZE = 50
AGES = {"24": "Older than 1 day", "48": "Older than 2 days", "72": "Older than 3 days",
        "168": "Older than a week"}  # fmt: skip
MAX_SEARCH = 100


@router.get("/orders")
def order_list(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    q: str = "",
    channel: str = "",
    state: str = "",
    age: str = "",
    ship_by: str = "",
    cursor: str | None = None,
) -> HTMLResponse:
    chosen = {"q": q, "channel": channel, "state": state, "age": age, "ship_by": ship_by}
    context: dict[str, Any] = {"rows": [], "pages": None, "counts": [], "problems": []}
    status_code = 200
    if visitor.merchant is not None:
        now = dt.datetime.now(dt.UTC)
        try:
            filters = _filters(chosen, now)
        except FormInvalid as error:
            context["problems"] = [p.message for p in error.problems]
            status_code = 422
        else:
            found = queries.list_orders(
                runtime.uow(),
                principal=visitor.principal,
                merchant_id=visitor.merchant_id,
                filters=filters,
                page=page_of(cursor, limit=PAGE_SIZE),
            )
            context["rows"] = [order_row(o, now) for o in found.items]
            context["pages"] = cursor_links(request, found)
        counts = order_work(
            runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id
        )
        context["counts"] = [
            (str(s), state_name(s), counts.get(s, 0), STATE_BADGES[s]) for s in WORKING_STATES
        ]
    live = is_htmx(request) and not request.headers.get("hx-history-restore-request")
    return render(
        request,
        "orders/_results.html" if live else "orders/list.html",
        visitor,
        status_code=status_code,
        chosen=chosen,
        searched=any(chosen.values()),
        channel_options=[(str(k), k.value.capitalize()) for k in ChannelKind],
        state_options=[(str(s), state_name(s)) for s in OrderState],
        age_options=list(AGES.items()),
        may_manage=visitor.principal.may(Permission.MANAGE_ORDERS),
        **context,
    )


def _filters(chosen: dict[str, str], now: dt.datetime) -> OrderFilter:
    """The list filter from the query; unknown choices are listed, not guessed."""
    problems: list[FieldProblem] = []

    def choice(name: str, allowed: Any) -> str | None:
        value = chosen[name].strip()
        if value and value not in allowed:
            problems.append(FieldProblem(name, "unknown_choice", f"Choose a {name} from the list."))
            return None
        return value or None

    channel = choice("channel", {str(k) for k in ChannelKind})
    state = choice("state", {str(s) for s in OrderState})
    age = choice("age", AGES)
    search = chosen["q"].strip()
    if len(search) > MAX_SEARCH:
        problems.append(
            FieldProblem("q", "too_long", f"Search with at most {MAX_SEARCH} characters.")
        )
    if problems:
        raise FormInvalid(problems)
    end_of_today = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    return OrderFilter(
        channel=channel,
        state=OrderState(state) if state else None,
        placed_before=now - dt.timedelta(hours=int(age)) if age else None,
        ship_by_before=end_of_today if chosen["ship_by"] == "today" else None,
        search=search or None,
    )


@router.get("/orders/{order_id:int}")
def order_page(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    return detail_page(request, visitor, runtime, order_id)


def detail_page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    order_id: int,
    *,
    errors: FormErrors | None = None,
    failed_form: str = "",
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    """The order page; a refused form (`failed_form`: hold, cancel, resolve-<item id>) shows its
    errors and keeps what was typed (`values`)."""
    detail = queries.get_order(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        order_id=order_id,
    )
    return render(
        request,
        "orders/detail.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        **detail_context(detail, visitor),
        errors=errors,
        failed_form=failed_form,
        values=values or {},
        locations=location_codes(runtime, visitor),
    )


def detail_context(detail: OrderDetail, visitor: Visitor) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    s = detail.summary
    allowed = allowed_transitions(s.state)
    may_manage = visitor.principal.may(Permission.MANAGE_ORDERS)
    return {
        "d": detail,
        "row": order_row(s, now),
        "routing": routing_in_words(detail.routing),
        "timeline": [
            {
                "at": shown_time(e.at),
                "from": state_name(e.from_state) if e.from_state else "",
                "to": state_name(e.to_state),
                "badge": STATE_BADGES.get(OrderState(e.to_state), "neutral"),
                "actor": e.actor,
                "actor_kind": e.actor_kind,
                "note": e.note,
            }
            for e in detail.timeline
        ],
        "items": [
            {
                "item": item,
                "reason": reason_name(item.reason_code),
                "age": age_in_words(item.created_at, now),
                "actions": [(str(a), ACTION_NAMES[a]) for a in actions_for(item.reason_code)],
            }
            for item in detail.open_items
        ],
        "may_hold": may_manage and OrderState.ON_HOLD in allowed,
        "may_release": may_manage and s.state is OrderState.ON_HOLD,
        "may_cancel": may_manage and OrderState.CANCELLED in allowed,
        "may_resolve": may_manage,
        "may_pick": visitor.principal.may(Permission.FLOOR_WORK)
        and s.state
        in (
            OrderState.RELEASED,
            OrderState.PICKING,
            OrderState.PACKED,
            OrderState.PARTIALLY_SHIPPED,
        ),
        "shown_time": shown_time,
    }


def location_codes(runtime: Any, visitor: Visitor) -> list[str]:
    """Codes of the warehouses an order may be allocated from (for "another location")."""
    found = sites.list_locations(
        runtime.uow(),
        principal=visitor.principal,
        page=page_of(None, limit=500),
        kind=LocationKind.WAREHOUSE,
    )
    return sorted(loc.code for loc in found.items if loc.active)


@router.post("/orders/{order_id:int}/hold")
def hold(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    try:
        order_actions.hold_order(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            order_id=order_id,
            reason=form.text("reason"),
            queue=form.optional("queue"),
        )
    except InvalidInput as error:
        return detail_page(
            request,
            visitor,
            runtime,
            order_id,
            errors=form_errors(error),
            failed_form="hold",
            values={"reason": form.text("reason"), "queue": form.text("queue")},
        )
    queue = form.optional("queue") or order_actions.MANUAL_QUEUE
    return flash_redirect(f"/orders/{order_id}", f"Order {order_id} is on hold in queue {queue}.")


@router.post("/orders/{order_id:int}/release")
def release(order_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep) -> Response:
    state = order_actions.release_hold(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        order_id=order_id,
        note=form.text("note")[:500],
    )
    return flash_redirect(
        f"/orders/{order_id}",
        f"Hold released: the order ran through the pipeline again and is now {state_name(state)}.",
        level="success" if state is OrderState.ALLOCATED else "warning",
    )


@router.post("/orders/{order_id:int}/cancel")
def cancel(
    request: Request, order_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    try:
        if not form.checked("confirm"):
            raise FormInvalid(
                [FieldProblem("confirm", "required", "Tick the box to confirm the cancellation.")]
            )
        order_actions.cancel_order(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_of(visitor),
            order_id=order_id,
            reason=form.text("reason"),
        )
    except InvalidInput as error:
        return detail_page(
            request,
            visitor,
            runtime,
            order_id,
            errors=form_errors(error),
            failed_form="cancel",
            values={"reason": form.text("reason")},
        )
    return flash_redirect(
        f"/orders/{order_id}", f"Order {order_id} is cancelled; its stock is free."
    )
