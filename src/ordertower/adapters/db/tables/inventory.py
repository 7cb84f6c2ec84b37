"""Tables for the one inventory truth: the append-only movement ledger and the balances it implies.

- `stock_movements`: every change of on-hand stock, never updated or deleted. Its id is the ledger
  position.
- `stock_balances`: on hand per (merchant, SKU, location, bin, status, lot), maintained in the same
  transaction as each movement; `ordertower inventory verify` proves it equals the ledger's sum.
- `stock_positions`: per (merchant, SKU, location) the sellable units on hand and the units allocated
  to orders. Orders allocate here (pickers choose bins later); the CHECK `allocated <= sellable_on_hand`
  is the database's own no-oversell guarantee.
- `stock_allocations`: each promise of sellable units to an order line; open quantities sum to the
  position's `allocated`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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

STATUSES = "('sellable','fba_bound','in_prep','hold','damaged','return_pending','quarantine')"


def _product_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["merchant_id", "product_id"], ["products.merchant_id", "products.id"], ondelete="RESTRICT"
    )


stock_movements = Table(
    "stock_movements",
    metadata,
    merchant_column(),
    id_column(),
    Column("product_id", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("reason", String(32), nullable=True),
    Column("note", Text, nullable=True),
    Column("from_location_id", BigInteger, ForeignKey("locations.id"), nullable=True),
    Column("from_bin_id", BigInteger, ForeignKey("bins.id"), nullable=True),
    Column("from_status", String(16), nullable=True),
    Column("from_lot", String(64), nullable=False, server_default=""),
    Column("to_location_id", BigInteger, ForeignKey("locations.id"), nullable=True),
    Column("to_bin_id", BigInteger, ForeignKey("bins.id"), nullable=True),
    Column("to_status", String(16), nullable=True),
    Column("to_lot", String(64), nullable=False, server_default=""),
    Column("expires_on", Date, nullable=True),
    Column("consumes_allocation", BigInteger, nullable=True),  # the allocation a shipment fulfils
    Column("reference_kind", String(16), nullable=True),
    Column("reference_id", String(64), nullable=True),
    Column("idempotency_key", String(128), nullable=False),
    Column(
        "request_digest", String(64), nullable=False
    ),  # detects a key reused for another request
    Column("actor", String(200), nullable=False),
    Column("actor_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    created_at_column(),
    UniqueConstraint("merchant_id", "idempotency_key"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("from_location_id IS NOT NULL OR to_location_id IS NOT NULL", name="has_side"),
    CheckConstraint(f"from_status IS NULL OR from_status IN {STATUSES}", name="from_status_known"),
    CheckConstraint(f"to_status IS NULL OR to_status IN {STATUSES}", name="to_status_known"),
    CheckConstraint(
        "(from_location_id IS NULL) = (from_status IS NULL)", name="from_side_complete"
    ),
    CheckConstraint("(to_location_id IS NULL) = (to_status IS NULL)", name="to_side_complete"),
    _product_fk(),
    Index("ix_stock_movements_product", "merchant_id", "product_id", "id"),
    Index("ix_stock_movements_reference", "merchant_id", "reference_kind", "reference_id"),
    # Movement history filters, each read newest first from its own index (a place matches
    # either side of a movement: one index per side).
    *(
        Index(
            f"ix_stock_movements_{column}",
            "merchant_id",
            column,
            "id",
            postgresql_where=text(f"{column} IS NOT NULL"),
        )
        for column in ("from_location_id", "to_location_id", "from_bin_id", "to_bin_id")
    ),
    Index("ix_stock_movements_kind", "merchant_id", "kind", "id"),
    Index("ix_stock_movements_created_at", "merchant_id", "created_at"),
)

stock_balances = Table(
    "stock_balances",
    metadata,
    merchant_column(),
    id_column(),
    Column("product_id", BigInteger, nullable=False),
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("bin_id", BigInteger, ForeignKey("bins.id"), nullable=True),
    Column("status", String(16), nullable=False),
    Column("lot", String(64), nullable=False, server_default=""),
    Column("expires_on", Date, nullable=True),
    Column("on_hand", Integer, nullable=False, server_default="0"),
    Column("last_movement_id", BigInteger, nullable=False),
    CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
    CheckConstraint(f"status IN {STATUSES}", name="status_known"),
    _product_fk(),
    Index(
        "uq_stock_balances_place",
        "merchant_id",
        "product_id",
        "location_id",
        func.coalesce(text("bin_id"), 0),
        "status",
        "lot",
        unique=True,
    ),
    Index("ix_stock_balances_bin", "bin_id"),
    Index("ix_stock_balances_location", "merchant_id", "location_id", "id"),
    Index("ix_stock_balances_status", "merchant_id", "status", "id"),
)

stock_positions = Table(
    "stock_positions",
    metadata,
    Column("merchant_id", BigInteger, ForeignKey("merchants.id"), primary_key=True),
    Column("product_id", BigInteger, primary_key=True),
    Column("location_id", BigInteger, ForeignKey("locations.id"), primary_key=True),
    Column("sellable_on_hand", Integer, nullable=False, server_default="0"),
    Column("allocated", Integer, nullable=False, server_default="0"),
    Column("last_movement_id", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("allocated >= 0", name="allocated_not_negative"),
    CheckConstraint("allocated <= sellable_on_hand", name="no_oversell"),
    _product_fk(),
)

stock_allocations = Table(
    "stock_allocations",
    metadata,
    merchant_column(),
    id_column(),
    Column("product_id", BigInteger, nullable=False),
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("quantity", Integer, nullable=False),  # still promised (shipped/released units leave)
    Column("allocated_quantity", Integer, nullable=False),  # promised at first
    Column("reference_kind", String(16), nullable=False),
    Column("reference_id", String(64), nullable=False),
    Column("bundle_product_id", BigInteger, nullable=True),  # set when allocated for a bundle
    Column("idempotency_key", String(128), nullable=False),
    created_at_column(),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("merchant_id", "idempotency_key", "product_id"),
    CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    CheckConstraint("quantity <= allocated_quantity", name="quantity_within_promise"),
    _product_fk(),
    Index("ix_stock_allocations_reference", "merchant_id", "reference_kind", "reference_id"),
    Index(
        "ix_stock_allocations_open",
        "merchant_id",
        "product_id",
        "location_id",
        postgresql_where=text("quantity > 0"),
    ),
)

listing_availability = Table(
    "listing_availability",
    metadata,
    Column("merchant_id", BigInteger, primary_key=True),
    # Keyed by product, then listing: the full recompute reads a range of products' stored results
    # in one index range, the per-product recompute upserts one product's listings, and readers
    # join from the listing, which names its product (migration 0017: one index, not two).
    Column("product_id", BigInteger, primary_key=True),
    Column("listing_id", BigInteger, primary_key=True),
    Column("quantity", Integer, nullable=False),  # available to sell, ready for the channel push
    Column("ledger_position", BigInteger, nullable=False),  # newest movement id it reflects
    Column("computed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    # A result derived from listings, not a fact: written only for listings the same statement just
    # read, and always read joined from the listing on its current product, so it carries no
    # foreign key (a key check per row made a full recompute's first fill a third slower; listings
    # are never deleted, only switched off). Stored rows are those of the listings a recompute
    # computes: a trigger on listings (migration 0017) deletes a listing's row when it is
    # re-pointed to another product, switched off or handed to Amazon. The table is stored
    # half-full (fillfactor 50, migration 0013) so a recompute's update finds room on the row's own
    # page and touches no index (a HOT update).
)
