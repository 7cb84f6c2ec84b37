"""Batch order ingest: capture → map → route → allocate → commit (target ≥ 1,500 orders/s).

    .venv/bin/python -m benchmarks.order_ingest [--skus 2000] [--batches 20] [--batch 500]

A merchant with `--skus` items, a listing for each on one Shopify account, stock at two
warehouses and a routing policy (ship from WH-1, then WH-2, backorder what neither has). Each
batch is `capture_orders` with `--batch` orders of 1-3 lines (listing lines, quantities 1-2): the
payloads are stored in their own transaction, then the orders are inserted, mapped, routed and
allocated and committed in a second one, as the API does. Prints orders per second over all
batches, per batch (p50/p95/max), and, for scale, the cheapest durable insert-and-decrement
transaction of the same size on the same database, with the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from sqlalchemy import text

from ordertower.domain.channels import ChannelKind
from ordertower.domain.orders import Address, CustomerContact, LineDraft, OrderDraft
from ordertower.domain.routing import RoutingPolicy, RoutingRule, ShipFrom, Shortfall
from ordertower.domain.routing.codec import routing_document
from ordertower.domain.tenancy import Principal, Role
from ordertower.services.orders.capture import capture_orders
from ordertower.services.orders.records import IncomingOrder, PayloadSource
from ordertower.services.routing.policies import save_routing_policy
from ordertower.services.tenancy import access

from . import harness

ADDRESS = Address(
    name="Bench Buyer", line1="1 Main St", city="Chicago", region="IL", postal_code="60601",
    country="US",
)  # fmt: skip


def _setup(bench: harness.Bench, skus: int, history: int) -> tuple[int, int, Principal]:
    runtime = bench.runtime
    with runtime.engine.begin() as c:
        c.execute(text("INSERT INTO merchants (code, name) VALUES ('BENCH', 'Bench')"))
        merchant = c.execute(text("SELECT id FROM merchants WHERE code = 'BENCH'")).scalar_one()
        account = c.execute(
            text("INSERT INTO channel_accounts (merchant_id, kind, name)"
                 " VALUES (:m, 'shopify', 'Shop') RETURNING id"), {"m": merchant}
        ).scalar_one()  # fmt: skip
        for n in (1, 2):
            c.execute(
                text("INSERT INTO locations (code, name, kind, priority)"
                     " VALUES (:c, :c, 'warehouse', :n)"), {"c": f"WH-{n}", "n": n}
            )  # fmt: skip
        c.execute(
            text(
                "INSERT INTO products (merchant_id, sku, title)"
                " SELECT :m, 'SKU-' || g, 'Item ' || g FROM generate_series(1, :n) g"
            ),
            {"m": merchant, "n": skus},
        )
        c.execute(
            text(
                "INSERT INTO listings (merchant_id, channel_account_id, product_id, channel_sku)"
                " SELECT :m, :a, id, 'L-' || sku FROM products WHERE merchant_id = :m"
            ),
            {"m": merchant, "a": account},
        )
        # Positions only (no ledger rows): allocation reads and locks positions, not the ledger.
        c.execute(
            text(
                "INSERT INTO stock_positions (merchant_id, product_id, location_id,"
                " sellable_on_hand, allocated)"
                " SELECT :m, p.id, l.id, 1000000, 0 FROM products p CROSS JOIN locations l"
                " WHERE p.merchant_id = :m"
            ),
            {"m": merchant},
        )
        # Orders already taken (shipped), so the tables and their statistics look like a shop's
        # rather than empty ones (empty-table plans make foreign-key checks scan).
        c.execute(
            text(
                "INSERT INTO orders (merchant_id, channel_account_id, channel, external_order_id,"
                " placed_at, service_level, ship_to, customer, currency, total, units, state)"
                " SELECT :m, :a, 'shopify', 'OLD-' || g, now() - interval '30 days', 'standard',"
                " '{}', '{}', 'USD', 10, 1, 'shipped' FROM generate_series(1, :n) g"
            ),
            {"m": merchant, "a": account, "n": history},
        )
        c.execute(
            text(
                "INSERT INTO order_lines (merchant_id, order_id, position, line_id, sku, quantity,"
                " unit_price, currency) SELECT :m, id, 1, '1', 'SKU-1', 1, 10, 'USD' FROM orders"
            ),
            {"m": merchant},
        )
    with runtime.engine.connect() as c:
        c.execute(text("COMMIT"))
        c.execute(text("ANALYZE"))
    user = access.create_user(
        runtime.uow(), runtime.hasher, principal=None, email="bench@example.com", name="Bench",
        role=Role.ADMIN, password="a long benchmark password",
    )  # fmt: skip
    principal = Principal(user_id=user.id, name="bench", role=Role.ADMIN, merchant_ids=None)
    policy = RoutingPolicy(
        rules=(
            RoutingRule(
                action=ShipFrom(locations=("WH-1", "WH-2"), on_shortfall=Shortfall.BACKORDER)
            ),
        )
    )
    save_routing_policy(
        runtime.uow(), principal=principal, merchant_id=merchant,
        document=routing_document(policy), expected_version=0,
    )  # fmt: skip
    return merchant, account, principal


def _orders(
    rng: random.Random, merchant: int, account: int, skus: int, start: int, count: int
) -> list[IncomingOrder]:
    placed = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    result = []
    for n in range(start, start + count):
        picked = rng.sample(range(1, skus + 1), rng.randint(1, 3))
        lines = [
            LineDraft(line_id=str(i), channel_sku=f"L-SKU-{s}", quantity=rng.randint(1, 2),
                      unit_price=Decimal("12.50"), currency="USD")
            for i, s in enumerate(picked, start=1)
        ]  # fmt: skip
        draft = OrderDraft(
            merchant_id=merchant, channel_account_id=account, channel=ChannelKind.SHOPIFY,
            external_order_id=f"B-{n}", placed_at=placed, lines=lines, ship_to=ADDRESS,
            customer=CustomerContact(name="Bench Buyer", email="b@example.com"),
        )  # fmt: skip
        raw = {"external_order_id": f"B-{n}", "lines": [[ln.channel_sku, ln.quantity]
                                                        for ln in lines]}  # fmt: skip
        result.append(IncomingOrder(raw=raw, draft=draft, external_order_id=f"B-{n}"))
    return result


def _cheapest(bench: harness.Bench, rounds: int) -> float:
    """Durable transactions/s of the cheapest order-like work: insert a row, decrement a counter,
    commit (one order per transaction, as a naive system would take them)."""
    engine = bench.runtime.engine
    with engine.begin() as c:
        c.execute(text("CREATE TABLE bench_rows (id bigserial PRIMARY KEY, body jsonb)"))
        c.execute(text("CREATE TABLE bench_counters (id int PRIMARY KEY, left_ int)"))
        c.execute(text("INSERT INTO bench_counters SELECT g, 1000000000 FROM"
                       " generate_series(1, 10000) g"))  # fmt: skip
    started = time.perf_counter()
    with engine.connect() as c:
        for r in range(rounds):
            c.execute(text("INSERT INTO bench_rows (body) VALUES ('{}')"))
            c.execute(
                text("UPDATE bench_counters SET left_ = left_ - 1 WHERE id = :id"),
                {"id": r % 10000 + 1},
            )
            c.commit()
    return rounds / (time.perf_counter() - started)


def _process_stream(
    url: str,
    data_dir: str,
    ids: tuple[int, int, Principal],
    skus: int,
    stream: int,
    batches: int,
    size: int,
) -> list[float]:
    """One worker process capturing its own batches (as one API process would); batch times."""
    from pathlib import Path

    from ordertower import bootstrap
    from ordertower.settings import Settings

    merchant, account, principal = ids
    runtime = bootstrap.start(
        Settings(database_url=url, data_dir=Path(data_dir) / f"s{stream}"), fast_hashing=True
    )
    rng = random.Random(stream)
    start = 1_000_000 * (stream + 1)
    work = [_orders(rng, merchant, account, skus, start + b * size, size) for b in range(batches)]
    times = []
    for payloads in work:
        t0 = time.perf_counter()
        capture_orders(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant,
            channel_account_id=account,
            payloads=payloads,
            source=PayloadSource.API,
        )
        times.append((time.perf_counter() - t0) * 1000)
    runtime.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--streams", type=int, default=1, help="batches captured at once")
    parser.add_argument(
        "--processes", type=int, default=0, help="capture from this many processes instead"
    )
    parser.add_argument("--history", type=int, default=50_000, help="orders already stored")
    args = parser.parse_args()
    rng = random.Random(7)
    with harness.embedded_database() as bench:
        merchant, account, principal = _setup(bench, args.skus, args.history)
        runtime = bench.runtime
        warm = _orders(rng, merchant, account, args.skus, 10_000_000, args.batch)
        capture_orders(runtime.uow(), principal=principal, merchant_id=merchant,
                       channel_account_id=account, payloads=warm, source=PayloadSource.API)  # fmt: skip
        batches = [
            _orders(rng, merchant, account, args.skus, b * args.batch, args.batch)
            for b in range(args.batches)
        ]
        times: list[float] = []

        def capture(payloads: list[IncomingOrder]) -> None:
            t0 = time.perf_counter()
            results = capture_orders(runtime.uow(), principal=principal, merchant_id=merchant,
                                     channel_account_id=account, payloads=payloads,
                                     source=PayloadSource.API)  # fmt: skip
            times.append((time.perf_counter() - t0) * 1000)
            assert all(r.state is not None and r.state.value == "allocated" for r in results)

        cpu_py, cpu_db = harness.python_cpu_seconds(), bench.server_cpu_seconds()
        started = time.perf_counter()
        if args.processes:
            per = args.batches // args.processes
            args.batches = per * args.processes
            context = multiprocessing.get_context("spawn")
            with context.Pool(args.processes) as pool:
                jobs = [
                    pool.apply_async(
                        _process_stream,
                        (runtime.database_url, str(runtime.settings.data_dir),
                         (merchant, account, principal), args.skus, n, per, args.batch),
                    )
                    for n in range(args.processes)
                ]  # fmt: skip
                for job in jobs:
                    times += job.get()
        else:
            with ThreadPoolExecutor(max_workers=args.streams) as pool:
                list(pool.map(capture, batches))
        wall = time.perf_counter() - started
        orders = args.batches * args.batch
        rate = orders / wall
        cheapest = _cheapest(bench, 2000)
        per_batch = harness.percentiles(times)
        harness.report(
            "Batch order ingest (capture → map → route → allocate → commit)",
            [
                ("orders", f"{orders:,} in {args.batches} batches of {args.batch}, "
                           f"{args.processes or args.streams} at once"
                           f" ({'processes' if args.processes else 'threads'})"),
                ("orders/s", f"{rate:,.0f}"),
                ("batch ms p50 / p95 / max",
                 f"{per_batch['p50']:.0f} / {per_batch['p95']:.0f} / {per_batch['max']:.0f}"),
                ("python CPU s (this process)", f"{harness.python_cpu_seconds() - cpu_py:.2f}"),
                ("server CPU s", f"{bench.server_cpu_seconds() - cpu_db:.2f}"),
                ("cheapest insert+decrement transactions/s", f"{cheapest:,.0f}"),
                ("ratio", f"{rate / cheapest:.2f}"),
                *harness.machine(runtime.engine),
            ],
        )  # fmt: skip


if __name__ == "__main__":
    main()
