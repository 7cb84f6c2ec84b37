"""SQL for available to sell: which listings draw on a product, their stock, and the stored results."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from sqlalchemy import Connection, select, text

from ordertower.services.inventory.availability import ListingAvailability, ListingStock, Position

from ..tables.locations import locations

# Active non-AFN listings of the product or of any bundle that contains it, however deeply.
_DRAWING_ON = text("""
WITH RECURSIVE containing(id) AS (
    SELECT CAST(:product_id AS bigint)
    UNION
    SELECT bc.bundle_id FROM bundle_components bc JOIN containing c ON bc.component_id = c.id
     WHERE bc.merchant_id = :merchant_id
)
SELECT l.id, l.product_id, l.quantity_per, l.safety_buffer, l.percent_cap, l.min_shown,
       l.max_shown,
       coalesce(array_agg(ll.location_id ORDER BY ll.location_id)
                FILTER (WHERE ll.location_id IS NOT NULL), '{}') AS locations
  FROM listings l
  LEFT JOIN listing_locations ll ON ll.merchant_id = l.merchant_id AND ll.listing_id = l.id
 WHERE l.merchant_id = :merchant_id AND l.product_id IN (SELECT id FROM containing)
   AND l.status = 'active' AND coalesce(l.fulfillment_channel, 'MFN') <> 'AFN'
 GROUP BY l.merchant_id, l.id
 ORDER BY l.id
""")

# Each bundle's stocked parts: nested bundles flattened, quantities multiplied along the way. Every
# step is a lookup by key (LATERAL, subquery): a hash join would read the whole catalog each time.
_LEAVES = text("""
WITH RECURSIVE parts(bundle_id, component_id, quantity, depth) AS (
    SELECT bundle_id, component_id, quantity, 1 FROM bundle_components
     WHERE merchant_id = :merchant_id AND bundle_id = ANY(:bundles)
    UNION ALL
    SELECT p.bundle_id, bc.component_id, p.quantity * bc.quantity, p.depth + 1
      FROM parts p CROSS JOIN LATERAL (
          SELECT component_id, quantity FROM bundle_components
           WHERE merchant_id = :merchant_id AND bundle_id = p.component_id OFFSET 0) bc
     WHERE p.depth < 10
)
SELECT p.bundle_id, p.component_id, sum(p.quantity) AS quantity
  FROM parts p
 WHERE (SELECT pr.kind FROM products pr WHERE pr.merchant_id = :merchant_id AND pr.id = p.component_id)
       = 'item'
 GROUP BY 1, 2 ORDER BY 1, 2
""")

_POSITIONS = text("""
SELECT location_id, product_id, sellable_on_hand, allocated, last_movement_id
  FROM stock_positions
 WHERE merchant_id = :merchant_id AND product_id = ANY(:products) AND location_id = ANY(:locations)
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

    def listings_drawing_on(self, merchant_id: int, product_id: int) -> list[ListingStock]:
        rows = self._c.execute(
            _DRAWING_ON, {"merchant_id": merchant_id, "product_id": product_id}
        ).all()
        return [
            ListingStock(
                r.id,
                r.product_id,
                r.quantity_per,
                tuple(r.locations),
                r.safety_buffer,
                r.percent_cap,
                r.min_shown,
                r.max_shown,
            )
            for r in rows
        ]

    def leaf_components(
        self, merchant_id: int, bundle_ids: Collection[int]
    ) -> dict[int, list[tuple[int, int]]]:
        rows = self._c.execute(
            _LEAVES, {"merchant_id": merchant_id, "bundles": list(bundle_ids)}
        ).all()
        leaves: dict[int, list[tuple[int, int]]] = {}
        for r in rows:
            leaves.setdefault(r.bundle_id, []).append((r.component_id, int(r.quantity)))
        return leaves

    def active_warehouses(self) -> tuple[int, ...]:
        ids = self._c.execute(
            select(locations.c.id)
            .where(locations.c.kind == "warehouse", locations.c.active.is_(True))
            .order_by(locations.c.id)
        ).scalars()
        return tuple(ids)

    def positions(
        self, merchant_id: int, product_ids: Collection[int], location_ids: Collection[int]
    ) -> dict[tuple[int, int], Position]:
        rows = self._c.execute(
            _POSITIONS,
            {
                "merchant_id": merchant_id,
                "products": list(product_ids),
                "locations": list(location_ids),
            },
        ).all()
        return {
            (r.location_id, r.product_id): Position(
                r.sellable_on_hand, r.allocated, r.last_movement_id
            )
            for r in rows
        }

    def names(
        self, merchant_id: int, product_ids: Collection[int], location_ids: Collection[int]
    ) -> tuple[dict[int, str], dict[int, str]]:
        rows = self._c.execute(
            _NAMES,
            {
                "merchant_id": merchant_id,
                "products": list(product_ids),
                "locations": list(location_ids),
            },
        ).all()
        skus = {r.id: r.name for r in rows if r.kind == "product"}
        return skus, {r.id: r.name for r in rows if r.kind == "location"}

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
