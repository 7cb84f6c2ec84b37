"""Available to sell per listing as set-based SQL: one statement computes a whole set of listings.

Both recomputes use it: the per-product one after every movement (the listings drawing on one
product, directly or through any bundle containing it) and the full one (every listing of a range of
products). The rule is the domain's (`ordertower.domain.inventory.listing_ats`, which also writes the
explanation shown when a listing is read); the integration tests prove both give the same quantity
and ledger position for every kind of listing. Per listing:

- single SKU: sum over feeding locations of max(sellable on hand - allocated, 0), minus the buffer,
  divided by quantity-per; a bundle (a product with stocked parts, nested bundles flattened, as
  the triggers of migration 0015 keep them in bundle_stocked_parts):
  per location the fewest whole kits over its parts (a missing part makes 0 there), each divided by
  quantity-per, summed, minus the buffer (floor(floor(a/b)/c) = floor(a/(b·c)), so dividing the kits
  equals the domain's parts × quantity-per);
- then the percentage cap, the maximum shown and the minimum to list;
- feeding locations: the listing's own, or every active warehouse when it names none;
- ledger position: the newest movement of any position it read; AFN and inactive listings skipped.

Every table is reached by key (LATERAL lookups, OFFSET 0 keeps each a lookup): a recompute reads a
small slice of each, and a hash join would read whole tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ListingSet:
    """Which listings a statement computes, as SQL fragments over the parameter `:m` (merchant).

    `bundles`: the bundle_stocked_parts rows (bundle_id, part_id, quantity) of the products that
    may be bundles among those listed; `listings`: a condition on `l` (listings); `products`: a
    condition on `p.product_id` (stock positions) covering every product listed as a single SKU
    fed by every warehouse (in `lst`, those with `NOT kit AND NOT chosen`); `ctes`: CTEs they use.
    Whether a listing names its feeding locations (`chosen`) is on its row (`names_locations`,
    kept by triggers on listing_locations, migration 0016).
    """

    bundles: str
    listings: str
    products: str
    ctes: str = ""


def bundle_parts(bundles: str) -> str:
    """A CTE `parts(bundle_id, component_id, quantity, parts)`: each bundle among `bundles`
    (bundle_stocked_parts rows: bundle_id, part_id, quantity) as its stocked parts, nested bundles
    already flattened (migration 0015), `parts` counting them."""
    return f"""parts AS MATERIALIZED (
    SELECT b.bundle_id, b.part_id AS component_id, b.quantity,
           count(*) OVER (PARTITION BY b.bundle_id) AS parts
      FROM ({bundles}) AS b
)"""


def computed(listing_set: ListingSet) -> str:
    """CTEs ending in `result(listing_id, product_id, quantity, ledger_position)`, a row a listing."""
    return f"""WITH {listing_set.ctes}
{bundle_parts(listing_set.bundles)},
warehouses AS MATERIALIZED (
    SELECT id FROM locations WHERE kind = 'warehouse' AND active
),
lst AS MATERIALIZED (
    SELECT l.id, l.product_id, l.quantity_per AS per, l.safety_buffer AS buffer,
           l.percent_cap AS cap, coalesce(l.min_shown, 0) AS minimum, l.max_shown AS maximum,
           l.names_locations AS chosen, l.product_id IN (SELECT bundle_id FROM parts) AS kit
      FROM listings l
     WHERE l.merchant_id = :m AND {listing_set.listings}
       AND l.status = 'active' AND coalesce(l.fulfillment_channel, 'MFN') <> 'AFN'
),
pooled AS (
    SELECT p.product_id, sum(greatest(p.sellable_on_hand - p.allocated, 0))::bigint AS units,
           max(p.last_movement_id) AS pos
      FROM stock_positions p
     WHERE p.merchant_id = :m AND {listing_set.products}
       AND p.location_id = ANY (ARRAY(SELECT id FROM warehouses))
     GROUP BY 1
),
feeds AS MATERIALIZED (
    SELECT lst.id, lst.product_id, lst.per, lst.kit, ll.location_id FROM lst
      CROSS JOIN LATERAL (
          SELECT location_id FROM listing_locations
           WHERE merchant_id = :m AND listing_id = lst.id OFFSET 0) ll
     WHERE lst.chosen
    UNION ALL
    SELECT k.id, k.product_id, k.per, k.kit, w.id
      FROM warehouses w
      CROSS JOIN (SELECT id, product_id, per, kit FROM lst WHERE kit AND NOT chosen OFFSET 0) k
),
held AS MATERIALIZED (
    SELECT c.component_id, p.location_id, greatest(p.sellable_on_hand - p.allocated, 0) AS free,
           p.last_movement_id
      FROM (SELECT DISTINCT component_id FROM parts) AS c
      CROSS JOIN LATERAL (
          SELECT location_id, sellable_on_hand, allocated, last_movement_id FROM stock_positions
           WHERE merchant_id = :m AND product_id = c.component_id OFFSET 0) p
),
kits AS MATERIALIZED (
    SELECT pa.bundle_id, h.location_id,
           CASE WHEN count(*) = min(pa.parts) THEN min(h.free / pa.quantity) ELSE 0 END AS kits,
           max(h.last_movement_id) AS pos
      FROM parts pa JOIN held h ON h.component_id = pa.component_id
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
    SELECT id, product_id, minimum, maximum, cap, pos,
           CASE WHEN kit THEN units - buffer ELSE (units - buffer) / per END AS units
      FROM drawn
),
result AS (
    SELECT id AS listing_id, product_id, pos AS ledger_position,
           CAST(CASE WHEN units < minimum THEN 0 ELSE units END AS integer) AS quantity
      FROM (SELECT id, product_id, minimum, pos,
                   least(CASE WHEN units <= 0 THEN 0
                              WHEN cap IS NULL THEN units
                              ELSE units * cap / 100 END, maximum) AS units
              FROM stepped) AS capped
)"""


# The listings of a range of products [:first, :last] (the full recompute's unit of work).
PRODUCT_RANGE = ListingSet(
    bundles="SELECT bundle_id, part_id, quantity FROM bundle_stocked_parts"
    " WHERE merchant_id = :m AND bundle_id BETWEEN :first AND :last",
    listings="l.product_id BETWEEN :first AND :last",
    products="p.product_id BETWEEN :first AND :last",
)

# The listings drawing on product :product_id: its own and those of every bundle that contains it,
# however deeply (the per-product recompute after a movement).
DRAWING_ON_PRODUCT = ListingSet(
    # An item's bundles are one lookup of the flattened parts. For a bundle (its listing or its
    # components changed) the bundles containing it are among those holding every one of its
    # parts: a few more may be recomputed, never one fewer.
    ctes="""containing AS MATERIALIZED (
    SELECT CAST(:product_id AS bigint) AS id
    UNION
    SELECT bundle_id FROM bundle_stocked_parts WHERE merchant_id = :m AND part_id = :product_id
    UNION
    SELECT s.bundle_id FROM bundle_stocked_parts mine
      JOIN bundle_stocked_parts s ON s.merchant_id = :m AND s.part_id = mine.part_id
     WHERE mine.merchant_id = :m AND mine.bundle_id = :product_id
     GROUP BY s.bundle_id
    HAVING count(*) = (SELECT count(*) FROM bundle_stocked_parts
                        WHERE merchant_id = :m AND bundle_id = :product_id)
),""",
    bundles="SELECT s.bundle_id, s.part_id, s.quantity FROM containing c"
    " CROSS JOIN LATERAL (SELECT bundle_id, part_id, quantity FROM bundle_stocked_parts"
    " WHERE merchant_id = :m AND bundle_id = c.id OFFSET 0) s",
    listings="l.product_id IN (SELECT id FROM containing)",
    products="p.product_id IN (SELECT product_id FROM lst WHERE NOT kit AND NOT chosen)",
)
