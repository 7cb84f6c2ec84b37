"""SQL for the movement history: newest first, keyset pages by ledger position, any filter indexed.

The ids of a page are chosen first, from the narrowest index the filters allow; the rows are then
joined to SKUs, places and people for those ids only. A location or bin filter matches either side
of a movement, so it is two index scans (from-side, to-side), each stopping after one page, merged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, and_, select, true, union

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.inventory.query_ports import MovementFilter, MovementView, PlaceView

from ..paging import after_id, to_page
from ..tables.catalog import products
from ..tables.inventory import stock_movements
from ..tables.locations import bins, locations
from ..tables.tenancy import users

_m = stock_movements.c
_src_location = locations.alias("src_location")
_dst_location = locations.alias("dst_location")
_src_bin = bins.alias("src_bin")
_dst_bin = bins.alias("dst_bin")


def movement_page(
    connection: Connection, merchant_id: int, where: MovementFilter, page: PageRequest
) -> Page[MovementView]:
    chosen = _chosen_ids(merchant_id, where, page).subquery("chosen")
    query = (
        select(
            stock_movements,
            products.c.sku,
            _src_location.c.code.label("src_location_code"),
            _src_bin.c.code.label("src_bin_code"),
            _dst_location.c.code.label("dst_location_code"),
            _dst_bin.c.code.label("dst_bin_code"),
            users.c.name.label("actor_name"),
        )
        .select_from(
            stock_movements.join(chosen, chosen.c.id == _m.id)
            .join(
                products,
                and_(products.c.merchant_id == _m.merchant_id, products.c.id == _m.product_id),
            )
            .outerjoin(_src_location, _src_location.c.id == _m.from_location_id)
            .outerjoin(_src_bin, _src_bin.c.id == _m.from_bin_id)
            .outerjoin(_dst_location, _dst_location.c.id == _m.to_location_id)
            .outerjoin(_dst_bin, _dst_bin.c.id == _m.to_bin_id)
            .outerjoin(users, users.c.id == _m.actor_user_id)
        )
        .where(_m.merchant_id == merchant_id)
        .order_by(_m.id.desc())
        .limit(page.limit + 1)
    )
    rows = connection.execute(query).all()
    return to_page([_movement(r) for r in rows], page, lambda item: item.id)


def _chosen_ids(merchant_id: int, where: MovementFilter, page: PageRequest) -> Select[Any]:
    common = _conditions(merchant_id, where, page)
    sides: list[ColumnElement[bool]] = [true()]
    if where.bin_id is not None:
        sides = [_m.from_bin_id == where.bin_id, _m.to_bin_id == where.bin_id]
    elif where.location_id is not None:
        sides = [_m.from_location_id == where.location_id, _m.to_location_id == where.location_id]
    branches = [
        select(_m.id).where(*common, side).order_by(_m.id.desc()).limit(page.limit + 1)
        for side in sides
    ]
    if len(branches) == 1:
        return branches[0]
    merged = union(*branches).subquery("sides")
    return select(merged.c.id).order_by(merged.c.id.desc()).limit(page.limit + 1)


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
    if where.since is not None:
        found.append(_m.created_at >= where.since)
    if where.until is not None:
        found.append(_m.created_at < where.until)
    return found


def _movement(r: Row[Any]) -> MovementView:
    return MovementView(
        id=r.id,
        created_at=r.created_at,
        product_id=r.product_id,
        sku=r.sku,
        kind=r.kind,
        quantity=r.quantity,
        source=_place(
            r.from_location_id,
            r.src_location_code,
            r.from_bin_id,
            r.src_bin_code,
            r.from_status,
            r.from_lot,
        ),
        target=_place(
            r.to_location_id,
            r.dst_location_code,
            r.to_bin_id,
            r.dst_bin_code,
            r.to_status,
            r.to_lot,
        ),
        expires_on=r.expires_on,
        reason=r.reason,
        note=r.note,
        reference_kind=r.reference_kind,
        reference_id=r.reference_id,
        idempotency_key=r.idempotency_key,
        actor=r.actor,
        actor_user_id=r.actor_user_id,
        actor_name=r.actor_name,
        consumes_allocation=r.consumes_allocation,
    )


def _place(
    location_id: int | None,
    location_code: str | None,
    bin_id: int | None,
    bin_code: str | None,
    status: str | None,
    lot: str,
) -> PlaceView | None:
    if location_id is None or status is None:
        return None
    return PlaceView(
        location_id, location_code or "", bin_id, bin_code, InventoryStatus(status), lot or None
    )
