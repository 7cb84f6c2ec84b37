"""SQL for the inventory truth: locking holdings in key order, appending the ledger, applying changes.

All row locks on stock are taken here, in one order: positions, then balances, each sorted by key
(`ORDER BY … FOR UPDATE` locks rows as the sorted scan returns them). Never SKIP LOCKED on stock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, text

from ordertower.domain.inventory.effects import Holding
from ordertower.domain.inventory.errors import ReleaseExceedsAllocation
from ordertower.services.inventory.ports import (
    AllocationRow,
    BalanceRef,
    BinRef,
    LedgerRow,
    LocationRef,
    NewAllocation,
    PositionRef,
    ProductRef,
    Recorded,
)

from ..tables.catalog import bundle_components, products
from ..tables.inventory import stock_allocations, stock_movements
from ..tables.locations import bins, locations, zones

_LOCK_POSITIONS = text(
    "SELECT p.product_id, p.location_id, p.sellable_on_hand, p.allocated"
    " FROM stock_positions p"
    " JOIN unnest(CAST(:products AS bigint[]), CAST(:locations AS bigint[])) AS k(pr, lo)"
    "   ON p.product_id = k.pr AND p.location_id = k.lo"
    " WHERE p.merchant_id = :merchant_id"
    " ORDER BY p.product_id, p.location_id FOR UPDATE OF p"
)
_LOCK_BALANCES = text(
    "SELECT b.product_id, b.location_id, coalesce(b.bin_id, 0) AS bin_id, b.status, b.lot,"
    "       b.on_hand"
    " FROM stock_balances b"
    " JOIN unnest(CAST(:products AS bigint[]), CAST(:locations AS bigint[]),"
    "             CAST(:bins AS bigint[]), CAST(:statuses AS text[]), CAST(:lots AS text[]))"
    "   AS k(pr, lo, bi, st, lt)"
    "   ON b.product_id = k.pr AND b.location_id = k.lo AND coalesce(b.bin_id, 0) = k.bi"
    "  AND b.status = k.st AND b.lot = k.lt"
    " WHERE b.merchant_id = :merchant_id"
    " ORDER BY b.product_id, b.location_id, coalesce(b.bin_id, 0), b.status, b.lot FOR UPDATE OF b"
)
_UPSERT_BALANCE = text(
    "INSERT INTO stock_balances (merchant_id, product_id, location_id, bin_id, status, lot,"
    " expires_on, on_hand, last_movement_id)"
    " VALUES (:merchant_id, :product_id, :location_id, :bin_id, :status, :lot, :expires_on,"
    " :delta, :movement_id)"
    " ON CONFLICT (merchant_id, product_id, location_id, coalesce(bin_id, 0), status, lot)"
    " DO UPDATE SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand,"
    " expires_on = coalesce(EXCLUDED.expires_on, stock_balances.expires_on),"
    " last_movement_id = EXCLUDED.last_movement_id"
)
_UPSERT_POSITION = text(
    "INSERT INTO stock_positions (merchant_id, product_id, location_id, sellable_on_hand,"
    " allocated, last_movement_id)"
    " VALUES (:merchant_id, :product_id, :location_id, :on_hand, :allocated, :movement_id)"
    " ON CONFLICT (merchant_id, product_id, location_id)"
    " DO UPDATE SET sellable_on_hand = stock_positions.sellable_on_hand + EXCLUDED.sellable_on_hand,"
    " allocated = stock_positions.allocated + EXCLUDED.allocated,"
    " last_movement_id = greatest(stock_positions.last_movement_id, EXCLUDED.last_movement_id)"
)
_UPDATE_BALANCE = text(
    "UPDATE stock_balances SET on_hand = on_hand + :delta,"
    " expires_on = coalesce(CAST(:expires_on AS date), expires_on), last_movement_id = :movement_id"
    " WHERE merchant_id = :merchant_id AND product_id = :product_id AND location_id = :location_id"
    " AND coalesce(bin_id, 0) = coalesce(CAST(:bin_id AS bigint), 0) AND status = :status"
    " AND lot = :lot"
)
_UPDATE_POSITION = text(
    "UPDATE stock_positions SET sellable_on_hand = sellable_on_hand + :on_hand,"
    " allocated = allocated + :allocated,"
    " last_movement_id = greatest(last_movement_id, :movement_id)"
    " WHERE merchant_id = :merchant_id AND product_id = :product_id AND location_id = :location_id"
)
_CHANGE_ALLOCATION = text(
    "UPDATE stock_allocations SET quantity = quantity + :delta,"
    " closed_at = CASE WHEN quantity + :delta = 0 THEN now() END"
    " WHERE merchant_id = :merchant_id AND id = :id AND quantity + :delta >= 0"
    " RETURNING id"
)


class SqlInventory:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def products_by_sku(self, merchant_id: int, skus: Collection[str]) -> dict[str, ProductRef]:
        found = self._products(merchant_id, products.c.sku.in_(list(skus)))
        return {p.sku: p for p in found}

    def products_by_id(self, merchant_id: int, ids: Collection[int]) -> dict[int, ProductRef]:
        found = self._products(merchant_id, products.c.id.in_(list(ids)))
        return {p.id: p for p in found}

    def _products(self, merchant_id: int, condition: object) -> list[ProductRef]:
        c = products.c
        rows = self._c.execute(
            select(c.id, c.sku, c.kind, c.blocked, c.expiration_dated).where(
                c.merchant_id == merchant_id,
                condition,  # type: ignore[arg-type]
            )
        ).all()
        return [ProductRef(r.id, r.sku, r.kind, r.blocked, r.expiration_dated) for r in rows]

    def bundle_components(self, merchant_id: int, bundle_id: int) -> list[tuple[int, int]]:
        c = bundle_components.c
        rows = self._c.execute(
            select(c.component_id, c.quantity)
            .where(c.merchant_id == merchant_id, c.bundle_id == bundle_id)
            .order_by(c.component_id)
        ).all()
        return [(r.component_id, r.quantity) for r in rows]

    def locations(self, ids: Collection[int]) -> dict[int, LocationRef]:
        c = locations.c
        rows = self._c.execute(
            select(c.id, c.code, c.kind, c.merchant_id, c.active).where(c.id.in_(list(ids)))
        ).all()
        return {r.id: LocationRef(r.id, r.code, r.kind, r.merchant_id, r.active) for r in rows}

    def bins(self, ids: Collection[int]) -> dict[int, BinRef]:
        rows = self._c.execute(
            select(bins.c.id, bins.c.code, bins.c.location_id, zones.c.kind, bins.c.active)
            .join(zones, zones.c.id == bins.c.zone_id)
            .where(bins.c.id.in_(list(ids)))
        ).all()
        return {r.id: BinRef(r.id, r.code, r.location_id, r.kind, r.active) for r in rows}

    def recorded(self, merchant_id: int, keys: Collection[str]) -> dict[str, Recorded]:
        c = stock_movements.c
        rows = self._c.execute(
            select(c.idempotency_key, c.id, c.request_digest).where(
                c.merchant_id == merchant_id, c.idempotency_key.in_(list(keys))
            )
        ).all()
        return {r.idempotency_key: Recorded(r.id, r.request_digest) for r in rows}

    def lock_positions(
        self, merchant_id: int, refs: Collection[PositionRef]
    ) -> dict[PositionRef, Holding]:
        if not refs:
            return {}
        ordered = sorted(refs)
        rows = self._c.execute(
            _LOCK_POSITIONS,
            {
                "merchant_id": merchant_id,
                "products": [r.product_id for r in ordered],
                "locations": [r.location_id for r in ordered],
            },
        ).all()
        return {
            PositionRef(r.product_id, r.location_id): Holding(r.sellable_on_hand, r.allocated)
            for r in rows
        }

    def lock_balances(
        self, merchant_id: int, refs: Collection[BalanceRef]
    ) -> dict[BalanceRef, Holding]:
        if not refs:
            return {}
        ordered = sorted(refs)
        rows = self._c.execute(
            _LOCK_BALANCES,
            {
                "merchant_id": merchant_id,
                "products": [r.product_id for r in ordered],
                "locations": [r.location_id for r in ordered],
                "bins": [r.bin_id for r in ordered],
                "statuses": [r.status for r in ordered],
                "lots": [r.lot for r in ordered],
            },
        ).all()
        return {
            BalanceRef(r.product_id, r.location_id, r.bin_id, r.status, r.lot): Holding(r.on_hand)
            for r in rows
        }

    def append(self, merchant_id: int, rows: Sequence[LedgerRow]) -> list[int]:
        values = [_movement_values(merchant_id, row) for row in rows]
        statement = insert(stock_movements).returning(
            stock_movements.c.id, sort_by_parameter_order=True
        )
        return list(self._c.execute(statement, values).scalars())

    def apply_balances(
        self,
        merchant_id: int,
        changes: Mapping[BalanceRef, int],
        expiries: Mapping[BalanceRef, dt.date | None],
        movement_id: int,
        existing: Collection[BalanceRef],
    ) -> None:
        """Existing (locked) rows are updated; new rows, only ever added to, are inserted."""
        values = [
            {
                "merchant_id": merchant_id,
                "product_id": ref.product_id,
                "location_id": ref.location_id,
                "bin_id": ref.bin_id or None,
                "status": ref.status,
                "lot": ref.lot,
                "expires_on": expiries.get(ref),
                "delta": delta,
                "movement_id": movement_id,
            }
            for ref, delta in sorted(changes.items())
            if delta
        ]
        _execute_split(
            self._c,
            values,
            [r in existing for r, d in sorted(changes.items()) if d],
            update=_UPDATE_BALANCE,
            insert=_UPSERT_BALANCE,
        )

    def apply_positions(
        self,
        merchant_id: int,
        on_hand: Mapping[PositionRef, int],
        allocated: Mapping[PositionRef, int],
        movement_id: int,
        existing: Collection[PositionRef],
    ) -> None:
        """Existing (locked) rows are updated; new rows, only ever added to, are inserted."""
        refs = [
            ref
            for ref in sorted(on_hand.keys() | allocated.keys())
            if on_hand.get(ref, 0) or allocated.get(ref, 0)
        ]
        values = [
            {
                "merchant_id": merchant_id,
                "product_id": ref.product_id,
                "location_id": ref.location_id,
                "on_hand": on_hand.get(ref, 0),
                "allocated": allocated.get(ref, 0),
                "movement_id": movement_id,
            }
            for ref in refs
        ]
        _execute_split(
            self._c,
            values,
            [r in existing for r in refs],
            update=_UPDATE_POSITION,
            insert=_UPSERT_POSITION,
        )

    def allocations_by_key(self, merchant_id: int, key: str) -> list[AllocationRow]:
        c = stock_allocations.c
        rows = self._c.execute(
            select(stock_allocations)
            .where(c.merchant_id == merchant_id, c.idempotency_key == key)
            .order_by(c.product_id)
        ).all()
        return [_allocation(r) for r in rows]

    def allocations(self, merchant_id: int, ids: Collection[int]) -> dict[int, AllocationRow]:
        c = stock_allocations.c
        rows = self._c.execute(
            select(stock_allocations).where(c.merchant_id == merchant_id, c.id.in_(list(ids)))
        ).all()
        return {r.id: _allocation(r) for r in rows}

    def add_allocations(
        self, merchant_id: int, rows: Sequence[NewAllocation]
    ) -> list[AllocationRow]:
        values = [
            {
                "merchant_id": merchant_id,
                "product_id": row.product_id,
                "location_id": row.location_id,
                "quantity": row.quantity,
                "allocated_quantity": row.quantity,
                "reference_kind": row.reference_kind,
                "reference_id": row.reference_id,
                "bundle_product_id": row.bundle_product_id,
                "idempotency_key": row.idempotency_key,
            }
            for row in rows
        ]
        statement = insert(stock_allocations).returning(
            *stock_allocations.c, sort_by_parameter_order=True
        )
        return [_allocation(r) for r in self._c.execute(statement, values).all()]

    def change_allocations(self, merchant_id: int, changes: Mapping[int, int]) -> None:
        for allocation_id, delta in sorted(changes.items()):
            changed = self._c.execute(
                _CHANGE_ALLOCATION,
                {"merchant_id": merchant_id, "id": allocation_id, "delta": delta},
            ).first()
            if changed is None:
                raise ReleaseExceedsAllocation(
                    f"Allocation {allocation_id} does not hold {-delta} more units.",
                    field="quantity",
                )


def _execute_split(
    connection: Connection,
    values: Sequence[Mapping[str, object]],
    exists: list[bool],
    *,
    update: Any,
    insert: Any,
) -> None:
    # PostgreSQL checks CHECK constraints on an INSERT's proposed row even when ON CONFLICT turns it
    # into an update, so a decrement must be an UPDATE of the row we hold locked.
    updates = [v for v, e in zip(values, exists, strict=True) if e]
    inserts = [v for v, e in zip(values, exists, strict=True) if not e]
    if updates:
        connection.execute(update, updates)
    if inserts:
        connection.execute(insert, inserts)


def _movement_values(merchant_id: int, row: LedgerRow) -> dict[str, object]:
    src, dst = row.source, row.target
    return {
        "merchant_id": merchant_id,
        "product_id": row.product_id,
        "quantity": row.quantity,
        "kind": row.kind,
        "reason": row.reason,
        "note": row.note or None,
        "from_location_id": src.location_id if src else None,
        "from_bin_id": (src.bin_id or None) if src else None,
        "from_status": src.status if src else None,
        "from_lot": src.lot if src else "",
        "to_location_id": dst.location_id if dst else None,
        "to_bin_id": (dst.bin_id or None) if dst else None,
        "to_status": dst.status if dst else None,
        "to_lot": dst.lot if dst else "",
        "expires_on": row.expires_on,
        "consumes_allocation": row.consumes_allocation,
        "reference_kind": row.reference_kind,
        "reference_id": row.reference_id,
        "idempotency_key": row.idempotency_key,
        "request_digest": row.request_digest,
        "actor": row.actor,
        "actor_user_id": row.actor_user_id,
    }


def _allocation(r: Row[Any]) -> AllocationRow:
    return AllocationRow(
        id=r.id,
        product_id=r.product_id,
        location_id=r.location_id,
        quantity=r.quantity,
        allocated_quantity=r.allocated_quantity,
        reference_kind=r.reference_kind,
        reference_id=r.reference_id,
        bundle_product_id=r.bundle_product_id,
        idempotency_key=r.idempotency_key,
    )


class InventoryRepositories:
    """Mixin for the unit of work: the inventory store bound to its connection."""

    connection: Connection

    @property
    def inventory(self) -> SqlInventory:
        return SqlInventory(self.connection)
