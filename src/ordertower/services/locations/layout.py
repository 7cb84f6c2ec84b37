"""Use cases for a warehouse's layout: zones, and bins one at a time or as a generated grid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ordertower.domain.bins import BinInvalid, BinRange, BinSpec, checked_bin, grid_codes
from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from ordertower.domain.locations import LocationKind, ZoneKind, ZoneSpec, validate_zone
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.unit_of_work import AuditEntry

from .ports import Bin, Location, Zone
from .sites import actor_of
from .unit_of_work import LocationsUnitOfWork


def create_zone(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    location_id: int,
    code: str,
    name: str,
    kind: ZoneKind,
    reason: str | None = None,
) -> Zone:
    principal.require(Permission.MANAGE_CATALOG)
    spec = validate_zone(ZoneSpec(code=code, name=name, kind=kind))
    with uow:
        _warehouse(uow, principal, location_id)
        if uow.zones.code_taken(location_id=location_id, code=spec.code):
            raise Conflict(f"Zone {spec.code} already exists in this warehouse.", field="code")
        zone = uow.zones.add(location_id=location_id, spec=spec)
        uow.audit.record(
            AuditEntry(
                actor_of(principal),
                "zone.created",
                "zone",
                str(zone.id),
                reason=reason,
                details={"location_id": location_id, "code": zone.code, "kind": str(kind)},
            )
        )
        uow.commit()
    return zone


def get_zone(
    uow: LocationsUnitOfWork, *, principal: Principal, location_id: int, zone_id: int
) -> Zone:
    principal.require(Permission.READ)
    with uow:
        _visible(uow, principal, location_id)
        return _zone(uow, location_id, zone_id)


def list_zones(
    uow: LocationsUnitOfWork, *, principal: Principal, location_id: int, page: PageRequest
) -> Page[Zone]:
    principal.require(Permission.READ)
    with uow:
        _visible(uow, principal, location_id)
        return uow.zones.list(location_id=location_id, page=page)


def create_bin(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    location_id: int,
    zone_id: int,
    spec: BinSpec,
    reason: str | None = None,
) -> Bin:
    """Add one bin; barcode and sort key default from the codes (see domain.bins)."""
    principal.require(Permission.MANAGE_CATALOG)
    return _add_bins(uow, principal, location_id, zone_id, [spec], reason=reason, prefix=False)[0]


def create_bin_grid(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    location_id: int,
    zone_id: int,
    parts: Sequence[BinRange],
    separator: str = "-",
    reason: str | None = None,
) -> list[Bin]:
    """Add every bin of a grid, e.g. aisles A01–A10 × levels 1–4 → A01-1 … A10-4 (40 bins)."""
    principal.require(Permission.MANAGE_CATALOG)
    specs = [BinSpec(code=code) for code in grid_codes(parts, separator=separator)]
    return _add_bins(uow, principal, location_id, zone_id, specs, reason=reason, prefix=True)


def _add_bins(
    uow: LocationsUnitOfWork,
    principal: Principal,
    location_id: int,
    zone_id: int,
    specs: list[BinSpec],
    *,
    reason: str | None,
    prefix: bool,
) -> list[Bin]:
    with uow:
        location = _warehouse(uow, principal, location_id)
        _zone(uow, location_id, zone_id)
        checked = _checked(location, specs, prefix=prefix)
        _refuse_taken(uow, location_id, checked)
        bins = uow.bins.add_many(location_id=location_id, zone_id=zone_id, specs=checked)
        uow.audit.record(
            AuditEntry(
                actor_of(principal),
                "bins.created",
                "zone",
                str(zone_id),
                reason=reason,
                details={
                    "location_id": location_id,
                    "count": len(bins),
                    "first": bins[0].code,
                    "last": bins[-1].code,
                },
            )
        )
        uow.commit()
    return bins


def _checked(location: Location, specs: list[BinSpec], *, prefix: bool) -> list[BinSpec]:
    checked: list[BinSpec] = []
    problems: list[FieldProblem] = []
    for index, spec in enumerate(specs):
        tidy, found = checked_bin(
            spec, location_code=location.code, prefix=f"bins[{index}]." if prefix else ""
        )
        checked.append(tidy)
        problems += found
    for field in ("code", "barcode"):
        repeated = [v for v, n in Counter(getattr(s, field) for s in checked).items() if n > 1]
        if repeated:
            problems.append(
                FieldProblem(
                    field, f"repeated_{field}", f"Repeated {field}s: {', '.join(repeated[:10])}."
                )
            )
    if problems:
        raise BinInvalid(problems)
    return checked


def _refuse_taken(uow: LocationsUnitOfWork, location_id: int, specs: list[BinSpec]) -> None:
    taken = uow.bins.codes_taken(location_id=location_id, codes=[s.code for s in specs])
    if taken:
        shown = ", ".join(sorted(taken)[:10])
        raise Conflict(f"These bins already exist in this warehouse: {shown}.", field="code")
    used = uow.bins.barcodes_taken([s.barcode for s in specs if s.barcode])
    if used:
        shown = ", ".join(sorted(used)[:10])
        raise Conflict(f"These barcodes are on other bins already: {shown}.", field="barcode")


def get_bin(
    uow: LocationsUnitOfWork, *, principal: Principal, location_id: int, bin_id: int
) -> Bin:
    principal.require(Permission.READ)
    with uow:
        _visible(uow, principal, location_id)
        found = uow.bins.get(location_id=location_id, bin_id=bin_id)
    if found is None:
        raise NotFound(f"Bin {bin_id} not found in location {location_id}.", field="bin_id")
    return found


def list_bins(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    location_id: int,
    page: PageRequest,
    zone_id: int | None = None,
    barcode: str | None = None,
) -> Page[Bin]:
    """Bins of a location, optionally of one zone or the one with a scanned barcode."""
    principal.require(Permission.READ)
    with uow:
        _visible(uow, principal, location_id)
        return uow.bins.list(
            location_id=location_id,
            page=page,
            zone_id=zone_id,
            barcode=barcode.strip().upper() if barcode else None,
        )


def _visible(uow: LocationsUnitOfWork, principal: Principal, location_id: int) -> Location:
    location = uow.locations.get(location_id, visible=principal.merchant_ids)
    if location is None:
        raise NotFound(f"Location {location_id} not found.", field="location_id")
    return location


def _warehouse(uow: LocationsUnitOfWork, principal: Principal, location_id: int) -> Location:
    location = _visible(uow, principal, location_id)
    if location.kind is not LocationKind.WAREHOUSE:
        raise InvalidInput(
            f"{location.code} is a {location.kind} location; zones and bins belong to warehouses.",
            field="location_id",
        )
    return location


def _zone(uow: LocationsUnitOfWork, location_id: int, zone_id: int) -> Zone:
    zone = uow.zones.get(location_id=location_id, zone_id=zone_id)
    if zone is None:
        raise NotFound(f"Zone {zone_id} not found in location {location_id}.", field="zone_id")
    return zone
