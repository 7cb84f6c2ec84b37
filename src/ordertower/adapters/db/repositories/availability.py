"""SQL for available to sell: which listings draw on a product, their stock, and the stored results."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Connection, text

from ordertower.services.inventory.availability import (
    AtsInputs,
    ListingAvailability,
    ListingStock,
    Position,
)

# Everything one recompute reads, in one statement and one round trip (it runs after every movement):
# - the active non-AFN listings of the product or of any bundle that contains it, however deeply;
# - each such bundle's stocked parts: nested bundles flattened, quantities multiplied along the way
#   (every step a lookup by key, LATERAL: a hash join would read the whole catalog each time);
# - the stocked products (parts, and listed products that are not bundles of stocked parts), the
#   locations feeding the listings (their own, or every active warehouse when they name none), the
#   sellable positions of those products there, and the SKUs and location codes to explain with.
# It also makes this transaction's commit asynchronous (`synchronous_commit` for this transaction
# only): the result is derived from the ledger, not a fact of its own, and the worker's synchronous
# commit that marks the job done comes later in the same write-ahead log, so once the job counts as
# done the result is on disk too; a crash before that leaves the job to run again.
_INPUTS = text("""
WITH RECURSIVE containing(id) AS (
    SELECT CAST(:product_id AS bigint)
    UNION
    SELECT bc.bundle_id FROM bundle_components bc JOIN containing c ON bc.component_id = c.id
     WHERE bc.merchant_id = :merchant_id
),
drawing AS MATERIALIZED (
    SELECT l.id, l.product_id, l.quantity_per, l.safety_buffer, l.percent_cap, l.min_shown,
           l.max_shown,
           coalesce(array_agg(ll.location_id ORDER BY ll.location_id)
                    FILTER (WHERE ll.location_id IS NOT NULL), '{}') AS locations
      FROM listings l
      LEFT JOIN listing_locations ll ON ll.merchant_id = l.merchant_id AND ll.listing_id = l.id
     WHERE l.merchant_id = :merchant_id AND l.product_id IN (SELECT id FROM containing)
       AND l.status = 'active' AND coalesce(l.fulfillment_channel, 'MFN') <> 'AFN'
     GROUP BY l.merchant_id, l.id
),
parts(bundle_id, component_id, quantity, depth) AS (
    SELECT bc.bundle_id, bc.component_id, bc.quantity, 1
      FROM (SELECT DISTINCT product_id FROM drawing) AS d CROSS JOIN LATERAL (
          SELECT bundle_id, component_id, quantity FROM bundle_components
           WHERE merchant_id = :merchant_id AND bundle_id = d.product_id OFFSET 0) bc
    UNION ALL
    SELECT p.bundle_id, bc.component_id, p.quantity * bc.quantity, p.depth + 1
      FROM parts p CROSS JOIN LATERAL (
          SELECT component_id, quantity FROM bundle_components
           WHERE merchant_id = :merchant_id AND bundle_id = p.component_id OFFSET 0) bc
     WHERE p.depth < 10
),
leaves AS MATERIALIZED (
    SELECT p.bundle_id, p.component_id, sum(p.quantity) AS quantity
      FROM parts p
     WHERE (SELECT pr.kind FROM products pr
             WHERE pr.merchant_id = :merchant_id AND pr.id = p.component_id) = 'item'
     GROUP BY 1, 2
),
warehouses AS MATERIALIZED (
    SELECT id FROM locations WHERE kind = 'warehouse' AND active
),
stocked AS MATERIALIZED (
    SELECT product_id AS id FROM drawing WHERE product_id NOT IN (SELECT bundle_id FROM leaves)
    UNION
    SELECT component_id FROM leaves
),
feeding AS MATERIALIZED (
    SELECT unnest(locations) AS id FROM drawing
    UNION
    SELECT id FROM warehouses WHERE EXISTS (SELECT 1 FROM drawing WHERE locations = '{}')
)
SELECT
    (SELECT coalesce(json_agg(json_build_array(id, product_id, quantity_per, locations,
                                               safety_buffer, percent_cap, min_shown, max_shown)
                              ORDER BY id), '[]')
       FROM drawing) AS listings,
    (SELECT coalesce(json_agg(json_build_array(bundle_id, component_id, quantity)
                              ORDER BY bundle_id, component_id), '[]')
       FROM leaves) AS leaves,
    (SELECT coalesce(json_agg(id ORDER BY id), '[]') FROM warehouses) AS warehouses,
    (SELECT coalesce(json_agg(json_build_array(location_id, product_id, sellable_on_hand,
                                               allocated, last_movement_id)), '[]')
       FROM stock_positions
      WHERE merchant_id = :merchant_id AND product_id IN (SELECT id FROM stocked)
        AND location_id IN (SELECT id FROM feeding)) AS positions,
    (SELECT coalesce(json_agg(json_build_array(id, sku)), '[]') FROM products
      WHERE merchant_id = :merchant_id AND id IN (SELECT id FROM stocked)) AS skus,
    (SELECT coalesce(json_agg(json_build_array(id, code)), '[]') FROM locations
      WHERE id IN (SELECT id FROM feeding)) AS codes,
    set_config('synchronous_commit', 'off', true) AS synchronous_commit
