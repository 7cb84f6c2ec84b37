"""SQL for the inventory truth: locking holdings in key order, appending the ledger, applying changes.

All row locks on stock are taken here, in one order: positions, then balances, each sorted by key.
The keys arrive sorted, and each is looked up by its unique index and locked in turn (a LATERAL
`FOR UPDATE` per key, in array order), so the order never depends on the plan and a batch never
reads the whole table. Never SKIP LOCKED on stock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Connection, Row, String, any_, bindparam, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeEngine

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
    "SELECT k.pr AS product_id, k.lo AS location_id, p.sellable_on_hand, p.allocated"
    " FROM unnest(CAST(:products AS bigint[]), CAST(:locations AS bigint[])) AS k(pr, lo)"
    " CROSS JOIN LATERAL (SELECT sellable_on_hand, allocated FROM stock_positions"
    "   WHERE merchant_id = :merchant_id AND product_id = k.pr AND location_id = k.lo"
    "   FOR UPDATE) AS p"
)
_LOCK_BALANCES = text(
    "SELECT k.pr AS product_id, k.lo AS location_id, k.bi AS bin_id, k.st AS status, k.lt AS lot,"
    "       b.on_hand"
    " FROM unnest(CAST(:products AS bigint[]), CAST(:locations AS bigint[]),"
    "             CAST(:bins AS bigint[]), CAST(:statuses AS text[]), CAST(:lots AS text[]))"
    "   AS k(pr, lo, bi, st, lt)"
    " CROSS JOIN LATERAL (SELECT on_hand FROM stock_balances"
    "   WHERE merchant_id = :merchant_id AND product_id = k.pr AND location_id = k.lo"
    "     AND coalesce(bin_id, 0) = k.bi AND status = k.st AND lot = k.lt"
    "   FOR UPDATE) AS b"
)
# The ledger columns a movement sets, with their types; ids and created_at come from defaults.
_MOVEMENT_COLUMNS = {
    "product_id": "bigint",
    "quantity": "integer",
    "kind": "text",
    "reason": "text",
    "note": "text",
    "from_location_id": "bigint",
    "from_bin_id": "bigint",
    "from_status": "text",
    "from_lot": "text",
    "to_location_id": "bigint",
    "to_bin_id": "bigint",
    "to_status": "text",
    "to_lot": "text",
    "expires_on": "date",
    "consumes_allocation": "bigint",
    "reference_kind": "text",
    "reference_id": "text",
    "idempotency_key": "text",
    "request_digest": "text",
    "actor": "text",
    "actor_user_id": "bigint",
}
# The batch travels as one JSON document: encoding it is far cheaper than quoting a dozen arrays.
_APPEND = text(
    f"INSERT INTO stock_movements (merchant_id, {', '.join(_MOVEMENT_COLUMNS)})"
    f" SELECT :merchant_id, {', '.join(_MOVEMENT_COLUMNS)}"
    " FROM ROWS FROM (jsonb_to_recordset(CAST(:movements AS jsonb)) AS ("
    + ", ".join(f"{name} {kind}" for name, kind in _MOVEMENT_COLUMNS.items())
    + f")) WITH ORDINALITY AS m({', '.join(_MOVEMENT_COLUMNS)}, n)"
    " ORDER BY n RETURNING idempotency_key, id"
)

# Each statement below changes every row of a batch at once, from parallel arrays (one per column);
# the rows arrive sorted by key, so new rows are inserted in key order too.
_BALANCE_ROWS = (
    "unnest(CAST(:products AS bigint[]), CAST(:locations AS bigint[]), CAST(:bins AS bigint[]),"
    " CAST(:statuses AS text[]), CAST(:lots AS text[]), CAST(:expiries AS date[]),"
    " CAST(:deltas AS integer[])) WITH ORDINALITY AS v(pr, lo, bi, st, lt, ex, delta, n)"
)
_INSERT_BALANCES = text(
    "INSERT INTO stock_balances (merchant_id, product_id, location_id, bin_id, status, lot,"
    " expires_on, on_hand, last_movement_id)"
    f" SELECT :merchant_id, pr, lo, nullif(bi, 0), st, lt, ex, delta, :movement_id"
    f" FROM {_BALANCE_ROWS} ORDER BY n"
    " ON CONFLICT (merchant_id, product_id, location_id, coalesce(bin_id, 0), status, lot)"
    " DO UPDATE SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand,"
    " expires_on = coalesce(EXCLUDED.expires_on, stock_balances.expires_on),"
    " last_movement_id = EXCLUDED.last_movement_id"
)
# Updates reach each (locked) row by its unique key, then by its physical address: a join of the
# whole batch with the table would be planned as a scan of the table.
_UPDATE_BALANCES = text(
    "UPDATE stock_balances b SET on_hand = b.on_hand + u.delta,"
    " expires_on = coalesce(u.ex, b.expires_on), last_movement_id = :movement_id"
    f" FROM (SELECT x.row, v.delta, v.ex FROM {_BALANCE_ROWS}"
    "   CROSS JOIN LATERAL (SELECT ctid AS row FROM stock_balances"
    "     WHERE merchant_id = :merchant_id AND product_id = v.pr AND location_id = v.lo"
    "       AND coalesce(bin_id, 0) = v.bi AND status = v.st AND lot = v.lt OFFSET 0) AS x) AS u"
    " WHERE b.ctid = u.row"
)
_POSITION_ROWS = (
    "unnest(CAST(:products AS bigint[]), CAST(:locations AS bigint[]),"
    " CAST(:on_hand AS integer[]), CAST(:allocated AS integer[])) WITH ORDINALITY"
    " AS v(pr, lo, on_hand, allocated, n)"
)
_INSERT_POSITIONS = text(
    "INSERT INTO stock_positions (merchant_id, product_id, location_id, sellable_on_hand,"
    " allocated, last_movement_id)"
    f" SELECT :merchant_id, pr, lo, on_hand, allocated, :movement_id FROM {_POSITION_ROWS}"
    " ORDER BY n"
    " ON CONFLICT (merchant_id, product_id, location_id)"
    " DO UPDATE SET sellable_on_hand = stock_positions.sellable_on_hand + EXCLUDED.sellable_on_hand,"
    " allocated = stock_positions.allocated + EXCLUDED.allocated,"
    " last_movement_id = greatest(stock_positions.last_movement_id, EXCLUDED.last_movement_id)"
)
_UPDATE_POSITIONS = text(
    "UPDATE stock_positions p SET sellable_on_hand = p.sellable_on_hand + u.on_hand,"
    " allocated = p.allocated + u.allocated,"
    " last_movement_id = greatest(p.last_movement_id, :movement_id)"
    f" FROM (SELECT x.row, v.on_hand, v.allocated FROM {_POSITION_ROWS}"
    "   CROSS JOIN LATERAL (SELECT ctid AS row FROM stock_positions"
    "     WHERE merchant_id = :merchant_id AND product_id = v.pr AND location_id = v.lo"
    "     OFFSET 0) AS x) AS u"
    " WHERE p.ctid = u.row"
)
_CHANGE_ALLOCATION = text(
    "UPDATE stock_allocations SET quantity = quantity + :delta,"
    " closed_at = CASE WHEN quantity + :delta = 0 THEN now() END"
    " WHERE merchant_id = :merchant_id AND id = :id AND quantity + :delta >= 0"
    " RETURNING id"
)

_INSERT_ALLOCATIONS = text(
    "INSERT INTO stock_allocations (merchant_id, product_id, location_id, quantity,"
    " allocated_quantity, reference_kind, reference_id, bundle_product_id, idempotency_key)"
    " SELECT :merchant_id, CAST(r ->> 0 AS bigint), CAST(r ->> 1 AS bigint),"
    " CAST(r ->> 2 AS integer), CAST(r ->> 2 AS integer), r ->> 3, r ->> 4,"
    " CAST(r ->> 5 AS bigint), r ->> 6"
    " FROM jsonb_array_elements(CAST(:rows AS jsonb)) WITH ORDINALITY AS a(r, n) ORDER BY n"
)


K = TypeVar("K")
V = TypeVar("V")

# The dataclasses' own order (field by field) as a tuple key: sorting thousands of keys compares
# tuples in C instead of calling the generated __lt__ per comparison.
_POSITION_ORDER = attrgetter("product_id", "location_id")
_BALANCE_ORDER = attrgetter("product_id", "location_id", "bin_id", "status", "lot")


def _ints(values: Iterable[int]) -> str:
    """An integer array as PostgreSQL's text form, for `CAST(:x AS bigint[])`: several times
    cheaper to build than letting the driver adapt a list element by element."""
    return "{" + ",".join(map(str, values)) + "}"


def _texts(values: Iterable[str]) -> str:
    """A text array in the same form, for `CAST(:x AS text[])`: every element double-quoted, its
    backslashes and double quotes escaped (so commas, braces, spaces and "NULL" stay text)."""
    return "{" + ",".join(map(_quoted, values)) + "}"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dates(values: Iterable[dt.date | None]) -> str:
    """A date array in the same form (ISO dates, NULL for none), for `CAST(:x AS date[])`."""
    return "{" + ",".join("NULL" if v is None else v.isoformat() for v in values) + "}"


class SqlInventory:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def products_by_sku(self, merchant_id: int, skus: Collection[str]) -> dict[str, ProductRef]:
        found = self._products(merchant_id, products.c.sku == _any(skus, String))
        return {p.sku: p for p in found}

    def products_by_id(self, merchant_id: int, ids: Collection[int]) -> dict[int, ProductRef]:
        found = self._products(merchant_id, products.c.id == _any(ids, BigInteger))
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
            select(c.id, c.code, c.kind, c.merchant_id, c.active).where(
                c.id == _any(ids, BigInteger)
            )
        ).all()
        return {r.id: LocationRef(r.id, r.code, r.kind, r.merchant_id, r.active) for r in rows}

    def bins(self, ids: Collection[int]) -> dict[int, BinRef]:
        rows = self._c.execute(
            select(bins.c.id, bins.c.code, bins.c.location_id, zones.c.kind, bins.c.active)
            .join(zones, zones.c.id == bins.c.zone_id)
            .where(bins.c.id == _any(ids, BigInteger))
        ).all()
        return {r.id: BinRef(r.id, r.code, r.location_id, r.kind, r.active) for r in rows}

    def recorded(self, merchant_id: int, keys: Collection[str]) -> dict[str, Recorded]:
        c = stock_movements.c
        rows = self._c.execute(
            select(c.idempotency_key, c.id, c.request_digest).where(
                c.merchant_id == merchant_id, c.idempotency_key == _any(keys, String)
            )
        ).all()
        return {r.idempotency_key: Recorded(r.id, r.request_digest) for r in rows}

    def lock_positions(
        self, merchant_id: int, refs: Collection[PositionRef]
    ) -> dict[PositionRef, Holding]:
        if not refs:
            return {}
        ordered = sorted(refs, key=_POSITION_ORDER)
        rows = self._c.execute(
            _LOCK_POSITIONS,
            {
                "merchant_id": merchant_id,
                "products": _ints(r.product_id for r in ordered),
                "locations": _ints(r.location_id for r in ordered),
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
        ordered = sorted(refs, key=_BALANCE_ORDER)
        rows = self._c.execute(
            _LOCK_BALANCES,
            {
                "merchant_id": merchant_id,
                "products": _ints(r.product_id for r in ordered),
                "locations": _ints(r.location_id for r in ordered),
                "bins": _ints(r.bin_id for r in ordered),
                "statuses": _texts(r.status for r in ordered),
                "lots": _texts(r.lot for r in ordered),
            },
        ).all()
        return {
            BalanceRef(r.product_id, r.location_id, r.bin_id, r.status, r.lot): Holding(r.on_hand)
            for r in rows
        }

    def append(self, merchant_id: int, rows: Sequence[LedgerRow]) -> list[int]:
        """Append in the order given (ids, the ledger positions, rise in that order)."""
        movements = json.dumps([_movement_values(row) for row in rows], default=str)
        appended = self._c.execute(_APPEND, {"merchant_id": merchant_id, "movements": movements})
        ids: dict[str, int] = {r.idempotency_key: r.id for r in appended}
        return [ids[row.idempotency_key] for row in rows]

    def apply_balances(
        self,
        merchant_id: int,
        changes: Mapping[BalanceRef, int],
        expiries: Mapping[BalanceRef, dt.date | None],
        movement_id: int,
        existing: Collection[BalanceRef],
    ) -> None:
        """Existing (locked) rows are updated; new rows, only ever added to, are inserted."""
        rows = [(ref, changes[ref]) for ref in sorted(changes, key=_BALANCE_ORDER) if changes[ref]]
        for statement, chosen in _split(rows, existing, _UPDATE_BALANCES, _INSERT_BALANCES):
            self._c.execute(
                statement,
                {
                    "merchant_id": merchant_id,
                    "movement_id": movement_id,
                    "products": _ints(r.product_id for r, _ in chosen),
                    "locations": _ints(r.location_id for r, _ in chosen),
                    "bins": _ints(r.bin_id for r, _ in chosen),
                    "statuses": _texts(r.status for r, _ in chosen),
                    "lots": _texts(r.lot for r, _ in chosen),
                    "expiries": _dates(expiries.get(r) for r, _ in chosen),
                    "deltas": _ints(delta for _, delta in chosen),
                },
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
        rows = [
            (ref, (on_hand.get(ref, 0), allocated.get(ref, 0)))
            for ref in sorted(on_hand.keys() | allocated.keys(), key=_POSITION_ORDER)
            if on_hand.get(ref, 0) or allocated.get(ref, 0)
        ]
        for statement, chosen in _split(rows, existing, _UPDATE_POSITIONS, _INSERT_POSITIONS):
            self._c.execute(
                statement,
                {
                    "merchant_id": merchant_id,
                    "movement_id": movement_id,
                    "products": _ints(r.product_id for r, _ in chosen),
                    "locations": _ints(r.location_id for r, _ in chosen),
                    "on_hand": _ints(change[0] for _, change in chosen),
                    "allocated": _ints(change[1] for _, change in chosen),
                },
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

    def insert_allocations(self, merchant_id: int, rows: Sequence[NewAllocation]) -> None:
        """`add_allocations` for a batch: one statement, nothing returned."""
        if not rows:
            return
        document = json.dumps(
            [
                [r.product_id, r.location_id, r.quantity, r.reference_kind, r.reference_id,
                 r.bundle_product_id, r.idempotency_key]
                for r in rows
            ]
        )  # fmt: skip
        self._c.execute(_INSERT_ALLOCATIONS, {"merchant_id": merchant_id, "rows": document})

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

    def open_allocations(
        self, merchant_id: int, reference_kind: str, reference_ids: Collection[str]
    ) -> list[AllocationRow]:
        if not reference_ids:
            return []
        c = stock_allocations.c
        rows = self._c.execute(
            select(stock_allocations)
            .where(
                c.merchant_id == merchant_id,
                c.reference_kind == reference_kind,
                c.reference_id == _any(reference_ids, String),
                c.quantity > 0,
            )
            .order_by(c.id)
            .with_for_update()
        ).all()
        return [_allocation(r) for r in rows]

    def close_allocations(self, merchant_id: int, ids: Collection[int]) -> None:
        if not ids:
            return
        self._c.execute(
            text(
                "UPDATE stock_allocations SET quantity = 0, closed_at = now()"
                " WHERE merchant_id = :merchant_id AND id = ANY(CAST(:ids AS bigint[]))"
                " AND quantity > 0"
            ),
            {"merchant_id": merchant_id, "ids": sorted(ids)},
        )


def _any(values: Collection[object], kind: type[TypeEngine[Any]]) -> Any:
    """`= ANY(array)`: one parameter however many values (an IN list binds one per value)."""
    return any_(bindparam("values", list(values), type_=ARRAY(kind)))


def _split(
    rows: Sequence[tuple[K, V]], existing: Collection[K], update: Any, add: Any
) -> list[tuple[Any, list[tuple[K, V]]]]:
    """The update for rows we hold locked, the insert for new ones (each only when needed).

    PostgreSQL checks CHECK constraints on an INSERT's proposed row even when ON CONFLICT turns it
    into an update, so a decrement must be an UPDATE of the row we hold locked.
    """
    held = [row for row in rows if row[0] in existing]
    new = [row for row in rows if row[0] not in existing]
    return [(statement, chosen) for statement, chosen in ((update, held), (add, new)) if chosen]


def _movement_values(row: LedgerRow) -> dict[str, object]:
    src, dst = row.source, row.target
    return {
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
