"""Tables for captured orders: the raw payloads, the canonical orders, their lines and timelines.

- `order_payloads`: every order as received (API, CSV, webhook, poll), stored in its own
  transaction before anything reads it, so nothing received is ever lost. `outcome` says what
  processing made of it (pending until then; a pending payload older than a minute is retried).
- `orders`: one row per (merchant, channel account, external order id): the canonical order
  (domain/orders/model.py) with its state (domain/orders/states.py), routing decision and
  explanation. Personal data (ship-to, customer) lives in JSONB columns never written to logs.
- `order_lines`: the lines as the channel sent them, with the SKU units each resolved to.
- `order_events`: the timeline, one row per state change (who, when, why): cycle time and
  on-time shipment are read from it.
- `routing_policies`: each merchant's ordered routing rules, default and zone table (JSONB in the
  shapes of domain/routing), with a version bumped on every save.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from .base import created_at_column, id_column, merchant_column, metadata, updated_at_column

ORDER_STATES = (
    "('received','needs_attention','allocated','released','picking','packed','shipped',"
    "'partially_shipped','on_hold','backordered','cancelled')"
)
SERVICE_LEVELS = "('standard','expedited','two_day','next_day')"
PAYLOAD_SOURCES = "('api','csv','webhook','poll','sample')"
PAYLOAD_OUTCOMES = (
    "('pending','created','updated','unchanged','stale','rejected','closed','flagged')"
)


def _account_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["merchant_id", "channel_account_id"],
        ["channel_accounts.merchant_id", "channel_accounts.id"],
        ondelete="RESTRICT",
    )


def _order_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["merchant_id", "order_id"], ["orders.merchant_id", "orders.id"], ondelete="CASCADE"
    )


order_payloads = Table(
    "order_payloads",
    metadata,
    merchant_column(),
    id_column(),
    Column("channel_account_id", BigInteger, nullable=False),
    Column("external_order_id", String(100), nullable=True),  # as given; may be missing (rejected)
    Column("source", String(16), nullable=False),
    Column("payload", JSONB, nullable=False),  # exactly what arrived (personal data: never logged)
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("outcome", String(16), nullable=False, server_default="pending"),
    Column("order_id", BigInteger, nullable=True),  # the order it created or updated
    Column("problems", JSONB, nullable=True),  # why it was rejected: [{field, code, message}]
    Column("processed_at", DateTime(timezone=True), nullable=True),
    CheckConstraint(f"source IN {PAYLOAD_SOURCES}", name="source_known"),
    CheckConstraint(f"outcome IN {PAYLOAD_OUTCOMES}", name="outcome_known"),
    CheckConstraint("(outcome = 'pending') = (processed_at IS NULL)", name="processed_when_done"),
    _account_fk(),
    Index("ix_order_payloads_order", "merchant_id", "order_id"),
    Index(
        "ix_order_payloads_pending",
        "received_at",
        postgresql_where=text("outcome = 'pending'"),
    ),
)

orders = Table(
    "orders",
    metadata,
    merchant_column(),
    id_column(),
    Column("channel_account_id", BigInteger, nullable=False),
    Column("channel", String(16), nullable=False),  # shopify | amazon | walmart | manual
    Column("external_order_id", String(100), nullable=False),
    Column("channel_order_number", String(100), nullable=True),
    Column("placed_at", DateTime(timezone=True), nullable=False),
    Column("channel_updated_at", DateTime(timezone=True), nullable=True),
    Column("ship_by", DateTime(timezone=True), nullable=True),
    Column("deliver_by", DateTime(timezone=True), nullable=True),
    Column("service_level", String(16), nullable=False),
    Column("service_label", String(100), nullable=True),  # the channel's own name for the speed
    Column("ship_to", JSONB, nullable=False),  # domain Address (personal data)
    Column("ship_country", String(2), nullable=False, server_default=""),  # for filters and rules
    Column("customer", JSONB, nullable=False),  # domain CustomerContact (personal data)
    Column("flags", ARRAY(String(32)), nullable=False, server_default=text("'{}'")),
    Column("tags", ARRAY(String(64)), nullable=False, server_default=text("'{}'")),
    Column("currency", String(3), nullable=False),
    Column("total", Numeric(14, 2), nullable=False),
    Column("units", Integer, nullable=False),
    Column("state", String(20), nullable=False, server_default="received"),
    Column(
        "state_changed_at", DateTime(timezone=True), nullable=False, server_default=text("now()")
    ),
    Column("hold_queue", String(64), nullable=True),  # the named queue a hold or backorder waits in
    Column("routing", JSONB, nullable=True),  # the decision: kind, rule, assignments / queue
    Column("routing_explanation", Text, nullable=True),  # "rule 3 matched: … → WH-EAST; …"
    Column("version", Integer, nullable=False, server_default="1"),  # bumped on every change
    created_at_column(),
    updated_at_column(),
    UniqueConstraint("merchant_id", "channel_account_id", "external_order_id"),
    CheckConstraint(f"state IN {ORDER_STATES}", name="state_known"),
    CheckConstraint(f"service_level IN {SERVICE_LEVELS}", name="service_level_known"),
    CheckConstraint("units > 0", name="units_positive"),
    CheckConstraint("total >= 0", name="total_not_negative"),
    _account_fk(),
    # The list screens (newest first = id descending; benchmarks/order_list.py measures them at
    # 5M orders). By state, channel or channel account: walk that index backwards, so a filter
    # matching nothing costs nothing.
    Index("ix_orders_state", "merchant_id", "state", "id"),
    Index("ix_orders_channel", "merchant_id", "channel", "id"),
    Index("ix_orders_account", "merchant_id", "channel_account_id", "id"),
    # Newest first with age / ship-by filters: the filter columns ride along, so skipping the
    # last week's orders ("older than 7 days") reads index pages only, not the table.
    Index(
        "ix_orders_newest",
        "merchant_id",
        "id",
        postgresql_include=["placed_at", "ship_by", "state", "channel", "channel_account_id"],
    ),
    Index(
        "ix_orders_ship_by", "merchant_id", "ship_by", postgresql_where=text("ship_by IS NOT NULL")
    ),
    Index("ix_orders_placed_id", "merchant_id", "placed_at", postgresql_include=["id"]),
    # Search by prefix (LIKE 'x%'): text_pattern_ops, because the database collation is not "C";
    # `id` included so an older prefix's matches are read from the index alone.
    Index(
        "ix_orders_external_prefix",
        "merchant_id",
        "external_order_id",
        postgresql_ops={"external_order_id": "text_pattern_ops"},
        postgresql_include=["id"],
    ),
    Index(
        "ix_orders_number_prefix",
        "merchant_id",
        "channel_order_number",
        postgresql_ops={"channel_order_number": "text_pattern_ops"},
        postgresql_include=["id"],
        postgresql_where=text("channel_order_number IS NOT NULL"),
    ),
    # `customer` included as well: PostgreSQL reads an expression index alone only when the
    # expression's column is in it. With the filter columns, a name search with filters
    # ("Kai Novakberg", cancelled) is answered from index pages, not thousands of table rows.
    Index(
        "ix_orders_customer_prefix",
        "merchant_id",
        literal_column("lower(customer ->> 'name')").label("customer_name"),
        postgresql_ops={"customer_name": "text_pattern_ops"},
        postgresql_include=[
            "id",
            "customer",
            "state",
            "channel",
            "channel_account_id",
            "placed_at",
            "ship_by",
        ],
    ),
)

order_lines = Table(
    "order_lines",
    metadata,
    merchant_column(),
    Column("order_id", BigInteger, primary_key=True),
    Column("position", Integer, primary_key=True),  # 1-based, the order the channel listed them
    Column("line_id", String(100), nullable=False),  # the channel's own line id
    Column("channel_sku", String(100), nullable=True),
    Column("sku", String(100), nullable=True),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Numeric(14, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    # The SKU units the line draws once resolved: [[sku, units], …]; NULL until it resolves.
    Column("units", JSONB, nullable=True),
    UniqueConstraint("merchant_id", "order_id", "line_id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("unit_price >= 0", name="price_not_negative"),
    CheckConstraint("(channel_sku IS NULL) <> (sku IS NULL)", name="listing_or_sku"),
    _order_fk(),
)

order_events = Table(
    "order_events",
    metadata,
    merchant_column(),
    id_column(),
    Column("order_id", BigInteger, nullable=False),
    Column("from_state", String(20), nullable=True),  # NULL for the first entry (captured)
    Column("to_state", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("actor_kind", String(16), nullable=False),  # domain ActorKind: system, channel, person
    Column("actor", String(100), nullable=False),
    Column("actor_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    CheckConstraint(f"to_state IN {ORDER_STATES}", name="to_state_known"),
    _order_fk(),
    Index("ix_order_events_order", "merchant_id", "order_id", "id"),
)

routing_policies = Table(
    "routing_policies",
    metadata,
    Column(
        "merchant_id",
        BigInteger,
        ForeignKey("merchants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("rules", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # {"kind": "hold"} or {"kind": "warehouse", "location": "WH-NJ"}
    Column(
        "default_route", JSONB, nullable=False, server_default=text('\'{"kind": "hold"}\'::jsonb')
    ),
    Column("zones", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("version", Integer, nullable=False, server_default="1"),
    updated_at_column(),
    Column("updated_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
)
