"""order search indexes

Revision ID: 0011
Revises: 0009

The order list at millions of orders (benchmarks/order_list.py): filters by channel and channel
account walk their own (…, id) index newest first; a covering (merchant_id, id) index carries the
age and ship-by columns so "older than a week" skips the newest orders in the index alone; the
placed-at index carries the id; search by prefix gets text_pattern_ops indexes (the database
collation is not "C", so a plain index cannot serve LIKE 'x%') on the external id, the channel
order number and the lowercased customer name (covering id, customer and the filter columns, so
a name search with filters is read from the index alone). The plain external id, order number
and placed-at indexes they replace are dropped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_orders_external", table_name="orders")
    op.drop_index("ix_orders_number", table_name="orders")
    op.drop_index("ix_orders_placed", table_name="orders")
    op.create_index("ix_orders_account", "orders", ["merchant_id", "channel_account_id", "id"])
    op.create_index("ix_orders_channel", "orders", ["merchant_id", "channel", "id"])
    op.create_index(
        "ix_orders_customer_prefix",
        "orders",
        ["merchant_id", sa.literal_column("lower(customer ->> 'name')").label("customer_name")],
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
    )
    op.create_index(
        "ix_orders_external_prefix",
        "orders",
        ["merchant_id", "external_order_id"],
        postgresql_ops={"external_order_id": "text_pattern_ops"},
        postgresql_include=["id"],
    )
    op.create_index(
        "ix_orders_newest",
        "orders",
        ["merchant_id", "id"],
        postgresql_include=["placed_at", "ship_by", "state", "channel", "channel_account_id"],
    )
    op.create_index(
        "ix_orders_number_prefix",
        "orders",
        ["merchant_id", "channel_order_number"],
        postgresql_ops={"channel_order_number": "text_pattern_ops"},
        postgresql_include=["id"],
        postgresql_where=sa.text("channel_order_number IS NOT NULL"),
    )
    op.create_index(
        "ix_orders_placed_id", "orders", ["merchant_id", "placed_at"], postgresql_include=["id"]
    )


def downgrade() -> None:
    op.drop_index("ix_orders_placed_id", table_name="orders")
    op.drop_index("ix_orders_number_prefix", table_name="orders")
    op.drop_index("ix_orders_newest", table_name="orders")
    op.drop_index("ix_orders_external_prefix", table_name="orders")
    op.drop_index("ix_orders_customer_prefix", table_name="orders")
    op.drop_index("ix_orders_channel", table_name="orders")
    op.drop_index("ix_orders_account", table_name="orders")
    op.create_index("ix_orders_placed", "orders", ["merchant_id", "placed_at"])
    op.create_index(
        "ix_orders_number",
        "orders",
        ["merchant_id", "channel_order_number"],
        postgresql_where=sa.text("channel_order_number IS NOT NULL"),
    )
    op.create_index("ix_orders_external", "orders", ["merchant_id", "external_order_id"])
