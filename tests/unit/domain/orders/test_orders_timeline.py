import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ordertower.domain.orders import (
    Actor,
    ActorKind,
    HoldNeedsAPerson,
    IllegalOrderTransition,
    InvalidTimelineEntry,
    OrderState,
    current_state,
    reached_at,
    record_transition,
    start_timeline,
)

S = OrderState
T0 = dt.datetime(2026, 10, 3, 9, 0, tzinfo=dt.UTC)
PIPELINE = Actor(ActorKind.SYSTEM, "pipeline")
AMAZON = Actor(ActorKind.CHANNEL, "amazon")
DANA = Actor(ActorKind.PERSON, "user:12")


def later(minutes):
    return T0 + dt.timedelta(minutes=minutes)


def test_a_timeline_starts_with_the_order_received():
    timeline = start_timeline(at=T0, actor=AMAZON)

    assert current_state(timeline) is S.RECEIVED
    assert timeline[0].actor == AMAZON


def test_every_move_is_recorded_with_its_time_actor_and_note():
    timeline = start_timeline(at=T0, actor=AMAZON)
    timeline = record_transition(timeline, to=S.ALLOCATED, at=later(1), actor=PIPELINE)
    timeline = record_transition(
        timeline, to=S.ON_HOLD, at=later(5), actor=DANA, note="customer called"
    )

    assert [entry.state for entry in timeline] == [S.RECEIVED, S.ALLOCATED, S.ON_HOLD]
    assert timeline[-1].at == later(5)
    assert timeline[-1].note == "customer called"


def test_times_are_kept_in_utc_whatever_zone_they_came_in():
    chicago = T0.astimezone(ZoneInfo("America/Chicago"))

    timeline = start_timeline(at=chicago, actor=AMAZON)

    assert timeline[0].at == T0
    assert timeline[0].at.tzinfo is dt.UTC


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(InvalidTimelineEntry, match="no time zone"):
        start_timeline(at=dt.datetime(2026, 10, 3, 9, 0), actor=AMAZON)


def test_a_move_dated_before_the_previous_one_is_refused():
    timeline = start_timeline(at=T0, actor=AMAZON)

    with pytest.raises(InvalidTimelineEntry) as refused:
        record_transition(timeline, to=S.ALLOCATED, at=later(-1), actor=PIPELINE)

    assert refused.value.code == "invalid_timeline_entry"


def test_the_transition_table_applies_to_the_timeline():
    timeline = start_timeline(at=T0, actor=AMAZON)

    with pytest.raises(IllegalOrderTransition):
        record_transition(timeline, to=S.SHIPPED, at=later(1), actor=PIPELINE)


def test_an_empty_timeline_cannot_take_a_move():
    with pytest.raises(InvalidTimelineEntry, match="start_timeline"):
        record_transition((), to=S.ALLOCATED, at=T0, actor=PIPELINE)


@pytest.mark.parametrize("actor", [PIPELINE, AMAZON])
def test_a_held_order_never_releases_by_itself(actor):
    timeline = start_timeline(at=T0, actor=AMAZON)
    timeline = record_transition(timeline, to=S.ON_HOLD, at=later(1), actor=PIPELINE)

    with pytest.raises(HoldNeedsAPerson) as refused:
        record_transition(timeline, to=S.RECEIVED, at=later(2), actor=actor)

    assert refused.value.code == "hold_needs_a_person"


def test_a_person_releases_a_held_order_and_the_channel_may_cancel_it():
    held = record_transition(
        start_timeline(at=T0, actor=AMAZON), to=S.ON_HOLD, at=later(1), actor=PIPELINE
    )

    released = record_transition(held, to=S.RECEIVED, at=later(2), actor=DANA)
    cancelled = record_transition(held, to=S.CANCELLED, at=later(2), actor=AMAZON)

    assert current_state(released) is S.RECEIVED
    assert current_state(cancelled) is S.CANCELLED


def test_reached_at_gives_the_first_time_a_state_was_entered_for_cycle_time():
    timeline = start_timeline(at=T0, actor=AMAZON)
    for minutes, state in [
        (1, S.NEEDS_ATTENTION),
        (30, S.RECEIVED),
        (31, S.ALLOCATED),
        (90, S.RELEASED),
        (100, S.PICKING),
        (110, S.PACKED),
        (240, S.SHIPPED),
    ]:
        timeline = record_transition(timeline, to=state, at=later(minutes), actor=PIPELINE)

    assert reached_at(timeline, S.RECEIVED) == T0
    assert reached_at(timeline, S.SHIPPED) - reached_at(timeline, S.RECEIVED) == dt.timedelta(
        hours=4
    )
    assert reached_at(timeline, S.CANCELLED) is None


def test_an_overlong_note_is_refused():
    with pytest.raises(InvalidTimelineEntry, match="2000"):
        start_timeline(at=T0, actor=AMAZON, note="x" * 2001)
