"""Table for dropship requests: an order a vendor ships from its own stock, and where it stands.

- `dropship_requests`: one row per order routed to a dropship vendor (a location of kind
  dropship). `lines` is what the vendor must ship ([{"line_id", "sku", "quantity"}], bundles
  already expanded). `status` moves requested → sent (the purchase order went to the vendor) →
  shipped (the vendor's tracking recorded), or to cancelled with the order. At most one live
  (requested or sent) request per order: a re-run of the pipeline cancels the old one first.
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
    String,
    Table,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from .base import created_at_column, id_column, merchant_column, metadata, updated_at_column

DROPSHIP_STATUSES = "('requested','sent','shipped','cancelled')"

dropship_requests = Table(
    "dropship_requests",
    metadata,
    merchant_column(),
    id_column(),
    Column("order_id", BigInteger, nullable=False),
    Column("vendor_location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("status", String(16), nullable=False, server_default="requested"),
    Column("lines", JSONB, nullable=False),
    Column("carrier", String(100), nullable=True),
    Column("tracking_number", String(100), nullable=True),
    Column("shipped_at", DateTime(timezone=True), nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    created_at_column(),
    updated_at_column(),
    CheckConstraint(f"status IN {DROPSHIP_STATUSES}", name="status_known"),
    CheckConstraint("jsonb_typeof(lines) = 'array'", name="lines_array"),
    CheckConstraint(
        "status <> 'shipped' OR (tracking_number IS NOT NULL AND carrier IS NOT NULL"
        " AND shipped_at IS NOT NULL)",
        name="shipped_has_tracking",
    ),
    CheckConstraint("status <> 'cancelled' OR cancelled_at IS NOT NULL", name="cancelled_when"),
    ForeignKeyConstraint(
        ["merchant_id", "order_id"], ["orders.merchant_id", "orders.id"], ondelete="RESTRICT"
    ),
    Index("ix_dropship_requests_order", "merchant_id", "order_id", "id"),
    Index("ix_dropship_requests_vendor", "merchant_id", "vendor_location_id", "status", "id"),
    Index(
        "uq_dropship_requests_live",
        "merchant_id",
        "order_id",
        unique=True,
        postgresql_where=text("status IN ('requested','sent')"),
    ),
)
