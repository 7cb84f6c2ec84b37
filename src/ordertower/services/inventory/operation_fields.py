"""Naming refusals after the fields people sent: a movement's fields become the command's fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from ordertower.domain.errors import DomainError
from ordertower.domain.inventory import IdempotencyKeyReused

# A batch step's messages start "movement 4 (transfer of 5 × SKU-1): …" (1-based).
_STEP = re.compile(r"^movement (\d+) \([^)]*\): ")
_ONLY = "movements[0]."

_SAME_PLACE = {"location_id", "bin_id", "status", "lot"}
ADJUSTMENT_FIELDS: Mapping[str, str] = {
    **{f"{side}.{name}": name for side in ("from_place", "to_place") for name in _SAME_PLACE},
    "to_place.expires_on": "expires_on",
    "to_place": "direction",
    "from_place": "direction",
    "reference.id": "reference",
}
TRANSFER_FIELDS: Mapping[str, str] = {
    "from_place.location_id": "from_location_id",
    "from_place.bin_id": "from_bin_id",
    "to_place.location_id": "to_location_id",
    "to_place.bin_id": "to_bin_id",
    "from_place.status": "status",
    "to_place.status": "status",
    "from_place.lot": "lot",
    "to_place.lot": "lot",
    "to_place": "to_bin_id",
    "note": "reason",
    "reference.id": "reference",
}
STATUS_CHANGE_FIELDS: Mapping[str, str] = {
    "from_place.location_id": "location_id",
    "to_place.location_id": "location_id",
    "from_place.bin_id": "bin_id",
    "to_place.bin_id": "to_bin_id",
    "from_place.status": "from_status",
    "to_place.status": "to_status",
    "from_place.lot": "lot",
    "to_place.lot": "lot",
    "to_place": "to_status",
    "note": "reason",
    "reference.id": "reference",
}


@contextmanager
def named(fields: Mapping[str, str]) -> Iterator[None]:
    """Rename the field of a refusal of a one-movement command, and drop the batch step prefix."""
    try:
        yield
    except DomainError as error:
        if error.field:
            name = error.field.removeprefix(_ONLY)
            error.field = fields.get(name, name)
        error.message = _STEP.sub("", error.message)
        raise


@contextmanager
def indexed(position_of: Callable[[int], int]) -> Iterator[None]:
    """Name a batch refusal's field `movements[i].…` by the movement's index in the batch as sent.

    `position_of(j)` maps an index among the movements actually posted (replays left out) to the
    index as sent. A reused key is already named by its index as sent.
    """
    try:
        yield
    except DomainError as error:
        error.field = _batch_field(error, position_of)
        raise


def _batch_field(error: DomainError, position_of: Callable[[int], int]) -> str | None:
    field = error.field
    if field is None:
        return None
    found = re.match(r"^movements\[(\d+)\]\.", field)
    if found is not None and not isinstance(error, IdempotencyKeyReused):
        return f"movements[{position_of(int(found.group(1)))}].{field[found.end() :]}"
    step = _STEP.match(error.message)
    if step is not None and found is None:
        return f"movements[{int(step.group(1)) - 1}].{field}"
    return field
