"""SQL for available to sell: which listings draw on a product, their stock, and the stored results."""

from __future__ import annotations

from sqlalchemy import Connection, text

from ordertower.services.inventory.availability import (
    AtsInputs,
    ListingAvailability,
    ListingStock,
    Position,
)

from .ats_sql import DRAWING_ON_PRODUCT, bundle_parts, computed

# Everything the domain's rule reads to explain the listings drawing on a product, in one round trip:
# - the active non-AFN listings of the product or of any bundle that contains it, however deeply
#   (the same set the recompute computes: `DRAWING_ON_PRODUCT`);
# - each such bundle's stocked parts (flattened: bundle_stocked_parts), a lookup by key each;
# - the stocked products (parts, and listed products that are not bundles of stocked parts), the
#   locations feeding the listings (their own, or every active warehouse when they name none), the
#   sellable positions of those products there, and the SKUs and location codes to explain with.
_INPUTS = text(
    "WITH "
    + DRAWING_ON_PRODUCT.ctes
    + """
drawing AS MATERIALIZED (
    SELECT l.id, l.product_id, l.quantity_per, l.safety_buffer, l.percent_cap, l.min_shown,
           l.max_shown,
           coalesce(array_agg(ll.location_id ORDER BY ll.location_id)
                    FILTER (WHERE ll.location_id IS NOT NULL), '{}') AS locations
      FROM listings l
      LEFT JOIN listing_locations ll ON ll.merchant_id = l.merchant_id AND ll.listing_id = l.id
     WHERE l.merchant_id = :m AND l.product_id IN (SELECT id FROM containing)
       AND l.status = 'active' AND coalesce(l.fulfillment_channel, 'MFN') <> 'AFN'
     GROUP BY l.merchant_id, l.id
),
"""
    + bundle_parts(
        "SELECT s.bundle_id, s.part_id, s.quantity"
        " FROM (SELECT DISTINCT product_id FROM drawing) AS d CROSS JOIN LATERAL ("
        " SELECT bundle_id, part_id, quantity FROM bundle_stocked_parts"
        " WHERE merchant_id = :m AND bundle_id = d.product_id OFFSET 0) s"
    )
    + """,
warehouses AS MATERIALIZED (
    SELECT id FROM locations WHERE kind = 'warehouse' AND active
),
stocked AS MATERIALIZED (
    SELECT product_id AS id FROM drawing WHERE product_id NOT IN (SELECT bundle_id FROM parts)
    UNION
    SELECT component_id FROM parts
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
       FROM parts) AS leaves,
    (SELECT coalesce(json_agg(id ORDER BY id), '[]') FROM warehouses) AS warehouses,
    (SELECT coalesce(json_agg(json_build_array(location_id, product_id, sellable_on_hand,
                                               allocated, last_movement_id)), '[]')
       FROM stock_positions
      WHERE merchant_id = :m AND product_id IN (SELECT id FROM stocked)
        AND location_id IN (SELECT id FROM feeding)) AS positions,
    (SELECT coalesce(json_agg(json_build_array(id, sku)), '[]') FROM products
      WHERE merchant_id = :m AND id IN (SELECT id FROM stocked)) AS skus,
    (SELECT coalesce(json_agg(json_build_array(id, code)), '[]') FROM locations
      WHERE id IN (SELECT id FROM feeding)) AS codes
"""
)

# One recompute after a movement: compute every listing drawing on the product and store the results,
# in one statement and one round trip (it runs after every movement). It also makes this
# transaction's commit asynchronous (`synchronous_commit` for this transaction only): the result is
# derived from the ledger, not a fact of its own, and the worker's synchronous commit that marks the
# job done comes later in the same write-ahead log, so once the job counts as done the result is on
# disk too; a crash before that leaves the job to run again. Rows are written in key order.
_RECOMPUTE = text(
    computed(DRAWING_ON_PRODUCT)
    + """,
stored AS (
    INSERT INTO listing_availability (merchant_id, listing_id, product_id, quantity,
                                      ledger_position, computed_at)
    SELECT :m, listing_id, product_id, quantity, ledger_position, now()
      FROM result ORDER BY product_id, listing_id
    ON CONFLICT (merchant_id, product_id, listing_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, ledger_position = EXCLUDED.ledger_position,
           computed_at = EXCLUDED.computed_at
    RETURNING listing_id, quantity, ledger_position
)
SELECT listing_id, quantity, ledger_position FROM stored
 WHERE set_config('synchronous_commit', 'off', true) = 'off'
 ORDER BY listing_id
"""
)


class SqlAvailability:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def inputs(self, merchant_id: int, product_id: int) -> AtsInputs:
        row = self._c.execute(_INPUTS, {"m": merchant_id, "product_id": product_id}).one()
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

    def recompute(self, merchant_id: int, product_id: int) -> list[ListingAvailability]:
        rows = self._c.execute(_RECOMPUTE, {"m": merchant_id, "product_id": product_id})
        return [ListingAvailability(*row) for row in rows]


class AvailabilityRepositories:
    connection: Connection

    @property
    def availability(self) -> SqlAvailability:
        return SqlAvailability(self.connection)
