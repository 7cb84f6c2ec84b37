"""SQL for reading the inventory truth: places, balances, pools per SKU, allocations (no locks).

Lists are keyset pages, each answered by an index: balances by (merchant, id) or a filter's own
index, SKUs by (merchant, sku), pools by the balances' (merchant, product, …) key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, and_, exists, func, or_, select

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.inventory.ports import BinRef, LocationRef
from ordertower.services.inventory.query_ports import (
    AllocationFilter,
    AllocationView,
    BalanceFilter,
    BalanceView,
    ListingAts,
    MovementFilter,
    MovementView,
    PoolsAt,
    ProductInfo,
    SkuFilter,
)

from ..paging import by_id, to_page
from ..tables.catalog import products
from ..tables.inventory import stock_allocations, stock_balances, stock_positions
from ..tables.locations import bins, locations, zones
from .inventory_history import movement_page
from .inventory_listings import listing_ats, listings_drawing_on

_b = stock_balances.c
_p = products.c
_bundles = products.alias("bundle")


class SqlInventoryQueries:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def product(self, merchant_id: int, sku: str) -> ProductInfo | None:
        row = self._c.execute(
            select(_p.id, _p.sku, _p.title, _p.kind, _p.blocked).where(
                _p.merchant_id == merchant_id, _p.sku == sku
            )
        ).first()
        return (
            None if row is None else ProductInfo(row.id, row.sku, row.title, row.kind, row.blocked)
        )

    def location(self, location_id: int) -> LocationRef | None:
        c = locations.c
        row = self._c.execute(
            select(c.id, c.code, c.kind, c.merchant_id, c.active).where(c.id == location_id)
        ).first()
        return None if row is None else LocationRef(*row)

    def usable_locations(self, merchant_id: int) -> list[LocationRef]:
        c = locations.c
        rows = self._c.execute(
            select(c.id, c.code, c.kind, c.merchant_id, c.active)
            .where(c.active, or_(c.merchant_id.is_(None), c.merchant_id == merchant_id))
            .order_by(c.code)
        ).all()
        return [LocationRef(*r) for r in rows]

    def bin(self, bin_id: int) -> BinRef | None:
        return self._bin(bins.c.id == bin_id)

    def bin_by_code(self, location_id: int, code: str) -> BinRef | None:
        return self._bin(
            bins.c.location_id == location_id, or_(bins.c.code == code, bins.c.barcode == code)
        )

    def _bin(self, *conditions: Any) -> BinRef | None:
        row = self._c.execute(
            select(bins.c.id, bins.c.code, bins.c.location_id, zones.c.kind, bins.c.active)
            .join(zones, zones.c.id == bins.c.zone_id)
            .where(*conditions)
            .limit(1)
        ).first()
        return None if row is None else BinRef(*row)

    def balances(
        self, merchant_id: int, where: BalanceFilter, page: PageRequest
    ) -> Page[BalanceView]:
        query = (
            select(
                stock_balances,
                _p.sku,
                locations.c.code.label("location_code"),
                bins.c.code.label("bin_code"),
            )
            .select_from(
                stock_balances.join(
                    products, and_(_p.merchant_id == _b.merchant_id, _p.id == _b.product_id)
                )
                .join(locations, locations.c.id == _b.location_id)
                .outerjoin(bins, bins.c.id == _b.bin_id)
            )
            .where(_b.merchant_id == merchant_id)
        )
        if where.product_id is not None:
            query = query.where(_b.product_id == where.product_id)
        if where.location_id is not None:
            query = query.where(_b.location_id == where.location_id)
        if where.bin_id is not None:
            query = query.where(_b.bin_id == where.bin_id)
        if where.status is not None:
            query = query.where(_b.status == str(where.status))
        if not where.include_empty:
            query = query.where(_b.on_hand > 0)
        rows = self._c.execute(by_id(query, _b.id, page)).all()
        return to_page([_balance(r) for r in rows], page, lambda item: item.id)

    def skus(self, merchant_id: int, where: SkuFilter, page: PageRequest) -> Page[ProductInfo]:
        query = select(_p.id, _p.sku, _p.title, _p.kind, _p.blocked).where(
            _p.merchant_id == merchant_id, _p.kind == "item"
        )
        if where.sku_prefix:
            prefix = where.sku_prefix
            query = query.where(_p.sku >= prefix, _p.sku < prefix[:-1] + chr(ord(prefix[-1]) + 1))
        if where.in_stock_only:
            held = [_b.merchant_id == merchant_id, _b.product_id == _p.id, _b.on_hand > 0]
            if where.location_id is not None:
                held.append(_b.location_id == where.location_id)
            query = query.where(exists().where(*held))
        if page.after is not None:
            query = query.where(_p.sku > page.after)
        rows = self._c.execute(query.order_by(_p.sku).limit(page.limit + 1)).all()
        return to_page([ProductInfo(*r) for r in rows], page, lambda item: item.sku)

    def pools(
        self, merchant_id: int, product_ids: Sequence[int], location_id: int | None
    ) -> dict[int, list[PoolsAt]]:
        if not product_ids:
            return {}
        held = (
            select(_b.product_id, _b.location_id, _b.status, func.sum(_b.on_hand).label("units"))
            .where(_b.merchant_id == merchant_id, _b.product_id.in_(list(product_ids)))
            .group_by(_b.product_id, _b.location_id, _b.status)
        )
        s = stock_positions.c
        promised = select(s.product_id, s.location_id, s.allocated).where(
            s.merchant_id == merchant_id, s.product_id.in_(list(product_ids)), s.allocated > 0
        )
        if location_id is not None:
            held = held.where(_b.location_id == location_id)
            promised = promised.where(s.location_id == location_id)
        units: dict[tuple[int, int], dict[InventoryStatus, int]] = {}
        for r in self._c.execute(held):
            if r.units:
                units.setdefault((r.product_id, r.location_id), {})[InventoryStatus(r.status)] = (
                    int(r.units)
                )
        allocated = {(r.product_id, r.location_id): r.allocated for r in self._c.execute(promised)}
        return self._pools_by_product(units, allocated)

    def _pools_by_product(
        self,
        units: dict[tuple[int, int], dict[InventoryStatus, int]],
        allocated: dict[tuple[int, int], int],
    ) -> dict[int, list[PoolsAt]]:
        keys = units.keys() | allocated.keys()
        codes = dict(
            self._c.execute(
                select(locations.c.id, locations.c.code).where(
                    locations.c.id.in_({location for _, location in keys})
                )
            ).all()
        )
        found: dict[int, list[PoolsAt]] = {}
        for product_id, location_id in sorted(keys, key=lambda k: (k[0], codes[k[1]])):
            found.setdefault(product_id, []).append(
                PoolsAt(
                    location_id,
                    codes[location_id],
                    units.get((product_id, location_id), {}),
                    allocated.get((product_id, location_id), 0),
                )
            )
        return found

    def movements(
        self, merchant_id: int, where: MovementFilter, page: PageRequest
    ) -> Page[MovementView]:
        return movement_page(self._c, merchant_id, where, page)

    def listing_ats(self, merchant_id: int, listing_id: int) -> ListingAts | None:
        return listing_ats(self._c, merchant_id, listing_id)

    def listings_drawing_on(self, merchant_id: int, product_id: int) -> list[ListingAts]:
        return listings_drawing_on(self._c, merchant_id, product_id)

    def allocations(
        self, merchant_id: int, where: AllocationFilter, page: PageRequest
    ) -> Page[AllocationView]:
        a = stock_allocations.c
        query = (
            select(
                stock_allocations,
                _p.sku,
                locations.c.code.label("location_code"),
                _bundles.c.sku.label("bundle_sku"),
            )
            .select_from(
                stock_allocations.join(
                    products, and_(_p.merchant_id == a.merchant_id, _p.id == a.product_id)
                )
                .join(locations, locations.c.id == a.location_id)
                .outerjoin(
                    _bundles,
                    and_(
                        _bundles.c.merchant_id == a.merchant_id,
                        _bundles.c.id == a.bundle_product_id,
                    ),
                )
            )
            .where(a.merchant_id == merchant_id)
        )
        if where.reference_kind is not None:
            query = query.where(a.reference_kind == where.reference_kind)
        if where.reference_id is not None:
            query = query.where(a.reference_id == where.reference_id)
        if where.ids:
            query = query.where(a.id.in_(list(where.ids)))
        rows = self._c.execute(by_id(query, a.id, page)).all()
        return to_page([_allocation(r) for r in rows], page, lambda item: item.id)


def _balance(r: Row[Any]) -> BalanceView:
    return BalanceView(
        id=r.id,
        product_id=r.product_id,
        sku=r.sku,
        location_id=r.location_id,
        location_code=r.location_code,
        bin_id=r.bin_id,
        bin_code=r.bin_code,
        status=InventoryStatus(r.status),
        lot=r.lot or None,
        expires_on=r.expires_on,
        on_hand=r.on_hand,
        last_movement_id=r.last_movement_id,
    )


def _allocation(r: Row[Any]) -> AllocationView:
    return AllocationView(
        id=r.id,
        product_id=r.product_id,
        sku=r.sku,
        location_id=r.location_id,
        location_code=r.location_code,
        quantity=r.quantity,
        allocated_quantity=r.allocated_quantity,
        reference_kind=r.reference_kind,
        reference_id=r.reference_id,
        bundle_sku=r.bundle_sku,
        idempotency_key=r.idempotency_key,
        created_at=r.created_at,
        closed_at=r.closed_at,
    )


class InventoryQueryRepositories:
    """Mixin for the unit of work: the inventory read side bound to its connection."""

    connection: Connection

    @property
    def inventory_queries(self) -> SqlInventoryQueries:
        return SqlInventoryQueries(self.connection)
