"""No oversell under contention: real threads, real connections, racing for a few shared units."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from ordertower.adapters.db.tables.inventory import stock_positions
from ordertower.domain.inventory import MovementKind, Reference, ReferenceKind
from ordertower.domain.inventory.errors import InsufficientStock
from ordertower.services.inventory.allocation import AllocationRequest, allocate
from ordertower.services.inventory.posting import post_movements
from ordertower.services.unit_of_work import retrying

pytestmark = pytest.mark.slow
THREADS = 12


def _positions(runtime, stockroom):
    with runtime.engine.connect() as c:
        rows = c.execute(select(stock_positions)).all()
    names = {v: k for k, v in stockroom.products.items()}
    return {names[r.product_id]: (r.sellable_on_hand, r.allocated) for r in rows}


def test_racing_orders_for_items_and_bundles_allocate_exactly_the_stock(runtime, stockroom) -> None:
    s = stockroom
    post_movements(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        requests=[s.receive("SKU-A", 11), s.receive("SKU-B", 4)],
    )
    counter = iter(range(1_000_000))
    lock = threading.Lock()
    won = {"SKU-A": 0, "BUNDLE-AB": 0, "SKU-B": 0}
    start = threading.Barrier(THREADS)

    def shopper(n: int) -> None:
        sku = ("SKU-A", "BUNDLE-AB", "SKU-B")[n % 3]
        start.wait()
        while True:
            with lock:
                key = f"order-{next(counter)}"
            request = AllocationRequest(
                sku, 1, s.warehouse_id, Reference(ReferenceKind.ORDER, key), key
            )
            try:
                retrying(
                    lambda request=request: allocate(
                        runtime.uow(),
                        principal=s.principal,
                        merchant_id=s.merchant_id,
                        request=request,
                    )
                )
            except InsufficientStock:
                return
            with lock:
                won[sku] += 1

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(shopper, range(THREADS)))

    positions = _positions(runtime, s)
    # Every unit of A went to someone: alone or two to a kit; B went to kits or alone, never more.
    assert won["SKU-A"] + 2 * won["BUNDLE-AB"] == 11
    assert won["SKU-B"] + won["BUNDLE-AB"] == 4
    assert positions["SKU-A"] == (11, 11)
    assert positions["SKU-B"] == (4, 4)


def test_racing_transfers_and_allocations_never_take_promised_units(runtime, stockroom) -> None:
    s = stockroom
    post_movements(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        requests=[s.receive("SKU-A", 20)],
    )
    counter = iter(range(1_000_000))
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        start.wait()
        for _ in range(15):
            with lock:
                key = f"k-{next(counter)}"
            try:
                if n % 2:
                    request = AllocationRequest(
                        "SKU-A", 1, s.warehouse_id, Reference(ReferenceKind.ORDER, key), key
                    )
                    retrying(
                        lambda r=request: allocate(
                            runtime.uow(),
                            principal=s.principal,
                            merchant_id=s.merchant_id,
                            request=r,
                        )
                    )
                else:
                    # Sellable units leaving the pool (to hold) compete with the allocations.
                    move = s.move(
                        "SKU-A",
                        1,
                        MovementKind.STATUS_CHANGE,
                        src=s.place("A-01"),
                        dst=s.place("A-01", status="hold"),
                        key=key,
                    )
                    retrying(
                        lambda m=move: post_movements(
                            runtime.uow(),
                            principal=s.principal,
                            merchant_id=s.merchant_id,
                            requests=[m],
                        )
                    )
            except InsufficientStock:
                continue

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, range(THREADS)))

    on_hand, allocated = _positions(runtime, s)["SKU-A"]
    assert allocated <= on_hand
    assert on_hand == allocated, "someone gave up while units were still free"
