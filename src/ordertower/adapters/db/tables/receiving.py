"""Tables for inbound goods: advance notices (ASN) with packages and lines, receipts, scans, putaways.

- `inbound_notices`: what a merchant says is on its way to which warehouse, and the pool it is for.
- `inbound_packages`: containers, pallets, cartons and parcels of a notice (cartons on pallets...).
- `inbound_lines`: units expected per SKU, optionally per package.
- `receipts`: one arrival at the dock, against a notice (at most one receipt per notice) or blind.
  Units land in the receiving bin, then putaway moves them to storage; dock-to-stock is recorded.
- `receipt_scans`: every scan at the dock, each posted as one RECEIPT movement (`movement_id`); the
  client's scan id makes a double-submitted scan a no-op. Expected vs received is their tally.
- `receipt_putaways`: units moved from the receiving bin to a storage bin (one PUTAWAY movement each).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)

from .base import created_at_column, id_column, merchant_column, metadata
from .inventory import STATUSES

DESTINATIONS = "('sellable','fba_bound')"


def _product_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["merchant_id", "product_id"], ["products.merchant_id", "products.id"], ondelete="RESTRICT"
    )


def _user_column(name: str) -> Column[int]:
    return Column(name, BigInteger, ForeignKey("users.id"), nullable=True)


inbound_notices = Table(
    "inbound_notices",
    metadata,
    merchant_column(),
    id_column(),
    Column("reference", String(64), nullable=False),  # the supplier's or merchant's ASN number
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("destination", String(16), nullable=False, server_default="sellable"),
    Column("expected_at", DateTime(timezone=True), nullable=True),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("note", Text, nullable=True),
    created_at_column(),
    _user_column("created_by_user_id"),
    Column("closed_at", DateTime(timezone=True), nullable=True),  # closed or cancelled
    CheckConstraint(f"destination IN {DESTINATIONS}", name="destination_known"),
    CheckConstraint("status IN ('open','receiving','closed','cancelled')", name="status_known"),
    CheckConstraint(
        "(status IN ('closed','cancelled')) = (closed_at IS NOT NULL)", name="closed_when_done"
    ),
    # A reference names one live notice; a cancelled one may be sent again under the same number.
    Index(
        "uq_inbound_notices_reference",
        "merchant_id",
        "reference",
        unique=True,
        postgresql_where=text("status <> 'cancelled'"),
    ),
    Index("ix_inbound_notices_status", "merchant_id", "status", "id"),
)

inbound_packages = Table(
    "inbound_packages",
    metadata,
    merchant_column(),
    id_column(),
    Column("notice_id", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("label", String(64), nullable=False),  # the package's label or barcode (e.g. SSCC)
    Column("parent_id", BigInteger, nullable=True),  # the pallet or container it travels in
    UniqueConstraint("merchant_id", "notice_id", "label"),
    CheckConstraint("kind IN ('container','pallet','carton','parcel')", name="kind_known"),
    CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_inside_itself"),
    ForeignKeyConstraint(
        ["merchant_id", "notice_id"],
        ["inbound_notices.merchant_id", "inbound_notices.id"],
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["merchant_id", "parent_id"],
        ["inbound_packages.merchant_id", "inbound_packages.id"],
        ondelete="CASCADE",
    ),
)

inbound_lines = Table(
    "inbound_lines",
    metadata,
    merchant_column(),
    id_column(),
    Column("notice_id", BigInteger, nullable=False),
    Column("package_id", BigInteger, nullable=True),
    Column("product_id", BigInteger, nullable=False),
    Column("expected_quantity", Integer, nullable=False),
    CheckConstraint("expected_quantity > 0", name="expected_quantity_positive"),
    ForeignKeyConstraint(
        ["merchant_id", "notice_id"],
        ["inbound_notices.merchant_id", "inbound_notices.id"],
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["merchant_id", "package_id"],
        ["inbound_packages.merchant_id", "inbound_packages.id"],
        ondelete="CASCADE",
    ),
    _product_fk(),
    Index(
        "uq_inbound_lines_package_product",
        "merchant_id",
        "notice_id",
        func.coalesce(text("package_id"), 0),
        "product_id",
        unique=True,
    ),
)

receipts = Table(
    "receipts",
    metadata,
    merchant_column(),
    id_column(),
    Column("notice_id", BigInteger, nullable=True),  # None: a blind receipt
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("receiving_bin_id", BigInteger, ForeignKey("bins.id"), nullable=True),
    Column("destination", String(16), nullable=False),  # the pool good units land in
    Column("status", String(16), nullable=False, server_default="receiving"),
    Column("arrived_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("putaway_completed_at", DateTime(timezone=True), nullable=True),
    Column("dock_to_stock_seconds", BigInteger, nullable=True),
    Column("note", Text, nullable=True),
    created_at_column(),
    _user_column("created_by_user_id"),
    CheckConstraint(f"destination IN {DESTINATIONS}", name="destination_known"),
    CheckConstraint("status IN ('receiving','received','put_away')", name="status_known"),
    CheckConstraint("(status = 'receiving') = (closed_at IS NULL)", name="closed_when_received"),
    CheckConstraint(
        "(status = 'put_away') = (putaway_completed_at IS NOT NULL)", name="put_away_when_done"
    ),
    CheckConstraint(
        "dock_to_stock_seconds IS NULL OR dock_to_stock_seconds >= 0",
        name="dock_to_stock_not_negative",
    ),
    ForeignKeyConstraint(
        ["merchant_id", "notice_id"],
        ["inbound_notices.merchant_id", "inbound_notices.id"],
        ondelete="RESTRICT",
    ),
    Index(
        "uq_receipts_notice",
        "merchant_id",
        "notice_id",
        unique=True,
        postgresql_where=text("notice_id IS NOT NULL"),
    ),
    Index("ix_receipts_status", "merchant_id", "status", "id"),
)


def _receipt_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["merchant_id", "receipt_id"], ["receipts.merchant_id", "receipts.id"], ondelete="CASCADE"
    )


receipt_scans = Table(
    "receipt_scans",
    metadata,
    merchant_column(),
    id_column(),
    Column("receipt_id", BigInteger, nullable=False),
    Column("client_scan_id", String(80), nullable=False),
    Column("scanned_code", String(64), nullable=False),  # what the scanner sent
    Column("product_id", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("damaged", Boolean, nullable=False, server_default=text("false")),
    Column("status", String(16), nullable=False),  # the pool the units landed in
    Column("lot", String(64), nullable=False, server_default=""),
    Column("expires_on", Date, nullable=True),
    Column("movement_id", BigInteger, nullable=True),  # the RECEIPT movement in the ledger
    _user_column("scanned_by_user_id"),
    Column("scanned_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("merchant_id", "receipt_id", "client_scan_id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint(f"status IN {STATUSES}", name="status_known"),
    _receipt_fk(),
    _product_fk(),
)

receipt_putaways = Table(
    "receipt_putaways",
    metadata,
    merchant_column(),
    id_column(),
    Column("receipt_id", BigInteger, nullable=False),
    Column("client_putaway_id", String(80), nullable=False),
    Column("product_id", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("lot", String(64), nullable=False, server_default=""),
    Column("expires_on", Date, nullable=True),
    Column("bin_id", BigInteger, ForeignKey("bins.id"), nullable=False),  # where it was put
    Column("movement_id", BigInteger, nullable=True),  # the PUTAWAY movement in the ledger
    _user_column("put_by_user_id"),
    Column("put_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("merchant_id", "receipt_id", "client_putaway_id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint(f"status IN {STATUSES}", name="status_known"),
    _receipt_fk(),
    _product_fk(),
)
