"""Moving orders between states: the transition table, the hold rule and the timeline, together.

Every state change of an order in any area goes through `move_orders` inside the use case's unit
of work. It refuses a move the table forbids (IllegalOrderTransition, nothing changed), refuses to
let anyone but a person take an order off hold, and records the timeline entry with the state so
cycle time and on-time shipment can be read back. Orders are locked in id order first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ordertower.domain.errors import NotFound
from ordertower.domain.orders import (
    Actor,
    ActorKind,
    OrderState,
    TimelineEntry,
    record_transition,
)

from .ports import OrderHead, StateMove
from .unit_of_work import OrdersUnitOfWork

_STORED = Actor(ActorKind.SYSTEM, "stored state")


@dataclass(frozen=True, slots=True)
class Move:
    """Move order `order_id` to `to`; `note` is the timeline's reason, `hold_queue` where it waits.

    `routing` and its explanation: the routing decision that moves it, stored in the same write.
    """

    order_id: int
    to: OrderState
    note: str = ""
    hold_queue: str | None = None
    routing: Mapping[str, Any] | None = None
    routing_explanation: str = ""


def lock_orders(
    uow: OrdersUnitOfWork, merchant_id: int, order_ids: Sequence[int]
) -> dict[int, OrderHead]:
    """Lock the orders (id order); NotFound naming the first id this merchant does not have."""
    heads = uow.order_states.lock_orders(merchant_id, sorted(set(order_ids)))
    missing = sorted(set(order_ids) - heads.keys())
    if missing:
        raise NotFound(f"Order {missing[0]} does not exist for this merchant.", field="order_id")
    return heads


def move_orders(
    uow: OrdersUnitOfWork,
    *,
    merchant_id: int,
    heads: Mapping[int, OrderHead],
    moves: Sequence[Move],
    actor: Actor,
    actor_user_id: int | None = None,
) -> list[StateMove]:
    """Check and record `moves` for orders already locked (`heads`, from `lock_orders`).

    A move to the state the order is already in is skipped. Raises before writing anything when
    any move is illegal, so a batch moves all its orders or none.
    """
    at = uow.now()
    recorded: list[StateMove] = []
    for move in moves:
        head = heads[move.order_id]
        if head.state is move.to:
            continue
        stored = (TimelineEntry(head.state, min(head.state_changed_at, at), _STORED),)
        record_transition(stored, to=move.to, at=at, actor=actor, note=move.note)
        recorded.append(
            StateMove(
                order_id=head.id,
                from_state=head.state,
                to_state=move.to,
                at=at,
                actor=actor,
                note=move.note,
                actor_user_id=actor_user_id,
                hold_queue=move.hold_queue,
                routing=move.routing,
                routing_explanation=move.routing_explanation,
            )
        )
    uow.order_states.record_moves(merchant_id, recorded)
    return recorded


def move_order(
    uow: OrdersUnitOfWork,
    *,
    merchant_id: int,
    order_id: int,
    to: OrderState,
    actor: Actor,
    note: str = "",
    hold_queue: str | None = None,
    actor_user_id: int | None = None,
) -> StateMove | None:
    """Lock one order and move it (None when it already was in `to`)."""
    heads = lock_orders(uow, merchant_id, [order_id])
    moved = move_orders(
        uow,
        merchant_id=merchant_id,
        heads=heads,
        moves=[Move(order_id, to, note, hold_queue)],
        actor=actor,
        actor_user_id=actor_user_id,
    )
    return moved[0] if moved else None
