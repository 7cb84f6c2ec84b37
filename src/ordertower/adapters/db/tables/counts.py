"""Tables for cycle counts: a count sheet per bin and its lines.

- `count_sheets`: one count of one bin, of everything in it (`full_bin`) or of listed SKUs; `blind`
  hides the books' quantities from the counter. open → submitted → applied (or cancelled); at most
  one sheet per bin is open or submitted at a time.
- `count_lines`: per (SKU, pool, lot) the books' quantity when the sheet was made (`system_quantity`,
  the snapshot) and what the counter found (`counted`, set on submit). Lines the counter found that
  the books did not know have `on_sheet` false and a snapshot of 0.
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
    text,
)

from .base import created_at_column, id_column, merchant_column, metadata
from .inventory import STATUSES

count_sheets = Table(
    "count_sheets",
    metadata,
    merchant_column(),
    id_column(),
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("bin_id", BigInteger, ForeignKey("bins.id"), nullable=False),
    Column("scope", String(16), nullable=False),  # full_bin | listed_skus
    Column("blind", Boolean, nullable=False, server_default=text("true")),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("note", Text, nullable=True),
    created_at_column(),
    Column("created_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("submitted_at", DateTime(timezone=True), nullable=True),
    Column("submitted_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("applied_at", DateTime(timezone=True), nullable=True),
    Column("applied_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("scope IN ('full_bin','listed_skus')", name="scope_known"),
    CheckConstraint("status IN ('open','submitted','applied','cancelled')", name="status_known"),
    CheckConstraint(
        "status NOT IN ('submitted','applied') OR submitted_at IS NOT NULL",
        name="submitted_when_done",
    ),
    CheckConstraint("(status = 'applied') = (applied_at IS NOT NULL)", name="applied_when_done"),
    CheckConstraint(
        "(status = 'cancelled') = (cancelled_at IS NOT NULL)", name="cancelled_when_done"
    ),
    Index(
        "uq_count_sheets_bin_in_progress",
        "merchant_id",
        "bin_id",
        unique=True,
        postgresql_where=text("status IN ('open','submitted')"),
    ),
    Index("ix_count_sheets_status", "merchant_id", "status", "id"),
)

count_lines = Table(
    "count_lines",
    metadata,
    merchant_column(),
    id_column(),
    Column("sheet_id", BigInteger, nullable=False),
    Column("product_id", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("lot", String(64), nullable=False, server_default=""),
    Column("expires_on", Date, nullable=True),
    Column("on_sheet", Boolean, nullable=False, server_default=text("true")),
    Column("system_quantity", Integer, nullable=False),  # the books when the sheet was made
    Column("counted", Integer, nullable=True),  # what the counter found (None until submitted)
    UniqueConstraint("merchant_id", "sheet_id", "product_id", "status", "lot"),
    CheckConstraint("system_quantity >= 0", name="system_quantity_not_negative"),
    CheckConstraint("counted IS NULL OR counted >= 0", name="counted_not_negative"),
    CheckConstraint(f"status IN {STATUSES}", name="status_known"),
    ForeignKeyConstraint(
        ["merchant_id", "sheet_id"],
        ["count_sheets.merchant_id", "count_sheets.id"],
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["merchant_id", "product_id"], ["products.merchant_id", "products.id"], ondelete="RESTRICT"
    ),
)
