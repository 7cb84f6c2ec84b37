"""Batch order ingest: capture → map → route → allocate → commit (target ≥ 1,500 orders/s).

    .venv/bin/python -m benchmarks.order_ingest [--skus 2000] [--batches 20] [--batch 500]
        [--processes 1] [--history 50000]

A merchant with `--skus` items, a listing for each on one Shopify account, stock at two
warehouses and a routing policy (ship from WH-1, then WH-2, backorder what neither has), and
`--history` shipped orders already stored. Each batch is `capture_orders` with `--batch` orders of
1-3 listing lines (quantities 1-2) to varied US addresses, exactly as the API's batch route calls
it: the payloads are stored and committed first, then the orders are inserted, mapped, routed,
allocated and committed in a second transaction. `--processes N` captures from N processes at
once, each with its own batches and connection pool, as N API workers would; every process first
captures one warm-up batch, then all start together.

Printed: orders/s over the measured batches, per-batch latency (p50/p95/p99/max), CPU per order of
the capturing processes and of the server, and two baselines measured in the same run on the same
database with as many clients as processes:
- per transaction: one row inserted and one counter decremented, committed (fsync) — what taking
  each order in its own transaction could reach at best;
- per batch: `--batch` rows inserted and `--batch` counters decremented in one statement each,
  committed — the cheapest durable work of the same shape and batch size as the pipeline's.
The target ratio (≥ 0.5) is taken against the per-transaction baseline, as the issue defines it
("the cheapest possible durable insert-and-decrement transaction"): an order taken in the least
work a durable system can do for it. That baseline is bounded by the commit's fsync, not by work,
so a batching pipeline can beat it; the per-batch ratio is printed beside it to show the other
side: how much more than the bare minimum of the same batch size the whole pipeline costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import random
import resource
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import Engine, text

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

# Varied destinations, so nothing per address is computed once and reused by luck.
PLACES = (
    ("Chicago", "IL", "60601"), ("Springfield", "Illinois", "62701-1234"), ("Austin", "TX", "73301"),
    ("Seattle", "WA", "98101"), ("Portland", "OR", "97201"), ("Denver", "CO", "80202"),
    ("Boston", "MA", "02108"), ("Miami", "FL", "33101"), ("Atlanta", "GA", "30303"),
    ("Phoenix", "AZ", "85001"), ("New York", "NY", "10001"), ("Columbus", "ohio", "432150001"),
)  # fmt: skip
STREETS = ("Main St", "Oak Ave", "Maple Rd", "Pine St", "Cedar Ln", "Elm St", "Lake Dr")
NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia")


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
    # Outside any transaction: an ANALYZE rolled back with its transaction keeps the row counts
    # (written in place) but loses every column statistic, and the planner then guesses.
    with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
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
        city, region, postal = rng.choice(PLACES)
        name = f"{rng.choice(NAMES)} Buyer{n % 997}"
        address = Address(
            name=name, line1=f"{rng.randint(1, 9999)} {rng.choice(STREETS)}", city=city,
            region=region, postal_code=postal, country="US",
        )  # fmt: skip
        draft = OrderDraft(
            merchant_id=merchant, channel_account_id=account, channel=ChannelKind.SHOPIFY,
            external_order_id=f"B-{n}", placed_at=placed, lines=lines, ship_to=address,
            customer=CustomerContact(name=name, email=f"b{n}@example.com"),
        )  # fmt: skip
        raw = {"external_order_id": f"B-{n}", "lines": [[ln.channel_sku, ln.quantity]
                                                        for ln in lines]}  # fmt: skip
        result.append(IncomingOrder(raw=raw, draft=draft, external_order_id=f"B-{n}"))
    return result


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _capture_process(
    url: str, data_dir: str, ids: tuple[int, int, Principal], skus: int, stream: int,
    batches: int, size: int, start: Any,
) -> dict[str, Any]:  # fmt: skip
    """One capturing process (as one API worker): a warm-up batch, then `batches` batches."""
    from ordertower import bootstrap
    from ordertower.settings import Settings

    merchant, account, principal = ids
    runtime = bootstrap.start(
        Settings(database_url=url, data_dir=Path(data_dir) / f"s{stream}"), fast_hashing=True
    )
    rng = random.Random(stream)
    first = 1_000_000 * (stream + 1)
    work = [
        _orders(rng, merchant, account, skus, first + b * size, size) for b in range(batches + 1)
    ]

    def capture(payloads: list[IncomingOrder]) -> None:
        results = capture_orders(
            runtime.uow(), principal=principal, merchant_id=merchant, channel_account_id=account,
            payloads=payloads, source=PayloadSource.API,
        )  # fmt: skip
        assert all(r.state is not None and r.state.value == "allocated" for r in results)

    capture(work[0])
    start.wait()
    cpu, began = _cpu_self(), time.time()
    times = []
    for payloads in work[1:]:
        t0 = time.perf_counter()
        capture(payloads)
        times.append((time.perf_counter() - t0) * 1000)
    ended = time.time()
    result = {"times": times, "cpu": _cpu_self() - cpu, "began": began, "ended": ended}
    runtime.close()
    return result


def _baseline_tables(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(text("CREATE TABLE bench_rows (id bigserial PRIMARY KEY, body jsonb)"))
        c.execute(text("CREATE TABLE bench_counters (id int PRIMARY KEY, left_ int)"))
        c.execute(text("INSERT INTO bench_counters SELECT g, 1000000000 FROM"
                       " generate_series(1, 100000) g"))  # fmt: skip
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE bench_counters"))


def _in_threads(clients: int, work: Any) -> float:
    """Run `work(client)` in `clients` threads at once (one connection each); wall seconds."""
    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _per_transaction(engine: Engine, clients: int, seconds: float) -> float:
    """Durable transactions/s: insert one row, decrement one counter, commit; `clients` at once."""
    done = [0] * clients

    def work(client: int) -> None:
        rng = random.Random(client)
        stop = time.perf_counter() + seconds
        with engine.connect() as c:
            while time.perf_counter() < stop:
                c.execute(text("INSERT INTO bench_rows (body) VALUES ('{}')"))
                c.execute(
                    text("UPDATE bench_counters SET left_ = left_ - 1 WHERE id = :id"),
                    {"id": rng.randint(1, 100_000)},
                )
                c.commit()
                done[client] += 1

    wall = _in_threads(clients, work)
    return sum(done) / wall


def _per_batch(engine: Engine, clients: int, batches: int, size: int) -> float:
    """Rows/s when each transaction inserts `size` rows and decrements `size` counters (one
    statement each, the rows sent as one JSON document, as the pipeline sends its rows)."""
    insert = text(
        "INSERT INTO bench_rows (body) SELECT r FROM jsonb_array_elements(CAST(:rows AS jsonb)) r"
    )
    decrement = text(
        "UPDATE bench_counters SET left_ = left_ - 1 WHERE id = ANY(CAST(:ids AS int[]))"
    )

    def work(client: int) -> None:
        rng = random.Random(100 + client)
        with engine.connect() as c:
            for n in range(batches):
                rows = json.dumps([{"n": n, "i": i} for i in range(size)])
                ids = sorted(rng.sample(range(1, 100_001), size))
                c.execute(insert, {"rows": rows})
                c.execute(decrement, {"ids": ids})
                c.commit()

    wall = _in_threads(clients, work)
    return clients * batches * size / wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=20, help="per process")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--processes", type=int, default=1, help="capturing processes at once")
    parser.add_argument("--history", type=int, default=50_000, help="orders already stored")
    args = parser.parse_args()
    with harness.embedded_database() as bench:
        merchant, account, principal = _setup(bench, args.skus, args.history)
        runtime = bench.runtime
        load_before = harness.load_average()
        context = multiprocessing.get_context("spawn")
        with context.Manager() as manager, context.Pool(args.processes) as pool:
            start = manager.Barrier(args.processes + 1)
            jobs = [
                pool.apply_async(
                    _capture_process,
                    (runtime.database_url, str(runtime.settings.data_dir),
                     (merchant, account, principal), args.skus, n, args.batches, args.batch,
                     start),
                )
                for n in range(args.processes)
            ]  # fmt: skip
            start.wait()
            server_cpu = bench.server_cpu_seconds()
            results = [job.get() for job in jobs]
            server_cpu = bench.server_cpu_seconds() - server_cpu
        wall = max(r["ended"] for r in results) - min(r["began"] for r in results)
        orders = args.processes * args.batches * args.batch
        rate = orders / wall
        python_cpu = sum(r["cpu"] for r in results)
        times = [t for r in results for t in r["times"]]
        per_batch = harness.percentiles(times)
        cpu_ms = (python_cpu + server_cpu) / orders * 1000

        _baseline_tables(runtime.engine)
        per_tx = _per_transaction(runtime.engine, args.processes, seconds=8)
        per_batch_rows = _per_batch(runtime.engine, args.processes, 10, args.batch)
        cores = psutil.cpu_count() or 1
        harness.report(
            "Batch order ingest (capture → map → route → allocate → commit)",
            [
                ("orders", f"{orders:,}: {args.batches} batches of {args.batch} in each of "
                           f"{args.processes} process(es) at once, after a warm-up batch each"),
                ("orders/s", f"{rate:,.0f}"),
                ("batch ms p50 / p95 / p99 / max",
                 " / ".join(f"{per_batch[k]:.0f}" for k in ("p50", "p95", "p99", "max"))),
                ("CPU ms per order: python / server",
                 f"{python_cpu / orders * 1000:.3f} / {server_cpu / orders * 1000:.3f}"),
                ("orders/s the CPU alone would allow",
                 f"{cores / cpu_ms * 1000:,.0f} on {cores} cores (python + server CPU per order;"
                 " no neighbours, perfect overlap)"),
                ("baseline: 1-row transactions/s", f"{per_tx:,.0f} ({args.processes} client(s))"),
                (f"baseline: rows/s in {args.batch}-row transactions",
                 f"{per_batch_rows:,.0f} ({args.processes} client(s))"),
                ("ratio to the 1-row baseline (target ≥ 0.5)", f"{rate / per_tx:.2f}"),
                ("ratio to the batch baseline", f"{rate / per_batch_rows:.3f}"),
                ("load average before the run", load_before),
                *harness.machine(runtime.engine),
            ],
        )  # fmt: skip


if __name__ == "__main__":
    main()
