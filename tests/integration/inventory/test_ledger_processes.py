"""No oversell across processes: separate runtimes (own engines and connections) race for a few units.

Each shopper is a fresh interpreter (the 'spawn' start method) that builds its own runtime from the test
database's URL, waits for the others at a barrier, then allocates one unit of its SKU (or one kit,
which takes two A and one B) until the stock says no. The thread versions are in test_concurrency.py.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import Counter
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import func, select

from ordertower import bootstrap
from ordertower.adapters.db.tables.inventory import stock_allocations, stock_positions
from ordertower.domain.inventory import MovementRequest, Reference, ReferenceKind
from ordertower.domain.inventory.errors import InsufficientStock
from ordertower.domain.tenancy import Principal, Role
from ordertower.services.inventory.allocation import AllocationRequest, allocate
from ordertower.services.inventory.posting import post_movements
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.unit_of_work import retrying
from ordertower.settings import Settings

pytestmark = pytest.mark.slow

# Two shoppers per SKU: the kit shares A with the A shoppers and B with the B shoppers.
SHOPPERS = ("SKU-A", "BUNDLE-AB", "SKU-B") * 2
A_UNITS, B_UNITS = 11, 4
WAIT_SECONDS = 120


class Stockroom(Protocol):
    """What this test takes from the `stockroom` fixture."""

    merchant_id: int
    warehouse_id: int
    products: dict[str, int]
    principal: Principal

    def receive(self, sku: str, quantity: int) -> MovementRequest: ...


def shop_until_sold_out(
    database_url: str,
    data_dir: str,
    merchant_id: int,
    location_id: int,
    sku: str,
    start: Barrier,
    results: Queue[tuple[str, int | str]],
) -> None:
    """One shopper process: allocate one unit at a time until refused; report how many it won."""
    try:
        runtime = bootstrap.start(
            Settings(database_url=database_url, data_dir=Path(data_dir)), fast_hashing=True
        )
    except Exception as error:
        start.abort()  # the others must not wait for a shopper that never comes
        results.put((sku, f"could not start: {error!r}"))
        return
    principal = Principal(user_id=0, name="shopper", role=Role.ADMIN, merchant_ids=None)
    won = 0
    try:
        start.wait(timeout=WAIT_SECONDS)
        while True:
            key = f"{sku}-{multiprocessing.current_process().pid}-{won}"
            request = AllocationRequest(
                sku, 1, location_id, Reference(ReferenceKind.ORDER, key), key
            )
            _allocate_retrying(runtime, principal, merchant_id, request)
            won += 1
    except InsufficientStock:
        results.put((sku, won))
    except Exception as error:
        results.put((sku, f"failed after {won} wins: {error!r}"))
    finally:
        runtime.close()


def _allocate_retrying(
    runtime: bootstrap.Runtime, principal: Principal, merchant_id: int, request: AllocationRequest
) -> None:
    """Allocate, running the use case again if the database reports a deadlock."""
    retrying(
        lambda: allocate(
            runtime.uow(), principal=principal, merchant_id=merchant_id, request=request
        )
    )


def _race(database_url: str, tmp_path: Path, stockroom: Stockroom) -> list[tuple[str, int | str]]:
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(len(SHOPPERS))
    results: Queue[tuple[str, int | str]] = spawn.Queue()
    shoppers: list[BaseProcess] = [
        spawn.Process(
            target=shop_until_sold_out,
            args=(
                database_url,
                str(tmp_path / f"shopper-{n}"),
                stockroom.merchant_id,
                stockroom.warehouse_id,
                sku,
                start,
                results,
            ),
        )
        for n, sku in enumerate(SHOPPERS)
    ]
    for shopper in shoppers:
        shopper.start()
    try:
        return [results.get(timeout=WAIT_SECONDS) for _ in shoppers]
    except queue.Empty:
        pytest.fail("a shopper process neither finished nor reported within the time allowed")
    finally:
        for shopper in shoppers:
            shopper.join(timeout=10)
            if shopper.is_alive():
                shopper.kill()
                shopper.join()


def test_racing_processes_allocate_exactly_the_units_there_are(
    runtime: bootstrap.Runtime, database_url: str, tmp_path: Path, stockroom: Stockroom
) -> None:
    s = stockroom
    post_movements(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        requests=[s.receive("SKU-A", A_UNITS), s.receive("SKU-B", B_UNITS)],
    )

    outcomes = _race(database_url, tmp_path, s)

    problems = [f"{sku}: {won}" for sku, won in outcomes if isinstance(won, str)]
    assert problems == [], "every shopper stops only because the stock ran out"
    won: Counter[str] = Counter()
    for sku, count in outcomes:
        assert isinstance(count, int)
        won[sku] += count
    # Every unit of A went to someone, alone or two to a kit; B likewise, one to a kit.
    assert won["SKU-A"] + 2 * won["BUNDLE-AB"] == A_UNITS
    assert won["SKU-B"] + won["BUNDLE-AB"] == B_UNITS
    names = {product_id: sku for sku, product_id in s.products.items()}
    with runtime.engine.connect() as c:
        positions = {
            names[r.product_id]: (r.sellable_on_hand, r.allocated)
            for r in c.execute(select(stock_positions))
        }
        units = func.sum(stock_allocations.c.quantity).label("units")
        promised = {
            names[r.product_id]: r.units
            for r in c.execute(
                select(stock_allocations.c.product_id, units).group_by(
                    stock_allocations.c.product_id
                )
            )
        }
    assert positions == {"SKU-A": (A_UNITS, A_UNITS), "SKU-B": (B_UNITS, B_UNITS)}
    assert promised == {"SKU-A": A_UNITS, "SKU-B": B_UNITS}
    assert [str(d) for d in verify_inventory(runtime.uow())] == []
