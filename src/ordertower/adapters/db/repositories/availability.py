"""SQL for available to sell: which listings draw on a product, their stock, and the stored results."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from sqlalchemy import Connection, select, text

from ordertower.services.inventory.availability import ListingAvailability, ListingStock, Position

from ..tables.catalog import products
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

# Each bundle's stocked parts: nested bundles flattened, quantities multiplied along the way.
_LEAVES = text("""
WITH RECURSIVE parts(bundle_id, component_id, quantity, depth) AS (
    SELECT bundle_id, component_id, quantity, 1 FROM bundle_components
     WHERE merchant_id = :merchant_id AND bundle_id = ANY(:bundles)
    UNION ALL
    SELECT p.bundle_id, bc.component_id, p.quantity * bc.quantity, p.depth + 1
      FROM parts p JOIN bundle_components bc
        ON bc.merchant_id = :merchant_id AND bc.bundle_id = p.component_id
     WHERE p.depth < 10
)
SELECT p.bundle_id, p.component_id, sum(p.quantity) AS quantity
  FROM parts p JOIN products pr ON pr.merchant_id = :merchant_id AND pr.id = p.component_id
 WHERE pr.kind = 'item'
 GROUP BY 1, 2 ORDER BY 1, 2
""")

_POSITIONS = text("""
SELECT location_id, product_id, sellable_on_hand, allocated, last_movement_id
  FROM stock_positions
 WHERE merchant_id = :merchant_id AND product_id = ANY(:products) AND location_id = ANY(:locations)
""")

_STORE = text("""
INSERT INTO listing_availability (merchant_id, listing_id, quantity, explanation, ledger_position,
                                  computed_at)
VALUES (:merchant_id, :listing_id, :quantity, CAST(:explanation AS jsonb), :ledger_position, now())
ON CONFLICT (merchant_id, listing_id) DO UPDATE
   SET quantity = EXCLUDED.quantity, explanation = EXCLUDED.explanation,
       ledger_position = EXCLUDED.ledger_position, computed_at = EXCLUDED.computed_at
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
        skus = self._c.execute(
            select(products.c.id, products.c.sku).where(
                products.c.merchant_id == merchant_id, products.c.id.in_(list(product_ids))
            )
        ).all()
        codes = self._c.execute(
            select(locations.c.id, locations.c.code).where(locations.c.id.in_(list(location_ids)))
        ).all()
        return {r.id: r.sku for r in skus}, {r.id: r.code for r in codes}

    def store(self, merchant_id: int, results: Sequence[ListingAvailability]) -> None:
        if not results:
            return
        self._c.execute(
            _STORE,
            [
                {
                    "merchant_id": merchant_id,
                    "listing_id": r.listing_id,
                    "quantity": r.quantity,
                    "explanation": json.dumps(list(r.explanation)),
                    "ledger_position": r.ledger_position,
                }
                for r in results
            ],
        )


class AvailabilityRepositories:
    connection: Connection

    @property
    def availability(self) -> SqlAvailability:
        return SqlAvailability(self.connection)
