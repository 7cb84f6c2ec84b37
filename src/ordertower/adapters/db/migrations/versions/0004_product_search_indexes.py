"""product search indexes

Revision ID: 0004
Revises: 0003

SKUs switch to byte-order collation ("C") so that ordering and prefix ranges are the same on every
server and the (merchant_id, sku) index serves prefix search; the title gets a full-text (GIN) index
for word search; ASIN, blocked and bundle lookups get partial indexes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column(
        "products",
        "sku",
        type_=sa.String(length=64, collation="C"),
        existing_type=sa.String(length=64),
        existing_nullable=False,
    )
    op.create_index(
        "ix_products_merchant_asin",
        "products",
        ["merchant_id", "asin"],
        unique=False,
        postgresql_where=sa.text("asin IS NOT NULL"),
    )
    op.create_index(
        "ix_products_merchant_blocked_sku",
        "products",
        ["merchant_id", "sku"],
        unique=False,
        postgresql_where=sa.text("blocked"),
    )
    op.create_index(
        "ix_products_merchant_bundle_sku",
        "products",
        ["merchant_id", "sku"],
        unique=False,
        postgresql_where=sa.text("kind = 'bundle'"),
    )
    op.create_index(
        "ix_products_title_words",
        "products",
        [sa.literal_column("to_tsvector('simple'::regconfig, title)")],
        unique=False,
        postgresql_using="gin",
    )


def downgrade() -> None:
    op.drop_index("ix_products_title_words", table_name="products")
    op.drop_index("ix_products_merchant_bundle_sku", table_name="products")
    op.drop_index("ix_products_merchant_blocked_sku", table_name="products")
    op.drop_index("ix_products_merchant_asin", table_name="products")
    op.alter_column(
        "products",
        "sku",
        type_=sa.String(length=64),
        existing_type=sa.String(length=64, collation="C"),
        existing_nullable=False,
    )
