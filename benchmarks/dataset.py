"""A merchant's catalog at scale, generated in SQL: items, bundles sharing parts, listings and stock.

Shape (every number derived from the row number, so runs are reproducible):
- `skus` products; every 20th is a bundle of three parts (one from 100 popular items, so each popular
  item is in many bundles) and every 10th bundle also contains the bundle before it (nested).
- three listings per product: Shopify (plain), Amazon (buffer 2, a 2-pack for every 7th, every 10th
  fulfilled by Amazon), Walmart (cap 80 %, at most 500, a minimum of 3 for every 5th, every 10th fed
  by two warehouses only, every 50th inactive).
- sellable positions for each item at five active warehouses (about one in ten missing); a sixth,
  inactive warehouse holds nothing. With `ledger=True` every position comes from a receipt in the
  ledger with its balance, so `inventory verify` holds and movements can be posted on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, text

WAREHOUSES = 5
HOT_ITEMS = 100


@dataclass(frozen=True, slots=True)
class Catalog:
    merchant_id: int
    warehouse_ids: tuple[int, ...]
    item_ids: tuple[int, ...] = field(repr=False)
    hot_item_ids: tuple[int, ...] = field(repr=False)  # parts of many bundles
    listings: int


def generate(engine: Engine, *, skus: int, ledger: bool = False, code: str = "BENCH") -> Catalog:
    with engine.begin() as c:
        c.execute(text("SET LOCAL synchronous_commit = off"))
        c.execute(text("SET LOCAL session_replication_role = replica"))
        merchant_id = c.execute(
            text("INSERT INTO merchants (code, name) VALUES (:c, :c) RETURNING id"), {"c": code}
        ).scalar_one()
        params = {"m": merchant_id, "n": skus}
        warehouses = _locations(c, code)
        _catalog(c, params)
        _bundles(c, params)
        _listings(c, params)
        if ledger:
            _stock_with_ledger(c, params)
        else:
            _positions_only(c, params)
        items = tuple(
            c.execute(text("SELECT id FROM gen WHERE kind = 'item' ORDER BY item_no")).scalars()
        )
        listings = c.execute(
            text("SELECT count(*) FROM listings WHERE merchant_id = :m"), params
        ).scalar_one()
    # A database as it stands between loads: vacuumed, and its pages written out. Left dirty in
    # shared buffers, the load's pages are written by whatever runs next (a first full recompute
    # right after a 1M-SKU load took 11.2 s instead of 8.4 s, evicting them).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))
        c.execute(text("CHECKPOINT"))
    return Catalog(merchant_id, warehouses, items, items[:HOT_ITEMS], listings)


def _locations(c: Connection, code: str) -> tuple[int, ...]:
    ids = c.execute(
        text(
            "INSERT INTO locations (code, name, kind, active)"
            " SELECT :code || '-WH-' || g, 'Warehouse ' || g, 'warehouse', g <= :n"
            " FROM generate_series(1, :n + 1) g ORDER BY g RETURNING id"
        ),
        {"code": code, "n": WAREHOUSES},
    ).scalars()
    found = tuple(sorted(ids))
    c.execute(
        text(
            "CREATE TEMP TABLE wh ON COMMIT DROP AS SELECT * FROM unnest(CAST(:ids AS bigint[]))"
            " WITH ORDINALITY AS w(id, no)"
        ),
        {"ids": list(found[:WAREHOUSES])},
    )
    return found[:WAREHOUSES]


def _catalog(c: Connection, params: dict[str, int]) -> None:
    c.execute(
        text(
            "INSERT INTO products (merchant_id, sku, title, kind)"
            " SELECT :m, 'SKU-' || lpad(g::text, 8, '0'), 'Product ' || g,"
            "        CASE WHEN g % 20 = 0 THEN 'bundle' ELSE 'item' END"
            " FROM generate_series(1, :n) g"
        ),
        params,
    )
    c.execute(
        text(
            "CREATE TEMP TABLE gen ON COMMIT DROP AS"
            " SELECT id, sku, kind, row_number() OVER (ORDER BY id) AS g,"
            "        row_number() OVER (PARTITION BY kind ORDER BY id) AS item_no"
            " FROM products WHERE merchant_id = :m"
        ),
        params,
    )
    c.execute(text("CREATE INDEX ON gen (kind, item_no)"))
    c.execute(text("ANALYZE gen"))


def _bundles(c: Connection, params: dict[str, int]) -> None:
    # item_no numbers items and bundles separately; part k of bundle b is an item chosen from b.
    c.execute(
        text(
            "WITH items AS (SELECT count(*) AS n FROM gen WHERE kind = 'item'),"
            " parts AS ("
            "   SELECT b.id AS bundle_id, p.no, p.quantity,"
            "          CASE p.no WHEN 1 THEN 1 + b.item_no % :hot"
            "                    WHEN 2 THEN 1 + (b.item_no * 7919) % items.n"
            "                    ELSE 1 + (b.item_no * 104729 + 13) % items.n END AS part_no"
            "   FROM gen b, items, (VALUES (1, 1), (2, 2), (3, 1)) AS p(no, quantity)"
            "   WHERE b.kind = 'bundle')"
            " INSERT INTO bundle_components (merchant_id, bundle_id, component_id, quantity)"
            " SELECT :m, parts.bundle_id, i.id, parts.quantity"
            " FROM parts JOIN gen i ON i.kind = 'item' AND i.item_no = parts.part_no"
            " ON CONFLICT DO NOTHING"
        ),
        {**params, "hot": HOT_ITEMS},
    )
    c.execute(
        text(
            "INSERT INTO bundle_components (merchant_id, bundle_id, component_id, quantity)"
            " SELECT :m, b.id, inner_b.id, 1 FROM gen b"
            " JOIN gen inner_b ON inner_b.kind = 'bundle' AND inner_b.item_no = b.item_no - 1"
            " WHERE b.kind = 'bundle' AND b.item_no % 10 = 0"
        ),
        params,
    )
    # The load runs with triggers off: flatten the bundles as the triggers would (migration 0015).
    c.execute(
        text(
            "SELECT refresh_bundle_stocked_parts(:m, array_agg(bundle_id))"
            " FROM (SELECT DISTINCT bundle_id FROM bundle_components WHERE merchant_id = :m) AS b"
        ),
        params,
    )


def _listings(c: Connection, params: dict[str, int]) -> None:
    accounts = [
        c.execute(
            text(
                "INSERT INTO channel_accounts (merchant_id, kind, name) VALUES (:m, :k, :k)"
                " RETURNING id"
            ),
            {**params, "k": kind},
        ).scalar_one()
        for kind in ("shopify", "amazon", "walmart")
    ]
    shopify, amazon, walmart = accounts
    c.execute(
        text(
            "INSERT INTO listings (merchant_id, channel_account_id, product_id, channel_sku,"
            "                      quantity_per, fulfillment_channel, status, safety_buffer,"
            "                      percent_cap, min_shown, max_shown)"
            " SELECT :m, :shopify, id, sku, 1, NULL, 'active', 0, CAST(NULL AS int),"
            "        CAST(NULL AS int), CAST(NULL AS int) FROM gen"
            " UNION ALL"
            " SELECT :m, :amazon, id, sku || '-AMZ', CASE WHEN g % 7 = 0 THEN 2 ELSE 1 END,"
            "        CASE WHEN g % 10 = 3 THEN 'AFN' ELSE 'MFN' END, 'active', 2, NULL, NULL, NULL"
            " FROM gen"
            " UNION ALL"
            " SELECT :m, :walmart, id, sku || '-WM', 1, NULL,"
            "        CASE WHEN g % 50 = 7 THEN 'inactive' ELSE 'active' END, 0, 80,"
            "        CASE WHEN g % 5 = 0 THEN 3 END, 500"
            " FROM gen"
        ),
        {**params, "shopify": shopify, "amazon": amazon, "walmart": walmart},
    )
    c.execute(text("ANALYZE listings"))
    c.execute(
        text(
            "INSERT INTO listing_locations (merchant_id, listing_id, location_id)"
            " SELECT :m, l.id, w.id FROM gen"
            " JOIN listings l ON l.merchant_id = :m AND l.product_id = gen.id"
            "  AND l.channel_account_id = :walmart"
            " JOIN wh w ON w.no IN (1, 2)"
            " WHERE gen.g % 10 = 5"
        ),
        {**params, "walmart": walmart},
    )
    # The load runs with triggers off: mark the listings as the triggers would (migration 0016).
    c.execute(
        text(
            "UPDATE listings l SET names_locations = true WHERE l.merchant_id = :m AND EXISTS"
            " (SELECT 1 FROM listing_locations ll WHERE ll.merchant_id = :m AND ll.listing_id = l.id)"
        ),
        params,
    )


# One row per (item, warehouse) that holds stock: about one in ten combinations holds none.
_HELD = (
    "SELECT gen.id AS product_id, w.id AS location_id, gen.item_no, w.no,"
    "       ((gen.item_no * 37 + w.no * 101) % 200)::int AS on_hand"
    " FROM gen CROSS JOIN wh w"
    " WHERE gen.kind = 'item' AND (gen.item_no + w.no) % 10 <> 0"
)


def _positions_only(c: Connection, params: dict[str, int]) -> None:
    c.execute(
        text(
            "INSERT INTO stock_positions (merchant_id, product_id, location_id, sellable_on_hand,"
            "                             allocated, last_movement_id)"
            f" SELECT :m, product_id, location_id, on_hand, on_hand % 7, item_no * 8 + no"
            f" FROM ({_HELD}) held ORDER BY product_id, location_id"
        ),
        params,
    )


def _stock_with_ledger(c: Connection, params: dict[str, int]) -> None:
    c.execute(
        text(
            "INSERT INTO stock_movements (merchant_id, product_id, quantity, kind, to_location_id,"
            "  to_status, reference_kind, reference_id, idempotency_key, request_digest, actor)"
            f" SELECT :m, product_id, on_hand, 'receipt', location_id, 'sellable', 'receipt',"
            "        'INITIAL', 'initial-' || product_id || '-' || location_id, 'initial',"
            "        'benchmark'"
            f" FROM ({_HELD}) held WHERE on_hand > 0 ORDER BY product_id, location_id"
        ),
        params,
    )
    c.execute(
        text(
            "INSERT INTO stock_balances (merchant_id, product_id, location_id, status, on_hand,"
            "                            last_movement_id)"
            " SELECT merchant_id, product_id, to_location_id, 'sellable', quantity, id"
            " FROM stock_movements WHERE merchant_id = :m"
        ),
        params,
    )
    c.execute(
        text(
            "INSERT INTO stock_positions (merchant_id, product_id, location_id, sellable_on_hand,"
            "                             allocated, last_movement_id)"
            " SELECT merchant_id, product_id, to_location_id, quantity, 0, id"
            " FROM stock_movements WHERE merchant_id = :m"
        ),
        params,
    )
