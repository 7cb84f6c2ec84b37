"""SQL for locations, zones and bins."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import ColumnElement, Connection, Row, exists, insert, select, true

from ordertower.domain.bins import BinSpec
from ordertower.domain.locations import Address, LocationKind, LocationSpec, ZoneKind, ZoneSpec
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.locations.ports import Bin, Location, Zone

from ..paging import by_id, to_page
from ..tables.locations import bins, locations, zones
from ..unique import unique_conflicts


def visible_to(merchant_ids: frozenset[int] | None) -> ColumnElement[bool]:
    """Warehouses are shared; a virtual location is visible to its merchant's users only."""
    if merchant_ids is None:
        return true()
    return locations.c.merchant_id.is_(None) | locations.c.merchant_id.in_(merchant_ids)


class SqlLocations:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, spec: LocationSpec, *, merchant_id: int | None) -> Location:
        with unique_conflicts({"uq_locations_code": "code"}):
            row = self._insert(spec, merchant_id)
        return _location(row)

    def _insert(self, spec: LocationSpec, merchant_id: int | None) -> Row:  # type: ignore[type-arg]
        address = spec.address
        return self._c.execute(
            insert(locations)
            .values(
                code=spec.code,
                name=spec.name,
                kind=str(spec.kind),
                merchant_id=merchant_id,
                address_line1=address.line1 if address else None,
                address_line2=address.line2 if address else None,
                city=address.city if address else None,
                region=address.region if address else None,
                postal_code=address.postal_code if address else None,
                country=spec.country,
                time_zone=spec.time_zone,
                marketplace_id=spec.marketplace_id,
                priority=spec.priority,
            )
            .returning(*locations.c)
        ).one()

    def get(self, location_id: int, *, visible: frozenset[int] | None) -> Location | None:
        row = self._c.execute(
            select(locations).where(locations.c.id == location_id, visible_to(visible))
        ).first()
        return _location(row) if row else None

    def code_taken(self, code: str) -> bool:
        return bool(self._c.execute(select(exists().where(locations.c.code == code))).scalar())

    def find_fba(self, *, merchant_id: int, marketplace_id: str) -> Location | None:
        row = self._c.execute(
            select(locations).where(
                locations.c.kind == str(LocationKind.FBA),
                locations.c.merchant_id == merchant_id,
                locations.c.marketplace_id == marketplace_id,
            )
        ).first()
        return _location(row) if row else None

    def list(
        self,
        *,
        visible: frozenset[int] | None,
        page: PageRequest,
        kind: LocationKind | None = None,
        owner: int | None = None,
    ) -> Page[Location]:
        query = select(locations).where(visible_to(visible))
        if kind is not None:
            query = query.where(locations.c.kind == str(kind))
        if owner is not None:
            query = query.where(locations.c.merchant_id == owner)
        rows = self._c.execute(by_id(query, locations.c.id, page)).all()
        return to_page([_location(r) for r in rows], page, lambda item: item.id)


class SqlZones:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, *, location_id: int, spec: ZoneSpec) -> Zone:
        with unique_conflicts({"uq_zones_location_id_code": "code"}):
            row = self._c.execute(
                insert(zones)
                .values(
                    location_id=location_id, code=spec.code, name=spec.name, kind=str(spec.kind)
                )
                .returning(*zones.c)
            ).one()
        return _zone(row)

    def get(self, *, location_id: int, zone_id: int) -> Zone | None:
        row = self._c.execute(
            select(zones).where(zones.c.id == zone_id, zones.c.location_id == location_id)
        ).first()
        return _zone(row) if row else None

    def code_taken(self, *, location_id: int, code: str) -> bool:
        condition = (zones.c.location_id == location_id) & (zones.c.code == code)
        return bool(self._c.execute(select(exists().where(condition))).scalar())

    def list(self, *, location_id: int, page: PageRequest) -> Page[Zone]:
        query = select(zones).where(zones.c.location_id == location_id)
        rows = self._c.execute(by_id(query, zones.c.id, page)).all()
        return to_page([_zone(r) for r in rows], page, lambda item: item.id)


class SqlBins:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_many(self, *, location_id: int, zone_id: int, specs: Sequence[BinSpec]) -> list[Bin]:
        values = [
            {
                "location_id": location_id,
                "zone_id": zone_id,
                "code": s.code,
                "barcode": s.barcode,
                "sort_key": s.sort_key,
            }
            for s in specs
        ]
        constraints = {"uq_bins_barcode": "barcode", "uq_bins_location_id_code": "code"}
        with unique_conflicts(constraints):
            rows = self._c.execute(
                insert(bins).returning(*bins.c, sort_by_parameter_order=True), values
            ).all()
        return [_bin(r) for r in rows]

    def get(self, *, location_id: int, bin_id: int) -> Bin | None:
        row = self._c.execute(
            select(bins).where(bins.c.id == bin_id, bins.c.location_id == location_id)
        ).first()
        return _bin(row) if row else None

    def codes_taken(self, *, location_id: int, codes: Collection[str]) -> set[str]:
        found = self._c.execute(
            select(bins.c.code).where(bins.c.location_id == location_id, bins.c.code.in_(codes))
        ).scalars()
        return set(found)

    def barcodes_taken(self, barcodes: Collection[str]) -> set[str]:
        found = self._c.execute(
            select(bins.c.barcode).where(bins.c.barcode.in_(barcodes))
        ).scalars()
        return set(found)

    def list(
        self,
        *,
        location_id: int,
        page: PageRequest,
        zone_id: int | None = None,
        barcode: str | None = None,
    ) -> Page[Bin]:
        query = select(bins).where(bins.c.location_id == location_id)
        if zone_id is not None:
            query = query.where(bins.c.zone_id == zone_id)
        if barcode is not None:
            query = query.where(bins.c.barcode == barcode)
        rows = self._c.execute(by_id(query, bins.c.id, page)).all()
        return to_page([_bin(r) for r in rows], page, lambda item: item.id)


class LocationRepositories:
    """Mixin for the unit of work: location repositories bound to its connection."""

    connection: Connection

    @property
    def locations(self) -> SqlLocations:
        return SqlLocations(self.connection)

    @property
    def zones(self) -> SqlZones:
        return SqlZones(self.connection)

    @property
    def bins(self) -> SqlBins:
        return SqlBins(self.connection)


def _location(row: Row) -> Location:  # type: ignore[type-arg]
    address = None
    if row.address_line1 is not None:
        address = Address(
            line1=row.address_line1,
            line2=row.address_line2,
            city=row.city,
            region=row.region,
            postal_code=row.postal_code,
            country=row.country,
        )
    return Location(
        id=row.id,
        code=row.code,
        name=row.name,
        kind=LocationKind(row.kind),
        merchant_id=row.merchant_id,
        address=address,
        country=row.country,
        time_zone=row.time_zone,
        marketplace_id=row.marketplace_id,
        priority=row.priority,
        active=row.active,
        created_at=row.created_at,
    )


def _zone(row: Row) -> Zone:  # type: ignore[type-arg]
    return Zone(row.id, row.location_id, row.code, row.name, ZoneKind(row.kind), row.created_at)


def _bin(row: Row) -> Bin:  # type: ignore[type-arg]
    return Bin(
        row.id,
        row.location_id,
        row.zone_id,
        row.code,
        row.barcode,
        row.sort_key,
        row.active,
        row.created_at,
    )
