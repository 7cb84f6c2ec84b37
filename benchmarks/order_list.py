"""Order list and search at scale: every list shape the API and the Orders page run (target p95 < 100 ms).

    .venv/bin/python -m benchmarks.order_list [--skus 20000] [--orders 5000000] [--samples 200]

A merchant with `--skus` items (benchmarks/dataset.py) and `--orders` orders over 400 days
(benchmarks/order_history.py: three channels, open work in the last two days, the rest shipped or
cancelled). After one warm-up pass over every shape, each shape runs `--samples` times with varied
inputs through the service functions the API and the web page call (services/orders/queries
.list_orders, services/dashboard.order_work), one page of 50 rows each, in shuffled order so no
shape profits from the one before. Prints p50/p95/p99/max per shape, then the same for a few whole
HTTP requests (API list, web Orders page with its counts), the machine and the table sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import text

from ordertower import bootstrap
from ordertower.domain.orders import OrderState
from ordertower.domain.pagination import PageRequest, encode_cursor
from ordertower.domain.tenancy import Principal, Role
from ordertower.entrypoints.api.app import create_app
from ordertower.services.dashboard import order_work
from ordertower.services.orders import queries
from ordertower.services.orders.views import OrderFilter
from ordertower.services.tenancy import access, credentials
from ordertower.services.tenancy.credentials import principal_of

from . import dataset, harness, order_history

PAGE = 50
TARGET_MS = 100.0
PASSWORD = "a long benchmark password"


@dataclass(frozen=True)
class Call:
    """One sample of a shape: the filter and, for deeper pages, the cursor (an order id)."""

    filters: OrderFilter
    after: int | None = None


@dataclass
class Facts:
    """What the inputs are drawn from: the id range, real orders' numbers, the channel accounts."""

    min_id: int
    max_id: int
    accounts: list[int]
    samples: list[tuple[str, str, str | None, str]]  # external id, channel, number, customer name


def _facts(runtime: bootstrap.Runtime, merchant_id: int) -> Facts:
    with runtime.engine.connect() as c:
        low, high = c.execute(
            text("SELECT min(id), max(id) FROM orders WHERE merchant_id = :m"), {"m": merchant_id}
        ).one()
        accounts = list(
            c.execute(
                text("SELECT id FROM channel_accounts WHERE merchant_id = :m ORDER BY id"),
                {"m": merchant_id},
            ).scalars()
        )
        # Orders to search for: a random thousand across all ages (TABLESAMPLE reads few pages).
        rows = c.execute(
            text(
                "SELECT external_order_id, channel, channel_order_number, customer->>'name'"
                " FROM orders TABLESAMPLE SYSTEM (0.2) WHERE merchant_id = :m LIMIT 1000"
            ),
            {"m": merchant_id},
        ).all()
    return Facts(low, high, accounts, [(r[0], r[1], r[2], r[3]) for r in rows])


