"""Alembic environment: runs migrations on the connection OrderTower hands it."""

from __future__ import annotations

from alembic import context

from ordertower.adapters.db.migrations.env_filters import ours
from ordertower.adapters.db.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection, target_metadata=metadata, compare_type=True, include_name=ours
)
with context.begin_transaction():
    context.run_migrations()
