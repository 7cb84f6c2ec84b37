"""A warehouse's layout: zones under /locations/{id}/zones, bins under the zone (one, or a grid).

Adding zones and bins needs the manage-catalog permission; zones and bins exist in warehouses only.
Bins are read at /locations/{id}/bins (filter by zone or by a scanned barcode).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from ordertower.domain.bins import BinRange, BinSpec
from ordertower.domain.locations import ZoneKind
from ordertower.services.locations import layout, sites
from ordertower.services.locations.ports import Bin, Zone

from ..deps import PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, BinIdPath, LocationIdPath, Reason, StrictIn, ZoneIdPath

router = APIRouter(tags=["locations"])


def location_scope(
    location_id: LocationIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> int:
    """The location in the path, checked before the body: another merchant's location is a 404."""
    sites.get_location(runtime.uow(), principal=principal, location_id=location_id)
    return location_id


LocationDep = Annotated[int, Depends(location_scope)]


class ZoneIn(StrictIn):
    code: str = Field(examples=["PICK"])
    name: str = Field(examples=["Pick faces"])
    kind: ZoneKind
    reason: Reason = None


class ZoneOut(BaseModel):
    id: int
    location_id: int
    code: str
    name: str
    kind: ZoneKind
    created_at: datetime

    @classmethod
    def of(cls, z: Zone) -> ZoneOut:
        return cls(
            id=z.id,
            location_id=z.location_id,
            code=z.code,
            name=z.name,
            kind=z.kind,
            created_at=z.created_at,
        )


class BinIn(StrictIn):
    code: str = Field(examples=["A01-1"])
    barcode: str | None = Field(default=None, description="Default: <location code>-<bin code>.")
    sort_key: str | None = Field(default=None, description="Pick-path order. Default: the code.")
    reason: Reason = None


class RangeIn(StrictIn):
    start: str = Field(examples=["A01"])
    end: str | None = Field(default=None, examples=["A10"], description="None: a fixed part.")


class BinGridIn(StrictIn):
    parts: list[RangeIn] = Field(
        max_length=10,
        description="Parts of the code, first walked slowest: aisles A01–A10 then levels 1–4.",
        examples=[[{"start": "A01", "end": "A10"}, {"start": "1", "end": "4"}]],
    )
    separator: str = Field(default="-", description="Between parts: '-', '_' or ''.")
    reason: Reason = None


class BinOut(BaseModel):
    id: int
    location_id: int
    zone_id: int
    code: str
    barcode: str
    sort_key: str
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, b: Bin) -> BinOut:
        return cls(
            id=b.id,
            location_id=b.location_id,
            zone_id=b.zone_id,
            code=b.code,
            barcode=b.barcode,
            sort_key=b.sort_key,
            active=b.active,
            created_at=b.created_at,
        )


@router.get("/locations/{location_id}/zones", response_model=PageOut[ZoneOut])
def list_zones(
    location_id: LocationDep, runtime: RuntimeDep, principal: PrincipalDep, page: PageDep
) -> PageOut[ZoneOut]:
    """Zones of a location."""
    found = layout.list_zones(
        runtime.uow(), principal=principal, location_id=location_id, page=page
    )
    return page_out(found, ZoneOut.of)


@router.post("/locations/{location_id}/zones", status_code=status.HTTP_201_CREATED)
def create_zone(
    location_id: LocationDep, body: ZoneIn, runtime: RuntimeDep, principal: PrincipalDep
) -> ZoneOut:
    """Add a zone (receiving, storage, pick, quarantine, prep staging…) to a warehouse."""
    zone = layout.create_zone(
        runtime.uow(),
        principal=principal,
        location_id=location_id,
        code=body.code,
        name=body.name,
        kind=body.kind,
        reason=body.reason,
    )
    return ZoneOut.of(zone)


@router.get("/locations/{location_id}/zones/{zone_id}")
def get_zone(
    location_id: LocationDep, zone_id: ZoneIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> ZoneOut:
    """One zone."""
    return ZoneOut.of(
        layout.get_zone(
            runtime.uow(), principal=principal, location_id=location_id, zone_id=zone_id
        )
    )


@router.post("/locations/{location_id}/zones/{zone_id}/bins", status_code=status.HTTP_201_CREATED)
def create_bin(
    location_id: LocationDep,
    zone_id: ZoneIdPath,
    body: BinIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> BinOut:
    """Add one bin to a zone."""
    spec = BinSpec(code=body.code, barcode=body.barcode, sort_key=body.sort_key)
    found = layout.create_bin(
        runtime.uow(),
        principal=principal,
        location_id=location_id,
        zone_id=zone_id,
        spec=spec,
        reason=body.reason,
    )
    return BinOut.of(found)


@router.post(
    "/locations/{location_id}/zones/{zone_id}/bins/grid", status_code=status.HTTP_201_CREATED
)
def create_bin_grid(
    location_id: LocationDep,
    zone_id: ZoneIdPath,
    body: BinGridIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> list[BinOut]:
    """Add every bin of a grid at once (at most 5,000), all or nothing."""
    created = layout.create_bin_grid(
        runtime.uow(),
        principal=principal,
        location_id=location_id,
        zone_id=zone_id,
        parts=[BinRange(p.start, p.end) for p in body.parts],
        separator=body.separator,
        reason=body.reason,
    )
    return [BinOut.of(b) for b in created]


@router.get("/locations/{location_id}/bins", response_model=PageOut[BinOut])
def list_bins(
    location_id: LocationDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    zone_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    barcode: Annotated[
        str | None, Query(max_length=64, description="A scanned bin barcode.")
    ] = None,
) -> PageOut[BinOut]:
    """Bins of a location, optionally of one zone or the one with a barcode."""
    found = layout.list_bins(
        runtime.uow(),
        principal=principal,
        location_id=location_id,
        page=page,
        zone_id=zone_id,
        barcode=barcode,
    )
    return page_out(found, BinOut.of)


@router.get("/locations/{location_id}/bins/{bin_id}")
def get_bin(
    location_id: LocationDep, bin_id: BinIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> BinOut:
    """One bin."""
    return BinOut.of(
        layout.get_bin(runtime.uow(), principal=principal, location_id=location_id, bin_id=bin_id)
    )
