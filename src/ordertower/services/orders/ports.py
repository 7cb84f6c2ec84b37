"""What order use cases need from storage.

`OrderStateStore` is the one way any area (capture, pipeline, fulfillment) changes an order's
state: lock the orders (in id order, so two use cases never deadlock on them), then record the moves
(the state, its time and the timeline entry together).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ordertower.domain.orders import Actor, OrderState


@dataclass(frozen=True, slots=True)
class OrderHead:
    """What a state move needs to know of an order (locked for the transaction)."""

    id: int
    merchant_id: int
    state: OrderState
    state_changed_at: dt.datetime
    version: int
    hold_queue: str | None


@dataclass(frozen=True, slots=True)
class StateMove:
    """Order `order_id` moves from `from_state` to `to_state` at `at`; the timeline says why.

    `hold_queue` is the named queue a hold or backorder waits in (None clears it). `routing` (with
    its explanation), when given, is the routing decision stored with the state in the same write.
    """

    order_id: int
    from_state: OrderState
    to_state: OrderState
    at: dt.datetime
    actor: Actor
    note: str = ""
    actor_user_id: int | None = None
    hold_queue: str | None = None
    routing: Mapping[str, Any] | None = None
    routing_explanation: str = ""


class OrderStateStore(Protocol):
    def lock_orders(self, merchant_id: int, order_ids: Collection[int]) -> dict[int, OrderHead]:
        """The orders found (of this merchant), locked FOR UPDATE in id order."""
        ...

    def record_moves(self, merchant_id: int, moves: Sequence[StateMove]) -> None:
        """Set each order's state (and hold queue), bump its version, append its timeline entry."""
        ...
