"""A location's working hours, and how much working time lies between two moments."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from ordertower.domain.field_rules import is_time_zone

from .errors import InvalidWorkingHours

MIDNIGHT = dt.time(0)
_ALL_DAYS = frozenset(range(7))


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingHours:
    """The floor works `opens`–`closes` local time on `days` (Monday = 0).

    `closes` at midnight means the end of the day, so opens = closes = midnight is round the
    clock. Shifts that run past midnight are not supported: split them at midnight.
    """

    time_zone: str = "UTC"
    opens: dt.time = MIDNIGHT
    closes: dt.time = MIDNIGHT
    days: frozenset[int] = _ALL_DAYS

    def __post_init__(self) -> None:
        if not is_time_zone(self.time_zone):
            raise InvalidWorkingHours(
                f"{self.time_zone[:64]!r} is not an IANA time zone; use e.g. America/Chicago.",
                field="time_zone",
            )
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise InvalidWorkingHours(
                "Give opening hours as local clock times, without a time zone.", field="opens"
            )
        if self.closes != MIDNIGHT and self.closes <= self.opens:
            raise InvalidWorkingHours(
                f"The floor closes at {self.closes} before it opens at {self.opens}; split a "
                "shift that runs past midnight at midnight.",
                field="closes",
            )
        if not self.days or not self.days <= _ALL_DAYS:
            raise InvalidWorkingHours(
                "Give the working days as numbers 0 (Monday) to 6 (Sunday), at least one.",
                field="days",
            )


ROUND_THE_CLOCK = WorkingHours()


def working_time_between(
    start: dt.datetime,
    end: dt.datetime,
    *,
    hours: WorkingHours,
    enough: dt.timedelta | None = None,
) -> dt.timedelta:
    """Working time from `start` to `end` (tz-aware); stops counting once `enough` is reached."""
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    zone = zoneinfo.ZoneInfo(hours.time_zone)
    total = dt.timedelta(0)
    day = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    while day <= last_day and (enough is None or total < enough):
        if day.weekday() in hours.days:
            opens, closes = _shift(day, hours, zone)
            overlap = min(end, closes) - max(start, opens)
            total += max(overlap, dt.timedelta(0))
        day += dt.timedelta(days=1)
    return total


def _shift(
    day: dt.date, hours: WorkingHours, zone: zoneinfo.ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """The day's working window as UTC instants (so differences are right across DST changes)."""
    opens = dt.datetime.combine(day, hours.opens, tzinfo=zone)
    close_day = day + dt.timedelta(days=1) if hours.closes == MIDNIGHT else day
    closes = dt.datetime.combine(close_day, hours.closes, tzinfo=zone)
    return opens.astimezone(dt.UTC), closes.astimezone(dt.UTC)
