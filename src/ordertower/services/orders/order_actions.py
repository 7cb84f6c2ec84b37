"""What a person does to one order: hold it, release the hold, cancel it.

A hold parks the order (keeping what it holds) with a manual-hold item naming the reason; only a
person releases it, and releasing sends it back through the pipeline. Cancelling gives back its
stock and closes its items. Every action is audited with the person and the reason.
"""

from __future__ import annotations

import re

from ordertower.domain.errors import InvalidInput
from ordertower.domain.orders import (
    Actor,
    ActorKind,
    IllegalOrderTransition,
    OrderExceptionReason,
    OrderState,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.unit_of_work import Actor as AuditActor
from ordertower.services.unit_of_work import AuditEntry

from .flow_uow import OrderFlowUnitOfWork
from .order_moves import cancel, recall_floor_work, rerun
from .pipeline import order_item
from .transitions import Move, lock_orders, move_orders

MANUAL_QUEUE = "manual"
_QUEUE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_PERSON_RESOLVED = frozenset(
    {OrderExceptionReason.MANUAL_HOLD, OrderExceptionReason.CHANGED_DURING_FULFILLMENT}
)


def person(principal: Principal) -> Actor:
    return Actor(ActorKind.PERSON, f"user:{principal.user_id}")


def audit(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    action: str,
    order_id: int,
    reason: str | None,
    **details: object,
) -> None:
    uow.audit.record(
        AuditEntry(
            AuditActor(label=f"user:{principal.user_id}", user_id=principal.user_id),
            action,
            "order",
            str(order_id),
            merchant_id=merchant_id,
            reason=reason,
            details=details,
        )
    )


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput("Say why (a reason is required).", field="reason")
    if len(text) > 500:
        raise InvalidInput("Keep the reason to 500 characters.", field="reason")
    return text


def hold_order(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    reason: str,
    queue: str | None = None,
) -> OrderState:
    """Put the order on hold in a named queue (default `manual`) until a person releases it."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    why = _reason(reason)
    queue = (queue or MANUAL_QUEUE).strip()
    if not _QUEUE.fullmatch(queue):
        raise InvalidInput(
            "A queue name is 1-64 lower-case letters, digits, '-' or '_'.", field="queue"
        )
    with uow:
        heads = lock_orders(uow, merchant_id, [order_id])
        move_orders(
            uow,
            merchant_id=merchant_id,
            heads=heads,
            moves=[Move(order_id, OrderState.ON_HOLD, why, queue)],
            actor=person(principal),
            actor_user_id=principal.user_id,
        )
        recall_floor_work(uow, merchant_id, heads, [order_id], f"held: {why}")
        stored = uow.order_book.orders(merchant_id, [order_id])[order_id]
        raise_items(
            uow,
            merchant_id=merchant_id,
            items=[
                order_item(
                    stored,
                    OrderExceptionReason.MANUAL_HOLD,
                    f"Held by a person in queue {queue}: {why}",
                    queue=queue,
                )
            ],
        )
        audit(uow, principal, merchant_id, "order.held", order_id, why, queue=queue)
        uow.commit()
    return OrderState.ON_HOLD


def release_hold(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    note: str = "",
) -> OrderState:
    """A person releases a held order: its hold items close and the pipeline runs again."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    with uow:
        state = release_in_transaction(uow, principal, merchant_id, order_id, note)
        uow.commit()
    return state


def release_in_transaction(
    uow: OrderFlowUnitOfWork, principal: Principal, merchant_id: int, order_id: int, note: str
) -> OrderState:
    heads = lock_orders(uow, merchant_id, [order_id])
    if heads[order_id].state is not OrderState.ON_HOLD:
        raise IllegalOrderTransition(
            f"Order {order_id} is {heads[order_id].state}, not on hold; nothing to release.",
            field="state",
        )
    book = uow.order_book
    book.close_items(
        merchant_id,
        [
            item.id
            for item in book.open_items(merchant_id, [order_id])
            if item.reason_code in _PERSON_RESOLVED
        ],
        note=note.strip() or "The hold was released.",
        user_id=principal.user_id,
    )
    state = rerun(
        uow,
        merchant_id,
        order_id,
        actor=person(principal),
        note=note.strip() or "hold released",
        actor_user_id=principal.user_id,
    )
    audit(uow, principal, merchant_id, "order.hold_released", order_id, note or None)
    return state


def cancel_order(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    reason: str,
) -> OrderState:
    """Cancel an unshipped order: its stock is given back and its items close."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    why = _reason(reason)
    with uow:
        heads = lock_orders(uow, merchant_id, [order_id])
        cancel(
            uow,
            merchant_id,
            heads,
            [order_id],
            actor=person(principal),
            note=why,
            actor_user_id=principal.user_id,
        )
        audit(uow, principal, merchant_id, "order.cancelled", order_id, why)
        uow.commit()
    return OrderState.CANCELLED
