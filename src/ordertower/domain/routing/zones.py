"""The zone table: how near each location is to a destination, as a distance rank (1 = nearest).

An entry names a location, a country and optionally an ISO 3166-2 region or a postal prefix. For a
destination the most specific matching entry wins: the longest matching postal prefix, else the
region, else the country alone. A location with no matching entry is unranked (shipped from last).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import FieldProblem, FieldsInvalid
from ..field_rules import code_problems, country_problems, number_problems
from .inputs import Destination, normalise_postal
from .place_rules import postal_prefix_problems, region_problems

RANK_MAX = 1_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneEntry:
    location: str
    country: str
    rank: int
    region: str = ""
    postal_prefix: str = ""


class ZoneTableInvalid(FieldsInvalid):
    code = "zone_table_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The zone table is not valid: {listed}", problems)


class ZoneTable:
    """Distance ranks per location for destinations, looked up by the most specific entry."""

    def __init__(self, entries: Iterable[ZoneEntry] = ()) -> None:
        self._by_place: dict[tuple[str, str], list[ZoneEntry]] = {}
        for entry in entries:
            self._by_place.setdefault((entry.location, entry.country), []).append(entry)
        for candidates in self._by_place.values():
            candidates.sort(key=_specificity, reverse=True)

    def rank(self, location: str, destination: Destination) -> int | None:
        """The rank of `location` for `destination`, or None when no entry matches."""
        postal = normalise_postal(destination.postal_code)
        for entry in self._by_place.get((location, destination.country), ()):
            if entry.postal_prefix and not postal.startswith(normalise_postal(entry.postal_prefix)):
                continue
            if entry.region and entry.region != destination.region:
                continue
            return entry.rank
        return None


def _specificity(entry: ZoneEntry) -> tuple[int, int]:
    return (len(normalise_postal(entry.postal_prefix)), 1 if entry.region else 0)


def zone_table_problems(entries: Sequence[ZoneEntry]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for index, entry in enumerate(entries):
        where = f"zones[{index}]"
        problems += code_problems(f"{where}.location", entry.location)
        problems += country_problems(f"{where}.country", entry.country)
        problems += number_problems(f"{where}.rank", entry.rank, low=1, high=RANK_MAX)
        if entry.region:
            problems += region_problems(f"{where}.region", entry.region, country=entry.country)
        if entry.postal_prefix:
            problems += postal_prefix_problems(f"{where}.postal_prefix", entry.postal_prefix)
        prefix = normalise_postal(entry.postal_prefix)
        key = (entry.location, entry.country, entry.region, prefix)
        if key in seen:
            message = f"zones[{seen[key]}] already ranks this location for this place."
            problems.append(FieldProblem(where, "duplicate_zone", message))
        seen.setdefault(key, index)
    return problems


def zone_table(entries: Sequence[ZoneEntry]) -> ZoneTable:
    """A zone table from entries, or ZoneTableInvalid naming each wrong entry and field."""
    problems = zone_table_problems(entries)
    if problems:
        raise ZoneTableInvalid(problems)
    return ZoneTable(entries)
