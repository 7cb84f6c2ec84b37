"""Years of orders for one merchant, generated in SQL: the history the order screens search through.

Shape (every value derived from the row number, so runs are reproducible):
- `orders` orders over the last 400 days across the merchant's three channel accounts (Shopify,
  Amazon, Walmart: about 45/35/20 %); channel order numbers per channel's own style; customer names
  from a pool of 5,000 first × last name pairs; ship-to in 50 US states.
- states as a mature shop sees them: the last two days hold the open work (received, allocated,
  released, picking, packed, needs_attention, backordered, on_hold); older orders are shipped
  (about 97 %) or cancelled.
- one to three lines per order drawing the catalog's SKUs, and a timeline entry per order.
The data load turns off foreign-key triggers (`session_replication_role = replica`, superuser of the
throwaway server only): the rows are consistent by construction, and the load is not measured.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from .dataset import Catalog

DAYS = 400
CHUNK = 500_000  # orders per INSERT: keeps each statement's memory bounded

_OPEN_STATES = (
    "received",
    "allocated",
    "allocated",
    "released",
    "picking",
    "packed",
    "needs_attention",
    "backordered",
    "on_hold",
    "allocated",
)
_FIRST = ("Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Ivy", "Eli", "Nora", "Kai") * 5
_LAST = tuple(f"{name}{suffix}" for name in ("Smith", "Garcia", "Chen", "Okafor", "Novak")
              for suffix in ("", "son", "ez", "ski", "ton", "er", "ley", "man", "well", "berg"))  # fmt: skip
_STATES = ("CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI", "NJ", "VA", "WA", "AZ",
           "MA", "TN", "IN", "MO", "MD", "WI", "CO", "MN", "SC", "AL", "LA", "KY", "OR", "OK",
           "CT", "UT", "IA", "NV", "AR", "MS", "KS", "NM", "NE", "ID", "WV", "HI", "NH", "ME",
           "RI", "MT", "DE", "SD", "ND", "AK", "VT", "WY")  # fmt: skip


def generate(engine: Engine, catalog: Catalog, *, orders: int) -> None:
    """Insert `orders` orders with lines and timelines for `catalog`'s merchant."""
    with engine.begin() as c:
        accounts = list(
            c.execute(
                text(
                    "SELECT id FROM channel_accounts WHERE merchant_id = :m"
                    " ORDER BY CASE kind WHEN 'shopify' THEN 1 WHEN 'amazon' THEN 2 ELSE 3 END"
                ),
                {"m": catalog.merchant_id},
            ).scalars()
        )
    params = {
        "m": catalog.merchant_id,
        "accounts": accounts,
        "open": list(_OPEN_STATES),
        "first": list(_FIRST),
        "last": list(_LAST),
        "regions": list(_STATES),
        "items": list(catalog.item_ids),
        "days": DAYS,
        "total": orders,
    }
    for start in range(1, orders + 1, CHUNK):
        stop = min(start + CHUNK - 1, orders)
        with engine.begin() as c:
            c.execute(text("SET LOCAL synchronous_commit = off"))
            c.execute(text("SET LOCAL session_replication_role = replica"))
            c.execute(_ORDERS, {**params, "start": start, "stop": stop})
            c.execute(_LINES, {**params, "start": start, "stop": stop})
            c.execute(_EVENTS, {**params, "start": start, "stop": stop})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE orders"))
        c.execute(text("VACUUM ANALYZE order_lines"))
        c.execute(text("VACUUM ANALYZE order_events"))


# Order g was placed (total - g) / total of the way back over DAYS days: the newest have the
# highest numbers, as ids rise with time in production.
_ORDER_ROWS = """
SELECT g,
       now() - make_interval(secs => (:total - g)::float8 / :total * :days * 86400) AS placed_at,
       CASE WHEN g % 20 < 9 THEN 1 WHEN g % 20 < 16 THEN 2 ELSE 3 END AS account_no,
       (CAST(:first AS text[]))[1 + g % 50] || ' ' || (CAST(:last AS text[]))[1 + (g / 50) % 50]
           AS customer_name,
       (CAST(:regions AS text[]))[1 + (g * 7) % 50] AS region
  FROM generate_series(CAST(:start AS bigint), CAST(:stop AS bigint)) g  -- bigint: g * 7919
"""

_ORDERS = text(f"""
INSERT INTO orders (merchant_id, channel_account_id, channel, external_order_id,
                    channel_order_number, placed_at, ship_by, service_level, ship_to,
                    ship_country, customer, currency, total, units, state, state_changed_at,
                    created_at, updated_at)
SELECT :m, (CAST(:accounts AS bigint[]))[account_no],
       (ARRAY['shopify','amazon','walmart'])[account_no],
       CASE account_no WHEN 1 THEN 'gid://shopify/Order/' || (5000000000 + g)
                       WHEN 2 THEN lpad((100 + g % 900)::text, 3, '0') || '-'
                                   || lpad((g * 7919 % 10000000)::text, 7, '0') || '-'
                                   || lpad(g::text, 7, '0')
                       ELSE (108000000000000 + g)::text END,
       CASE account_no WHEN 1 THEN '#' || (1000 + g) ELSE NULL END,
       placed_at, placed_at + interval '2 days',
       CASE WHEN g % 10 = 0 THEN 'two_day' WHEN g % 25 = 0 THEN 'next_day' ELSE 'standard' END,
       jsonb_build_object('name', customer_name, 'line1', (g % 9000 + 100) || ' Main St',
                          'city', 'Springfield', 'region', region,
                          'postal_code', lpad((g % 99999)::text, 5, '0'), 'country', 'US'),
       'US',
       jsonb_build_object('name', customer_name, 'email', 'buyer' || g || '@example.com'),
       'USD', 10 + (g % 200), 1 + g % 3,
       CASE WHEN placed_at > now() - interval '2 days'
            THEN (CAST(:open AS text[]))[1 + g % 10]
            WHEN g % 33 = 0 THEN 'cancelled' ELSE 'shipped' END,
       placed_at + interval '1 day', placed_at, placed_at
  FROM ({_ORDER_ROWS}) o
""")

_LINES = text("""
INSERT INTO order_lines (merchant_id, order_id, position, line_id, sku, quantity, unit_price,
                         currency, units)
SELECT o.merchant_id, o.id, n, n::text, p.sku, 1, o.total / o.units, 'USD',
       jsonb_build_array(jsonb_build_array(p.sku, 1))
  FROM orders o
  CROSS JOIN LATERAL generate_series(1, o.units) n
  JOIN products p ON p.merchant_id = o.merchant_id
   AND p.id = (CAST(:items AS bigint[]))[1 + (o.id * 31 + n * 7) % cardinality(CAST(:items AS bigint[]))]
 WHERE o.merchant_id = :m
   AND o.id >= (SELECT min(id) FROM orders WHERE merchant_id = :m) + :start - 1
   AND o.id <= (SELECT min(id) FROM orders WHERE merchant_id = :m) + :stop - 1
""")

_EVENTS = text("""
INSERT INTO order_events (merchant_id, order_id, from_state, to_state, at, actor_kind, actor)
SELECT o.merchant_id, o.id, NULL, 'received', o.placed_at, 'channel', o.channel
  FROM orders o
 WHERE o.merchant_id = :m
   AND o.id >= (SELECT min(id) FROM orders WHERE merchant_id = :m) + :start - 1
   AND o.id <= (SELECT min(id) FROM orders WHERE merchant_id = :m) + :stop - 1
""")
