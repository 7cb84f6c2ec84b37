"""Full available-to-sell recompute: 1,000,000 SKUs × 3 listings × 5 warehouses (target ≤ 10 s, ≤ 1 GB).

    .venv/bin/python -m benchmarks.ats_full [--skus 1000000] [--runs 3] [--workers 2]

Generates the catalog in SQL (benchmarks/dataset.py), then times `recompute_all_availability` in three
situations, each run: the first fill (no stored result yet: every row inserted), a reconciliation
that finds nothing to change (the nightly case), and one where every stored quantity is wrong (every
row updated). Prints wall time, CPU time of this Python process and of the PostgreSQL server, and the
peak memory of this Python process and of the server (the sum of the proportional set sizes of
every server process, so shared buffers count once; sampled once a second while it runs). With
`--workers 2` two connections recompute ranges at the same time, as `ordertower inventory recompute`
does by default.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from sqlalchemy import text

from ordertower.services.inventory.availability import (
    RecomputeProgress,
    recompute_all_availability,
)

from . import dataset, harness

SITUATIONS = ("first fill", "nothing changed", "every quantity changed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="connections recomputing at once")
    args = parser.parse_args()
    with harness.embedded_database() as bench:
        engine = bench.runtime.engine
        harness.report("machine", harness.machine(engine))
        started = time.perf_counter()
        catalog = dataset.generate(engine, skus=args.skus)
        print(
            f"\ngenerated {args.skus:,} SKUs, {catalog.listings:,} listings "
            f"in {time.perf_counter() - started:.0f} s"
        )
        timings: dict[str, list[float]] = {s: [] for s in SITUATIONS}
        peaks: list[float] = []
        for run in range(1, args.runs + 1):
            for situation, prepare in zip(SITUATIONS, _PREPARE, strict=True):
                prepare(bench)
                row = _timed(bench, catalog.merchant_id, args.workers)
                timings[situation].append(row["wall s"])
                peaks.append(row["server peak MiB"])
                print(
                    f"run {run}  {situation:<24} "
                    + "  ".join(
                        f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v:,}"
                        for k, v in row.items()
                    )
                )
        probe = _stream_inputs_through_python(bench, catalog.merchant_id)
        summary = [
            (s, f"best {min(t):.2f} s, median {statistics.median(t):.2f} s over {len(t)} runs")
            for s, t in timings.items()
        ]
        summary.append(("only reading the inputs into Python", probe))
        summary.append(("connections recomputing at once", str(args.workers)))
        summary.append(("peak RSS (Python process)", f"{harness.peak_rss_mib():.0f} MiB"))
        summary.append(("peak server memory (all runs)", f"{max(peaks):.0f} MiB"))
        summary.append(("load average at the end", harness.load_average()))
        harness.report(
            f"full ATS recompute, {catalog.listings:,} listings (target ≤ 10 s)", summary
        )


def _timed(bench: harness.Bench, merchant_id: int, workers: int) -> dict[str, float | int]:
    server, python, started = (
        bench.server_cpu_seconds(),
        harness.python_cpu_seconds(),
        time.perf_counter(),
    )
    seen: list[RecomputeProgress] = []
    with harness.ServerMemory(bench) as memory:
        computed = recompute_all_availability(
            bench.runtime.uow(),
            merchant_id=merchant_id,
            on_progress=seen.append,
            helpers=[bench.runtime.uow() for _ in range(workers - 1)],
        )
    return {
        "wall s": time.perf_counter() - started,
        "server peak MiB": memory.peak_mib,
        "server cpu s": bench.server_cpu_seconds() - server,
        "python cpu s": harness.python_cpu_seconds() - python,
        "listings": computed,
        "written": seen[-1].changed if seen else 0,
    }


def _stream_inputs_through_python(bench: harness.Bench, merchant_id: int) -> str:
    """What the alternative design would pay before computing anything: every listing and sellable
    position streamed to Python in product order (server-side cursor, 20,000 rows at a time)."""
    started = time.perf_counter()
    rows = 0
    with bench.runtime.engine.connect() as c:
        for query in (_LISTINGS_IN_PRODUCT_ORDER, _POSITIONS_IN_PRODUCT_ORDER):
            result = c.execution_options(yield_per=20_000).execute(text(query), {"m": merchant_id})
            rows += sum(1 for _ in result)
    return f"{time.perf_counter() - started:.2f} s for {rows:,} rows (no compute, no writes)"


_LISTINGS_IN_PRODUCT_ORDER = (
    "SELECT l.id, l.product_id, l.quantity_per, l.safety_buffer, l.percent_cap, l.min_shown,"
    " l.max_shown FROM listings l WHERE l.merchant_id = :m AND l.status = 'active'"
    " AND coalesce(l.fulfillment_channel, 'MFN') <> 'AFN' ORDER BY l.product_id, l.id"
)
_POSITIONS_IN_PRODUCT_ORDER = (
    "SELECT product_id, location_id, sellable_on_hand, allocated, last_movement_id"
    " FROM stock_positions WHERE merchant_id = :m ORDER BY product_id, location_id"
)


def _execute(statement: str) -> Callable[[harness.Bench], None]:
    def prepare(bench: harness.Bench) -> None:
        with bench.runtime.engine.begin() as c:
            c.execute(text(statement))
        with bench.runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE listing_availability"))

    return prepare


_PREPARE = (
    _execute("TRUNCATE listing_availability"),
    _execute("SELECT 1"),
    _execute(
        "UPDATE listing_availability SET quantity = quantity + 1,"
        " computed_at = computed_at - interval '1 day'"
    ),
)

if __name__ == "__main__":
    main()
