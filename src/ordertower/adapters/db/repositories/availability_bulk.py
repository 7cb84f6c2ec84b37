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

from ordertower.services.inventory.availability import RangeRecomputed

from ..tables.tenancy import merchants

# Products [first, last] of the merchant: each chunk is one statement and one snapshot.
_RECOMPUTE_RANGE = text("""
WITH RECURSIVE walk(bundle_id, component_id, quantity, depth) AS (
    SELECT bundle_id, component_id, quantity, 1 FROM bundle_components
     WHERE merchant_id = :m AND bundle_id BETWEEN :first AND :last
    UNION ALL
    SELECT w.bundle_id, bc.component_id, w.quantity * bc.quantity, w.depth + 1
      FROM walk w JOIN bundle_components bc ON bc.merchant_id = :m AND bc.bundle_id = w.component_id
     WHERE w.depth < 10
),
parts AS MATERIALIZED (
    SELECT w.bundle_id, w.component_id, sum(w.quantity) AS quantity,
           count(*) OVER (PARTITION BY w.bundle_id) AS parts
      FROM walk w JOIN products pr ON pr.merchant_id = :m AND pr.id = w.component_id
     WHERE pr.kind = 'item'
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
    SELECT p.product_id, sum(greatest(p.sellable_on_hand - p.allocated, 0)) AS units,
           max(p.last_movement_id) AS pos
      FROM stock_positions p
     WHERE p.merchant_id = :m AND p.product_id BETWEEN :first AND :last
       AND p.location_id IN (SELECT id FROM warehouses)
     GROUP BY 1
),
feeds AS MATERIALIZED (
    SELECT lst.id, ll.location_id FROM lst
      JOIN listing_locations ll ON ll.merchant_id = :m AND ll.listing_id = lst.id
     WHERE lst.chosen
    UNION ALL
    SELECT lst.id, w.id FROM lst CROSS JOIN warehouses w WHERE lst.kit AND NOT lst.chosen
),
kits AS (
    SELECT pa.bundle_id, p.location_id,
           CASE WHEN count(*) = min(pa.parts)
                THEN min(greatest(p.sellable_on_hand - p.allocated, 0) / pa.quantity)
                ELSE 0 END AS kits,
           max(p.last_movement_id) AS pos
      FROM parts pa JOIN stock_positions p ON p.merchant_id = :m AND p.product_id = pa.component_id
     GROUP BY 1, 2
),
drawn AS (
    SELECT lst.id, pooled.units, pooled.pos
      FROM lst JOIN pooled ON pooled.product_id = lst.product_id
     WHERE NOT lst.chosen AND NOT lst.kit
    UNION ALL
    SELECT lst.id, sum(greatest(p.sellable_on_hand - p.allocated, 0)), max(p.last_movement_id)
      FROM lst JOIN feeds f ON f.id = lst.id
      JOIN stock_positions p ON p.merchant_id = :m AND p.product_id = lst.product_id
                            AND p.location_id = f.location_id
     WHERE lst.chosen AND NOT lst.kit
     GROUP BY lst.id
    UNION ALL
    SELECT lst.id, sum(k.kits / lst.per), max(k.pos)
      FROM lst JOIN feeds f ON f.id = lst.id
      JOIN kits k ON k.bundle_id = lst.product_id AND k.location_id = f.location_id
     WHERE lst.kit
     GROUP BY lst.id
),
stepped AS (
    SELECT lst.id, lst.minimum, lst.maximum, lst.cap, coalesce(d.pos, 0) AS pos,
           CASE WHEN lst.kit THEN coalesce(d.units, 0) - lst.buffer
                ELSE (coalesce(d.units, 0) - lst.buffer) / lst.per END AS units
      FROM lst LEFT JOIN drawn d ON d.id = lst.id
),
capped AS (
    SELECT id, minimum, pos,
           least(CASE WHEN units <= 0 THEN 0
                      WHEN cap IS NULL THEN units
                      ELSE units * cap / 100 END, maximum) AS units
      FROM stepped
),
result AS (
    SELECT id AS listing_id, pos AS ledger_position,
           CAST(CASE WHEN units < minimum THEN 0 ELSE units END AS integer) AS quantity
      FROM capped
),
changed AS (
    SELECT r.* FROM result r
      LEFT JOIN listing_availability la ON la.merchant_id = :m AND la.listing_id = r.listing_id
     WHERE la.listing_id IS NULL OR la.quantity <> r.quantity
        OR la.ledger_position <> r.ledger_position
),
written AS (
    INSERT INTO listing_availability AS la (merchant_id, listing_id, quantity, explanation,
                                            ledger_position, computed_at)
    SELECT :m, listing_id, quantity,
           jsonb_build_array('ATS = ' || quantity || ', set by the full recompute; the steps are '
                             || 'written out at the next change of this listing''s stock.'),
           ledger_position, statement_timestamp()
      FROM changed ORDER BY listing_id
    ON CONFLICT (merchant_id, listing_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, explanation = EXCLUDED.explanation,
           ledger_position = EXCLUDED.ledger_position, computed_at = EXCLUDED.computed_at
     WHERE la.computed_at < statement_timestamp()
    RETURNING 1
)
SELECT (SELECT count(*) FROM lst) AS computed, (SELECT count(*) FROM written) AS changed
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

    def merchant_ids(self) -> list[int]:
        return list(self._c.execute(select(merchants.c.id).order_by(merchants.c.id)).scalars())

    def listings_to_recompute(self, merchant_id: int) -> int:
        return int(self._c.execute(_COUNT, {"m": merchant_id}).scalar_one())

    def next_products(self, merchant_id: int, *, after: int, size: int) -> tuple[int, int] | None:
        last = self._c.execute(
            _RANGE_END, {"m": merchant_id, "after": after, "size": size}
        ).scalar_one()
        return None if last is None else (after + 1, int(last))

    def recompute_products(self, merchant_id: int, *, first: int, last: int) -> RangeRecomputed:
        # Hash tables for a range of products fit here; PostgreSQL's small default would spill.
        self._c.execute(text("SET LOCAL work_mem = '64MB'"))
        row = self._c.execute(
            _RECOMPUTE_RANGE, {"m": merchant_id, "first": first, "last": last}
        ).one()
        return RangeRecomputed(computed=int(row.computed), changed=int(row.changed))


class BulkAvailabilityRepositories:
    connection: Connection

    @property
    def bulk_availability(self) -> SqlBulkAvailability:
        return SqlBulkAvailability(self.connection)
