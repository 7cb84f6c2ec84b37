"""Tables for channel accounts (a shop, a seller account) and listings mapped to SKUs."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from .base import created_at_column, id_column, merchant_column, metadata, updated_at_column

channel_accounts = Table(
    "channel_accounts",
    metadata,
    merchant_column(),
    id_column(),
    Column("kind", String(16), nullable=False),  # shopify | amazon | walmart | manual
    Column("name", String(100), nullable=False),
    Column("external_id", String(200), nullable=True),  # shop domain, seller id, partner id
    Column("settings", JSONB, nullable=False, server_default=text("'{}'::jsonb")),  # never secrets
    Column("credentials", LargeBinary, nullable=True),  # Fernet ciphertext of a JSON object
    Column("credentials_updated_at", DateTime(timezone=True), nullable=True),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at_column(),
    updated_at_column(),
    UniqueConstraint("merchant_id", "name"),
    CheckConstraint("kind IN ('shopify','amazon','walmart','manual')", name="kind_known"),
)

listings = Table(
    "listings",
    metadata,
    merchant_column(),
    id_column(),
    Column("channel_account_id", BigInteger, nullable=False),
    Column("product_id", BigInteger, nullable=False),
    Column("quantity_per", Integer, nullable=False, server_default="1"),
    Column("channel_sku", String(100), nullable=False),  # seller SKU / Walmart SKU / Shopify SKU
    Column(
        "external_product_id", String(100), nullable=True
    ),  # Shopify variant id, Walmart item id
    Column("external_inventory_id", String(100), nullable=True),  # Shopify inventory item id
    Column("asin", String(10), nullable=True),
    Column("fnsku", String(10), nullable=True),
    Column("fulfillment_channel", String(3), nullable=True),  # MFN | AFN (Amazon)
    Column("status", String(16), nullable=False, server_default="active"),
    Column("safety_buffer", Integer, nullable=False, server_default="0"),
    Column("percent_cap", Integer, nullable=True),
    Column("min_shown", Integer, nullable=True),
    Column("max_shown", Integer, nullable=True),
    # Whether the listing names its feeding locations (rows in listing_locations); otherwise every
    # active warehouse feeds it. Derived: triggers on listing_locations keep it (migration 0016),
    # so available to sell knows it from the listing row alone.
    Column("names_locations", Boolean, nullable=False, server_default=text("false")),
    created_at_column(),
    updated_at_column(),
    UniqueConstraint("merchant_id", "channel_account_id", "channel_sku"),
    CheckConstraint("quantity_per > 0", name="quantity_per_positive"),
    CheckConstraint("safety_buffer >= 0", name="buffer_not_negative"),
    CheckConstraint("percent_cap IS NULL OR percent_cap BETWEEN 0 AND 100", name="cap_percent"),
    CheckConstraint("min_shown IS NULL OR min_shown >= 0", name="min_not_negative"),
    CheckConstraint("max_shown IS NULL OR max_shown >= 0", name="max_not_negative"),
    CheckConstraint(
        "min_shown IS NULL OR max_shown IS NULL OR min_shown <= max_shown", name="min_le_max"
    ),
    CheckConstraint("status IN ('active','inactive')", name="status_known"),
    CheckConstraint(
        "fulfillment_channel IS NULL OR fulfillment_channel IN ('MFN','AFN')", name="fc_known"
    ),
    ForeignKeyConstraint(
        ["merchant_id", "channel_account_id"],
        ["channel_accounts.merchant_id", "channel_accounts.id"],
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["merchant_id", "product_id"], ["products.merchant_id", "products.id"], ondelete="RESTRICT"
    ),
    Index("ix_listings_product", "merchant_id", "product_id"),
)

listing_locations = Table(
    "listing_locations",
    metadata,
    Column("merchant_id", BigInteger, primary_key=True),
    Column("listing_id", BigInteger, primary_key=True),
    Column("location_id", BigInteger, ForeignKey("locations.id"), primary_key=True),
    ForeignKeyConstraint(
        ["merchant_id", "listing_id"], ["listings.merchant_id", "listings.id"], ondelete="CASCADE"
    ),
)
