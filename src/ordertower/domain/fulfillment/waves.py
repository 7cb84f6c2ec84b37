"""Choosing which allocated orders go to the floor together: one warehouse, the most urgent first.

A wave is released by a person with criteria (due before a time, service levels, channels, at most
N orders). The selection itself is pure: the candidates in, the chosen orders out, most urgent
first (earliest ship-by, then oldest), so the same criteria over the same orders pick the same wave.

A wave at warehouse W takes an order's open allocations at W only. An order routing split over
several warehouses is therefore picked in one wave per warehouse: its first wave (anywhere) moves
it allocated → released; a later wave at another warehouse takes it in whatever floor state it has
reached (`WAVE_STATES`) as long as it still has units allocated at that warehouse that are on no
pick task.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ordertower.domain.errors import FieldProblem, FieldsInvalid
from ordertower.domain.orders import OrderState
from ordertower.domain.shipping import ServiceLevel

MAX_WAVE_ORDERS = 500  # one picker's cart for a shift at most; more is several waves
DEFAULT_WAVE_ORDERS = 50
_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.UTC)

# States in which an order can join a wave (given units allocated at the wave's warehouse on no
# pick task yet): allocated for its first wave; the floor states for a split order's next one.
WAVE_STATES: frozenset[OrderState] = frozenset(
    {
        OrderState.ALLOCATED,
        OrderState.RELEASED,
        OrderState.PICKING,
        OrderState.PACKED,
        OrderState.PARTIALLY_SHIPPED,
    }
)


class WaveInvalid(FieldsInvalid):
    code = "wave_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The wave cannot be released: {listed}", problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class WaveCriteria:
    """Which allocated orders of one warehouse a wave takes. Empty sets mean "any"."""

    location_id: int
    ship_by_before: dt.datetime | None = None  # orders due before this (no ship-by: never due)
    service_levels: frozenset[ServiceLevel] = field(default_factory=frozenset)
    channels: frozenset[str] = field(default_factory=frozenset)
    zone_ids: frozenset[int] = field(default_factory=frozenset)  # pick only from these zones
    max_orders: int = DEFAULT_WAVE_ORDERS


@dataclass(frozen=True, slots=True, kw_only=True)
class WaveCandidate:
    """An allocated order as wave selection sees it."""

    order_id: int
    channel: str
    service_level: ServiceLevel
    ship_by: dt.datetime | None
    placed_at: dt.datetime


def check_criteria(criteria: WaveCriteria) -> None:
    """Refuse criteria no wave can be made of, naming each field."""
    problems: list[FieldProblem] = []
    if isinstance(criteria.max_orders, bool) or not 1 <= criteria.max_orders <= MAX_WAVE_ORDERS:
        problems.append(
            FieldProblem(
                "max_orders",
                "out_of_range",
                f"Release 1 to {MAX_WAVE_ORDERS} orders in one wave, not {criteria.max_orders}.",
            )
        )
    before = criteria.ship_by_before
    if before is not None and before.tzinfo is None:
        problems.append(
            FieldProblem(
                "ship_by_before",
                "needs_time_zone",
                "Give ship_by_before with its time zone (e.g. 2026-11-25T17:00:00Z).",
            )
        )
    if problems:
        raise WaveInvalid(problems)


def urgency(candidate: WaveCandidate) -> tuple[dt.datetime, dt.datetime, int]:
    """Earliest ship-by first (none: last), then the oldest order, then the lowest id."""
    return (candidate.ship_by or _FAR_FUTURE, candidate.placed_at, candidate.order_id)


def matches(candidate: WaveCandidate, criteria: WaveCriteria) -> bool:
    if criteria.service_levels and candidate.service_level not in criteria.service_levels:
        return False
    if criteria.channels and candidate.channel not in criteria.channels:
        return False
    if criteria.ship_by_before is not None:
        return candidate.ship_by is not None and candidate.ship_by < criteria.ship_by_before
    return True


def select_orders(
    candidates: Iterable[WaveCandidate], criteria: WaveCriteria
) -> list[WaveCandidate]:
    """The matching candidates, most urgent first (all of them: the caller caps after planning)."""
    return sorted((c for c in candidates if matches(c, criteria)), key=urgency)
