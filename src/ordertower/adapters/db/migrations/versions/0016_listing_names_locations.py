"""Listings say whether they name their feeding locations, kept by triggers on listing_locations.

Available to sell treats a listing that names locations differently from one fed by every active
warehouse. Asking listing_locations for each listing cost a lookup per listing (or a scan of every
listing id between a range's first and last, which channel imports spread over most of the table).
The flag on the listing row is derived data: statement triggers on listing_locations set it for
every listing a change touched, in the same transaction; the listing row's update serialises
concurrent changes to one listing's locations.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# One function for the three triggers: the transition tables it may read depend on the event.
_ON_CHANGE = """
CREATE FUNCTION listing_locations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE listings l SET names_locations = true
          FROM (SELECT DISTINCT merchant_id, listing_id FROM new_rows) n
         WHERE l.merchant_id = n.merchant_id AND l.id = n.listing_id AND NOT l.names_locations;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE listings l SET names_locations = false
          FROM (SELECT DISTINCT merchant_id, listing_id FROM old_rows) o
         WHERE l.merchant_id = o.merchant_id AND l.id = o.listing_id AND l.names_locations
           AND NOT EXISTS (SELECT 1 FROM listing_locations ll
                            WHERE ll.merchant_id = l.merchant_id AND ll.listing_id = l.id);
    END IF;
    RETURN NULL;
END
$$
"""

_TRIGGERS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def upgrade() -> None:
    op.add_column(
        "listings",
        sa.Column("names_locations", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.execute(_ON_CHANGE)
    for event, referencing in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER listing_locations_{event.lower()} AFTER {event} ON listing_locations"
            f" {referencing} FOR EACH STATEMENT EXECUTE FUNCTION listing_locations_changed()"
        )
    op.execute(
        "UPDATE listings l SET names_locations = true WHERE EXISTS (SELECT 1 FROM listing_locations"
        " ll WHERE ll.merchant_id = l.merchant_id AND ll.listing_id = l.id)"
    )


def downgrade() -> None:
    for event in _TRIGGERS:
        op.execute(f"DROP TRIGGER listing_locations_{event.lower()} ON listing_locations")
    op.execute("DROP FUNCTION listing_locations_changed()")
    op.drop_column("listings", "names_locations")
