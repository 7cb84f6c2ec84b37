"""Use cases for locations: open a warehouse, an FBA network or a dropship vendor; find them."""

from __future__ import annotations

from ordertower.domain.amazon_marketplaces import marketplace
from ordertower.domain.errors import Conflict, NotFound
from ordertower.domain.locations import Address, LocationKind, LocationSpec, validate_location
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.unit_of_work import Actor, AuditEntry

from .ports import Location
from .unit_of_work import LocationsUnitOfWork


def create_warehouse(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    code: str,
    name: str,
    address: Address,
    time_zone: str,
    priority: int = 100,
    reason: str | None = None,
) -> Location:
    """Open a warehouse. Warehouses are shared by every merchant, so only admins open them."""
    principal.require(Permission.MANAGE_MERCHANTS)
    spec = validate_location(
        LocationSpec(
            kind=LocationKind.WAREHOUSE,
            code=code,
            name=name,
            address=address,
            time_zone=time_zone,
            priority=priority,
        )
    )
    return _add(uow, principal, spec, merchant_id=None, reason=reason)


def create_fba_location(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    marketplace_id: str,
    code: str | None = None,
    name: str | None = None,
    time_zone: str = "UTC",
    priority: int = 100,
    reason: str | None = None,
) -> Location:
    """Add the merchant's stock in Amazon's network of one marketplace (one location per pair).

    Code and name default to `FBA-<country>-M<merchant id>` and `Amazon FBA <country>`.
    """
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    found = marketplace(marketplace_id)
    country = found.country if found else "XX"
    spec = validate_location(
        LocationSpec(
            kind=LocationKind.FBA,
            code=code if code is not None else f"FBA-{country}-M{merchant_id}",
            name=name if name is not None else f"Amazon FBA {country}",
            marketplace_id=marketplace_id,
            time_zone=time_zone,
            priority=priority,
        )
    )
    return _add(uow, principal, spec, merchant_id=merchant_id, reason=reason)


def create_dropship_location(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    code: str,
    name: str,
    address: Address | None = None,
    time_zone: str = "UTC",
    priority: int = 100,
    reason: str | None = None,
) -> Location:
    """Add a vendor that ships the merchant's orders from its own stock."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    spec = validate_location(
        LocationSpec(
            kind=LocationKind.DROPSHIP,
            code=code,
            name=name,
            address=address,
            time_zone=time_zone,
            priority=priority,
        )
    )
    return _add(uow, principal, spec, merchant_id=merchant_id, reason=reason)


def _add(
    uow: LocationsUnitOfWork,
    principal: Principal,
    spec: LocationSpec,
    *,
    merchant_id: int | None,
    reason: str | None,
) -> Location:
    with uow:
        if merchant_id is not None and uow.merchants.get(merchant_id) is None:
            raise NotFound(f"Merchant {merchant_id} not found.", field="merchant_id")
        if spec.marketplace_id and merchant_id is not None:
            existing = uow.locations.find_fba(
                merchant_id=merchant_id, marketplace_id=spec.marketplace_id
            )
            if existing is not None:
                raise Conflict(
                    f"The merchant already has FBA location {existing.code} for marketplace "
                    f"{spec.marketplace_id}; use it.",
                    field="marketplace_id",
                )
        if uow.locations.code_taken(spec.code):
            raise Conflict(f"Location code {spec.code} is taken; choose another.", field="code")
        location = uow.locations.add(spec, merchant_id=merchant_id)
        uow.audit.record(
            AuditEntry(
                actor_of(principal),
                "location.created",
                "location",
                str(location.id),
                merchant_id=merchant_id,
                reason=reason,
                details={"code": location.code, "kind": str(location.kind)},
            )
        )
        uow.commit()
    return location


def get_location(uow: LocationsUnitOfWork, *, principal: Principal, location_id: int) -> Location:
    """A location the caller may see (warehouses, and virtual locations of their merchants)."""
    principal.require(Permission.READ)
    with uow:
        location = uow.locations.get(location_id, visible=principal.merchant_ids)
    if location is None:
        raise NotFound(f"Location {location_id} not found.", field="location_id")
    return location


def list_locations(
    uow: LocationsUnitOfWork,
    *,
    principal: Principal,
    page: PageRequest,
    kind: LocationKind | None = None,
    merchant_id: int | None = None,
) -> Page[Location]:
    """Locations the caller may see; with `merchant_id`, only that merchant's own (virtual) ones."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.locations.list(
            visible=principal.merchant_ids, page=page, kind=kind, owner=merchant_id
        )


def actor_of(principal: Principal) -> Actor:
    return Actor(label=f"user:{principal.user_id}", user_id=principal.user_id)
