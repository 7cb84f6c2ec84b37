"""Which database objects belong to OrderTower's migrations (the job queue's belong to procrastinate)."""

from __future__ import annotations

from typing import Any

from ordertower.adapters.db.tables import metadata


def ours(name: str | None, type_: str, parent_names: Any) -> bool:
    return not (type_ == "table" and name is not None and name not in metadata.tables)
