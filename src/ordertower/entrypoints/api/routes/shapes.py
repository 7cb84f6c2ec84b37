"""Shapes the location, channel-account and listing routes share: ids, reasons, strict bodies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from ordertower.domain.errors import InvalidInput
from ordertower.services.channels.ports import UNSET

MAX_ID = 2**63 - 1  # PostgreSQL bigint: a larger id is a 422, not a database error

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
LocationIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The location id.")]
ZoneIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The zone id.")]
BinIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The bin id.")]
AccountIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The channel account id.")]
ListingIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The listing id.")]
Reason = Annotated[str | None, Field(max_length=500, description="Why (kept in the audit log).")]


class StrictIn(BaseModel):
    """A request body: an unknown field is a 422 naming it, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


def patched(body: BaseModel, name: str, *, nullable: bool = False) -> Any:
    """A PATCH field: UNSET when left out; null only where null means "clear it"."""
    if name not in body.model_fields_set:
        return UNSET
    value = getattr(body, name)
    if value is None and not nullable:
        raise InvalidInput(f"{name} cannot be null; leave it out to keep it as it is.", field=name)
    return value
