"""Locations: shared warehouses at /locations, a merchant's FBA and dropship locations under its path.

Warehouses belong to the operator and every merchant's users see them; virtual locations (an Amazon
FBA network per marketplace, a dropship vendor) belong to one merchant and are created under
/merchants/{merchant_id}/locations with a `kind` of `fba` or `dropship`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from ordertower.domain.errors import FieldProblem
from ordertower.domain.locations import Address, LocationInvalid, LocationKind
from ordertower.services.locations import sites
from ordertower.services.locations.ports import Location

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, LocationIdPath, Reason, StrictIn

router = APIRouter(tags=["locations"])


class AddressIn(StrictIn):
    line1: str
    line2: str | None = None
    city: str
    region: str | None = Field(default=None, description="State, province or county.")
    postal_code: str | None = None
    country: str = Field(description="ISO 3166-1 alpha-2, e.g. US.", examples=["US"])

    def to_domain(self) -> Address:
        return Address(**self.model_dump())


class AddressOut(BaseModel):
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str | None
    country: str


class WarehouseIn(StrictIn):
    code: str = Field(examples=["CHI1"])
    name: str = Field(examples=["Chicago DC"])
    address: AddressIn
    time_zone: str = Field(description="IANA time zone.", examples=["America/Chicago"])
    priority: int = Field(default=100, description="Lower numbers are preferred by routing.")
    reason: Reason = None


class VirtualLocationIn(StrictIn):
    kind: Literal["fba", "dropship"] = Field(
        description="fba: the merchant's stock in Amazon's network of one marketplace; "
        "dropship: a vendor shipping from its own stock."
    )
    marketplace_id: str | None = Field(
        default=None, description="fba only (required).", examples=["ATVPDKIKX0DER"]
    )
    code: str | None = Field(
        default=None,
        description="Required for dropship; fba default: FBA-<country>-M<merchant id>.",
    )
    name: str | None = Field(
        default=None,
        description="The vendor's name (required for dropship); fba default: Amazon FBA <country>.",
    )
    address: AddressIn | None = Field(default=None, description="dropship only (optional).")
    time_zone: str = "UTC"
    priority: int = 100
    reason: Reason = None

    def misplaced(self) -> list[FieldProblem]:
        field = "address" if self.kind == "fba" else "marketplace_id"
        if getattr(self, field) is None:
            return []
        return [FieldProblem(field, "not_allowed", f"A {self.kind} location has no {field}.")]


class LocationOut(BaseModel):
    id: int
    code: str
    name: str
    kind: LocationKind
    merchant_id: int | None = Field(description="None for a warehouse (shared by every merchant).")
    address: AddressOut | None
    country: str | None
    time_zone: str
    marketplace_id: str | None
    priority: int
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, location: Location) -> LocationOut:
        a = location.address
        return cls(
            id=location.id,
            code=location.code,
            name=location.name,
            kind=location.kind,
            merchant_id=location.merchant_id,
            address=AddressOut(
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                region=a.region,
                postal_code=a.postal_code,
                country=a.country,
            )
            if a
            else None,
            country=location.country,
            time_zone=location.time_zone,
            marketplace_id=location.marketplace_id,
            priority=location.priority,
            active=location.active,
            created_at=location.created_at,
        )


@router.get("/locations", response_model=PageOut[LocationOut])
def list_locations(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    kind: LocationKind | None = None,
    merchant_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> PageOut[LocationOut]:
    """Locations the caller may see: shared warehouses and their merchants' virtual locations."""
    found = sites.list_locations(
        runtime.uow(), principal=principal, page=page, kind=kind, merchant_id=merchant_id
    )
    return page_out(found, LocationOut.of)


@router.post("/locations", status_code=status.HTTP_201_CREATED)
def create_warehouse(
    body: WarehouseIn, runtime: RuntimeDep, principal: PrincipalDep
) -> LocationOut:
    """Open a warehouse (admins only: warehouses are shared by every merchant)."""
    location = sites.create_warehouse(
        runtime.uow(),
        principal=principal,
        code=body.code,
        name=body.name,
        address=body.address.to_domain(),
        time_zone=body.time_zone,
        priority=body.priority,
        reason=body.reason,
    )
    return LocationOut.of(location)


@router.get("/locations/{location_id}")
def get_location(
    location_id: LocationIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> LocationOut:
    """One location (another merchant's virtual location is not found)."""
    return LocationOut.of(
        sites.get_location(runtime.uow(), principal=principal, location_id=location_id)
    )


@router.get("/merchants/{merchant_id}/locations", response_model=PageOut[LocationOut])
def list_merchant_locations(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    kind: LocationKind | None = None,
) -> PageOut[LocationOut]:
    """The merchant's own (virtual) locations; shared warehouses are listed at /locations."""
    found = sites.list_locations(
        runtime.uow(), principal=principal, page=page, kind=kind, merchant_id=merchant_id
    )
    return page_out(found, LocationOut.of)


@router.post("/merchants/{merchant_id}/locations", status_code=status.HTTP_201_CREATED)
def create_merchant_location(
    merchant_id: MerchantDep, body: VirtualLocationIn, runtime: RuntimeDep, principal: PrincipalDep
) -> LocationOut:
    """Add an FBA network (`kind: fba`, one per marketplace) or a dropship vendor (`kind: dropship`)."""
    if problems := body.misplaced():
        raise LocationInvalid(problems)
    if body.kind == "fba":
        location = sites.create_fba_location(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            marketplace_id=body.marketplace_id or "",
            code=body.code,
            name=body.name,
            time_zone=body.time_zone,
            priority=body.priority,
            reason=body.reason,
        )
    else:
        location = sites.create_dropship_location(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            code=body.code or "",
            name=body.name or "",
            address=body.address.to_domain() if body.address else None,
            time_zone=body.time_zone,
            priority=body.priority,
            reason=body.reason,
        )
    return LocationOut.of(location)
