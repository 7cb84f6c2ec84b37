"""SQL for routing policies (one row per merchant, versioned) and the places and stock they name."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Connection, Row, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ordertower.domain.locations import LocationKind
from ordertower.services.routing.ports import NamedLocation, StoredDocument

from ..tables.catalog import products
from ..tables.inventory import stock_positions
from ..tables.locations import locations
from ..tables.orders import routing_policies

_p = routing_policies.c


class SqlRoutingPolicies:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, merchant_id: int) -> StoredDocument | None:
        row = self._c.execute(select(routing_policies).where(_p.merchant_id == merchant_id)).first()
        return _stored(row) if row else None

    def create(
        self, merchant_id: int, document: Mapping[str, Any], *, user_id: int | None
    ) -> StoredDocument | None:
        row = self._c.execute(
            pg_insert(routing_policies)
            .values(
                merchant_id=merchant_id, version=1, updated_by_user_id=user_id, **_columns(document)
            )
            .on_conflict_do_nothing(index_elements=["merchant_id"])
            .returning(*routing_policies.c)
        ).first()
        return _stored(row) if row else None

    def replace(
        self,
        merchant_id: int,
        document: Mapping[str, Any],
        *,
        expected_version: int,
        user_id: int | None,
    ) -> StoredDocument | None:
        row = self._c.execute(
            update(routing_policies)
            .where(_p.merchant_id == merchant_id, _p.version == expected_version)
            .values(
                version=_p.version + 1,
                updated_at=func.now(),
                updated_by_user_id=user_id,
                **_columns(document),
            )
            .returning(*routing_policies.c)
        ).first()
        return _stored(row) if row else None


class SqlRoutingPlaces:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def usable_locations(
        self, merchant_id: int, codes: Collection[str]
    ) -> dict[str, NamedLocation]:
        if not codes:
            return {}
        c = locations.c
        rows = self._c.execute(
            select(c.code, c.name, c.kind, c.active).where(
                c.code.in_(list(codes)),
                or_(c.merchant_id.is_(None), c.merchant_id == merchant_id),
            )
        ).all()
        return {r.code: NamedLocation(r.code, r.name, LocationKind(r.kind), r.active) for r in rows}

    def free_units(self, merchant_id: int, skus: Collection[str]) -> dict[str, dict[str, int]]:
        if not skus:
            return {}
        s = stock_positions.c
        rows = self._c.execute(
            select(
                locations.c.code, products.c.sku, (s.sellable_on_hand - s.allocated).label("free")
            )
            .select_from(stock_positions)
            .join(
                products,
                (products.c.merchant_id == s.merchant_id) & (products.c.id == s.product_id),
            )
            .join(locations, locations.c.id == s.location_id)
            .where(
                s.merchant_id == merchant_id,
                products.c.sku.in_(list(skus)),
                s.sellable_on_hand > s.allocated,
            )
        ).all()
        free: dict[str, dict[str, int]] = {}
        for row in rows:
            free.setdefault(row.code, {})[row.sku] = int(row.free)
        return free


class RoutingRepositories:
    """Mixin for the unit of work: routing repositories bound to its connection."""

    connection: Connection

    @property
    def routing_policies(self) -> SqlRoutingPolicies:
        return SqlRoutingPolicies(self.connection)

    @property
    def routing_places(self) -> SqlRoutingPlaces:
        return SqlRoutingPlaces(self.connection)


def _columns(document: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "rules": list(document["rules"]),
        "default_route": dict(document["default"]),
        "zones": list(document.get("zones", [])),
    }


def _stored(row: Row) -> StoredDocument:  # type: ignore[type-arg]
    return StoredDocument(
        rules=list(row.rules),
        default=dict(row.default_route),
        zones=list(row.zones),
        version=row.version,
        updated_at=row.updated_at,
        updated_by_user_id=row.updated_by_user_id,
    )
