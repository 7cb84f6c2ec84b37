"""Warehouse layout pages: add a zone, one bin, or a whole grid of bins (with a preview count)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.bins import BinInvalid, BinRange, BinSpec, grid_codes
from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput
from ordertower.domain.locations import LocationKind, ZoneKind
from ordertower.domain.tenancy import Permission
from ordertower.services.locations import layout, sites
from ordertower.services.locations.ports import Location, Zone

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, FormInvalid, SubmittedForm, form_errors, page_of
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

ZONE_BADGES = {
    ZoneKind.RECEIVING: "info",
    ZoneKind.STORAGE: "neutral",
    ZoneKind.PICK: "success",
    ZoneKind.OVERFLOW: "warning",
    ZoneKind.QUARANTINE: "danger",
    ZoneKind.PREP_STAGING: "accent",
    ZoneKind.RETURNS: "warning",
    ZoneKind.PACKING: "info",
    ZoneKind.SHIPPING: "info",
}
GRID_ROWS = ("Aisle", "Level", "Position")  # the parts the grid form offers, walked in this order
SEPARATORS = {"-": "Dash (A01-1)", "_": "Underscore (A01_1)", "": "None (A011)"}
_PART_FIELD = re.compile(r"parts\[(\d+)\]")


@dataclass(frozen=True)
class Layout:
    """A warehouse and its zones, for the layout forms."""

    location: Location
    zones: list[Zone]


def _layout(runtime: Any, visitor: Visitor, location_id: int) -> Layout:
    visitor.principal.require(Permission.MANAGE_CATALOG)
    principal = visitor.principal
    location = sites.get_location(runtime.uow(), principal=principal, location_id=location_id)
    if location.kind is not LocationKind.WAREHOUSE:
        raise InvalidInput(
            f"{location.code} is a {location.kind} location; zones and bins belong to warehouses.",
            field="location_id",
        )
    zones = layout.list_zones(
        runtime.uow(), principal=principal, location_id=location_id, page=page_of(None, limit=500)
    ).items
    return Layout(location, list(zones))


@router.get("/locations/{location_id}/zones/new")
def new_zone(
    request: Request, location_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    found = _layout(runtime, visitor, location_id)
    return _page(request, visitor, "locations/new_zone.html", found, {"kind": "storage"}, None)


@router.post("/locations/{location_id}/zones/new")
def add_zone(
    request: Request, location_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    found = _layout(runtime, visitor, location_id)
    try:
        kind = _zone_kind(form)
        zone = layout.create_zone(
            runtime.uow(),
            principal=visitor.principal,
            location_id=location_id,
            code=form.text("code"),
            name=form.text("name"),
            kind=kind,
        )
    except (InvalidInput, Conflict) as error:
        values = _values(form)
        return _page(request, visitor, "locations/new_zone.html", found, values, form_errors(error))
    return flash_redirect(
        f"/locations/{location_id}", f"Zone {zone.code} added to {found.location.code}."
    )


@router.get("/locations/{location_id}/bins/new")
def new_bin(
    request: Request,
    location_id: int,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    zone: str | None = None,
) -> HTMLResponse:
    found = _layout(runtime, visitor, location_id)
    return _page(request, visitor, "locations/new_bin.html", found, {"zone_id": zone or ""}, None)


@router.post("/locations/{location_id}/bins/new")
def add_bin(
    request: Request, location_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    found = _layout(runtime, visitor, location_id)
    try:
        zone_id = _zone_id(form, found)
        created = layout.create_bin(
            runtime.uow(),
            principal=visitor.principal,
            location_id=location_id,
            zone_id=zone_id,
            spec=BinSpec(
                code=form.text("code"),
                barcode=form.optional("barcode"),
                sort_key=form.optional("sort_key"),
            ),
        )
    except (InvalidInput, Conflict) as error:
        values = _values(form)
        return _page(request, visitor, "locations/new_bin.html", found, values, form_errors(error))
    return flash_redirect(
        f"/locations/{location_id}?zone={zone_id}",
        f"Bin {created.code} added (barcode {created.barcode}).",
    )


@router.get("/locations/{location_id}/bins/grid")
def new_bin_grid(
    request: Request,
    location_id: int,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    zone: str | None = None,
) -> HTMLResponse:
    found = _layout(runtime, visitor, location_id)
    values = {"zone_id": zone or "", "separator": "-"}
    return _page(request, visitor, "locations/bin_grid.html", found, values, None)


@router.post("/locations/{location_id}/bins/grid")
def add_bin_grid(
    request: Request, location_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    found = _layout(runtime, visitor, location_id)
    values = _values(form)
    if form.text("intent") == "preview":
        return _page(request, visitor, "locations/bin_grid.html", found, values, None, form=form)
    try:
        zone_id = _zone_id(form, found)
        indexes, parts = _grid_parts(form)
        try:
            created = layout.create_bin_grid(
                runtime.uow(),
                principal=visitor.principal,
                location_id=location_id,
                zone_id=zone_id,
                parts=parts,
                separator=form.text("separator"),
            )
        except BinInvalid as error:
            raise BinInvalid(_renumbered(error.problems, indexes)) from error
    except (InvalidInput, Conflict) as error:
        errors = form_errors(error)
        page = "locations/bin_grid.html"
        return _page(request, visitor, page, found, values, errors, form=form)
    return flash_redirect(
        f"/locations/{location_id}?zone={zone_id}",
        f"{len(created):,} bins added: {created[0].code} to {created[-1].code}.",
    )


@router.post("/locations/{location_id}/bins/grid/preview")
def bin_grid_preview(
    request: Request, location_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> HTMLResponse:
    """The preview line alone, for htmx to swap in while the ranges are typed."""
    _layout(runtime, visitor, location_id)
    return render(request, "locations/_grid_preview.html", visitor, preview=grid_preview(form))


@dataclass(frozen=True)
class GridPreview:
    """How many bins a grid form would add, the first and last codes, or why it cannot."""

    count: int = 0
    first: str = ""
    last: str = ""
    problems: tuple[str, ...] = ()


def grid_preview(form: SubmittedForm) -> GridPreview:
    if not any(
        form.text(f"parts[{i}].{end}").strip()
        for i in range(len(GRID_ROWS))
        for end in ("start", "end")
    ):
        return GridPreview()
    try:
        _, parts = _grid_parts(form)
        codes = grid_codes(parts, separator=form.text("separator"))
    except BinInvalid as error:
        return GridPreview(problems=tuple(p.message for p in error.problems))
    return GridPreview(len(codes), codes[0], codes[-1])


def _grid_parts(form: SubmittedForm) -> tuple[list[int], list[BinRange]]:
    """The ranges filled in (blank rows skipped) and the form row of each."""
    indexes, parts, problems = [], [], []
    for index in range(len(GRID_ROWS)):
        start = form.text(f"parts[{index}].start").strip()
        end = form.text(f"parts[{index}].end").strip()
        if not start and not end:
            continue
        if not start:
            problems.append(FieldProblem(f"parts[{index}]", "required", "Give where it starts."))
        indexes.append(index)
        parts.append(BinRange(start, end or None))
    if problems:
        raise BinInvalid(problems)
    if not parts:
        raise BinInvalid([FieldProblem("parts[0]", "required", "Give at least one range.")])
    return indexes, parts


def _renumbered(problems: list[FieldProblem], indexes: list[int]) -> list[FieldProblem]:
    """The domain numbers the ranges given; the form numbers its rows (blank ones included)."""

    def row(problem: FieldProblem) -> FieldProblem:
        matched = _PART_FIELD.fullmatch(problem.field)
        if matched and int(matched.group(1)) < len(indexes):
            return replace(problem, field=f"parts[{indexes[int(matched.group(1))]}]")
        return problem

    return [row(p) for p in problems]


def _zone_kind(form: SubmittedForm) -> ZoneKind:
    try:
        return ZoneKind(form.text("kind"))
    except ValueError:
        raise FormInvalid([FieldProblem("kind", "unknown_choice", "Choose a zone kind.")]) from None


def _zone_id(form: SubmittedForm, found: Layout) -> int:
    chosen = form.text("zone_id")
    for zone in found.zones:
        if str(zone.id) == chosen:
            return zone.id
    raise FormInvalid([FieldProblem("zone_id", "unknown_choice", "Choose the zone.")])


def _values(form: SubmittedForm) -> dict[str, str]:
    return {name: form.text(name) for name in form.values}


def _page(
    request: Request,
    visitor: Visitor,
    template: str,
    found: Layout,
    values: dict[str, str],
    errors: FormErrors | None,
    *,
    form: SubmittedForm | None = None,
) -> HTMLResponse:
    return render(
        request,
        template,
        visitor,
        status_code=errors.status_code if errors else 200,
        location=found.location,
        zones=found.zones,
        zone_kind_options=[(str(k), k.replace("_", " ").capitalize()) for k in ZoneKind],
        zone_options=[(z.id, f"{z.code} · {z.name}") for z in found.zones],
        grid_rows=GRID_ROWS,
        separators=SEPARATORS,
        preview=grid_preview(form) if form is not None else GridPreview(),
        values=values,
        errors=errors,
    )