def _shapes(facts: Facts, now: dt.datetime) -> dict[str, Callable[[random.Random], Call]]:
    """Every list users hit, as a function drawing one varied input."""
    end_of_today = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    states = list(OrderState)
    open_states = [s for s in states if s not in (OrderState.SHIPPED, OrderState.CANCELLED)]
    channels = ["shopify", "amazon", "walmart", "manual"]  # manual: none in this history

    def age(r: random.Random) -> dt.datetime:
        return now - dt.timedelta(hours=r.choice((24, 48, 72, 168)))

    def deep(r: random.Random) -> int:
        return r.randint(facts.min_id, facts.max_id)

    def order(r: random.Random) -> tuple[str, str, str | None, str]:
        return r.choice(facts.samples)

    def numbered(r: random.Random) -> str:
        while True:
            number = order(r)[2]
            if number:
                return number

    def prefix(value: str, r: random.Random, shortest: int) -> str:
        return value[: r.randint(min(shortest, len(value)), len(value))]

    def name_prefix(r: random.Random) -> str:
        name = order(r)[3]
        first, last = name.split(" ", 1)
        shown = r.choice((first[: r.randint(2, len(first))], first, f"{first} {last[:3]}", name))
        return shown.lower() if r.random() < 0.5 else shown

    return {
        "newest first, first page": lambda r: Call(OrderFilter()),
        "newest first, deep keyset page": lambda r: Call(OrderFilter(), deep(r)),
        "state (any of 11)": lambda r: Call(OrderFilter(state=r.choice(states))),
        "state open, deep page": lambda r: Call(OrderFilter(state=r.choice(open_states)), deep(r)),
        "state shipped/cancelled, deep page": lambda r: Call(
            OrderFilter(state=r.choice((OrderState.SHIPPED, OrderState.CANCELLED))), deep(r)
        ),
        "channel (incl. one with no orders)": lambda r: Call(
            OrderFilter(channel=r.choice(channels))
        ),
        "channel, deep page": lambda r: Call(OrderFilter(channel=r.choice(channels[:3])), deep(r)),
        "channel account": lambda r: Call(OrderFilter(channel_account_id=r.choice(facts.accounts))),
        "placed age (older than 1-7 days)": lambda r: Call(OrderFilter(placed_before=age(r))),
        "placed between (a day, 1-400 days ago)": lambda r: _between(r, now),
        "ship-by today": lambda r: Call(OrderFilter(ship_by_before=end_of_today)),
        "state + channel": lambda r: Call(
            OrderFilter(state=r.choice(states), channel=r.choice(channels))
        ),
        "state + ship-by today": lambda r: Call(
            OrderFilter(state=r.choice(open_states), ship_by_before=end_of_today)
        ),
        "channel + placed age": lambda r: Call(
            OrderFilter(channel=r.choice(channels), placed_before=age(r))
        ),
        "state + channel + age + ship-by": lambda r: Call(
            OrderFilter(
                state=r.choice(states),
                channel=r.choice(channels),
                placed_before=age(r),
                ship_by_before=end_of_today,
            )
        ),
        "search external id, exact": lambda r: Call(OrderFilter(search=order(r)[0])),
        "search external id, prefix": lambda r: Call(OrderFilter(search=prefix(order(r)[0], r, 6))),
        "search channel order number, exact": lambda r: Call(OrderFilter(search=numbered(r))),
        "search channel order number, prefix": lambda r: Call(
            OrderFilter(search=prefix(numbered(r), r, 4))
        ),
        "search customer name prefix": lambda r: Call(OrderFilter(search=name_prefix(r))),
        "search nothing matches": lambda r: Call(OrderFilter(search=f"zz-{r.randint(1, 10**6)}")),
        "search + state filter": lambda r: Call(
            OrderFilter(search=name_prefix(r), state=r.choice(states))
        ),
    }


def _between(r: random.Random, now: dt.datetime) -> Call:
    start = now - dt.timedelta(days=r.randint(1, 400))
    return Call(OrderFilter(placed_after=start, placed_before=start + dt.timedelta(days=1)))


def _time_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _line(name: str, samples: list[float]) -> str:
    p = harness.percentiles(samples)
    verdict = "ok" if p["p95"] < TARGET_MS else "MISSED"
    return (
        f"{name:42} p50 {p['p50']:7.1f}  p95 {p['p95']:7.1f}  p99 {p['p99']:7.1f}"
        f"  max {p['max']:7.1f} ms  {verdict}"
    )


def _table_sizes(runtime: bootstrap.Runtime) -> list[tuple[str, str]]:
    with runtime.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT relname, reltuples::bigint, pg_size_pretty(pg_table_size(oid)),"
                " pg_size_pretty(pg_indexes_size(oid)) FROM pg_class"
                " WHERE relname IN ('orders', 'order_lines', 'order_events', 'products')"
                " ORDER BY relname"
            )
        ).all()
    return [(r[0], f"{r[1]:,} rows, table {r[2]}, indexes {r[3]}") for r in rows]


def run(skus: int, orders: int, samples: int, seed: int) -> None:
    with harness.embedded_database() as bench:
        runtime = bench.runtime
        started = time.perf_counter()
        catalog = dataset.generate(runtime.engine, skus=skus)
        order_history.generate(runtime.engine, catalog, orders=orders)
        load_s = time.perf_counter() - started
        harness.report(
            "Order list and search",
            [
                *harness.machine(runtime.engine),
                ("data", f"{skus:,} SKUs, {orders:,} orders, loaded in {load_s:.0f} s"),
                *_table_sizes(runtime),
                ("samples", f"{samples} per shape (after a warm-up), page of {PAGE}"),
            ],
        )
        measure(runtime, catalog.merchant_id, samples, seed)


