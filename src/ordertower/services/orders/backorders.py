"""Backorders wake up when stock arrives: re-run the ones whose SKUs now have free units.

A periodic job (every minute) looks, per merchant, for backordered orders whose every SKU has
enough free sellable units across locations (a cheap sieve), oldest first, and runs them through
the pipeline again in batches; what still lacks stock is backordered again. Backorders are never
held orders: no person needs to release them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ordertower.domain.orders import Actor, ActorKind, OrderState
from ordertower.services.unit_of_work import retrying

from .flow_uow import OrderFlowUnitOfWork
from .pipeline import run_pipeline
from .transitions import Move, lock_orders, move_orders

BATCH = 200
STOCK_ARRIVED = Actor(ActorKind.SYSTEM, "backorders")


def retry_backorders(
    new_uow: Callable[[], OrderFlowUnitOfWork], *, merchant_id: int | None = None, limit: int = 2000
) -> int:
    """Re-run backorders that stock may now cover; the number of orders re-run."""
    if merchant_id is None:
        with new_uow() as uow:
            merchants = uow.order_book.merchants_with_backorders()
    else:
        merchants = [merchant_id]
    total = 0
    for merchant in merchants:
        with new_uow() as uow:
            ids = uow.order_book.backorders_with_stock(merchant, limit)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            total += retrying(partial(_rerun, new_uow, merchant, batch))
    return total


def _rerun(new_uow: Callable[[], OrderFlowUnitOfWork], merchant_id: int, ids: list[int]) -> int:
    with new_uow() as uow:
        heads = lock_orders(uow, merchant_id, ids)
        waiting = [i for i in ids if heads[i].state is OrderState.BACKORDERED]
        move_orders(
            uow,
            merchant_id=merchant_id,
            heads=heads,
            moves=[Move(i, OrderState.RECEIVED, "stock arrived") for i in waiting],
            actor=STOCK_ARRIVED,
        )
        run_pipeline(uow, merchant_id, waiting, STOCK_ARRIVED)
        uow.commit()
    return len(waiting)
