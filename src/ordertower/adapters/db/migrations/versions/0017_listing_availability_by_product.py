"""Stored available to sell is keyed by (merchant, product, listing): one index instead of two.

The full recompute reads a range of products' stored results, the per-product recompute upserts the
listings of one product, and every reader joins from the listing (which names its product): one key
serves them all. Each index costs every row a full recompute inserts; measured at 1M SKUs, the second
index was a fifth of a first fill (benchmarks/RESULTS.md, 2026-12-07 evening).

A listing's stored row is now found under its current product only, so the row of a listing that is
re-pointed to another product, switched off or handed to Amazon is deleted by a trigger on listings
in the same transaction: stored rows are those of the listings a recompute writes. (A per-product
recompute that read the listing before such a change committed may store one row more under the old
product; no reader finds it, as each joins on the listing's current product, and the next full
recompute deletes it.)

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# True for a listing row a recompute computes (and so stores a result for).
_COMPUTED = "{row}.status = 'active' AND coalesce({row}.fulfillment_channel, 'MFN') <> 'AFN'"

_ON_LISTING_CHANGE = """
CREATE FUNCTION listing_availability_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM listing_availability
     WHERE merchant_id = OLD.merchant_id AND product_id = OLD.product_id AND listing_id = OLD.id;
    RETURN NULL;
END
$$
"""

_TRIGGER = f"""
CREATE TRIGGER listing_availability_outdated
 AFTER UPDATE OF product_id, status, fulfillment_channel ON listings FOR EACH ROW
 WHEN ({_COMPUTED.format(row="OLD")}
       AND (OLD.product_id <> NEW.product_id OR NOT ({_COMPUTED.format(row="NEW")})))
 EXECUTE FUNCTION listing_availability_outdated()
"""


def upgrade() -> None:
    op.execute(f"""
        DELETE FROM listing_availability a USING listings l
         WHERE l.merchant_id = a.merchant_id AND l.id = a.listing_id
           AND (l.product_id <> a.product_id OR NOT ({_COMPUTED.format(row="l")}))
    """)
    op.drop_index("ix_listing_availability_product", table_name="listing_availability")
    op.drop_constraint("pk_listing_availability", "listing_availability", type_="primary")
    op.create_primary_key(
        "pk_listing_availability",
        "listing_availability",
        ["merchant_id", "product_id", "listing_id"],
    )
    op.execute(_ON_LISTING_CHANGE)
    op.execute(_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER listing_availability_outdated ON listings")
    op.execute("DROP FUNCTION listing_availability_outdated()")
    op.drop_constraint("pk_listing_availability", "listing_availability", type_="primary")
    # A row left under a listing's old product would be a second row of that listing.
    op.execute("""
        DELETE FROM listing_availability a USING listings l
         WHERE l.merchant_id = a.merchant_id AND l.id = a.listing_id AND l.product_id <> a.product_id
    """)
    op.create_primary_key(
        "pk_listing_availability", "listing_availability", ["merchant_id", "listing_id"]
    )
    op.create_index(
        "ix_listing_availability_product", "listing_availability", ["merchant_id", "product_id"]
    )
