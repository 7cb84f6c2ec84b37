"""What to do when a known order arrives again: a replay, an update or a cancellation.

The decision depends on what changed and on the order's state, never on how it arrived
(webhook, poll, API, CSV): a replay is a no-op; an older version than the one held is ignored;
a cancellation of an unshipped order cancels it and releases what it holds; a change to lines,
address, service, flags or tags before release runs the pipeline again; on the floor the order
is held for a person; after shipment nothing is applied and an exception item is raised. Never
a silent change, never a duplicate. The raw payload is stored by the caller in every case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import UpdateForAnotherOrder
from .exceptions import OrderExceptionReason
from .model import Order
from .states import AFTER_SHIPMENT, ON_THE_FLOOR, OrderState


class UpdateAction(StrEnum):
    NOTHING_CHANGED = "nothing_changed"  # the same order again (replay, webhook and poll): no-op
    STALE = "stale"  # older than the version held (a retried webhook): ignored
    ORDER_CLOSED = "order_closed"  # the order is cancelled; a later version cannot reopen it
    APPLY = "apply"  # store the new version; nothing else moves (details only, or order held)
    RERUN_PIPELINE = "rerun_pipeline"  # store it, give back what it holds, run the pipeline again
    CANCEL = "cancel"  # cancel the order and release what it holds
    HOLD_FOR_REVIEW = "hold_for_review"  # store it and hold the order: it is on the floor
    RAISE_EXCEPTION = "raise_exception"  # changed after shipment: apply nothing, raise an item


class OrderPart(StrEnum):
    LINES = "lines"  # what was ordered: listings or SKUs, quantities, prices
    SHIP_TO = "ship_to"  # where it goes
    SERVICE = "service"  # how fast: our service level or the channel's label
    FLAGS = "flags"  # channel flags (Prime, pending, two-day…)
    TAGS = "tags"  # the merchant's or channel's tags
    DEADLINES = "deadlines"  # ship-by or deliver-by
    CUSTOMER = "customer"  # the buyer's contact
    DETAILS = "details"  # channel order number, placed-at, channel


# Parts routing and allocation read: a change to one of them needs the pipeline again.
PIPELINE_PARTS: frozenset[OrderPart] = frozenset(
    {OrderPart.LINES, OrderPart.SHIP_TO, OrderPart.SERVICE, OrderPart.FLAGS, OrderPart.TAGS}
)

_PART_FIELDS: dict[OrderPart, tuple[str, ...]] = {
    OrderPart.LINES: ("lines",),
    OrderPart.SHIP_TO: ("ship_to",),
    OrderPart.SERVICE: ("service_level", "service_label"),
    OrderPart.FLAGS: ("flags",),
    OrderPart.TAGS: ("tags",),
    OrderPart.DEADLINES: ("ship_by", "deliver_by"),
    OrderPart.CUSTOMER: ("customer",),
    OrderPart.DETAILS: ("channel_order_number", "placed_at", "channel"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateDecision:
    """What the capture service does with an incoming version of a known order.

    `next_state` is where the order moves (through the timeline; None: it stays), `store` says
    whether the incoming version replaces the stored one, `release_allocations` gives back what
    the order holds (nothing, for one that never allocated), `recall_from_floor` tells the floor
    to put picked units back, `exception` is the queue item to raise, and `explanation` is the
    sentence for the timeline and the screens.
    """

    action: UpdateAction
    changed: frozenset[OrderPart]
    explanation: str
    store: bool = False
    next_state: OrderState | None = None
    release_allocations: bool = False
    recall_from_floor: bool = False
    exception: OrderExceptionReason | None = None


def changed_parts(stored: Order, incoming: Order) -> frozenset[OrderPart]:
    """The parts of the order that differ (`channel_updated_at` alone is not a change).

    The ship-to phone is contact, not place: a new phone alone changes the customer part (stored,
    nothing re-routed, the floor not stopped)."""
    parts = {
        part
        for part, names in _PART_FIELDS.items()
        if any(_value(stored, name) != _value(incoming, name) for name in names)
    }
    if stored.ship_to.phone != incoming.ship_to.phone:
        parts.add(OrderPart.CUSTOMER)
    return frozenset(parts)


def _value(order: Order, name: str) -> object:
    return order.ship_to.place if name == "ship_to" else getattr(order, name)


def decide_update(
    *, stored: Order, state: OrderState, incoming: Order, cancelled_by_channel: bool
) -> UpdateDecision:
    """The decision for `incoming`, a new version of `stored` (an order now in `state`)."""
    if stored.key != incoming.key:
        raise UpdateForAnotherOrder(
            f"Order {incoming.external_order_id!r} was matched to {stored.external_order_id!r} "
            "of another merchant, account or id; match updates by the order key.",
            field="external_order_id",
        )
    changed = changed_parts(stored, incoming)
    if _is_stale(stored, incoming):
        return UpdateDecision(
            action=UpdateAction.STALE,
            changed=changed,
            explanation="An older version of the order arrived after a newer one; ignored.",
        )
    if cancelled_by_channel:
        return _cancellation(state, changed)
    if not changed or state is OrderState.CANCELLED:
        return _unchanged(changed)
    return _change(state, changed)


def _is_stale(stored: Order, incoming: Order) -> bool:
    held, came = stored.channel_updated_at, incoming.channel_updated_at
    return held is not None and came is not None and came < held


def _unchanged(changed: frozenset[OrderPart]) -> UpdateDecision:
    if changed:  # the order is cancelled
        return UpdateDecision(
            action=UpdateAction.ORDER_CLOSED,
            changed=changed,
            explanation="The order is cancelled; the channel's later changes were not applied.",
        )
    return UpdateDecision(
        action=UpdateAction.NOTHING_CHANGED,
        changed=changed,
        explanation="The same order arrived again; nothing changed.",
    )


def _cancellation(state: OrderState, changed: frozenset[OrderPart]) -> UpdateDecision:
    if state is OrderState.CANCELLED:
        return _unchanged(changed)
    if state in AFTER_SHIPMENT:
        return UpdateDecision(
            action=UpdateAction.RAISE_EXCEPTION,
            changed=changed,
            exception=OrderExceptionReason.CHANGED_AFTER_SHIPMENT,
            explanation=f"The channel cancelled the order after it {_shipped(state)}; "
            "nothing was changed here.",
        )
    on_floor = state in ON_THE_FLOOR
    return UpdateDecision(
        action=UpdateAction.CANCEL,
        changed=changed,
        store=True,
        next_state=OrderState.CANCELLED,
        release_allocations=True,
        recall_from_floor=on_floor,
        explanation="The channel cancelled the order"
        + ("; put its picked units back." if on_floor else "."),
    )


def _change(state: OrderState, changed: frozenset[OrderPart]) -> UpdateDecision:
    what = ", ".join(sorted(changed))
    if state in AFTER_SHIPMENT:
        return UpdateDecision(
            action=UpdateAction.RAISE_EXCEPTION,
            changed=changed,
            exception=OrderExceptionReason.CHANGED_AFTER_SHIPMENT,
            explanation=f"The channel changed {what} after the order {_shipped(state)}; "
            "nothing was changed here.",
        )
    reroute = bool(changed & PIPELINE_PARTS)
    if state in ON_THE_FLOOR and reroute:
        return UpdateDecision(
            action=UpdateAction.HOLD_FOR_REVIEW,
            changed=changed,
            store=True,
            next_state=OrderState.ON_HOLD,
            exception=OrderExceptionReason.CHANGED_DURING_FULFILLMENT,
            explanation=f"The channel changed {what} while the order was {state}; held so "
            "the floor stops until a person reviews it.",
        )
    if state is OrderState.ON_HOLD or not reroute:
        held = " It stays on hold until a person releases it." if reroute else ""
        return UpdateDecision(
            action=UpdateAction.APPLY,
            changed=changed,
            store=True,
            explanation=f"The channel changed {what}; stored.{held}",
        )
    return UpdateDecision(
        action=UpdateAction.RERUN_PIPELINE,
        changed=changed,
        store=True,
        next_state=None if state is OrderState.RECEIVED else OrderState.RECEIVED,
        release_allocations=True,
        explanation=f"The channel changed {what}; the order is routed and allocated again.",
    )


def _shipped(state: OrderState) -> str:
    return "shipped" if state is OrderState.SHIPPED else "partly shipped"
