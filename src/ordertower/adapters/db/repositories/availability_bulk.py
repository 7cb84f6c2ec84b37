"""SQL for recomputing every listing's available to sell at once, a range of products at a time.

The rule is `ordertower.domain.inventory.availability` (read its docstring), written here as set-based
SQL because a full recompute touches millions of listings: streamed through Python it costs several
times more (benchmarks/RESULTS.md). The integration tests prove both give the same quantity and ledger
position for every kind of listing. Per listing, exactly as the incremental recompute does it:

- single SKU: sum over feeding locations of max(sellable on hand - allocated, 0), minus the buffer,
  divided by quantity-per; a bundle (a product with stocked parts, nested bundles flattened):
  per location the fewest whole kits over its parts (a missing part makes 0 there), each divided by
  quantity-per, summed, minus the buffer (floor(floor(a/b)/c) = floor(a/(b·c)), so dividing the kits
  equals the domain's parts × quantity-per);
- then the percentage cap, the maximum shown and the minimum to list;
- feeding locations: the listing's own, or every active warehouse when it names none;
- ledger position: the newest movement of any position it read; AFN and inactive listings skipped.

Only listings whose quantity or ledger position differ from the stored ones are written (with a
one-sentence explanation: the incremental recompute writes the steps at the next change). A stored
row computed after this statement began is newer than what we read, so it is left alone.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, text

from ordertower.services.inventory.availability import MerchantRef, RangeRecomputed

from ..tables.tenancy import merchants

# Products [first, last] of the merchant: each chunk is one statement and one snapshot.
_RECOMPUTE_RANGE = text("""
WITH RECURSIVE walk(bundle_id, component_id, quantity, depth) AS (
    SELECT bundle_id, component_id, quantity, 1 FROM bundle_components
     WHERE merchant_id = :m AND bundle_id BETWEEN :first AND :last
    UNION ALL
    SELECT w.bundle_id, bc.component_id, w.quantity * bc.quantity, w.depth + 1
      FROM walk w CROSS JOIN LATERAL (
          SELECT component_id, quantity FROM bundle_components
           WHERE merchant_id = :m AND bundle_id = w.component_id OFFSET 0) bc
     WHERE w.depth < 10
),
parts AS MATERIALIZED (
    SELECT w.bundle_id, w.component_id, sum(w.quantity)::int AS quantity,
           count(*) OVER (PARTITION BY w.bundle_id) AS parts
      FROM walk w
     WHERE (SELECT pr.kind FROM products pr WHERE pr.merchant_id = :m AND pr.id = w.component_id)
           = 'item'
     GROUP BY 1, 2
),
warehouses AS MATERIALIZED (
    SELECT id FROM locations WHERE kind = 'warehouse' AND active
),
lst AS MATERIALIZED (
    SELECT l.id, l.product_id, l.quantity_per AS per, l.safety_buffer AS buffer,
           l.percent_cap AS cap, coalesce(l.min_shown, 0) AS minimum, l.max_shown AS maximum,
           EXISTS (SELECT 1 FROM listing_locations ll
                    WHERE ll.merchant_id = :m AND ll.listing_id = l.id) AS chosen,
           l.product_id IN (SELECT bundle_id FROM parts) AS kit
      FROM listings l
     WHERE l.merchant_id = :m AND l.product_id BETWEEN :first AND :last
       AND l.status = 'active' AND coalesce(l.fulfillment_channel, 'MFN') <> 'AFN'
),
pooled AS (
    SELECT p.product_id, sum(greatest(p.sellable_on_hand - p.allocated, 0))::bigint AS units,
           max(p.last_movement_id) AS pos
      FROM stock_positions p
     WHERE p.merchant_id = :m AND p.product_id BETWEEN :first AND :last
       AND p.location_id IN (SELECT id FROM warehouses)
     GROUP BY 1
),
feeds AS MATERIALIZED (
    SELECT lst.id, lst.product_id, lst.per, lst.kit, ll.location_id FROM lst
      JOIN listing_locations ll ON ll.merchant_id = :m AND ll.listing_id = lst.id
     WHERE lst.chosen
    UNION ALL
    SELECT lst.id, lst.product_id, lst.per, lst.kit, w.id FROM lst CROSS JOIN warehouses w
     WHERE lst.kit AND NOT lst.chosen
),
kits AS MATERIALIZED (
    SELECT pa.bundle_id, p.location_id,
           CASE WHEN count(*) = min(pa.parts)
                THEN min(greatest(p.sellable_on_hand - p.allocated, 0) / pa.quantity)
                ELSE 0 END AS kits,
           max(p.last_movement_id) AS pos
      FROM parts pa
      CROSS JOIN LATERAL (
          SELECT location_id, sellable_on_hand, allocated, last_movement_id FROM stock_positions
           WHERE merchant_id = :m AND product_id = pa.component_id OFFSET 0) p
     GROUP BY 1, 2
),
special AS (
    SELECT f.id, sum(greatest(p.sellable_on_hand - p.allocated, 0))::bigint AS units,
           max(p.last_movement_id) AS pos
      FROM feeds f
      CROSS JOIN LATERAL (
          SELECT sellable_on_hand, allocated, last_movement_id FROM stock_positions
           WHERE merchant_id = :m AND product_id = f.product_id AND location_id = f.location_id
          OFFSET 0) p
     WHERE NOT f.kit
     GROUP BY f.id
    UNION ALL
    SELECT f.id, sum(k.kits / f.per)::bigint, max(k.pos)
      FROM feeds f JOIN kits k ON k.bundle_id = f.product_id AND k.location_id = f.location_id
     WHERE f.kit
     GROUP BY f.id
),
drawn AS (
    SELECT lst.*, coalesce(pooled.units, 0) AS units, coalesce(pooled.pos, 0) AS pos
      FROM lst LEFT JOIN pooled ON pooled.product_id = lst.product_id
     WHERE NOT lst.chosen AND NOT lst.kit
    UNION ALL
    SELECT lst.*, coalesce(s.units, 0), coalesce(s.pos, 0)
      FROM lst LEFT JOIN special s ON s.id = lst.id
     WHERE lst.chosen OR lst.kit
),
stepped AS (
    SELECT id, minimum, maximum, cap, pos,
           CASE WHEN kit THEN units - buffer ELSE (units - buffer) / per END AS units
      FROM drawn
),
result AS (
    SELECT id AS listing_id, pos AS ledger_position,
           CAST(CASE WHEN units < minimum THEN 0 ELSE units END AS integer) AS quantity
      FROM (SELECT id, minimum, pos,
                   least(CASE WHEN units <= 0 THEN 0
                              WHEN cap IS NULL THEN units
                              ELSE units * cap / 100 END, maximum) AS units
              FROM stepped) AS capped
),
changed AS (
    SELECT r.* FROM (SELECT * FROM result ORDER BY listing_id) AS r
      LEFT JOIN LATERAL (
          SELECT quantity, ledger_position FROM listing_availability
           WHERE merchant_id = :m AND listing_id = r.listing_id OFFSET 0) la ON true
     WHERE la.quantity IS NULL OR la.quantity <> r.quantity
        OR la.ledger_position <> r.ledger_position
),
kept AS (
    INSERT INTO ats_changed (listing_id, quantity, ledger_position, read_at)
    SELECT listing_id, quantity, ledger_position, statement_timestamp() FROM changed
    RETURNING 1
)
SELECT (SELECT count(*) FROM lst) AS computed, (SELECT count(*) FROM kept) AS changed
""")

# Changed results wait here until the range is stored, so the statement that compares them never
# reads the table it is writing (a new, empty table would be planned as a scan per listing).
_CHANGED = text("""
CREATE TEMP TABLE IF NOT EXISTS ats_changed (
    listing_id bigint NOT NULL, quantity integer NOT NULL, ledger_position bigint NOT NULL,
    read_at timestamptz NOT NULL
) ON COMMIT DELETE ROWS
""")

# A result stored after the range was read (by a per-product job) is newer: it is left alone.
_STORE = text("""
INSERT INTO listing_availability AS la (merchant_id, listing_id, quantity, explanation,
                                        ledger_position, computed_at)
SELECT :m, listing_id, quantity,
       jsonb_build_array('ATS = ' || quantity || ', set by the full recompute; the steps are '
                         || 'written out at the next change of this listing''s stock.'),
       ledger_position, read_at
  FROM ats_changed ORDER BY listing_id
ON CONFLICT (merchant_id, listing_id) DO UPDATE
   SET quantity = EXCLUDED.quantity, explanation = EXCLUDED.explanation,
       ledger_position = EXCLUDED.ledger_position, computed_at = EXCLUDED.computed_at
 WHERE la.computed_at < EXCLUDED.computed_at
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
        computed = self._c.execute(
            _RECOMPUTE_RANGE, {"m": merchant_id, "first": first, "last": last}
        ).one()[0]
        stored = self._c.execute(_STORE, {"m": merchant_id}).rowcount
        return RangeRecomputed(computed=int(computed), changed=stored)


class BulkAvailabilityRepositories:
    connection: Connection

    @property
    def bulk_availability(self) -> SqlBulkAvailability:
        return SqlBulkAvailability(self.connection)
