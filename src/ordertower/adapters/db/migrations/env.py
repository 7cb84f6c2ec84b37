"""Alembic environment: runs migrations on the connection OrderTower hands it."""

from __future__ import annotations

from typing import Any

from alembic import context

from ordertower.adapters.db.tables import metadata


def _ours(name: str | None, type_: str, parent_names: Any) -> bool:
    """Compare only OrderTower's tables; the job queue's schema belongs to procrastinate."""
    return not (type_ == "table" and name is not None and name not in metadata.tables)


connection = context.config.attributes["connection"]
context.configure(
    connection=connection, target_metadata=metadata, compare_type=True, include_name=_ours
)
with context.begin_transaction():
    context.run_migrations()
