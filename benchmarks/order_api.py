"""One order at a time through the HTTP API: latency per order (target p99 ≤ 25 ms).

    .venv/bin/python -m benchmarks.order_api [--orders 2000] [--warmup 200] [--skus 2000]

The data of `order_ingest` (a merchant, a Shopify account with a listing per item, stock at two
warehouses, a routing policy, shipped orders already stored). The API runs as `ordertower serve`
runs it: `create_app` served by uvicorn (one process, its own connection pool), here on loopback
in a process of its own. This process is the client: an httpx client with keep-alive POSTs
`--orders` new orders one after the other (1-3 listing lines each, varied addresses) to
`POST /api/v1/merchants/{m}/channel-accounts/{a}/orders` with a bearer token, after `--warmup`
orders that are not counted; every answer must be 201 and `allocated`. Each order is stored,
mapped, routed, allocated and committed (two durable commits) before the answer is sent.

For comparison, the same number of orders are then captured by calling the service directly in
this process (`capture_orders` with one payload, read from the same JSON): the difference is what
HTTP, FastAPI, validation of the JSON body and authentication add.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from ordertower.domain.tenancy import Principal
from ordertower.services.orders.capture import capture_orders
from ordertower.services.orders.order_json import read_json_order
from ordertower.services.orders.records import PayloadSource
from ordertower.services.tenancy import credentials

from . import harness
from .order_ingest import NAMES, PLACES, STREETS, _setup


def _order(rng: random.Random, n: int, skus: int) -> dict[str, Any]:
    city, region, postal = rng.choice(PLACES)
    name = f"{rng.choice(NAMES)} Buyer{n % 997}"
    return {
        "external_order_id": f"API-{n}",
        "placed_at": dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC).isoformat(),
        "ship_to": {
            "name": name,
            "line1": f"{rng.randint(1, 9999)} {rng.choice(STREETS)}",
            "city": city,
            "region": region,
            "postal_code": postal,
            "country": "US",
        },
        "customer": {"name": name, "email": f"a{n}@example.com"},
        "lines": [
            {
                "line_id": str(i),
                "channel_sku": f"L-SKU-{s}",
                "quantity": rng.randint(1, 2),
                "unit_price": "12.50",
                "currency": "USD",
            }
            for i, s in enumerate(rng.sample(range(1, skus + 1), rng.randint(1, 3)), start=1)
        ],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, data_dir: str, port: int) -> None:
    """The API as `ordertower serve` builds it (without the in-process job worker)."""
    import uvicorn

    from ordertower import bootstrap
    from ordertower.entrypoints.api.app import create_app
    from ordertower.settings import Settings

    runtime = bootstrap.start(
        Settings(database_url=url, data_dir=Path(data_dir) / "api"), fast_hashing=True
    )
    config = uvicorn.Config(
        create_app(runtime), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    uvicorn.Server(config).run()


def _wait_until_up(client: httpx.Client, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            client.get("/health")
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _over_http(
    base: str, token: str, path: str, orders: list[dict[str, Any]], warmup: int
) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        _wait_until_up(client)
        for n, order in enumerate(orders):
            t0 = time.perf_counter()
            answer = client.post(path, json=order)
            elapsed = (time.perf_counter() - t0) * 1000
            assert answer.status_code == 201, answer.text
            assert answer.json()["state"] == "allocated", answer.text
            if n >= warmup:
                times.append(elapsed)
    return times


def _in_process(
    bench: harness.Bench, ids: tuple[int, int, Principal], orders: list[dict[str, Any]], warmup: int
) -> list[float]:
    merchant, account, principal = ids
    times = []
    for n, raw in enumerate(orders):
        t0 = time.perf_counter()
        [result] = capture_orders(
            bench.runtime.uow(), principal=principal, merchant_id=merchant,
            channel_account_id=account, payloads=[read_json_order(raw, merchant, account)],
            source=PayloadSource.API,
        )  # fmt: skip
        elapsed = (time.perf_counter() - t0) * 1000
        assert str(result.state) == "allocated", result.explanation
        if n >= warmup:
            times.append(elapsed)
    return times


def _row(samples: list[float]) -> str:
    p = harness.percentiles(samples)
    return " / ".join(f"{p[k]:.1f}" for k in ("p50", "p95", "p99", "max"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--skus", type=int, default=2000)
    parser.add_argument("--history", type=int, default=50_000, help="orders already stored")
    args = parser.parse_args()
    rng = random.Random(11)
    with harness.embedded_database() as bench:
        runtime = bench.runtime
        ids = _setup(bench, args.skus, args.history)
        merchant, account, principal = ids
        token = credentials.issue_api_token(runtime.uow(), principal=principal, name="bench")
        total = args.warmup + args.orders
        http_orders = [_order(rng, n, args.skus) for n in range(total)]
        direct_orders = [_order(rng, n, args.skus) for n in range(total, 2 * total)]
        port = _free_port()
        server = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(runtime.database_url, str(runtime.settings.data_dir), port)
        )
        load_before = harness.load_average()
        server.start()
        try:
            path = f"/api/v1/merchants/{merchant}/channel-accounts/{account}/orders"
            api = psutil.Process(server.pid)
            http_times = _over_http(
                f"http://127.0.0.1:{port}", token.secret, path, http_orders[: args.warmup], 0
            )
            api_cpu, db_cpu = sum(api.cpu_times()[:2]), bench.server_cpu_seconds()
            started = time.perf_counter()
            http_times = _over_http(
                f"http://127.0.0.1:{port}", token.secret, path, http_orders[args.warmup :], 0
            )
            http_wall = time.perf_counter() - started
            api_cpu = sum(api.cpu_times()[:2]) - api_cpu
            db_cpu = bench.server_cpu_seconds() - db_cpu
        finally:
            server.terminate()
            server.join(30)
        direct_times = _in_process(bench, ids, direct_orders, args.warmup)
        harness.report(
            "One order through the API (POST …/orders, uvicorn on loopback, keep-alive)",
            [
                ("orders", f"{args.orders:,} after {args.warmup} warm-up, one at a time"),
                ("HTTP ms p50 / p95 / p99 / max", _row(http_times)),
                ("HTTP orders/s (one client)", f"{args.orders / http_wall:,.0f}"),
                ("CPU ms per order: API process / server",
                 f"{api_cpu / args.orders * 1000:.2f} / {db_cpu / args.orders * 1000:.2f}"),
                ("service call ms p50 / p95 / p99 / max", _row(direct_times)),
                ("load average before the run", load_before),
                *harness.machine(runtime.engine),
            ],
        )  # fmt: skip


if __name__ == "__main__":
    main()
