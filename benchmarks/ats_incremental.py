"""Incremental available to sell after one movement, bundles fanning out (target p99 ≤ 5 ms).

    .venv/bin/python -m benchmarks.ats_incremental [--skus 50000] [--samples 2000]

A merchant with `--skus` products (every 20th a bundle of three parts; 100 popular items are parts
of many bundles; some bundles nested) and three listings each, stock from receipts in the ledger.
Each sample posts one movement (a receipt, or a transfer of that unit to another warehouse) through
`post_movements`, then runs the recompute the worker would run for its product
(`recompute_availability` in a statement unit of work, as the task does), called directly: queue
latency is not what is measured. Half the samples
move a popular bundle part, so every such recompute fans out to its bundles' listings.

On a shared machine wall time moves with the neighbours, so each recompute's CPU time is counted
too: this process's (per sample) and the server's (all its processes, summed over the recomputes
only; /proc counts in 10 ms ticks, so only the mean over many samples means something).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.tenancy import Principal, Role
from ordertower.services.inventory.availability import recompute_availability
from ordertower.services.inventory.posting import post_movements

from . import dataset, harness

WARM_UP = 50
SELLABLE = InventoryStatus.SELLABLE
PRINCIPAL = Principal(user_id=0, name="benchmark", role=Role.ADMIN, merchant_ids=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    with harness.embedded_database() as bench:
        engine = bench.runtime.engine
        harness.report("machine", harness.machine(engine))
        catalog = dataset.generate(engine, skus=args.skus, ledger=True)
        print(f"\ngenerated {args.skus:,} SKUs, {catalog.listings:,} listings")
        skus = _skus(bench, catalog.merchant_id)
        samples = _run(bench, catalog, skus, args.samples + WARM_UP, random.Random(args.seed))
        _print(samples[WARM_UP:], catalog.listings)


@dataclass(frozen=True, slots=True)
class Sample:
    post_ms: float
    recompute_ms: float
    python_cpu_ms: float  # this process's CPU time during the recompute
    server_cpu_ms: float  # the server's, in 10 ms ticks: meaningful as a mean only
    fan_out: int  # listings recomputed
    hot: bool  # a popular bundle part moved


def _skus(bench: harness.Bench, merchant_id: int) -> dict[int, str]:
    with bench.runtime.engine.connect() as c:
        rows = c.execute(
            text("SELECT id, sku FROM products WHERE merchant_id = :m"), {"m": merchant_id}
        ).all()
    return {r.id: r.sku for r in rows}


def _run(
    bench: harness.Bench,
    catalog: dataset.Catalog,
    skus: dict[int, str],
    count: int,
    rng: random.Random,
) -> list[Sample]:
    merchant_id = catalog.merchant_id

    def post(request: MovementRequest) -> None:
        post_movements(
            bench.runtime.uow(), principal=PRINCIPAL, merchant_id=merchant_id, requests=[request]
        )

    samples = []
    for n in range(count):
        hot = n % 2 == 0
        product = rng.choice(catalog.hot_item_ids if hot else catalog.item_ids)
        here, there = rng.sample(catalog.warehouse_ids, 2)
        receipt = _movement(merchant_id, skus[product], f"in-{n}", to=here)
        if n % 4 < 2:
            movement = receipt
        else:  # a transfer of a unit received (untimed) just before
            post(receipt)
            movement = _movement(merchant_id, skus[product], f"move-{n}", to=there, src=here)
        started = time.perf_counter()
        post(movement)
        server = bench.server_cpu_seconds()
        cpu, posted = time.thread_time(), time.perf_counter()
        results = recompute_availability(  # as the worker's task runs it
            bench.runtime.statement_uow(), merchant_id=merchant_id, product_id=product
        )
        done, cpu = time.perf_counter(), time.thread_time() - cpu
        server = bench.server_cpu_seconds() - server
        samples.append(
            Sample(
                (posted - started) * 1000,
                (done - posted) * 1000,
                cpu * 1000,
                server * 1000,
                len(results),
                hot,
            )
        )
    return samples


def _movement(
    merchant_id: int, sku: str, key: str, *, to: int, src: int | None = None
) -> MovementRequest:
    return MovementRequest(
        merchant_id=merchant_id,
        sku=sku,
        kind=MovementKind.RECEIPT if src is None else MovementKind.TRANSFER,
        quantity=1,
        from_place=None if src is None else Place(src, None, SELLABLE),
        to_place=Place(to, None, SELLABLE),
        reference=Reference(ReferenceKind.RECEIPT, key),
        idempotency_key=key,
        actor="benchmark",
    )


def _print(samples: Sequence[Sample], listings: int) -> None:
    rows: list[tuple[str, str]] = []
    for label, chosen in (
        ("all", samples),
        ("popular bundle part", [s for s in samples if s.hot]),
        ("any item", [s for s in samples if not s.hot]),
    ):
        recompute = harness.percentiles([s.recompute_ms for s in chosen])
        fan_out = sorted(s.fan_out for s in chosen)
        python = harness.percentiles([s.python_cpu_ms for s in chosen])
        server = statistics.fmean(s.server_cpu_ms for s in chosen)
        rows.append(
            (
                f"recompute, {label} ({len(chosen)})",
                _ms(recompute) + f"; listings per recompute median {fan_out[len(fan_out) // 2]},"
                f" max {fan_out[-1]}",
            )
        )
        rows.append(
            (
                "  cpu per recompute",
                f"python p50 {python['p50']:.2f} ms  p99 {python['p99']:.2f} ms  mean"
                f" {python['mean']:.2f} ms; server mean {server:.2f} ms; sum of the means"
                f" {python['mean'] + server:.2f} ms",
            )
        )
    rows.append(("post one movement (all)", _ms(harness.percentiles([s.post_ms for s in samples]))))
    rows.append(("peak RSS (Python process)", f"{harness.peak_rss_mib():.0f} MiB"))
    rows.append(("load average at the end", harness.load_average()))
    harness.report(
        f"incremental ATS after one movement, {listings:,} listings (target p99 ≤ 5 ms)", rows
    )


def _ms(stats: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.2f} ms" for k, v in stats.items())


if __name__ == "__main__":
    main()