""")

# Every result of one recompute in one statement (parallel arrays, one per column; the explanations
# as one JSON array of arrays).
_STORE = text("""
INSERT INTO listing_availability (merchant_id, listing_id, quantity, explanation, ledger_position,
                                  computed_at)
SELECT :merchant_id, r.listing_id, r.quantity, e.explanation, r.ledger_position, now()
  FROM unnest(CAST(:listing_ids AS bigint[]), CAST(:quantities AS integer[]),
              CAST(:ledger_positions AS bigint[]))
       WITH ORDINALITY AS r(listing_id, quantity, ledger_position, n)
  JOIN jsonb_array_elements(CAST(:explanations AS jsonb)) WITH ORDINALITY AS e(explanation, n)
    ON e.n = r.n
 ORDER BY r.n
ON CONFLICT (merchant_id, listing_id) DO UPDATE
   SET quantity = EXCLUDED.quantity, explanation = EXCLUDED.explanation,
       ledger_position = EXCLUDED.ledger_position, computed_at = EXCLUDED.computed_at
""")

# SKUs of products and codes of locations, in one round trip.
_NAMES = text("""
SELECT 'product' AS kind, id, sku AS name FROM products
 WHERE merchant_id = :merchant_id AND id = ANY(:products)
UNION ALL
SELECT 'location', id, code FROM locations WHERE id = ANY(:locations)
""")


class SqlAvailability:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def inputs(self, merchant_id: int, product_id: int) -> AtsInputs:
        row = self._c.execute(_INPUTS, {"merchant_id": merchant_id, "product_id": product_id}).one()
        leaves: dict[int, list[tuple[int, int]]] = {}
        for bundle_id, component_id, quantity in row.leaves:
            leaves.setdefault(bundle_id, []).append((component_id, quantity))
        return AtsInputs(
            listings=[
                ListingStock(i, p, per, tuple(locs), buffer, cap, low, high)
                for i, p, per, locs, buffer, cap, low, high in row.listings
            ],
            leaves=leaves,
            warehouses=tuple(row.warehouses),
            held={
                (location_id, product_id): Position(on_hand, allocated, last)
                for location_id, product_id, on_hand, allocated, last in row.positions
            },
            skus=dict(row.skus),
            codes=dict(row.codes),
        )

    def store(self, merchant_id: int, results: Sequence[ListingAvailability]) -> None:
        if not results:
            return
        ordered = sorted(results, key=lambda r: r.listing_id)  # rows locked in key order
        self._c.execute(
            _STORE,
            {
                "merchant_id": merchant_id,
                "listing_ids": [r.listing_id for r in ordered],
                "quantities": [r.quantity for r in ordered],
                # One JSON document: a text[] of JSON would be escaped element by element.
                "explanations": json.dumps([r.explanation for r in ordered]),
                "ledger_positions": [r.ledger_position for r in ordered],
            },
        )


class AvailabilityRepositories:
    connection: Connection

    @property
    def availability(self) -> SqlAvailability:
        return SqlAvailability(self.connection)
