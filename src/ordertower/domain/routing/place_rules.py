"""Field rules for places in routing: ISO 3166-2 regions and postal prefixes."""

from __future__ import annotations

import re

from ..errors import FieldProblem
from ..field_rules import country_problems
from .inputs import normalise_postal

_REGION = re.compile(r"([A-Z]{2})-[A-Z0-9]{1,3}")
_POSTAL_PREFIX = re.compile(r"[A-Z0-9]{1,10}")


def region_problems(field: str, region: str, *, country: str | None = None) -> list[FieldProblem]:
    """An ISO 3166-2 code ("US-CA") of a real country (of `country`, when given)."""
    found = _REGION.fullmatch(region)
    if found is None or (country is not None and found.group(1) != country):
        example = f"{country or 'US'}-CA"
        message = f"{region[:10]!r} is not an ISO 3166-2 region; use the country and code, e.g. {example}."
        return [FieldProblem(field, "invalid_region", message)]
    return country_problems(field, found.group(1))


def postal_prefix_problems(field: str, prefix: str) -> list[FieldProblem]:
    """1 to 10 letters or digits once spaces and dashes are dropped."""
    if _POSTAL_PREFIX.fullmatch(normalise_postal(prefix)):
        return []
    message = f"{prefix[:20]!r} is not a postal prefix: use 1 to 10 letters or digits."
    return [FieldProblem(field, "invalid_postal_prefix", message)]
