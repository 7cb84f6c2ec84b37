"""SQL for the movement history: newest first, keyset pages by ledger position, any filter indexed.

The ids of a page are chosen first, from the narrowest index the filters allow; SKUs, places and
people are then named for that page only (small queries plan in microseconds, a wide join does not). A location or bin filter matches either side
of a movement, so it is two index scans (from-side, to-side), each stopping after one page, merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, func, or_, select, true, union

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.inventory.query_ports import MovementFilter, MovementView, PlaceView

from ..paging import after_id, to_page
from ..tables.catalog import products
from ..tables.inventory import stock_movements
from ..tables.locations import bins, locations
from ..tables.tenancy import users

_m = stock_movements.c
SHORT_PERIOD = 10_000  # movements a period may hold to be read whole by time


def movement_page(
    connection: Connection, merchant_id: int, where: MovementFilter, page: PageRequest
) -> Page[MovementView]:
    chosen = _chosen_ids(connection, merchant_id, where, page).subquery("chosen")
    rows = connection.execute(
        select(stock_movements)
        .join(chosen, chosen.c.id == _m.id)
        .where(_m.merchant_id == merchant_id)
        .order_by(_m.id.desc())
    ).all()
    names = _Names.of(connection, merchant_id, rows)
    return to_page([names.movement(r) for r in rows], page, lambda item: item.id)


def _chosen_ids(
    connection: Connection, merchant_id: int, where: MovementFilter, page: PageRequest
) -> Select[Any]:
    common = _conditions(merchant_id, where, page)
    sides: list[ColumnElement[bool]] = [true()]
    if where.bin_id is not None:
        sides = [_m.from_bin_id == where.bin_id, _m.to_bin_id == where.bin_id]
    elif where.location_id is not None:
        sides = [_m.from_location_id == where.location_id, _m.to_location_id == where.location_id]
    if _short_period(connection, merchant_id, where):
        return _within_period(merchant_id, where, common, or_(*sides), page)
    branches = [
        select(_m.id).where(*common, side).order_by(_m.id.desc()).limit(page.limit + 1)
        for side in sides
    ]
    if len(branches) == 1:
        return branches[0]
    merged = union(*branches).subquery("sides")
    return select(merged.c.id).order_by(merged.c.id.desc()).limit(page.limit + 1)


def _short_period(connection: Connection, merchant_id: int, where: MovementFilter) -> bool:
    """Whether the period holds few movements (counted from the created_at index, up to a cap).

    Ids grow with time, so reading by id finds a recent period at once but reads through every later
    movement to reach an old one; a short period is cheaper to read whole by time and then sort.
    """
    period = _period(where)
    if not period:
        return False
    sample = select(_m.id).where(_m.merchant_id == merchant_id, *period).limit(SHORT_PERIOD + 1)
    found = connection.execute(select(func.count()).select_from(sample.subquery())).scalar_one()
    return int(found) <= SHORT_PERIOD


def _within_period(
    merchant_id: int,
    where: MovementFilter,
    common: list[ColumnElement[bool]],
    side: ColumnElement[bool],
    page: PageRequest,
) -> Select[Any]:
    in_period = (
        select(_m.id.label("id"))
        .where(_m.merchant_id == merchant_id, *_period(where))
        .cte("in_period")
        .prefix_with("MATERIALIZED")
    )
    return (
        select(_m.id)
        .select_from(in_period)
        .join(stock_movements, (_m.merchant_id == merchant_id) & (_m.id == in_period.c.id))
        .where(*common, side)
        .order_by(_m.id.desc())
        .limit(page.limit + 1)
    )


def _period(where: MovementFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if where.since is not None:
        found.append(_m.created_at >= where.since)
    if where.until is not None:
        found.append(_m.created_at < where.until)
    return found


def _conditions(
    merchant_id: int, where: MovementFilter, page: PageRequest
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [_m.merchant_id == merchant_id]
    if page.after is not None:
        found.append(_m.id < after_id(page))
    if where.ids:
        found.append(_m.id.in_(list(where.ids)))
    if where.product_id is not None:
        found.append(_m.product_id == where.product_id)
    if where.kind is not None:
        found.append(_m.kind == where.kind)
    if where.reference_kind is not None:
        found.append(_m.reference_kind == where.reference_kind)
    if where.reference_id is not None:
        found.append(_m.reference_id == where.reference_id)
    return found + _period(where)


@dataclass(frozen=True, slots=True)
class _Names:
    """What people call the ids a page of movements mentions (looked up once per page)."""

    skus: dict[int, str]
    locations: dict[int, str]
    bins: dict[int, str]
    people: dict[int, str]

    @classmethod
    def of(cls, connection: Connection, merchant_id: int, rows: Sequence[Row[Any]]) -> _Names:
        def ids(*columns: str) -> list[int]:
            return list({getattr(r, c) for r in rows for c in columns} - {None})

        def named(query: Select[Any]) -> dict[int, str]:
            return {r[0]: r[1] for r in connection.execute(query)} if rows else {}

        p, lo, b, u = products.c, locations.c, bins.c, users.c
        return cls(
            named(
                select(p.id, p.sku).where(p.merchant_id == merchant_id, p.id.in_(ids("product_id")))
            ),
            named(
                select(lo.id, lo.code).where(lo.id.in_(ids("from_location_id", "to_location_id")))
            ),
            named(select(b.id, b.code).where(b.id.in_(ids("from_bin_id", "to_bin_id")))),
            named(select(u.id, u.name).where(u.id.in_(ids("actor_user_id")))),
        )

    def movement(self, r: Row[Any]) -> MovementView:
        return MovementView(
            id=r.id,
            created_at=r.created_at,
            product_id=r.product_id,
            sku=self.skus.get(r.product_id, ""),
            kind=r.kind,
            quantity=r.quantity,
            source=self._place(r.from_location_id, r.from_bin_id, r.from_status, r.from_lot),
            target=self._place(r.to_location_id, r.to_bin_id, r.to_status, r.to_lot),
            expires_on=r.expires_on,
            reason=r.reason,
            note=r.note,
            reference_kind=r.reference_kind,
            reference_id=r.reference_id,
            idempotency_key=r.idempotency_key,
            actor=r.actor,
            actor_user_id=r.actor_user_id,
            actor_name=self.people.get(r.actor_user_id) if r.actor_user_id else None,
            consumes_allocation=r.consumes_allocation,
        )

    def _place(
        self, location_id: int | None, bin_id: int | None, status: str | None, lot: str
    ) -> PlaceView | None:
        if location_id is None or status is None:
            return None
        return PlaceView(
            location_id,
            self.locations.get(location_id, ""),
            bin_id,
            self.bins.get(bin_id) if bin_id else None,
            InventoryStatus(status),
            lot or None,
        )
