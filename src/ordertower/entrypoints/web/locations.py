"""Location pages: shared warehouses and the merchant's FBA and dropship locations; opening them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.amazon_marketplaces import MARKETPLACES
from ordertower.domain.errors import Conflict, InvalidInput
from ordertower.domain.locations import Address, LocationKind
from ordertower.domain.tenancy import Permission
from ordertower.services.locations import layout, sites
from ordertower.services.locations.ports import Location

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, SubmittedForm, cursor_links, form_errors, page_of
from .pages import PageRoute, Visitor, flash_redirect, render
from .warehouse_layout import ZONE_BADGES

router = APIRouter(include_in_schema=False, route_class=PageRoute)

KIND_BADGES = {
    LocationKind.WAREHOUSE: "info",
    LocationKind.FBA: "warning",
    LocationKind.DROPSHIP: "accent",
}
KIND_LABELS = {
    LocationKind.WAREHOUSE: "Warehouse",
    LocationKind.FBA: "Amazon FBA",
    LocationKind.DROPSHIP: "Dropship",
}
ADDRESS_FIELDS = ("line1", "line2", "city", "region", "postal_code", "country")
# What opening each kind needs: the permission, and whether the merchant owns it.
NEW_KINDS: dict[LocationKind, Permission] = {
    LocationKind.WAREHOUSE: Permission.MANAGE_MERCHANTS,
    LocationKind.FBA: Permission.MANAGE_CATALOG,
    LocationKind.DROPSHIP: Permission.MANAGE_CATALOG,
}


def kind_view() -> dict[str, Any]:
    return {"kind_badges": KIND_BADGES, "kind_labels": KIND_LABELS}


@router.get("/locations")
def location_list(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    warehouses_cursor: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    principal = visitor.principal
    warehouses = sites.list_locations(
        runtime.uow(),
        principal=principal,
        page=page_of(warehouses_cursor),
        kind=LocationKind.WAREHOUSE,
    )
    own = None
    if visitor.merchant is not None:
        own = sites.list_locations(
            runtime.uow(),
            principal=principal,
            page=page_of(cursor),
            merchant_id=visitor.merchant_id,
        )
    return render(
        request,
        "locations/list.html",
        visitor,
        warehouses=warehouses.items,
        warehouse_pages=cursor_links(request, warehouses, key="warehouses_cursor"),
        own=own.items if own else [],
        own_pages=cursor_links(request, own) if own else None,
        may_open_warehouses=principal.may(Permission.MANAGE_MERCHANTS),
        may_manage=principal.may(Permission.MANAGE_CATALOG) and visitor.merchant is not None,
        **kind_view(),
    )


@router.get("/locations/{location_id}")
def location_detail(
    request: Request,
    location_id: int,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    zone: str | None = None,
    barcode: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    principal = visitor.principal
    location = sites.get_location(runtime.uow(), principal=principal, location_id=location_id)
    context: dict[str, Any] = {"zones": [], "bins": [], "bin_pages": None}
    if location.kind is LocationKind.WAREHOUSE:
        zones = layout.list_zones(
            runtime.uow(),
            principal=principal,
            location_id=location_id,
            page=page_of(None, limit=500),
        ).items
        zone_id = int(zone) if zone and zone.isdigit() and int(zone) < 2**63 else None
        bins = layout.list_bins(
            runtime.uow(),
            principal=principal,
            location_id=location_id,
            page=page_of(cursor),
            zone_id=zone_id,
            barcode=barcode.strip()[:64] if barcode and barcode.strip() else None,
        )
        context = {
            "zones": zones,
            "zone_codes": {z.id: z.code for z in zones},
            "zone_badges": ZONE_BADGES,
            "bins": bins.items,
            "bin_pages": cursor_links(request, bins),
            "zone_id": zone_id,
            "barcode": barcode or "",
        }
    return render(
        request,
        "locations/detail.html",
        visitor,
        location=location,
        marketplace=MARKETPLACES.get(location.marketplace_id or ""),
        may_manage=principal.may(Permission.MANAGE_CATALOG),
        **context,
        **kind_view(),
    )


@router.get("/locations/new/{kind}")
def new_location(request: Request, kind: LocationKind, visitor: VisitorDep) -> HTMLResponse:
    _require_may_open(visitor, kind)
    values = {"priority": "100", "address.country": "US", "time_zone": "UTC"}
    return _location_form(request, visitor, kind, values, None)


@router.post("/locations/new/{kind}")
def open_location(
    request: Request, kind: LocationKind, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    _require_may_open(visitor, kind)
    try:
        location = _open(runtime, visitor, kind, form)
    except (InvalidInput, Conflict) as error:
        values = {name: form.text(name) for name in form.values}
        return _location_form(request, visitor, kind, values, form_errors(error))
    return flash_redirect(
        f"/locations/{location.id}", f"{KIND_LABELS[kind]} location {location.code} opened."
    )


def _require_may_open(visitor: Visitor, kind: LocationKind) -> None:
    needed = NEW_KINDS[kind]
    visitor.principal.require(
        needed, None if kind is LocationKind.WAREHOUSE else visitor.merchant_id
    )


def _open(runtime: Any, visitor: Visitor, kind: LocationKind, form: SubmittedForm) -> Location:
    uow, principal = runtime.uow(), visitor.principal
    priority = form.number("priority", 100)
    form.refuse_unreadable()
    assert priority is not None
    if kind is LocationKind.WAREHOUSE:
        return sites.create_warehouse(
            uow,
            principal=principal,
            code=form.text("code"),
            name=form.text("name"),
            address=_address(form) or Address(line1="", city="", country=""),
            time_zone=form.text("time_zone"),
            priority=priority,
        )
    if kind is LocationKind.FBA:
        return sites.create_fba_location(
            uow,
            principal=principal,
            merchant_id=visitor.merchant_id,
            marketplace_id=form.text("marketplace_id"),
            code=form.optional("code"),
            name=form.optional("name"),
            priority=priority,
        )
    return sites.create_dropship_location(
        uow,
        principal=principal,
        merchant_id=visitor.merchant_id,
        code=form.text("code"),
        name=form.text("name"),
        address=_address(form),
        time_zone=form.text("time_zone") or "UTC",
        priority=priority,
    )


def _address(form: SubmittedForm) -> Address | None:
    """The address typed in, or None when every address field was left blank."""
    given = {name: form.text(f"address.{name}") for name in ADDRESS_FIELDS}
    if not any(value.strip() for value in given.values()):
        return None
    return Address(
        line1=given["line1"],
        line2=given["line2"] or None,
        city=given["city"],
        region=given["region"] or None,
        postal_code=given["postal_code"] or None,
        country=given["country"],
    )


def _location_form(
    request: Request,
    visitor: Visitor,
    kind: LocationKind,
    values: dict[str, str],
    errors: FormErrors | None,
) -> HTMLResponse:
    return render(
        request,
        "locations/new.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        kind=kind,
        values=values,
        errors=errors,
        marketplace_options=[
            (m.id, f"Amazon {m.country} · {m.id} ({m.region})") for m in MARKETPLACES.values()
        ],
        **kind_view(),
    )
