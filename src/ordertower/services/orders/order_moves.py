"""Moves several use cases share: give back an order's stock, cancel, send back through the pipeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ordertower.domain.inventory import ReferenceKind
from ordertower.domain.orders import Actor, OrderState
from ordertower.domain.routing import RoutingPolicy, ZoneTable
from ordertower.services.inventory.allocation import release_references_in_transaction

from .flow_uow import OrderFlowUnitOfWork
from .pipeline import run_pipeline
from .ports import OrderHead
from .transitions import Move, lock_orders, move_orders


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
    then their open exception items, which no longer need anyone."""
    move_orders(
        uow,
        merchant_id=merchant_id,
        heads=heads,
        moves=[Move(i, OrderState.CANCELLED, note) for i in order_ids],
        actor=actor,
        actor_user_id=actor_user_id,
    )
    release_stock(uow, merchant_id, order_ids)
    book = uow.order_book
    book.close_items(
        merchant_id,
        [item.id for item in book.open_items(merchant_id, order_ids)],
        note=f"The order was cancelled: {note}"[:2000],
        user_id=actor_user_id,
    )


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
    """Give back what the order holds, move it to received and run the pipeline again."""
    heads = lock_orders(uow, merchant_id, [order_id])
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