def measure(runtime: bootstrap.Runtime, merchant: int, samples: int, seed: int) -> None:
    """Time every shape on a database holding the merchant's orders; print the percentiles."""
    user = access.create_user(
        runtime.uow(), runtime.hasher, principal=None, email="list@example.com",
        name="List Bench", role=Role.MANAGER, password=PASSWORD, merchant_ids=(merchant,),
    )  # fmt: skip
    principal: Principal = principal_of(user)
    facts = _facts(runtime, merchant)
    now = dt.datetime.now(dt.UTC)
    shapes = _shapes(facts, now)

    def list_call(call: Call) -> None:
        queries.list_orders(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant,
            filters=call.filters,
            page=PageRequest(PAGE, None if call.after is None else str(call.after)),
        )

    def counts() -> None:
        order_work(runtime.uow(), principal=principal, merchant_id=merchant)

    rng = random.Random(seed)
    for draw in shapes.values():  # warm-up: plans, caches, connections
        for _ in range(3):
            list_call(draw(rng))
    counts()
    plan = [name for name in shapes for _ in range(samples)]
    rng.shuffle(plan)
    times: dict[str, list[float]] = {name: [] for name in shapes}
    times["counts per open state"] = []
    for name in plan:
        call = shapes[name](rng)
        times[name].append(_time_ms(functools.partial(list_call, call)))
        if rng.random() < 1 / len(shapes):
            times["counts per open state"].append(_time_ms(counts))
    while len(times["counts per open state"]) < samples:
        times["counts per open state"].append(_time_ms(counts))

    http = _http_samples(runtime, principal, merchant, facts, samples // 2, rng)
    print("\n== service calls (the code the API and the page run)")
    for name, values in times.items():
        print("  " + _line(name, values))
    print("\n== whole HTTP requests (TestClient, in process)")
    for name, values in http.items():
        print("  " + _line(name, values))
    print(f"\n  load average at the end: {harness.load_average()}")


def _http_samples(
    runtime: bootstrap.Runtime,
    principal: Principal,
    merchant: int,
    facts: Facts,
    n: int,
    rng: random.Random,
) -> dict[str, list[float]]:
    """A few whole requests: the API list (bearer token) and the web Orders page (session)."""
    issued = credentials.issue_api_token(runtime.uow(), principal=principal, name="bench")
    api = TestClient(create_app(runtime))
    api.headers["Authorization"] = f"Bearer {issued.secret}"
    web = TestClient(create_app(runtime))
    token = _csrf(web.get("/login").text)
    signed = web.post(
        "/login",
        data={"username": "list@example.com", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    base = f"/api/v1/merchants/{merchant}/orders"

    def get(client: TestClient, url: str, params: dict[str, str]) -> Callable[[], object]:
        def call() -> None:
            response = client.get(url, params=params)
            assert response.status_code == 200, response.text[:300]

        return call

    def draws() -> dict[str, Callable[[], Callable[[], object]]]:
        return {
            "API list, newest first": lambda: get(api, base, {}),
            "API list, deep page": lambda: get(
                api,
                base,
                {"cursor": encode_cursor(str(rng.randint(facts.min_id, facts.max_id)))},
            ),
            "API list, search": lambda: get(api, base, {"q": rng.choice(facts.samples)[3][:5]}),
            "web Orders page (with counts)": lambda: get(web, "/orders", {}),
            "web Orders page, search (live)": lambda: get(
                web, "/orders", {"q": rng.choice(facts.samples)[0][:8]}
            ),
        }

    shapes = draws()
    for make in shapes.values():
        make()()
    out: dict[str, list[float]] = {name: [] for name in shapes}
    for _ in range(n):
        for name, make in shapes.items():
            out[name].append(_time_ms(make()))
    return out


def _csrf(page: str) -> str:
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=20_000)
    parser.add_argument("--orders", type=int, default=5_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    run(args.skus, args.orders, args.samples, args.seed)


if __name__ == "__main__":
    main()
