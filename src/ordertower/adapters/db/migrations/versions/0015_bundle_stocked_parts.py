"""Bundles flattened to their stocked parts, kept by triggers on bundle_components.

Available to sell reads a bundle's parts on every movement of any of them; walking the nesting each
time cost an index lookup per step. The flattened rows are derived data: statement triggers on
bundle_components rebuild the rows of each bundle whose components changed and of every bundle
containing it, however deeply, in the same transaction. The catalog serialises bundle edits per
merchant (`lock_catalog`), so two edits never rebuild from each other's stale view.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# A stocked part is a component without components of its own (an item); quantities multiply down
# the nesting and add up where a part recurs. Ten levels, as the ATS statements always walked.
_REFRESH = """
CREATE FUNCTION refresh_bundle_stocked_parts(merchant bigint, changed bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    reached bigint[];
BEGIN
    WITH RECURSIVE containing(id) AS (
        SELECT unnest(changed)
        UNION
        SELECT bc.bundle_id FROM containing c
          JOIN bundle_components bc ON bc.merchant_id = merchant AND bc.component_id = c.id
    )
    SELECT array_agg(id) INTO reached FROM containing;
    DELETE FROM bundle_stocked_parts WHERE merchant_id = merchant AND bundle_id = ANY (reached);
    INSERT INTO bundle_stocked_parts (merchant_id, bundle_id, part_id, quantity)
    WITH RECURSIVE walk(bundle_id, component_id, quantity, depth) AS (
        SELECT bc.bundle_id, bc.component_id, bc.quantity, 1 FROM bundle_components bc
         WHERE bc.merchant_id = merchant AND bc.bundle_id = ANY (reached)
        UNION ALL
        SELECT w.bundle_id, bc.component_id, w.quantity * bc.quantity, w.depth + 1 FROM walk w
          JOIN bundle_components bc ON bc.merchant_id = merchant AND bc.bundle_id = w.component_id
         WHERE w.depth < 10
    )
    SELECT merchant, w.bundle_id, w.component_id, sum(w.quantity) FROM walk w
     WHERE NOT EXISTS (SELECT 1 FROM bundle_components inner_bc
                        WHERE inner_bc.merchant_id = merchant AND inner_bc.bundle_id = w.component_id)
     GROUP BY w.bundle_id, w.component_id;
END
$$
"""

# One function for the three triggers: the transition tables it may read depend on the event.
_ON_CHANGE = """
CREATE FUNCTION bundle_components_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    batch record;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        FOR batch IN SELECT merchant_id, array_agg(DISTINCT bundle_id) AS ids FROM new_rows
                     GROUP BY merchant_id LOOP
            PERFORM refresh_bundle_stocked_parts(batch.merchant_id, batch.ids);
        END LOOP;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        FOR batch IN SELECT merchant_id, array_agg(DISTINCT bundle_id) AS ids FROM old_rows
                     GROUP BY merchant_id LOOP
            PERFORM refresh_bundle_stocked_parts(batch.merchant_id, batch.ids);
        END LOOP;
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
    op.create_table(
        "bundle_stocked_parts",
        sa.Column("merchant_id", sa.BigInteger(), nullable=False),
        sa.Column("bundle_id", sa.BigInteger(), nullable=False),
        sa.Column("part_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_bundle_stocked_parts_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["merchant_id", "bundle_id"],
            ["products.merchant_id", "products.id"],
            name=op.f("fk_bundle_stocked_parts_merchant_id_bundle_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id", "part_id"],
            ["products.merchant_id", "products.id"],
            name=op.f("fk_bundle_stocked_parts_merchant_id_part_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "merchant_id", "bundle_id", "part_id", name=op.f("pk_bundle_stocked_parts")
        ),
    )
    op.create_index(
        "ix_bundle_stocked_parts_part", "bundle_stocked_parts", ["merchant_id", "part_id"]
    )
    op.execute(_REFRESH)
    op.execute(_ON_CHANGE)
    for event, referencing in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER bundle_components_{event.lower()} AFTER {event} ON bundle_components"
            f" {referencing} FOR EACH STATEMENT EXECUTE FUNCTION bundle_components_changed()"
        )
    # Bundles stored before this migration.
    op.execute(
        "SELECT refresh_bundle_stocked_parts(merchant_id, array_agg(DISTINCT bundle_id))"
        " FROM bundle_components GROUP BY merchant_id"
    )


def downgrade() -> None:
    for event in _TRIGGERS:
        op.execute(f"DROP TRIGGER bundle_components_{event.lower()} ON bundle_components")
    op.execute("DROP FUNCTION bundle_components_changed()")
    op.execute("DROP FUNCTION refresh_bundle_stocked_parts(bigint, bigint[])")
    op.drop_index("ix_bundle_stocked_parts_part", table_name="bundle_stocked_parts")
    op.drop_table("bundle_stocked_parts")
