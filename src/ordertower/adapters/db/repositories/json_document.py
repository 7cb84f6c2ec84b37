"""Batches travel to set-based statements as one JSON document; this writes it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal


def dumps(value: object) -> str:
    """JSON text of `value`; decimals as strings (exact), datetimes in ISO 8601."""
    return json.dumps(value, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")
