"""Tables for the product master: products, their barcodes and bundle (kit) components."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from .base import created_at_column, id_column, merchant_column, metadata, updated_at_column

products = Table(
    "products",
    metadata,
    merchant_column(),
    id_column(),
    # Byte order ("C"): SKUs compare exactly, sort the same on every server, and a prefix search
    # is a range scan of the (merchant_id, sku) index.
    Column("sku", String(64, collation="C"), nullable=False),
    Column("title", String(500), nullable=False),
    Column("kind", String(8), nullable=False, server_default="item"),  # item | bundle
    Column("asin", String(10), nullable=True),
    Column("fnsku", String(10), nullable=True),
    # Measures as entered (value + unit, shown back exactly) and in canonical inches / pounds.
    Column("length_entered", Numeric(12, 4), nullable=True),
    Column("width_entered", Numeric(12, 4), nullable=True),
    Column("height_entered", Numeric(12, 4), nullable=True),
    Column("dimension_unit", String(4), nullable=True),  # in | cm
    Column("length_in", Numeric(10, 3), nullable=True),
    Column("width_in", Numeric(10, 3), nullable=True),
    Column("height_in", Numeric(10, 3), nullable=True),
    Column("weight_entered", Numeric(14, 4), nullable=True),
    Column("weight_unit", String(4), nullable=True),  # lb | oz | kg | g
    Column("weight_lb", Numeric(12, 4), nullable=True),
    Column("uom", String(16), nullable=False, server_default="each"),
    Column("case_pack_qty", Integer, nullable=False, server_default="1"),
    Column("cost", Numeric(12, 4), nullable=True),
    Column("currency", String(3), nullable=True),
    Column("blocked", Boolean, nullable=False, server_default=text("false")),
    Column("blocked_reason", Text, nullable=True),
    Column("prep_category", String(16), nullable=True),
    Column("prep_types", ARRAY(String(32)), nullable=False, server_default="{}"),
    Column("expiration_dated", Boolean, nullable=False, server_default=text("false")),
    Column("fragile", Boolean, nullable=False, server_default=text("false")),
    Column("liquid", Boolean, nullable=False, server_default=text("false")),
    Column("hazmat", Boolean, nullable=False, server_default=text("false")),
    Column("prep_notes", Text, nullable=True),
    created_at_column(),
    updated_at_column(),
    UniqueConstraint("merchant_id", "sku"),
    CheckConstraint("kind IN ('item','bundle')", name="kind_known"),
    CheckConstraint("case_pack_qty > 0", name="case_pack_positive"),
    CheckConstraint("cost IS NULL OR cost >= 0", name="cost_not_negative"),
    CheckConstraint("NOT blocked OR blocked_reason IS NOT NULL", name="blocked_has_reason"),
    Index(
        "uq_products_merchant_fnsku",
        "merchant_id",
        "fnsku",
        unique=True,
        postgresql_where=text("fnsku IS NOT NULL"),
    ),
    Index("ix_products_merchant_title", "merchant_id", "title"),
    # Search: title words (word prefixes), ASIN, and the blocked / bundle filters in SKU order.
    Index(
        "ix_products_title_words",
        text("to_tsvector('simple'::regconfig, title)"),
        postgresql_using="gin",
    ),
    Index(
        "ix_products_merchant_asin",
        "merchant_id",
        "asin",
        postgresql_where=text("asin IS NOT NULL"),
    ),
    Index(
        "ix_products_merchant_blocked_sku", "merchant_id", "sku", postgresql_where=text("blocked")
    ),
    Index(
        "ix_products_merchant_bundle_sku",
        "merchant_id",
        "sku",
        postgresql_where=text("kind = 'bundle'"),
    ),
)

product_barcodes = Table(
    "product_barcodes",
    metadata,
    merchant_column(),
    id_column(),
    Column("product_id", BigInteger, nullable=False),
    Column("code", String(14), nullable=False),  # as printed on the pack
    Column("kind", String(8), nullable=False),  # upc_a | ean_13 | ean_8 | gtin_14
    Column("gtin14", String(14), nullable=False),  # normalised for uniqueness and scanning
    UniqueConstraint("merchant_id", "gtin14"),
    ForeignKeyConstraint(
        ["merchant_id", "product_id"], ["products.merchant_id", "products.id"], ondelete="CASCADE"
    ),
    Index("ix_product_barcodes_product", "merchant_id", "product_id"),
)

bundle_components = Table(
    "bundle_components",
    metadata,
    Column("merchant_id", BigInteger, primary_key=True),
    Column("bundle_id", BigInteger, primary_key=True),
    Column("component_id", BigInteger, primary_key=True),
    Column("quantity", Integer, nullable=False),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("bundle_id <> component_id", name="not_itself"),
    ForeignKeyConstraint(
        ["merchant_id", "bundle_id"], ["products.merchant_id", "products.id"], ondelete="CASCADE"
    ),
    ForeignKeyConstraint(
        ["merchant_id", "component_id"],
        ["products.merchant_id", "products.id"],
        ondelete="RESTRICT",
    ),
    Index("ix_bundle_components_component", "merchant_id", "component_id"),
)

# Each bundle as the stocked items it is made of: nested bundles flattened, quantities multiplied
# along the way and summed where a part recurs. Derived from bundle_components, never written by the
# application: triggers on bundle_components rebuild the rows of every bundle a change reaches
# (migration 0015). Available to sell reads a bundle's parts here with one lookup instead of walking
# the nesting on every movement.
bundle_stocked_parts = Table(
    "bundle_stocked_parts",
    metadata,
    Column("merchant_id", BigInteger, primary_key=True),
    Column("bundle_id", BigInteger, primary_key=True),
    Column("part_id", BigInteger, primary_key=True),
    Column("quantity", Integer, nullable=False),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    ForeignKeyConstraint(
        ["merchant_id", "bundle_id"], ["products.merchant_id", "products.id"], ondelete="CASCADE"
    ),
    ForeignKeyConstraint(
        ["merchant_id", "part_id"], ["products.merchant_id", "products.id"], ondelete="CASCADE"
    ),
    Index("ix_bundle_stocked_parts_part", "merchant_id", "part_id"),
)
