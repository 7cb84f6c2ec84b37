"""Inventory pages: stock by SKU with its pools side by side, one SKU in detail, movement history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ordertower.domain.errors import DomainError, FieldProblem, Forbidden
from ordertower.domain.inventory import InventoryStatus, MovementKind, ReferenceKind
from ordertower.domain.pagination import Page
from ordertower.domain.tenancy import Permission
from ordertower.services.inventory import queries
from ordertower.services.inventory.query_ports import MovementView

from ..api.deps import RuntimeDep
from . import inventory_forms
from .auth import VisitorDep
from .forms import FormErrors, cursor_links, form_errors, page_of
from .pages import PageRoute, Visitor, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
E = TypeVar("E", bound=StrEnum)
router.include_router(inventory_forms.router)

POOL_LABELS: dict[InventoryStatus, str] = {
    InventoryStatus.SELLABLE: "Sellable",
    InventoryStatus.FBA_BOUND: "FBA-bound",
    InventoryStatus.IN_PREP: "In prep",
    InventoryStatus.HOLD: "Hold",
    InventoryStatus.DAMAGED: "Damaged",
    InventoryStatus.RETURN_PENDING: "Return pending",
    InventoryStatus.QUARANTINE: "Quarantine",
}
# The pools after sellable, allocated and available, in the order of the columns.
OTHER_POOLS = [pool for pool in InventoryStatus if pool is not InventoryStatus.SELLABLE]
KIND_LABELS = {kind: kind.replace("_", " ").capitalize() for kind in MovementKind}
ATS_STATES = {
    "computed": ("Computed", "success"),
    "not_yet_computed": ("Not yet computed", "neutral"),
    "fulfilled_by_amazon": ("Fulfilled by Amazon", "warning"),
    "inactive": ("Inactive listing", "neutral"),
}


def shared_view() -> dict[str, Any]:
    return {
        "pool_labels": POOL_LABELS,
        "other_pools": OTHER_POOLS,
        "kind_labels": KIND_LABELS,
        "ats_states": ATS_STATES,
    }


@router.get("/inventory")
def inventory_list(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    q: str = "",
    location_id: str = "",
    in_stock: str = "",
    cursor: str | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {"rows": [], "pages": None, "errors": None}
    if visitor.merchant is not None:
        location = _id_or_none(location_id)
        try:
            found = queries.list_sku_stock(
                runtime.uow(),
                principal=visitor.principal,
                merchant_id=visitor.merchant_id,
                page=page_of(cursor, limit=50),
                sku_prefix=q.strip()[:64] or None,
                location_id=location,
                in_stock_only=bool(in_stock),
            )
            context.update(rows=found.items, pages=cursor_links(request, found))
        except DomainError as error:
            _reraise_unless_input(error)
            context["errors"] = form_errors(error)
    return render(
        request,
        "inventory/list.html",
        visitor,
        q=q,
        location_id=location_id,
        in_stock=bool(in_stock),
        location_options=_location_options(runtime, visitor),
        may_change=_may_change(visitor),
        **context,
        **shared_view(),
    )


@router.get("/inventory/skus/{sku:path}")
def sku_page(request: Request, sku: str, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    principal, merchant_id = visitor.principal, visitor.merchant_id
    stock = queries.sku_stock(runtime.uow(), principal=principal, merchant_id=merchant_id, sku=sku)
    balances = queries.list_balances(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page_of(None, limit=500),
        sku=sku,
    )
    recent = queries.movement_history(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        page=page_of(None, limit=20),
        sku=sku,
    )
    listings = queries.sku_listings(
        runtime.uow(), principal=principal, merchant_id=merchant_id, sku=sku
    )
    return render(
        request,
        "inventory/sku.html",
        visitor,
        stock=stock,
        balances=balances.items,
        more_balances=balances.next_after is not None,
        movements=recent.items,
        more_movements=recent.next_after is not None,
        listings=listings,
        may_change=_may_change(visitor),
        **shared_view(),
    )


@router.get("/inventory/movements")
def movements_page(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, cursor: str | None = None
) -> HTMLResponse:
    filters = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    page: Page[MovementView] | None = None
    errors: FormErrors | None = None
    if visitor.merchant is not None:
        try:
            page = queries.movement_history(
                runtime.uow(),
                principal=visitor.principal,
                merchant_id=visitor.merchant_id,
                page=page_of(cursor, limit=50),
                **_history_filter(runtime, visitor, filters),
            )
        except DomainError as error:
            _reraise_unless_input(error)
            errors = form_errors(error)
    return render(
        request,
        "inventory/movements.html",
        visitor,
        filters=filters,
        movements=page.items if page else [],
        pages=cursor_links(request, page) if page else None,
        errors=errors,
        location_options=_location_options(runtime, visitor),
        kind_options=[(str(k), KIND_LABELS[k]) for k in MovementKind],
        reference_options=[(str(k), k.replace("_", " ").capitalize()) for k in ReferenceKind],
        **shared_view(),
    )


FILTERS = ("sku", "location_id", "bin", "kind", "reference_kind", "reference_id", "from", "to")


def _history_filter(runtime: Any, visitor: Visitor, given: dict[str, str]) -> dict[str, Any]:
    """The history filter typed into the page; every unreadable value is reported at once."""
    problems: list[FieldProblem] = []
    location = _id_or_none(given["location_id"])
    bin_id = None
    if given["bin"]:
        if location is None:
            problems.append(FieldProblem("bin", "location_needed", "Choose the bin's location."))
        else:
            bin_id = inventory_forms.bin_of(
                runtime, visitor, location, given["bin"], "bin", problems
            )
    since = _day(given["from"], "from", problems)
    until = _day(given["to"], "to", problems)
    if problems:
        raise inventory_forms.FormInvalid(problems)
    return {
        "sku": given["sku"] or None,
        "location_id": location,
        "bin_id": bin_id,
        "kind": _member(MovementKind, given["kind"]),
        "reference_kind": _member(ReferenceKind, given["reference_kind"]),
        "reference_id": given["reference_id"][:64] or None,
        "since": since,
        "until": until + dt.timedelta(days=1) if until else None,
    }


def _day(text: str, field: str, problems: list[FieldProblem]) -> dt.datetime | None:
    """The start of a day (UTC) typed as YYYY-MM-DD."""
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        problems.append(FieldProblem(field, "not_a_date", "Give a date as YYYY-MM-DD."))
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _member(kind: type[E], text: str) -> E | None:
    """A choice from a select; anything else (a hand-edited URL) means no filter."""
    return kind(text) if text in kind.__members__.values() else None


def _id_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() and 0 < int(text) < 2**63 else None


def _location_options(runtime: Any, visitor: Visitor) -> list[tuple[str, str]]:
    if visitor.merchant is None:
        return []
    found = queries.usable_locations(
        runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id
    )
    return [(str(location.id), location.code) for location in found]


def _may_change(visitor: Visitor) -> bool:
    return visitor.merchant is not None and visitor.principal.may(Permission.FLOOR_WORK)


def _reraise_unless_input(error: DomainError) -> None:
    """A filter that names nothing is shown on the page; refusals of access are not."""
    if isinstance(error, Forbidden):
        raise error
