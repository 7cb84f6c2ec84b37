"""SQL for recomputing every listing's available to sell at once, a range of products at a time.

The rule is written as set-based SQL (`ats_sql`, shared with the per-product recompute) because a
full recompute touches millions of listings: streamed through Python it costs several times more
(benchmarks/RESULTS.md). Only listings whose quantity or ledger position differ from the stored ones
are written, and stored rows of the range that no listing computed there owns are deleted. A stored
row computed after this statement began is newer than what we read, so it is left alone.
"""

from __future__ import annotations

from sqlalchemy import Connection, TextClause, select, text
from sqlalchemy.exc import IntegrityError

from ordertower.services.inventory.availability import MerchantRef, RangeRecomputed

from ..tables.tenancy import merchants
from .ats_sql import PRODUCT_RANGE, computed


# Products [first, last] of the merchant: each range is one statement and one snapshot. Its
# stored results are read once (one range of their key and a hash join); only listings whose
# quantity or ledger position differ are written. A listing without a stored row in the range is
# inserted here (a first fill); a stored row that changed waits in `ats_changed` with its row
# address for `_UPDATE`, and so does a stored row no listing of the range computed (a listing
# re-pointed, switched off or handed to Amazon while a per-product recompute of its old product ran:
# migration 0017), with no quantity, for `_DELETE_LEFTOVERS`.
def _recompute_range(on_conflict: str) -> TextClause:
    return text(
        computed(PRODUCT_RANGE)
        + """,
changed AS MATERIALIZED (
    SELECT r.*, la.ctid AS stored_at FROM result r
      FULL JOIN (
          SELECT ctid, product_id, listing_id, quantity, ledger_position FROM listing_availability
           WHERE merchant_id = :m AND product_id BETWEEN :first AND :last) la
        ON la.product_id = r.product_id AND la.listing_id = r.listing_id
     WHERE la.quantity IS NULL OR r.quantity IS NULL OR la.quantity <> r.quantity
        OR la.ledger_position <> r.ledger_position
),
kept AS (
    INSERT INTO ats_changed (stored_at, quantity, ledger_position)
    SELECT stored_at, quantity, ledger_position FROM changed
     WHERE stored_at IS NOT NULL
    RETURNING 1
),
inserted AS (
    INSERT INTO listing_availability AS la (merchant_id, listing_id, product_id, quantity,
                                            ledger_position, computed_at)
    SELECT :m, listing_id, product_id, quantity, ledger_position, statement_timestamp()
      FROM changed WHERE stored_at IS NULL ORDER BY product_id, listing_id
    """
        + on_conflict
        + """
    RETURNING 1
)
SELECT (SELECT count(*) FROM lst) AS computed, (SELECT count(*) FROM kept) AS waiting,
       (SELECT count(*) FROM inserted) AS inserted,
       (SELECT count(*) FROM changed WHERE quantity IS NULL) AS leftovers,
       statement_timestamp() AS read_at
"""
    )


# Plain inserts: a first fill writes millions, and preparing each for a conflict cost a fifth of
# its time (13.7 → 10.1–11.4 s at 1M SKUs).
_RECOMPUTE_RANGE = _recompute_range("")
# When a per-product job stored one of the listings meanwhile (a unique violation above): its row is
# newer unless it was computed before this statement began.
_RECOMPUTE_RANGE_OVER_NEWER = _recompute_range(
    """ON CONFLICT (merchant_id, product_id, listing_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, ledger_position = EXCLUDED.ledger_position,
           computed_at = EXCLUDED.computed_at
     WHERE la.computed_at < EXCLUDED.computed_at"""
)

_UNIQUE_VIOLATION = "23505"

# Changed stored rows wait here with their address until the range's update, which must join
# them by address (a nested loop of row fetches: see recompute_products).
_CHANGED = text("""
CREATE TEMP TABLE IF NOT EXISTS ats_changed (
    stored_at tid NOT NULL, quantity integer, ledger_position bigint
) ON COMMIT DELETE ROWS
""")

