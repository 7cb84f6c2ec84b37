"""SQL that recomputes stock from the ledger and compares it with what is stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, text

from ordertower.services.inventory.verification import Drift

# Every (merchant, product, place) the ledger touched: units in minus units out.
_BALANCES = text("""
WITH flows AS (
    SELECT merchant_id, product_id, to_location_id AS location_id, coalesce(to_bin_id, 0) AS bin_id,
           to_status AS status, to_lot AS lot, quantity AS qty
      FROM stock_movements WHERE to_location_id IS NOT NULL
    UNION ALL
    SELECT merchant_id, product_id, from_location_id, coalesce(from_bin_id, 0), from_status,
           from_lot, -quantity
      FROM stock_movements WHERE from_location_id IS NOT NULL
), ledger AS (
    SELECT merchant_id, product_id, location_id, bin_id, status, lot, sum(qty) AS on_hand
      FROM flows GROUP BY 1, 2, 3, 4, 5, 6
), stored AS (
    SELECT merchant_id, product_id, location_id, coalesce(bin_id, 0) AS bin_id, status, lot, on_hand
      FROM stock_balances
)
SELECT coalesce(l.merchant_id, s.merchant_id) AS merchant_id,
       coalesce(l.product_id, s.product_id) AS product_id,
       coalesce(l.location_id, s.location_id) AS location_id,
       coalesce(l.bin_id, s.bin_id) AS bin_id, coalesce(l.status, s.status) AS status,
       coalesce(l.lot, s.lot) AS lot,
       coalesce(s.on_hand, 0) AS stored, coalesce(l.on_hand, 0) AS expected
  FROM ledger l FULL JOIN stored s
    ON (l.merchant_id, l.product_id, l.location_id, l.bin_id, l.status, l.lot)
     = (s.merchant_id, s.product_id, s.location_id, s.bin_id, s.status, s.lot)
 WHERE coalesce(s.on_hand, 0) <> coalesce(l.on_hand, 0) OR coalesce(s.on_hand, 0) < 0
""")

_POSITIONS = text("""
WITH sellable AS (
    SELECT merchant_id, product_id, location_id, sum(on_hand) AS on_hand
      FROM stock_balances WHERE status = 'sellable' GROUP BY 1, 2, 3
)
SELECT coalesce(p.merchant_id, b.merchant_id) AS merchant_id,
       coalesce(p.product_id, b.product_id) AS product_id,
       coalesce(p.location_id, b.location_id) AS location_id,
       coalesce(p.sellable_on_hand, 0) AS stored, coalesce(b.on_hand, 0) AS expected
  FROM stock_positions p FULL JOIN sellable b
    ON (p.merchant_id, p.product_id, p.location_id) = (b.merchant_id, b.product_id, b.location_id)
 WHERE coalesce(p.sellable_on_hand, 0) <> coalesce(b.on_hand, 0)
    OR coalesce(p.allocated, 0) > coalesce(p.sellable_on_hand, 0)
""")

_ALLOCATIONS = text("""
WITH open AS (
    SELECT merchant_id, product_id, location_id, sum(quantity) AS quantity
      FROM stock_allocations GROUP BY 1, 2, 3
)
SELECT coalesce(p.merchant_id, a.merchant_id) AS merchant_id,
       coalesce(p.product_id, a.product_id) AS product_id,
       coalesce(p.location_id, a.location_id) AS location_id,
       coalesce(p.allocated, 0) AS stored, coalesce(a.quantity, 0) AS expected
  FROM stock_positions p FULL JOIN open a
    ON (p.merchant_id, p.product_id, p.location_id) = (a.merchant_id, a.product_id, a.location_id)
 WHERE coalesce(p.allocated, 0) <> coalesce(a.quantity, 0)
""")

_NAMES = text("""
SELECT (SELECT sku FROM products WHERE merchant_id = :m AND id = :p) AS sku,
       (SELECT code FROM locations WHERE id = :l) AS location,
       (SELECT code FROM bins WHERE id = :b) AS bin
""")


class SqlLedgerAudit:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        # One snapshot for all three checks, so concurrent posting cannot show as drift.
        self._c.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def balance_drift(self) -> list[Drift]:
        drifts = []
        for r in self._c.execute(_BALANCES).all():
            lot = f", lot {r.lot}" if r.lot else ""
            drifts.append(self._drift("balance", r, bin_id=r.bin_id, detail=f" ({r.status}{lot})"))
        return drifts

    def position_drift(self) -> list[Drift]:
        return [self._drift("position", r) for r in self._c.execute(_POSITIONS).all()]

    def allocation_drift(self) -> list[Drift]:
        return [self._drift("allocation", r) for r in self._c.execute(_ALLOCATIONS).all()]

    def _drift(self, check: str, r: Row[Any], *, bin_id: int = 0, detail: str = "") -> Drift:
        ids = {"m": r.merchant_id, "p": r.product_id, "l": r.location_id, "b": bin_id}
        names = self._c.execute(_NAMES, ids).one()
        where = (names.location or str(r.location_id)) + (f"/{names.bin}" if names.bin else "")
        sku = names.sku or str(r.product_id)
        return Drift(check, r.merchant_id, sku, where + detail, int(r.stored), int(r.expected))


class LedgerAuditRepositories:
    connection: Connection

    @property
    def ledger_audit(self) -> SqlLedgerAudit:
        return SqlLedgerAudit(self.connection)
