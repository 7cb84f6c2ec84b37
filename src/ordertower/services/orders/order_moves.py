"""Moves several use cases share: give back an order's stock, cancel, send back through the pipeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ordertower.domain.inventory import ReferenceKind
from ordertower.domain.orders import ON_THE_FLOOR, Actor, OrderExceptionReason, OrderState
from ordertower.domain.routing import RoutingPolicy, ZoneTable
from ordertower.services.dropship.cancelling import cancel_requests
from ordertower.services.fulfillment.recall import recall_from_floor
from ordertower.services.inventory.allocation import release_references_in_transaction

from .flow_uow import OrderFlowUnitOfWork
from .pipeline import run_pipeline
from .ports import OrderHead
from .transitions import Move, lock_orders, move_orders

# States an order can leave with pick tasks or packages still open: on the floor, parked by a
# short pick, or held (before holds recalled their floor work).
MAY_HAVE_FLOOR_WORK = ON_THE_FLOOR | {OrderState.NEEDS_ATTENTION, OrderState.ON_HOLD}


def release_stock(uow: OrderFlowUnitOfWork, merchant_id: int, order_ids: Sequence[int]) -> int:
    """Give back every unit the orders still hold (allocations referencing them); units released."""
    return release_references_in_transaction(
        uow,
        merchant_id=merchant_id,
        reference_kind=ReferenceKind.ORDER,
        reference_ids=[str(i) for i in order_ids],
    )


def cancel(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    heads: Mapping[int, OrderHead],
    order_ids: Sequence[int],
    *,
    actor: Actor,
    note: str,
    actor_user_id: int | None = None,
) -> None:
    """Cancel orders (locked in `heads`): the state first (refused when shipped), then the stock,
    then their open exception items, which no longer need anyone (but units to put back on the
    shelf), then their work on the floor: open pick tasks and packages voided, picked units
    listed to go back to their bins."""
    move_orders(
        uow,
        merchant_id=merchant_id,
        heads=heads,
        moves=[Move(i, OrderState.CANCELLED, note) for i in order_ids],
        actor=actor,
        actor_user_id=actor_user_id,
    )
    release_stock(uow, merchant_id, order_ids)
    cancel_requests(uow, merchant_id, order_ids)  # the vendor must not ship it (dropship)
    book = uow.order_book
    book.close_items(
        merchant_id,
        [
            item.id
            for item in book.open_items(merchant_id, order_ids)
            if item.reason_code != OrderExceptionReason.RETURN_TO_BIN
        ],
        note=f"The order was cancelled: {note}"[:2000],
        user_id=actor_user_id,
    )
    recall_floor_work(uow, merchant_id, heads, order_ids, f"cancelled: {note}")


def recall_floor_work(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    heads: Mapping[int, OrderHead],
    order_ids: Sequence[int],
    reason: str,
) -> None:
    """Void the floor work of orders that may have some (by the state they were locked in)."""
    on_floor = [i for i in order_ids if heads[i].state in MAY_HAVE_FLOOR_WORK]
    if on_floor:
        recall_from_floor(uow, merchant_id, on_floor, reason[:300])


def rerun(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    order_id: int,
    *,
    actor: Actor,
    note: str,
    actor_user_id: int | None = None,
    policy: tuple[RoutingPolicy, ZoneTable] | None = None,
) -> OrderState:
    """Give back what the order holds (floor work too: a short-picked order routed afresh is
    picked afresh), move it to received and run the pipeline again."""
    heads = lock_orders(uow, merchant_id, [order_id])
    recall_floor_work(uow, merchant_id, heads, [order_id], f"routed again: {note}")
    release_stock(uow, merchant_id, [order_id])
    move_orders(
        uow,
        merchant_id=merchant_id,
        heads=heads,
        moves=[Move(order_id, OrderState.RECEIVED, note[:2000])],
        actor=actor,
        actor_user_id=actor_user_id,
    )
    states = run_pipeline(uow, merchant_id, [order_id], policy=policy)
    return states.get(order_id, OrderState.RECEIVED)