# A stored row that changed is updated where the comparison found it (by row address: no index
# probe, no conflict check, no tuple lock before the update). A row a per-product job stored since
# the comparison, or stores while this waits for it, lives at a new address: it is newer, and left
# alone.
_UPDATE = text("""
UPDATE listing_availability la
   SET quantity = c.quantity, ledger_position = c.ledger_position, computed_at = :read_at
  FROM ats_changed c
 WHERE la.ctid = c.stored_at AND c.quantity IS NOT NULL AND la.computed_at < :read_at
""")

# Stored rows no listing of the range computed, deleted where the comparison found them (a row
# written since lives at a new address and is left alone, as above).
_DELETE_LEFTOVERS = text("""
DELETE FROM listing_availability la
 USING ats_changed c
 WHERE la.ctid = c.stored_at AND c.quantity IS NULL AND la.computed_at < :read_at
""")

# The last product of the next range: keyset pagination over the merchant's products.
_RANGE_END = text("""
SELECT max(id) FROM (
    SELECT id FROM products WHERE merchant_id = :m AND id > :after ORDER BY id LIMIT :size
) AS next_products
""")

_COUNT = text("""
SELECT count(*) FROM listings
 WHERE merchant_id = :m AND status = 'active' AND coalesce(fulfillment_channel, 'MFN') <> 'AFN'
""")


class SqlBulkAvailability:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def merchants(self, code: str | None) -> list[MerchantRef]:
        query = select(merchants.c.id, merchants.c.code).order_by(merchants.c.id)
        if code is not None:
            query = query.where(merchants.c.code == code)
        return [MerchantRef(r.id, r.code) for r in self._c.execute(query)]

    def listings_to_recompute(self, merchant_id: int) -> int:
        return int(self._c.execute(_COUNT, {"m": merchant_id}).scalar_one())

    def next_products(self, merchant_id: int, *, after: int, size: int) -> tuple[int, int] | None:
        last = self._c.execute(
            _RANGE_END, {"m": merchant_id, "after": after, "size": size}
        ).scalar_one()
        return None if last is None else (after + 1, int(last))

    def recompute_products(self, merchant_id: int, *, first: int, last: int) -> RangeRecomputed:
        # Hash tables for a range of products fit here; PostgreSQL's small default would spill.
        # Every table is reached through an index: a range is a small slice of each. Left to its
        # estimates, the planner seq-scans the stored results once per listing whenever it plans
        # while that table is still empty (a first fill, or ranges recomputed side by side while
        # other ranges fill it): measured at 100,000 SKUs, a 5 s first fill took 117 s.
        self._c.execute(text("SET LOCAL work_mem = '64MB'"))
        self._c.execute(text("SET LOCAL enable_seqscan = off"))
        self._c.execute(_CHANGED)
        params = {"m": merchant_id, "first": first, "last": last}
        try:
            with self._c.begin_nested():
                row = self._c.execute(_RECOMPUTE_RANGE, params).one()
        except IntegrityError as error:  # a per-product job stored one of them meanwhile
            if getattr(error.orig, "sqlstate", None) != _UNIQUE_VIOLATION:
                raise
            row = self._c.execute(_RECOMPUTE_RANGE_OVER_NEWER, params).one()
        changed = int(row.inserted)
        if not row.waiting:
            return RangeRecomputed(computed=int(row.computed), changed=changed)
        # Joined by row address, each changed row is one fetch; a hash join would read every
        # stored row of the merchant.
        self._c.execute(text("SET LOCAL enable_hashjoin = off"))
        self._c.execute(text("SET LOCAL enable_mergejoin = off"))
        changed += self._c.execute(_UPDATE, {"read_at": row.read_at}).rowcount
        if row.leftovers:  # not listings recomputed: not counted
            self._c.execute(_DELETE_LEFTOVERS, {"read_at": row.read_at})
        return RangeRecomputed(computed=int(row.computed), changed=changed)


class BulkAvailabilityRepositories:
    connection: Connection

    @property
    def bulk_availability(self) -> SqlBulkAvailability:
        return SqlBulkAvailability(self.connection)
