"""Packages taken off the floor are voided, not deleted: kept with their contents and labels.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("packages", sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
    op.drop_constraint(op.f("ck_packages_state_known"), "packages", type_="check")
    op.create_check_constraint(
        op.f("ck_packages_state_known"), "packages", "state IN ('open','labelled','shipped','void')"
    )
    op.drop_constraint(op.f("ck_packages_labelled_has_tracking"), "packages", type_="check")
    op.create_check_constraint(
        op.f("ck_packages_labelled_has_tracking"),
        "packages",
        "state = 'void' OR (state = 'open') = (tracking_number IS NULL)",
    )
    op.create_check_constraint(
        op.f("ck_packages_voided_when_void"),
        "packages",
        "(state = 'void') = (voided_at IS NOT NULL)",
    )


def downgrade() -> None:
    op.execute("DELETE FROM packages WHERE state = 'void'")
    op.drop_constraint(op.f("ck_packages_voided_when_void"), "packages", type_="check")
    op.drop_constraint(op.f("ck_packages_labelled_has_tracking"), "packages", type_="check")
    op.create_check_constraint(
        op.f("ck_packages_labelled_has_tracking"),
        "packages",
        "(state = 'open') = (tracking_number IS NULL)",
    )
    op.drop_constraint(op.f("ck_packages_state_known"), "packages", type_="check")
    op.create_check_constraint(
        op.f("ck_packages_state_known"), "packages", "state IN ('open','labelled','shipped')"
    )
    op.drop_column("packages", "voided_at")
