"""Turns a unique-constraint violation (a race the use case's own check lost) into a 409 Conflict."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from ordertower.domain.errors import Conflict

UNIQUE_VIOLATION = "23505"


@contextmanager
def unique_conflicts(field_by_constraint: Mapping[str, str]) -> Iterator[None]:
    """Inside the block, a violation of one of these constraints is a Conflict naming its field."""
    try:
        yield
    except IntegrityError as error:
        original = error.orig
        constraint = str(getattr(getattr(original, "diag", None), "constraint_name", ""))
        field = field_by_constraint.get(constraint)
        if getattr(original, "sqlstate", None) == UNIQUE_VIOLATION and field is not None:
            raise Conflict(
                f"That {field} is already taken (someone saved it a moment ago); choose another.",
                field=field,
            ) from error
        raise
