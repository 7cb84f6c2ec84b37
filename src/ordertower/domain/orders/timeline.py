"""An order's timeline: every state it entered, when and by whom (cycle time, on-time shipment).

A timeline starts with `received` and grows only through `record_transition`, which applies the
transition table, keeps the times in order (UTC) and refuses to let anyone but a person take an
order off hold: held orders never release by themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from .errors import HoldNeedsAPerson, InvalidTimelineEntry
from .states import OrderState, check_transition

MAX_NOTE_LENGTH = 2000


class ActorKind(StrEnum):
    SYSTEM = "system"  # OrderTower itself: the pipeline, routing, waves, scheduled checks
    CHANNEL = "channel"  # the sales channel, through its connector (a cancellation, an update)
    PERSON = "person"  # a user at a screen, a scanner or the API; `name` says who


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change: the audit trail names every actor."""

    kind: ActorKind
    name: str  # a user id or name for a person; the job or connector otherwise


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """The order entered `state` at `at` (UTC) because of `actor`; `note` says why, if given."""

    state: OrderState
    at: dt.datetime
    actor: Actor
    note: str = ""


Timeline: TypeAlias = tuple[TimelineEntry, ...]


def start_timeline(*, at: dt.datetime, actor: Actor, note: str = "") -> Timeline:
    """A new order's timeline: it was received at `at`."""
    return (TimelineEntry(OrderState.RECEIVED, _utc(at), actor, _checked_note(note)),)


def record_transition(
    timeline: Timeline, *, to: OrderState, at: dt.datetime, actor: Actor, note: str = ""
) -> Timeline:
    """The timeline with the move to `to` added, or a refusal saying why the move is not allowed."""
    if not timeline:
        raise InvalidTimelineEntry(
            "A timeline starts when the order is received; start it with start_timeline.",
            field="timeline",
        )
    last = timeline[-1]
    check_transition(last.state, to)
    if last.state is OrderState.ON_HOLD and to is OrderState.RECEIVED:
        _check_released_by_person(actor)
    when = _utc(at)
    if when < last.at:
        raise InvalidTimelineEntry(
            f"The order became {last.state} at {last.at.isoformat()}; a later move cannot be "
            f"dated {when.isoformat()}. Record moves with one clock, in the order they happen.",
            field="at",
        )
    return (*timeline, TimelineEntry(to, when, actor, _checked_note(note)))


def current_state(timeline: Timeline) -> OrderState:
    """The state the order is in now (its latest entry)."""
    return timeline[-1].state


def reached_at(timeline: Timeline, state: OrderState) -> dt.datetime | None:
    """When the order first entered `state` (None if it never did): e.g. shipped for cycle time."""
    return next((entry.at for entry in timeline if entry.state is state), None)


def _check_released_by_person(actor: Actor) -> None:
    if actor.kind is not ActorKind.PERSON:
        raise HoldNeedsAPerson(
            f"Only a person can release a held order ({actor.kind} {actor.name!r} tried); "
            "ask someone to review the hold and release it.",
            field="actor",
        )


def _utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidTimelineEntry(
            f"{at.isoformat()} has no time zone; give timeline times in UTC.", field="at"
        )
    return at.astimezone(dt.UTC)


def _checked_note(note: str) -> str:
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidTimelineEntry(
            f"The note is {len(note)} characters; keep it to {MAX_NOTE_LENGTH}.", field="note"
        )
    return note
