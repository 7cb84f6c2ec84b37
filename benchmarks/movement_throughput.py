"""Movement throughput when posted in batches (target ≥ 5,000 movements/s).

    .venv/bin/python -m benchmarks.movement_throughput [--skus 20000] [--batches 30] [--batch 1000]
        [--posters 1]

A merchant with `--skus` products (stock from receipts in the ledger) and 100 storage bins in each of
five warehouses. Each batch, posted through `post_movements` (one transaction, all or nothing), is half
receipts into random bins and half transfers of units received by earlier batches to another bin
(every fifth to another warehouse), across many SKUs; every batch also defers its coalesced ATS
recomputes, as in production. Prints movements per second over all batches and per batch.

With `--posters 2`, two threads post at the same time (as two API workers would), each on its own
connection and its own half of the SKUs; each posts `--batches` batches, and movements per second is
counted over the wall time of both.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, text

from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.tenancy import Principal, Role
from ordertower.services.inventory.posting import post_movements

from . import dataset, harness

BINS_PER_WAREHOUSE = 100
SELLABLE = InventoryStatus.SELLABLE
PRINCIPAL = Principal(user_id=0, name="benchmark", role=Role.ADMIN, merchant_ids=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=20_000)
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--batch", type=int, default=1_000, help="movements per batch")
    parser.add_argument("--posters", type=int, default=1, help="threads posting at once")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with harness.embedded_database() as bench:
        engine = bench.runtime.engine
        harness.report("machine", harness.machine(engine))
        catalog = dataset.generate(engine, skus=args.skus, ledger=True)
        bins = _bins(engine, catalog.warehouse_ids)
        with engine.connect() as c:
            rows = c.execute(text("SELECT sku FROM products WHERE kind = 'item'"))
            skus: list[str] = list(rows.scalars())
        seconds: list[float] = []
        ready = threading.Barrier(args.posters + 1)

        def poster(number: int) -> float:
            own = Batches(
                catalog.merchant_id,
                skus[number :: args.posters],
                bins,
                random.Random(args.seed + number),
                prefix=f"p{number}",
            )
            _post(bench, own.next(args.batch))  # warm-up: plans, caches, first bins
            ready.wait()
            for _ in range(args.batches):
                batch = own.next(args.batch)
                started = time.perf_counter()
                _post(bench, batch)
                seconds.append(time.perf_counter() - started)
            return time.perf_counter()

        with ThreadPoolExecutor(args.posters) as pool:
            running = [pool.submit(poster, n) for n in range(args.posters)]
            ready.wait()
            server, python = bench.server_cpu_seconds(), harness.python_cpu_seconds()
            began = time.perf_counter()
            wall = max(r.result() for r in running) - began
        server, python = bench.server_cpu_seconds() - server, harness.python_cpu_seconds() - python
        total = args.batches * args.batch * args.posters
        per_batch = harness.percentiles([s * 1000 for s in seconds])
        harness.report(
            f"movement throughput, batches of {args.batch:,} (target ≥ 5,000 movements/s)",
            [
                ("posters (threads, one connection each)", str(args.posters)),
                ("movements/s", f"{total / wall:,.0f} ({total:,} in {wall:.1f} s)"),
                ("best batch (one poster)", f"{args.batch / min(seconds):,.0f} movements/s"),
                ("per batch", "  ".join(f"{k} {v:,.0f} ms" for k, v in per_batch.items())),
                ("cpu per 1,000 movements", f"python {python / total * 1000:.2f} s, "
                 f"server {server / total * 1000:.2f} s"),
                ("peak RSS (Python process)", f"{harness.peak_rss_mib():.0f} MiB"),
                ("load average at the end", harness.load_average()),
            ],
        )  # fmt: skip


def _post(bench: harness.Bench, batch: list[MovementRequest]) -> None:
    merchant_id = batch[0].merchant_id
    post_movements(
        bench.runtime.uow(), principal=PRINCIPAL, merchant_id=merchant_id, requests=batch
    )


def _bins(engine: Engine, warehouses: tuple[int, ...]) -> dict[int, list[int]]:
    """A storage zone of 100 bins in each warehouse."""
    found: dict[int, list[int]] = {}
    with engine.begin() as c:
        for warehouse in warehouses:
            zone = c.execute(
                text(
                    "INSERT INTO zones (location_id, code, name, kind)"
                    " VALUES (:w, 'S', 'Storage', 'storage') RETURNING id"
                ),
                {"w": warehouse},
            ).scalar_one()
            found[warehouse] = list(
                c.execute(
                    text(
                        "INSERT INTO bins (location_id, zone_id, code, barcode, sort_key)"
                        " SELECT :w, :z, 'B-' || g, 'BIN-' || :w || '-' || g, lpad(g::text, 4, '0')"
                        " FROM generate_series(1, :n) g RETURNING id"
                    ),
                    {"w": warehouse, "z": zone, "n": BINS_PER_WAREHOUSE},
                ).scalars()
            )
    # With statistics, as autovacuum gathers them within a minute of 500 new rows: planned for the
    # empty table of before, every bin lookup (foreign-key checks included) scanned all 500 bins.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("ANALYZE zones, bins"))
    return found


class Batches:
    """Receipts into random bins, and transfers of units that earlier batches received."""

    def __init__(
        self,
        merchant_id: int,
        skus: list[str],
        bins: dict[int, list[int]],
        rng: random.Random,
        prefix: str = "",
    ) -> None:
        self.merchant_id, self.skus, self.bins, self.rng = merchant_id, skus, bins, rng
        self.prefix = prefix  # keeps the idempotency keys of concurrent posters apart
        self.received: list[tuple[str, Place, int]] = []  # units that can move on
        self.count = 0

    def next(self, size: int) -> list[MovementRequest]:
        movable, self.received = self.received, []
        self.rng.shuffle(movable)
        batch = [self._transfer(*movable.pop()) for _ in range(min(size // 2, len(movable)))]
        batch += [self._receipt() for _ in range(size - len(batch))]
        return batch

    def _place(self, warehouse: int | None = None) -> Place:
        warehouse = warehouse or self.rng.choice(list(self.bins))
        return Place(warehouse, self.rng.choice(self.bins[warehouse]), SELLABLE)

    def _receipt(self) -> MovementRequest:
        sku, place, quantity = self.rng.choice(self.skus), self._place(), self.rng.randint(1, 20)
        self.received.append((sku, place, quantity))
        return self._request(sku, MovementKind.RECEIPT, quantity, None, place)

    def _transfer(self, sku: str, src: Place, quantity: int) -> MovementRequest:
        elsewhere = self.count % 5 == 0
        dst = src
        while dst.bin_id == src.bin_id:
            dst = self._place(None if elsewhere else src.location_id)
        return self._request(sku, MovementKind.TRANSFER, quantity, src, dst)

    def _request(
        self, sku: str, kind: MovementKind, quantity: int, src: Place | None, dst: Place
    ) -> MovementRequest:
        self.count += 1
        return MovementRequest(
            merchant_id=self.merchant_id,
            sku=sku,
            kind=kind,
            quantity=quantity,
            from_place=src,
            to_place=dst,
            reference=Reference(ReferenceKind.RECEIPT, f"T{self.prefix}-{self.count // 1000}"),
            idempotency_key=f"throughput{self.prefix}-{self.count}",
            actor="benchmark",
        )


if __name__ == "__main__":
    main()
