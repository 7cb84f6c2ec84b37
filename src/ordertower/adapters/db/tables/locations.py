"""Tables for where stock can be: locations (warehouses, FBA networks, dropship vendors), zones, bins.

Physical warehouses belong to the operator and are shared by its merchants (a 3PL's building holds many
clients' stock; balances carry the merchant). Virtual locations (an Amazon FBA network per marketplace,
a dropship vendor) belong to one merchant, so they carry its id.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from .base import created_at_column, id_column, metadata

locations = Table(
    "locations",
    metadata,
    id_column(),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # warehouse | fba | dropship
    Column("merchant_id", BigInteger, ForeignKey("merchants.id"), nullable=True),
    Column("address_line1", String(200), nullable=True),
    Column("address_line2", String(200), nullable=True),
    Column("city", String(100), nullable=True),
    Column("region", String(100), nullable=True),
    Column("postal_code", String(20), nullable=True),
    Column("country", String(2), nullable=True),
    Column("time_zone", String(64), nullable=False, server_default="UTC"),
    Column("marketplace_id", String(20), nullable=True),  # Amazon marketplace of an FBA network
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("priority", Integer, nullable=False, server_default="100"),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at_column(),
    CheckConstraint("kind IN ('warehouse','fba','dropship')", name="kind_known"),
    CheckConstraint("(kind = 'warehouse') = (merchant_id IS NULL)", name="virtual_has_merchant"),
    CheckConstraint("kind <> 'fba' OR marketplace_id IS NOT NULL", name="fba_has_marketplace"),
    # One FBA network per merchant and marketplace, enforced here too (the service checks first).
    Index(
        "uq_locations_fba_marketplace",
        "merchant_id",
        "marketplace_id",
        unique=True,
        postgresql_where=text("kind = 'fba'"),
    ),
)

zones = Table(
    "zones",
    metadata,
    id_column(),
    Column(
        "location_id", BigInteger, ForeignKey("locations.id", ondelete="CASCADE"), nullable=False
    ),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    created_at_column(),
    UniqueConstraint("location_id", "code"),
    CheckConstraint(
        "kind IN ('receiving','storage','pick','overflow','quarantine','prep_staging','returns',"
        "'packing','shipping')",
        name="kind_known",
    ),
)

bins = Table(
    "bins",
    metadata,
    id_column(),
    Column(
        "location_id", BigInteger, ForeignKey("locations.id", ondelete="CASCADE"), nullable=False
    ),
    Column("zone_id", BigInteger, ForeignKey("zones.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(32), nullable=False),
    Column("barcode", String(64), nullable=False, unique=True),
    Column("sort_key", String(64), nullable=False),  # position on the pick path
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at_column(),
    UniqueConstraint("location_id", "code"),
    Index("ix_bins_zone", "zone_id"),
)
