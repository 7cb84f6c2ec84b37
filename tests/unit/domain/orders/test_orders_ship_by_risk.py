import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.orders import (
    WORK_REMAINING,
    InvalidWorkingHours,
    OrderState,
    ShipByRisk,
    WorkingHours,
    ship_by_risk,
    working_time_between,
)

H = dt.timedelta(hours=1)
MONDAY_9 = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)
NINE_TO_FIVE = WorkingHours(
    time_zone="UTC", opens=dt.time(9), closes=dt.time(17), days=frozenset(range(5))
)


def risk(ship_by, *, now=MONDAY_9, state=OrderState.ALLOCATED, hours=None):
    kwargs = {"hours": hours} if hours else {}
    return ship_by_risk(ship_by=ship_by, now=now, work_remaining=WORK_REMAINING[state], **kwargs)


def test_an_order_without_a_deadline_is_not_watched():
    assert risk(None) is ShipByRisk.NO_DEADLINE


def test_plenty_of_time_is_on_track():
    assert risk(MONDAY_9 + 6 * H) is ShipByRisk.ON_TRACK


def test_a_deadline_within_the_work_remaining_plus_margin_is_at_risk():
    # allocated: 3 h of work + 2 h margin = 5 h needed
    assert risk(MONDAY_9 + 5 * H) is ShipByRisk.ON_TRACK
    assert risk(MONDAY_9 + 4 * H + 59 * dt.timedelta(minutes=1)) is ShipByRisk.AT_RISK


def test_less_work_left_means_less_risk():
    deadline = MONDAY_9 + 4 * H

    assert risk(deadline, state=OrderState.ALLOCATED) is ShipByRisk.AT_RISK
    assert risk(deadline, state=OrderState.PICKING) is ShipByRisk.ON_TRACK


def test_a_packed_order_is_on_track_until_its_deadline_passes():
    assert risk(MONDAY_9 + 1 * H, state=OrderState.PACKED) is ShipByRisk.ON_TRACK
    assert risk(MONDAY_9, state=OrderState.PACKED) is ShipByRisk.LATE


def test_a_passed_deadline_is_late():
    assert risk(MONDAY_9 - H) is ShipByRisk.LATE


def test_only_working_hours_count():
    friday_4pm = dt.datetime(2026, 10, 9, 16, 0, tzinfo=dt.UTC)
    monday_noon = dt.datetime(2026, 10, 12, 12, 0, tzinfo=dt.UTC)

    # 68 hours away on the clock, but only 1 h on Friday + 3 h on Monday on the floor
    assert risk(monday_noon, now=friday_4pm) is ShipByRisk.ON_TRACK
    assert risk(monday_noon, now=friday_4pm, hours=NINE_TO_FIVE) is ShipByRisk.AT_RISK


def test_shipped_and_cancelled_orders_are_not_watched():
    assert OrderState.SHIPPED not in WORK_REMAINING
    assert OrderState.CANCELLED not in WORK_REMAINING


def test_working_time_skips_nights_and_weekends():
    friday_4pm = dt.datetime(2026, 10, 9, 16, 0, tzinfo=dt.UTC)
    tuesday_10am = dt.datetime(2026, 10, 13, 10, 0, tzinfo=dt.UTC)

    assert working_time_between(friday_4pm, tuesday_10am, hours=NINE_TO_FIVE) == 10 * H


def test_working_time_follows_the_local_clock_across_a_dst_change():
    chicago = WorkingHours(time_zone="America/Chicago", opens=dt.time(8), closes=dt.time(16))
    # 2026-11-01 is the day US clocks go back; 8:00 local is 13:00 UTC before, 14:00 UTC after
    saturday = dt.datetime(2026, 10, 31, 0, 0, tzinfo=dt.UTC)
    sunday_9am_local = dt.datetime(2026, 11, 1, 15, 0, tzinfo=dt.UTC)

    assert working_time_between(saturday, sunday_9am_local, hours=chicago) == 9 * H


def test_round_the_clock_hours_count_every_minute():
    assert working_time_between(MONDAY_9, MONDAY_9 + 50 * H, hours=WorkingHours()) == 50 * H


def test_counting_stops_once_enough_time_is_found():
    far = MONDAY_9 + dt.timedelta(days=3650)

    found = working_time_between(MONDAY_9, far, hours=NINE_TO_FIVE, enough=5 * H)

    assert 5 * H <= found < 5 * H + 8 * H


@pytest.mark.parametrize(
    "changes",
    [
        {"time_zone": "Mars/Olympus"},
        {"opens": dt.time(17), "closes": dt.time(9)},
        {"days": frozenset()},
        {"days": frozenset({7})},
        {"opens": dt.time(9, tzinfo=dt.UTC)},
    ],
)
def test_unusable_working_hours_are_refused(changes):
    with pytest.raises(InvalidWorkingHours):
        WorkingHours(**changes)


@given(
    start=st.datetimes(
        min_value=dt.datetime(2026, 1, 1),
        max_value=dt.datetime(2027, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    span=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=20)),
)
def test_working_time_never_exceeds_the_clock_time(start, span):
    chicago = WorkingHours(time_zone="America/Chicago", opens=dt.time(7), closes=dt.time(19))

    worked = working_time_between(start, start + span, hours=chicago)

    assert dt.timedelta(0) <= worked <= span
