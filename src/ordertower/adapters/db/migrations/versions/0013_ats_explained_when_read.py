"""ATS explained when read: the stored result keeps its quantity and ledger position only.

The per-product recompute now computes and stores in one SQL statement; how a quantity was computed
is written out by the domain's rule when a listing is read. A narrower row is also cheaper to
rewrite for the full recompute.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("listing_availability", "explanation")


def downgrade() -> None:
    op.add_column(
        "listing_availability",
        sa.Column(
            "explanation",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
