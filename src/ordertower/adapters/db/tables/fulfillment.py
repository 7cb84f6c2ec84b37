"""Tables for the floor: waves and their pick tasks, station scans, packages, carrier accounts.

- `waves`: allocated orders of one warehouse released to the floor together, with the criteria
  they were chosen by and the orders left out (and why).
- `pick_tasks`: one per (allocation, bin, lot): take `quantity` units from that bin for that
  order. `picked`, `short`, `packed` and `shipped` count the units as they move on; units planned
  on an open task are not free for the next wave. `sequence` is the walking order in the wave.
- `scan_events`: every scan at the pick/pack station, refused ones too (a refused scan is a
  prevented error: the order-accuracy KPI reads them). `client_scan_id` makes a resubmitted scan
  a no-op.
- `packages`: boxes with weight and dimensions as entered (and canonical lb/in), the ship method,
  the label (PDF and ZPL as the carrier returned them) and when they shipped.
- `package_contents`: which picked units (of which pick task, hence bin, lot and allocation) went
  into which package; shipping a package consumes exactly those.
- `carrier_accounts`: a carrier the merchant ships with, for all its warehouses or one. The
  own-account carrier's tracking range lives here: `next_sequence` is taken with one
  UPDATE … RETURNING (a row lock), so no number is ever issued twice.
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
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from .base import created_at_column, id_column, merchant_column, metadata

CARRIERS = "('own_account','ups','usps','fedex','dhl')"
SCAN_OUTCOMES = "('accepted','wrong_item','too_many','unknown_code')"
# A package is open, then labelled, then shipped; one taken off the floor before it shipped (the
# order cancelled or held) is void: kept, with its contents and any label bought, for the record.
PACKAGE_STATES = "('open','labelled','shipped','void')"


def _fk(column: str, table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["merchant_id", column], [f"{table}.merchant_id", f"{table}.id"], ondelete="RESTRICT"
    )


carrier_accounts = Table(
    "carrier_accounts",
    metadata,
    merchant_column(),
    id_column(),
    Column("carrier", String(16), nullable=False),
    Column("name", String(100), nullable=False),
    # NULL: every warehouse of the merchant; set: this warehouse only (it wins over NULL).
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=True),
    Column("carrier_name", String(100), nullable=False),  # printed, and told to channels
    Column("tracking_prefix", String(6), nullable=False),
    Column("tracking_first", BigInteger, nullable=False),
    Column("tracking_last", BigInteger, nullable=False),
    Column("next_sequence", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at_column(),
    CheckConstraint(f"carrier IN {CARRIERS}", name="carrier_known"),
    CheckConstraint("tracking_first >= 1", name="first_positive"),
    CheckConstraint("tracking_first <= tracking_last", name="range_ordered"),
    CheckConstraint(
        "next_sequence BETWEEN tracking_first AND tracking_last + 1", name="next_in_range"
    ),
    Index(
        "uq_carrier_accounts_place",
        "merchant_id",
        "carrier",
        func.coalesce(text("location_id"), 0),
        unique=True,
    ),
)

waves = Table(
    "waves",
    metadata,
    merchant_column(),
    id_column(),
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("criteria", JSONB, nullable=False),  # as released: ship_by_before, levels, channels…
    Column("left_out", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("order_count", Integer, nullable=False),
    Column("unit_count", Integer, nullable=False),
    Column("created_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    created_at_column(),
    CheckConstraint("order_count > 0", name="has_orders"),
    CheckConstraint("unit_count > 0", name="has_units"),
    Index("ix_waves_location", "merchant_id", "location_id", "id"),
)

pick_tasks = Table(
    "pick_tasks",
    metadata,
    merchant_column(),
    id_column(),
    Column("wave_id", BigInteger, nullable=False),
    Column("order_id", BigInteger, nullable=False),
    Column("allocation_id", BigInteger, nullable=False),
    Column("product_id", BigInteger, nullable=False),
    Column("location_id", BigInteger, ForeignKey("locations.id"), nullable=False),
    Column("bin_id", BigInteger, ForeignKey("bins.id"), nullable=True),  # NULL: no bin
    Column("lot", String(64), nullable=False, server_default=""),
    Column("expires_on", Date, nullable=True),
    Column("sequence", Integer, nullable=False),  # walking order within the wave
    Column("quantity", Integer, nullable=False),
    Column("picked", Integer, nullable=False, server_default="0"),
    Column("short", Integer, nullable=False, server_default="0"),
    Column("packed", Integer, nullable=False, server_default="0"),
    Column("shipped", Integer, nullable=False, server_default="0"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("picked >= 0 AND short >= 0", name="counts_not_negative"),
    CheckConstraint("picked + short <= quantity", name="within_quantity"),
    CheckConstraint("packed BETWEEN 0 AND picked", name="packed_within_picked"),
    CheckConstraint("shipped BETWEEN 0 AND packed", name="shipped_within_packed"),
    _fk("wave_id", "waves"),
    _fk("order_id", "orders"),
    _fk("allocation_id", "stock_allocations"),
    Index("ix_pick_tasks_wave", "merchant_id", "wave_id", "sequence"),
    Index("ix_pick_tasks_order", "merchant_id", "order_id", "id"),
    # Units planned but not yet shipped or short are not free for the next wave.
    Index(
        "ix_pick_tasks_open",
        "merchant_id",
        "product_id",
        "location_id",
        postgresql_where=text("shipped + short < quantity"),
    ),
)

scan_events = Table(
    "scan_events",
    metadata,
    merchant_column(),
    id_column(),
    Column("order_id", BigInteger, nullable=False),
    Column("wave_id", BigInteger, nullable=True),
    Column("client_scan_id", String(80), nullable=False),
    Column("code", String(64), nullable=False),
    Column("product_id", BigInteger, nullable=True),  # what the code named, when it named one
    Column("pick_task_id", BigInteger, nullable=True),  # the task an accepted unit counts on
    Column("outcome", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("station", String(64), nullable=False, server_default=""),
    Column("actor_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    UniqueConstraint("merchant_id", "client_scan_id"),
    CheckConstraint(f"outcome IN {SCAN_OUTCOMES}", name="outcome_known"),
    CheckConstraint(
        "(outcome = 'accepted') = (pick_task_id IS NOT NULL)", name="accepted_counts_on_a_task"
    ),
    _fk("order_id", "orders"),
    _fk("pick_task_id", "pick_tasks"),
    Index("ix_scan_events_order", "merchant_id", "order_id", "id"),
    Index("ix_scan_events_outcome", "merchant_id", "outcome", "at"),
)

packages = Table(
    "packages",
    metadata,
    merchant_column(),
    id_column(),
    Column("order_id", BigInteger, nullable=False),
    Column("number", Integer, nullable=False),  # 1, 2, … within the order
    Column("weight_value", Numeric(12, 4), nullable=False),
    Column("weight_unit", String(2), nullable=False),
    Column("weight_lb", Numeric(12, 4), nullable=False),
    Column("length", Numeric(12, 3), nullable=True),
    Column("width", Numeric(12, 3), nullable=True),
    Column("height", Numeric(12, 3), nullable=True),
    Column("dimension_unit", String(2), nullable=True),
    Column("length_in", Numeric(12, 3), nullable=True),
    Column("width_in", Numeric(12, 3), nullable=True),
    Column("height_in", Numeric(12, 3), nullable=True),
    Column("carrier", String(16), nullable=False),
    Column("service_code", String(64), nullable=False),
    Column("service_name", String(100), nullable=False),
    Column("carrier_account_id", BigInteger, nullable=True),
    Column("tracking_number", String(30), nullable=True),
    Column("label_pdf", LargeBinary, nullable=True),
    Column("label_zpl", Text, nullable=True),
    Column("labelled_at", DateTime(timezone=True), nullable=True),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("shipped_at", DateTime(timezone=True), nullable=True),
    Column("voided_at", DateTime(timezone=True), nullable=True),
    Column("created_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    created_at_column(),
    UniqueConstraint("merchant_id", "order_id", "number"),
    CheckConstraint(f"carrier IN {CARRIERS}", name="carrier_known"),
    CheckConstraint(f"state IN {PACKAGE_STATES}", name="state_known"),
    CheckConstraint("number BETWEEN 1 AND 999", name="number_in_range"),
    CheckConstraint("weight_lb > 0", name="weight_positive"),
    CheckConstraint(
        "state = 'void' OR (state = 'open') = (tracking_number IS NULL)",
        name="labelled_has_tracking",
    ),
    CheckConstraint("(state = 'shipped') = (shipped_at IS NOT NULL)", name="shipped_when_done"),
    CheckConstraint("(state = 'void') = (voided_at IS NOT NULL)", name="voided_when_void"),
    _fk("order_id", "orders"),
    _fk("carrier_account_id", "carrier_accounts"),
    Index(
        "uq_packages_tracking",
        "carrier",
        "tracking_number",
        unique=True,
        postgresql_where=text("tracking_number IS NOT NULL"),
    ),
    Index("ix_packages_order", "merchant_id", "order_id", "number"),
)

package_contents = Table(
    "package_contents",
    metadata,
    merchant_column(),
    Column("package_id", BigInteger, primary_key=True),
    Column("pick_task_id", BigInteger, primary_key=True),
    Column("quantity", Integer, nullable=False),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    ForeignKeyConstraint(
        ["merchant_id", "package_id"],
        ["packages.merchant_id", "packages.id"],
        ondelete="CASCADE",
    ),
    _fk("pick_task_id", "pick_tasks"),
)
