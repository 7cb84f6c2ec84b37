"""What location use cases need from storage: locations, zones and bins as stored."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ordertower.domain.bins import BinSpec
from ordertower.domain.locations import Address, LocationKind, LocationSpec, ZoneKind, ZoneSpec
from ordertower.domain.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class Location:
    id: int
    code: str
    name: str
    kind: LocationKind
    merchant_id: int | None  # None for a warehouse: shared by every merchant
    address: Address | None
    country: str | None
    time_zone: str
    marketplace_id: str | None
    priority: int
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Zone:
    id: int
    location_id: int
    code: str
    name: str
    kind: ZoneKind
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Bin:
    id: int
    location_id: int
    zone_id: int
    code: str
    barcode: str
    sort_key: str
    active: bool
    created_at: datetime


class LocationRepository(Protocol):
    """`visible` is the caller's merchant ids (None: all); warehouses are visible to everyone."""

    def add(self, spec: LocationSpec, *, merchant_id: int | None) -> Location: ...
    def get(self, location_id: int, *, visible: frozenset[int] | None) -> Location | None: ...
    def code_taken(self, code: str) -> bool: ...
    def find_fba(self, *, merchant_id: int, marketplace_id: str) -> Location | None: ...
    def list(
        self,
        *,
        visible: frozenset[int] | None,
        page: PageRequest,
        kind: LocationKind | None = None,
        owner: int | None = None,
    ) -> Page[Location]: ...


class ZoneRepository(Protocol):
    def add(self, *, location_id: int, spec: ZoneSpec) -> Zone: ...
    def get(self, *, location_id: int, zone_id: int) -> Zone | None: ...
    def code_taken(self, *, location_id: int, code: str) -> bool: ...
    def list(self, *, location_id: int, page: PageRequest) -> Page[Zone]: ...


class BinRepository(Protocol):
    def add_many(
        self, *, location_id: int, zone_id: int, specs: Sequence[BinSpec]
    ) -> list[Bin]: ...
    def get(self, *, location_id: int, bin_id: int) -> Bin | None: ...
    def codes_taken(self, *, location_id: int, codes: Collection[str]) -> set[str]: ...
    def barcodes_taken(self, barcodes: Collection[str]) -> set[str]: ...
    def list(
        self,
        *,
        location_id: int,
        page: PageRequest,
        zone_id: int | None = None,
        barcode: str | None = None,
    ) -> Page[Bin]: ...
