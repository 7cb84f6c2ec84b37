"""SQL for the order book: payloads, orders and lines in sets, the pipeline's batch reads.

Every batch write is one statement per table: the rows travel as one JSON document
(`jsonb_to_recordset`), which is far cheaper than a statement per order. Personal data (ship-to,
customer) goes into its JSONB columns and nowhere else: never into logs or error messages.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, text

from ordertower.domain.channels import ChannelKind
from ordertower.domain.orders import (
    Actor,
    Address,
    ChannelFlag,
    CustomerContact,
    Order,
    OrderLine,
    OrderState,
)
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.shipping import ServiceLevel
from ordertower.services.orders.records import (
    AccountFacts,
    CatalogFacts,
    ListingFact,
    LocationFact,
    OrderItem,
    PayloadResult,
    PayloadSource,
    ProductFact,
    RoutingRecord,
    StoredOrder,
)
from ordertower.services.orders.views import OrderDetail, OrderFilter, OrderSummary, QueueCount

from ..paging import after_id, to_page
from .json_document import dumps as _dumps
from .orders_reads import OrderReads

MAX_BUNDLE_DEPTH = 10

_ADD_PAYLOADS = text(
    "INSERT INTO order_payloads (merchant_id, channel_account_id, external_order_id, source,"
    " payload)"
    " SELECT :merchant_id, :account_id, external_order_id, :source, payload"
    " FROM ROWS FROM (jsonb_to_recordset(CAST(:rows AS jsonb))"
    "   AS (external_order_id text, payload jsonb)) WITH ORDINALITY AS r(external_order_id,"
    "   payload, n)"
    " ORDER BY n RETURNING id"
)
_MARK_PAYLOADS = text(
    "UPDATE order_payloads p SET outcome = u.outcome, order_id = u.order_id,"
    " problems = u.problems, processed_at = now()"
    " FROM (SELECT x.row, m.outcome, m.order_id, m.problems"
    "   FROM jsonb_to_recordset(CAST(:rows AS jsonb))"
    "   AS m(id bigint, outcome text, order_id bigint, problems jsonb)"
    "   CROSS JOIN LATERAL (SELECT ctid AS row FROM order_payloads"
    "     WHERE merchant_id = :merchant_id AND id = m.id OFFSET 0) AS x) AS u"
    " WHERE p.ctid = u.row"
)
_ORDER_COLUMNS = {
    "channel_account_id": "bigint",
    "channel": "text",
    "external_order_id": "text",
    "channel_order_number": "text",
    "placed_at": "timestamptz",
    "channel_updated_at": "timestamptz",
    "ship_by": "timestamptz",
    "deliver_by": "timestamptz",
    "service_level": "text",
    "service_label": "text",
    "ship_to": "jsonb",
    "ship_country": "text",
    "customer": "jsonb",
    "flags": "text[]",
    "tags": "text[]",
    "currency": "text",
    "total": "numeric",
    "units": "integer",
}
_RECORD = ", ".join(f"{name} {kind}" for name, kind in _ORDER_COLUMNS.items())
_INSERT_ORDERS = text(
    f"INSERT INTO orders (merchant_id, {', '.join(_ORDER_COLUMNS)})"
    f" SELECT :merchant_id, {', '.join(_ORDER_COLUMNS)}"
    f" FROM ROWS FROM (jsonb_to_recordset(CAST(:rows AS jsonb)) AS ({_RECORD}))"
    f"   WITH ORDINALITY AS o({', '.join(_ORDER_COLUMNS)}, n)"
    " ORDER BY n"
    " ON CONFLICT (merchant_id, channel_account_id, external_order_id) DO NOTHING"
    " RETURNING id, external_order_id"
)
_UPDATE_ORDER = text(
    "UPDATE orders o SET "
    + ", ".join(f"{name} = m.{name}" for name in _ORDER_COLUMNS if name != "channel_account_id")
    + ", version = o.version + 1, updated_at = now()"
    f" FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS m({_RECORD})"
    " WHERE o.merchant_id = :merchant_id AND o.id = :order_id"
)
_INSERT_LINES = text(
    "INSERT INTO order_lines (merchant_id, order_id, position, line_id, channel_sku, sku,"
    " quantity, unit_price, currency)"
    " SELECT :merchant_id, order_id, position, line_id, channel_sku, sku, quantity, unit_price,"
    " currency FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS l(order_id bigint,"
    " position integer, line_id text, channel_sku text, sku text, quantity integer,"
    " unit_price numeric, currency text)"
)
_FIRST_EVENTS = text(
    "INSERT INTO order_events (merchant_id, order_id, from_state, to_state, actor_kind, actor,"
    " note)"
    " SELECT :merchant_id, id, NULL, 'received', :actor_kind, :actor, :note"
    " FROM unnest(CAST(:ids AS bigint[])) AS k(id) ORDER BY id"
)
_ORDER_SELECT = (
    "SELECT id, state, version, hold_queue, channel_account_id, channel, external_order_id,"
    " channel_order_number, placed_at, channel_updated_at, ship_by, deliver_by, service_level,"
    " service_label, ship_to, customer, flags, tags FROM orders"
)
# Keys are looked up one by one on the unique key (`OFFSET 0` keeps the lookup a nested loop: a
# plain `= ANY(:ids)` or a flattened join is planned, once the statement is prepared, as a walk
# over every order of the account), then the orders found are locked one by one in id order, as
# every other path locks orders.
_IDS_BY_KEY = text(
    "SELECT o.id FROM unnest(CAST(:ids AS text[])) AS k(external_order_id)"
    " CROSS JOIN LATERAL (SELECT id FROM orders WHERE merchant_id = :merchant_id"
    "   AND channel_account_id = :account_id AND external_order_id = k.external_order_id"
    "   OFFSET 0) AS o"
)
_LOCK_BY_ID = text(
    "SELECT o.* FROM unnest(CAST(:ids AS bigint[])) AS k(id)"
    " CROSS JOIN LATERAL (" + _ORDER_SELECT + " WHERE merchant_id = :merchant_id AND id = k.id"
    "   FOR UPDATE) AS o"
)
_BY_ID = text(
    _ORDER_SELECT + " WHERE merchant_id = :merchant_id AND id = ANY(CAST(:ids AS bigint[]))"
)
_LINES = text(
    "SELECT order_id, line_id, channel_sku, sku, quantity, unit_price, currency FROM order_lines"
    " WHERE merchant_id = :merchant_id AND order_id = ANY(CAST(:ids AS bigint[]))"
    " ORDER BY order_id, position"
)
_LISTINGS = text(
    "SELECT l.channel_account_id, l.channel_sku, l.product_id, l.quantity_per,"
    " coalesce((SELECT array_agg(ll.location_id ORDER BY ll.location_id) FROM listing_locations ll"
    "   WHERE ll.merchant_id = l.merchant_id AND ll.listing_id = l.id), '{}') AS location_ids"
    " FROM unnest(CAST(:accounts AS bigint[]), CAST(:skus AS text[])) AS k(account, sku)"
    " JOIN listings l ON l.merchant_id = :merchant_id AND l.channel_account_id = k.account"
    "  AND l.channel_sku = k.sku"
)
_PRODUCTS = text(
    "SELECT id, sku, kind, blocked FROM products WHERE merchant_id = :merchant_id"
    " AND (sku = ANY(CAST(:skus AS text[])) OR id = ANY(CAST(:ids AS bigint[])))"
)
_COMPONENTS = text(
    "SELECT bundle_id, component_id, quantity FROM bundle_components"
    " WHERE merchant_id = :merchant_id AND bundle_id = ANY(CAST(:ids AS bigint[]))"
    " ORDER BY bundle_id, component_id"
)
_LOCATIONS = text(
    "SELECT id, code, kind FROM locations WHERE active AND (kind = 'warehouse'"
    " OR (kind = 'dropship' AND merchant_id = :merchant_id)) ORDER BY priority, id"
)
_FREE = text(
    "SELECT product_id, location_id, sellable_on_hand - allocated AS free FROM stock_positions"
    " WHERE merchant_id = :merchant_id AND product_id = ANY(CAST(:products AS bigint[]))"
    " AND location_id = ANY(CAST(:locations AS bigint[])) AND sellable_on_hand > allocated"
)
# The decisions of orders that stay in their state, and every order's line units, in one statement
# (a data-modifying CTE for the orders). Updates reach each row by its key, then by its physical
# address: a join of the whole batch with the table would be planned as a scan of the table.
_SAVE_ROUTING = text(
    "WITH decided AS ("
    " UPDATE orders o SET routing = u.routing, routing_explanation = u.explanation"
    " FROM (SELECT x.row, m.routing, m.explanation FROM jsonb_to_recordset(CAST(:orders AS jsonb))"
    "   AS m(order_id bigint, routing jsonb, explanation text)"
    "   CROSS JOIN LATERAL (SELECT ctid AS row FROM orders WHERE merchant_id = :merchant_id"
    "     AND id = m.order_id OFFSET 0) AS x) AS u"
    " WHERE o.ctid = u.row RETURNING 1)"
    " UPDATE order_lines l SET units = u.units"
    " FROM (SELECT x.row, m.units FROM jsonb_to_recordset(CAST(:lines AS jsonb))"
    "   AS m(order_id bigint, line_id text, units jsonb)"
    "   CROSS JOIN LATERAL (SELECT ctid AS row FROM order_lines WHERE merchant_id = :merchant_id"
    "     AND order_id = m.order_id AND line_id = m.line_id OFFSET 0) AS x) AS u"
    " WHERE l.ctid = u.row"
)
_UPSERT_LISTING = text(
    "INSERT INTO listings (merchant_id, channel_account_id, product_id, quantity_per, channel_sku)"
    " VALUES (:merchant_id, :account_id, :product_id, :quantity_per, :channel_sku)"
    " ON CONFLICT (merchant_id, channel_account_id, channel_sku) DO UPDATE"
    " SET product_id = EXCLUDED.product_id, quantity_per = EXCLUDED.quantity_per,"
    " updated_at = now()"
)
_ITEM_SELECT = (
    "SELECT id, CAST(subject_id AS bigint) AS order_id, reason_code, details ->> 'line_id' AS line_id,"
    " message, details, owner_user_id, notes, status, created_at, raise_key FROM exception_items"
)
_OPEN_ITEMS = text(
    _ITEM_SELECT + " WHERE merchant_id = :merchant_id AND subject_kind = 'order'"
    " AND subject_id = ANY(CAST(:ids AS text[])) AND status = 'open' ORDER BY id"
)
_ITEM = text(
    _ITEM_SELECT + " WHERE merchant_id = :merchant_id AND subject_kind = 'order' AND id = :id"
)
# A resolved item gives up its raise key, so the same problem arising later is a new item.
_CLOSE_ITEMS = text(
    "UPDATE exception_items SET status = 'resolved', notes = :note, resolved_at = now(),"
    " resolved_by_user_id = :user_id,"
    " raise_key = CASE WHEN raise_key IS NULL THEN NULL"
    "   ELSE left(raise_key, 150) || ':closed:' || id END"
    " WHERE merchant_id = :merchant_id AND id = ANY(CAST(:ids AS bigint[])) AND status = 'open'"
)
_QUEUE_COUNTS = text(
    "SELECT reason_code, count(*) AS open_items, min(created_at) AS oldest_at"
    " FROM exception_items WHERE merchant_id = :merchant_id AND subject_kind = 'order'"
    " AND status = 'open' GROUP BY reason_code ORDER BY reason_code"
)
_MERCHANTS_WITH_BACKORDERS = text(
    "SELECT m.id FROM merchants m WHERE EXISTS (SELECT 1 FROM orders o"
    " WHERE o.merchant_id = m.id AND o.state = 'backordered') ORDER BY m.id"
)
# Backordered orders for which every SKU they draw has enough free units (all locations together):
# a cheap first sieve; the pipeline decides for real and backorders again what still lacks.
_BACKORDERS_WITH_STOCK = text(
    "SELECT o.id FROM orders o WHERE o.merchant_id = :merchant_id AND o.state = 'backordered'"
    " AND NOT EXISTS (SELECT 1 FROM ("
    "   SELECT u ->> 0 AS sku, sum(CAST(u ->> 1 AS integer)) AS need"
    "   FROM order_lines l CROSS JOIN LATERAL jsonb_array_elements(l.units) AS u"
    "   WHERE l.merchant_id = o.merchant_id AND l.order_id = o.id GROUP BY 1) AS d"
    "   LEFT JOIN products p ON p.merchant_id = o.merchant_id AND p.sku = d.sku"
    "   WHERE d.need > coalesce((SELECT sum(s.sellable_on_hand - s.allocated)"
    "     FROM stock_positions s WHERE s.merchant_id = o.merchant_id"
    "     AND s.product_id = p.id), 0))"
    " ORDER BY o.placed_at, o.id LIMIT :limit"
)


def _address_values(a: Address) -> dict[str, object]:
    return {
        "name": a.name,
        "company": a.company,
        "line1": a.line1,
        "line2": a.line2,
        "line3": a.line3,
        "city": a.city,
        "region": a.region,
        "postal_code": a.postal_code,
        "country": a.country,
        "residential": a.residential,
        "phone": a.phone,
    }


def _order_values(order: Order) -> dict[str, object]:
    return {
        "channel_account_id": order.channel_account_id,
        "channel": str(order.channel),
        "external_order_id": order.external_order_id,
        "channel_order_number": order.channel_order_number,
        "placed_at": order.placed_at,
        "channel_updated_at": order.channel_updated_at,
        "ship_by": order.ship_by,
        "deliver_by": order.deliver_by,
        "service_level": str(order.service_level),
        "service_label": order.service_label,
        "ship_to": _address_values(order.ship_to),
        "ship_country": order.ship_to.country[:2],
        "customer": {
            "name": order.customer.name,
            "email": order.customer.email,
            "phone": order.customer.phone,
        },
        "flags": sorted(str(f) for f in order.flags),
        "tags": sorted(order.tags),
        "currency": order.currency,
        "total": order.total,
        "units": order.units,
    }


def _line_values(order_id: int, lines: Sequence[OrderLine]) -> list[dict[str, object]]:
    return [
        {
            "order_id": order_id,
            "position": position,
            "line_id": line.line_id,
            "channel_sku": line.channel_sku,
            "sku": line.sku,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "currency": line.currency,
        }
        for position, line in enumerate(lines, start=1)
    ]


def _address(stored: Mapping[str, Any]) -> Address:
    known = {name: stored[name] for name in Address.__dataclass_fields__ if name in stored}
    return Address(**known)


def _stored(row: Row[Any], merchant_id: int, lines: list[OrderLine]) -> StoredOrder:
    customer = row.customer or {}
    order = Order(
        merchant_id=merchant_id,
        channel_account_id=row.channel_account_id,
        channel=ChannelKind(row.channel),
        external_order_id=row.external_order_id,
        channel_order_number=row.channel_order_number,
        placed_at=row.placed_at,
        channel_updated_at=row.channel_updated_at,
        ship_by=row.ship_by,
        deliver_by=row.deliver_by,
        service_level=ServiceLevel(row.service_level),
        service_label=row.service_label,
        ship_to=_address(row.ship_to or {}),
        customer=CustomerContact(
            name=customer.get("name", ""),
            email=customer.get("email", ""),
            phone=customer.get("phone", ""),
        ),
        lines=tuple(lines),
        flags=frozenset(ChannelFlag(f) for f in row.flags),
        tags=frozenset(row.tags),
    )
    return StoredOrder(row.id, OrderState(row.state), row.version, row.hold_queue, order)


def _item(r: Row[Any]) -> OrderItem:
    return OrderItem(
        id=r.id,
        order_id=r.order_id,
        reason_code=r.reason_code,
        line_id=r.line_id,
        message=r.message,
        details=r.details,
        owner_user_id=r.owner_user_id,
        notes=r.notes,
        status=r.status,
        created_at=r.created_at,
        raise_key=r.raise_key,
    )


class SqlOrderBook:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._reads = OrderReads(connection)

    # ---- capture ---------------------------------------------------------------------------
    def account(self, merchant_id: int, account_id: int) -> AccountFacts | None:
        row = self._c.execute(
            text(
                "SELECT id, merchant_id, kind, name, active FROM channel_accounts"
                " WHERE merchant_id = :merchant_id AND id = :id"
            ),
            {"merchant_id": merchant_id, "id": account_id},
        ).first()
        if row is None:
            return None
        return AccountFacts(row.id, row.merchant_id, ChannelKind(row.kind), row.name, row.active)

    def add_payloads(
        self,
        merchant_id: int,
        account_id: int,
        source: PayloadSource,
        payloads: Sequence[tuple[str | None, Mapping[str, Any]]],
    ) -> list[int]:
        if not payloads:
            return []
        rows = _dumps(
            [
                {"external_order_id": (ext or "")[:100] or None, "payload": payload}
                for ext, payload in payloads
            ]
        )
        result = self._c.execute(
            _ADD_PAYLOADS,
            {
                "merchant_id": merchant_id,
                "account_id": account_id,
                "source": str(source),
                "rows": rows,
            },
        )
        return [r.id for r in result]

    def mark_payloads(self, merchant_id: int, results: Sequence[PayloadResult]) -> None:
        if not results:
            return
        rows = _dumps(
            [
                {
                    "id": r.payload_id,
                    "outcome": str(r.outcome),
                    "order_id": r.order_id,
                    "problems": [
                        {"field": p.field, "code": p.code, "message": p.message} for p in r.problems
                    ]
                    or None,
                }
                for r in results
            ]
        )
        self._c.execute(_MARK_PAYLOADS, {"merchant_id": merchant_id, "rows": rows})

    def insert_orders(
        self, merchant_id: int, orders: Sequence[Order], *, actor: Actor, note: str
    ) -> dict[str, int]:
        if not orders:
            return {}
        rows = _dumps([_order_values(order) for order in orders])
        inserted = {
            r.external_order_id: r.id
            for r in self._c.execute(_INSERT_ORDERS, {"merchant_id": merchant_id, "rows": rows})
        }
        if not inserted:
            return {}
        lines = [
            value
            for order in orders
            if order.external_order_id in inserted
            for value in _line_values(inserted[order.external_order_id], order.lines)
        ]
        self._c.execute(_INSERT_LINES, {"merchant_id": merchant_id, "rows": _dumps(lines)})
        self._c.execute(
            _FIRST_EVENTS,
            {
                "merchant_id": merchant_id,
                "ids": sorted(inserted.values()),
                "actor_kind": str(actor.kind),
                "actor": actor.name[:100],
                "note": note,
            },
        )
        return inserted

    def lock_orders_by_key(
        self, merchant_id: int, account_id: int, external_ids: Collection[str]
    ) -> dict[str, StoredOrder]:
        if not external_ids:
            return {}
        ids = self._c.execute(
            _IDS_BY_KEY,
            {"merchant_id": merchant_id, "account_id": account_id, "ids": sorted(external_ids)},
        ).scalars()
        found = sorted(set(ids))
        if not found:
            return {}
        rows = self._c.execute(_LOCK_BY_ID, {"merchant_id": merchant_id, "ids": found}).all()
        stored = self._with_lines(merchant_id, rows)
        return {s.order.external_order_id: s for s in stored}

    def orders(self, merchant_id: int, ids: Collection[int]) -> dict[int, StoredOrder]:
        if not ids:
            return {}
        rows = self._c.execute(_BY_ID, {"merchant_id": merchant_id, "ids": sorted(ids)}).all()
        return {s.id: s for s in self._with_lines(merchant_id, rows)}

    def _with_lines(self, merchant_id: int, rows: Sequence[Row[Any]]) -> list[StoredOrder]:
        if not rows:
            return []
        lines: dict[int, list[OrderLine]] = {}
        for line in self._c.execute(
            _LINES, {"merchant_id": merchant_id, "ids": [r.id for r in rows]}
        ):
            lines.setdefault(line.order_id, []).append(
                OrderLine(
                    line_id=line.line_id,
                    channel_sku=line.channel_sku,
                    sku=line.sku,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    currency=line.currency,
                )
            )
        return [_stored(r, merchant_id, lines.get(r.id, [])) for r in rows]

    def replace_order(self, merchant_id: int, order_id: int, order: Order) -> None:
        rows = _dumps([_order_values(order)])
        self._c.execute(
            _UPDATE_ORDER, {"merchant_id": merchant_id, "order_id": order_id, "rows": rows}
        )
        self.set_lines(merchant_id, order_id, order.lines)

    def set_address(self, merchant_id: int, order_id: int, address: Address) -> None:
        self._c.execute(
            text(
                "UPDATE orders SET ship_to = CAST(:ship_to AS jsonb), ship_country = :country,"
                " version = version + 1, updated_at = now()"
                " WHERE merchant_id = :merchant_id AND id = :order_id"
            ),
            {
                "merchant_id": merchant_id,
                "order_id": order_id,
                "ship_to": _dumps(_address_values(address)),
                "country": address.country[:2],
            },
        )

    def set_lines(self, merchant_id: int, order_id: int, lines: Sequence[OrderLine]) -> None:
        self._c.execute(
            text("DELETE FROM order_lines WHERE merchant_id = :merchant_id AND order_id = :id"),
            {"merchant_id": merchant_id, "id": order_id},
        )
        self._c.execute(
            _INSERT_LINES,
            {"merchant_id": merchant_id, "rows": _dumps(_line_values(order_id, lines))},
        )
        self._c.execute(
            text(
                "UPDATE orders SET units = :units, total = :total WHERE merchant_id = :merchant_id"
                " AND id = :id"
            ),
            {
                "merchant_id": merchant_id,
                "id": order_id,
                "units": sum(line.quantity for line in lines),
                "total": sum((line.amount for line in lines), Decimal(0)),
            },
        )

    # ---- pipeline --------------------------------------------------------------------------
    def catalog_facts(
        self,
        merchant_id: int,
        listings: Collection[tuple[int, str]],
        skus: Collection[str],
    ) -> CatalogFacts:
        found: dict[tuple[int, str], ListingFact] = {}
        if listings:
            keys = sorted(listings)
            for r in self._c.execute(
                _LISTINGS,
                {
                    "merchant_id": merchant_id,
                    "accounts": [k[0] for k in keys],
                    "skus": [k[1] for k in keys],
                },
            ):
                found[(r.channel_account_id, r.channel_sku)] = ListingFact(
                    r.channel_account_id,
                    r.channel_sku,
                    r.product_id,
                    r.quantity_per,
                    tuple(r.location_ids),
                )
        products = self._products(merchant_id, skus, {f.product_id for f in found.values()})
        components: dict[int, list[tuple[int, int]]] = {}
        frontier = {p.id for p in products.values() if p.kind == "bundle"}
        for _depth in range(MAX_BUNDLE_DEPTH):
            if not frontier:
                break
            for r in self._c.execute(
                _COMPONENTS, {"merchant_id": merchant_id, "ids": sorted(frontier)}
            ):
                components.setdefault(r.bundle_id, []).append((r.component_id, r.quantity))
            wanted = {c for b in frontier for c, _ in components.get(b, [])} - products.keys()
            products.update(self._products(merchant_id, (), wanted))
            frontier = {
                c
                for b in frontier
                for c, _ in components.get(b, [])
                if products[c].kind == "bundle" and c not in components
            }
        return CatalogFacts(found, products, components)

    def _products(
        self, merchant_id: int, skus: Collection[str], ids: Collection[int]
    ) -> dict[int, ProductFact]:
        if not skus and not ids:
            return {}
        rows = self._c.execute(
            _PRODUCTS, {"merchant_id": merchant_id, "skus": sorted(skus), "ids": sorted(ids)}
        )
        return {r.id: ProductFact(r.id, r.sku, r.kind, r.blocked) for r in rows}

    def order_locations(self, merchant_id: int) -> dict[int, LocationFact]:
        rows = self._c.execute(_LOCATIONS, {"merchant_id": merchant_id})
        return {r.id: LocationFact(r.id, r.code, r.kind) for r in rows}

    def free_stock(
        self, merchant_id: int, product_ids: Collection[int], location_ids: Collection[int]
    ) -> dict[tuple[int, int], int]:
        if not product_ids or not location_ids:
            return {}
        rows = self._c.execute(
            _FREE,
            {
                "merchant_id": merchant_id,
                "products": sorted(product_ids),
                "locations": sorted(location_ids),
            },
        )
        return {(r.product_id, r.location_id): r.free for r in rows}

    def save_routing(self, merchant_id: int, records: Sequence[RoutingRecord]) -> None:
        decided = [
            {"order_id": r.order_id, "routing": r.routing, "explanation": r.explanation}
            for r in records
            if r.routing is not None
        ]
        units = [
            {"order_id": r.order_id, "line_id": line_id, "units": [list(u) for u in drawn]}
            for r in records
            for line_id, drawn in r.line_units.items()
        ]
        if decided or units:
            self._c.execute(
                _SAVE_ROUTING,
                {"merchant_id": merchant_id, "orders": _dumps(decided), "lines": _dumps(units)},
            )

    def upsert_listing(
        self,
        merchant_id: int,
        *,
        account_id: int,
        channel_sku: str,
        product_id: int,
        quantity_per: int,
    ) -> None:
        self._c.execute(
            _UPSERT_LISTING,
            {
                "merchant_id": merchant_id,
                "account_id": account_id,
                "product_id": product_id,
                "quantity_per": quantity_per,
                "channel_sku": channel_sku,
            },
        )

    # ---- exception items about orders ----------------------------------------------------------
    def open_items(self, merchant_id: int, order_ids: Collection[int]) -> list[OrderItem]:
        if not order_ids:
            return []
        rows = self._c.execute(
            _OPEN_ITEMS, {"merchant_id": merchant_id, "ids": [str(i) for i in sorted(order_ids)]}
        )
        return [_item(r) for r in rows]

    def order_item(self, merchant_id: int, item_id: int, *, lock: bool) -> OrderItem | None:
        statement = _ITEM if not lock else text(_ITEM.text + " FOR UPDATE")
        row = self._c.execute(statement, {"merchant_id": merchant_id, "id": item_id}).first()
        return _item(row) if row else None

    def close_items(
        self, merchant_id: int, item_ids: Collection[int], *, note: str, user_id: int | None
    ) -> None:
        if not item_ids:
            return
        self._c.execute(
            _CLOSE_ITEMS,
            {"merchant_id": merchant_id, "ids": sorted(item_ids), "note": note, "user_id": user_id},
        )

    def queue_counts(self, merchant_id: int) -> list[QueueCount]:
        rows = self._c.execute(_QUEUE_COUNTS, {"merchant_id": merchant_id})
        return [QueueCount(reason_code=r.reason_code, open_items=r.open_items,
                           oldest_at=r.oldest_at) for r in rows]  # fmt: skip

    def list_items(
        self, merchant_id: int, *, reason_code: str | None, page: PageRequest
    ) -> Page[OrderItem]:
        rows = self._c.execute(
            text(
                _ITEM_SELECT + " WHERE merchant_id = :merchant_id AND subject_kind = 'order'"
                " AND status = 'open' AND (CAST(:reason AS text) IS NULL OR reason_code = :reason)"
                " AND id > :after ORDER BY id LIMIT :limit"
            ),
            {
                "merchant_id": merchant_id,
                "reason": reason_code,
                "after": after_id(page),
                "limit": page.limit + 1,
            },
        ).all()
        return to_page([_item(r) for r in rows], page, lambda i: i.id)

    # ---- backorders --------------------------------------------------------------------------
    def merchants_with_backorders(self) -> list[int]:
        return [r.id for r in self._c.execute(_MERCHANTS_WITH_BACKORDERS)]

    def backorders_with_stock(self, merchant_id: int, limit: int) -> list[int]:
        rows = self._c.execute(_BACKORDERS_WITH_STOCK, {"merchant_id": merchant_id, "limit": limit})
        return [r.id for r in rows]

    # ---- reads -------------------------------------------------------------------------------
    def list_orders(
        self, merchant_id: int, filters: OrderFilter, page: PageRequest
    ) -> Page[OrderSummary]:
        return self._reads.list_orders(merchant_id, filters, page)

    def order_detail(self, merchant_id: int, order_id: int) -> OrderDetail | None:
        detail = self._reads.order_detail(merchant_id, order_id)
        if detail is None:
            return None
        return OrderDetail(
            **{
                **{f: getattr(detail, f) for f in OrderDetail.__dataclass_fields__},
                "open_items": self.open_items(merchant_id, [order_id]),
            }
        )


class OrderBookRepositories:
    """Mixin for the unit of work: the order book bound to its connection."""

    connection: Connection

    @property
    def order_book(self) -> SqlOrderBook:
        return SqlOrderBook(self.connection)
