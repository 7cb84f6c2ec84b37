"""What routing-policy use cases need from storage: the stored document and the locations it names."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from ordertower.domain.locations import LocationKind


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A merchant's routing document as stored (the shapes of domain/routing/codec.py)."""

    rules: list[Any]
    default: Mapping[str, Any]
    zones: list[Any]
    version: int
    updated_at: datetime
    updated_by_user_id: int | None


@dataclass(frozen=True, slots=True)
class NamedLocation:
    """A location a routing document names, as far as routing cares."""

    code: str
    name: str
    kind: LocationKind
    active: bool


class RoutingPolicyRepository(Protocol):
    def get(self, merchant_id: int) -> StoredDocument | None: ...

    def create(
        self, merchant_id: int, document: Mapping[str, Any], *, user_id: int | None
    ) -> StoredDocument | None:
        """Store the first version (1); None when the merchant already has a policy."""

    def replace(
        self,
        merchant_id: int,
        document: Mapping[str, Any],
        *,
        expected_version: int,
        user_id: int | None,
    ) -> StoredDocument | None:
        """Store the next version; None unless the stored version is `expected_version`."""


class RoutingPlaces(Protocol):
    def usable_locations(
        self, merchant_id: int, codes: Collection[str]
    ) -> dict[str, NamedLocation]:
        """Of `codes`, the locations this merchant may ship from: shared warehouses and its own
        FBA and dropship locations (another merchant's location is left out, as if unknown)."""

    def free_units(self, merchant_id: int, skus: Collection[str]) -> dict[str, dict[str, int]]:
        """Location code → SKU → sellable on hand minus allocated, for the merchant's `skus`."""
