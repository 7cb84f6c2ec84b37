"""Backorders wake up when stock arrives: re-run the ones routing would now assign.

A periodic job (every minute) looks, per merchant, for backordered orders whose every SKU has
enough free sellable units across locations (a cheap sieve in SQL), oldest first. Free units
somewhere are not units the order may use: routing may draw only on some locations (its rule's
candidates, the listing's locations, ship-complete from one), so the sieve's orders then get a dry
run of routing with the very inputs the pipeline reads (catalog, the merchant's policy, locations,
free stock; each assignment spends the stock, so two orders never count the same unit), writing
nothing. Only those routing would assign go through the pipeline again, in batches; an order that
still cannot ship stays backordered without a new timeline entry every minute. Backorders are
never held orders: no person needs to release them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from ordertower.domain.orders import Actor, ActorKind, OrderState
from ordertower.services.routing.policies import load_policy
from ordertower.services.unit_of_work import retrying

from .flow_uow import OrderFlowUnitOfWork
from .pipeline import route_dry, run_pipeline
from .pipeline_inputs import BatchCatalog, BatchStock
from .transitions import Move, lock_orders, move_orders

BATCH = 200
STOCK_ARRIVED = Actor(ActorKind.SYSTEM, "backorders")


def retry_backorders(
    new_uow: Callable[[], OrderFlowUnitOfWork], *, merchant_id: int | None = None, limit: int = 2000
) -> int:
    """Re-run backorders that routing would now assign; the number of orders re-run."""
    if merchant_id is None:
        with new_uow() as uow:
            merchants = uow.order_book.merchants_with_backorders()
    else:
        merchants = [merchant_id]
    total = 0
    for merchant in merchants:
        with new_uow() as uow:
            candidates = uow.order_book.backorders_with_stock(merchant, limit)
            ids = assignable(uow, merchant, candidates) if candidates else []
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            total += retrying(partial(_rerun, new_uow, merchant, batch))
    return total


def assignable(uow: OrderFlowUnitOfWork, merchant_id: int, order_ids: Sequence[int]) -> list[int]:
    """The orders (in the order given: oldest first) routing would assign now, nothing written."""
    book = uow.order_book
    found = book.orders(merchant_id, order_ids)
    orders = [found[i] for i in order_ids if i in found]
    catalog = BatchCatalog(
        book.catalog_facts(
            merchant_id,
            {
                (s.order.channel_account_id, line.channel_sku)
                for s in orders
                for line in s.order.lines
                if line.channel_sku is not None
            },
            {line.sku for s in orders for line in s.order.lines if line.sku is not None},
        )
    )
    policy, zones = load_policy(uow, merchant_id)
    locations = book.order_locations(merchant_id)
    skus = {p.id: p.sku for p in catalog.facts.products.values() if p.kind != "bundle"}
    stock = BatchStock.of(locations, book.free_stock(merchant_id, skus, locations), skus)
    return [
        s.id for s in orders if route_dry(s, catalog, stock, policy, zones) is OrderState.ALLOCATED
    ]


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
