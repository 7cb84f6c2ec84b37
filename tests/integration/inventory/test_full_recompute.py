"""The full ATS recompute (nightly reconciliation) agrees with the per-product recompute, listing by listing."""

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete, insert, select, text, update
from typer.testing import CliRunner

from ordertower.adapters.db.tables.catalog import bundle_components, products
from ordertower.adapters.db.tables.channels import channel_accounts, listing_locations, listings
from ordertower.adapters.db.tables.inventory import listing_availability
from ordertower.adapters.db.tables.locations import locations
from ordertower.adapters.db.tables.tenancy import merchants
from ordertower.domain.inventory import Reference, ReferenceKind
from ordertower.entrypoints.cli.main import app
from ordertower.entrypoints.workers import app as workers
from ordertower.entrypoints.workers import tasks
from ordertower.services.inventory import queries
from ordertower.services.inventory.allocation import AllocationRequest, allocate
from ordertower.services.inventory.availability import (
    RecomputeProgress,
    explain,
    recompute_all_availability,
    recompute_availability,
)
from ordertower.services.inventory.posting import post_movements


@pytest.fixture
def mixed(runtime, stockroom):
    """Every kind of listing, stock at three warehouses (one now inactive) and open allocations."""
    s = stockroom
    with runtime.engine.begin() as c:
        old = c.execute(
            insert(locations)
            .values(code="WH-OLD", name="WH-OLD", kind="warehouse")
            .returning(locations.c.id)
        ).scalar_one()
        for sku, kind in (("SKU-D", "item"), ("KIT-NEST", "bundle"), ("KIT-EMPTY", "bundle")):
            s.products[sku] = c.execute(
                insert(products)
                .values(merchant_id=s.merchant_id, sku=sku, title=sku, kind=kind)
                .returning(products.c.id)
            ).scalar_one()
        # KIT-NEST = 1 × BUNDLE-AB (2 A + 1 B) + 3 × C: flattened to 2 A, 1 B, 3 C.
        c.execute(
            insert(bundle_components),
            [
                {"merchant_id": s.merchant_id, "bundle_id": s.products["KIT-NEST"],
                 "component_id": s.products[part], "quantity": n}
                for part, n in (("BUNDLE-AB", 1), ("SKU-C", 3))
            ],
        )  # fmt: skip
    east, west = s.warehouse_id, s.other_warehouse_id
    post_movements(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        requests=[
            s.receive("SKU-A", 23),
            s.receive("SKU-A", 9, bin="A-02"),
            s.receive("SKU-B", 7),
            s.receive("SKU-C", 40, bin="A-03"),
            s.receive("SKU-A", 11, bin=None, location=west),
            s.receive("SKU-B", 4, bin=None, location=west),
            s.receive("SKU-C", 2, bin=None, location=west),
            s.receive("SKU-A", 50, bin=None, location=old),
            s.receive("SKU-B", 50, bin=None, location=old),
        ],
    )
    for n, (sku, quantity) in enumerate((("SKU-A", 3), ("BUNDLE-AB", 2)), start=1):
        allocate(
            runtime.uow(),
            principal=s.principal,
            merchant_id=s.merchant_id,
            request=AllocationRequest(
                sku, quantity, east, Reference(ReferenceKind.ORDER, f"O-{n}"), f"order-{n}"
            ),
        )
    with runtime.engine.begin() as c:
        c.execute(update(locations).where(locations.c.id == old).values(active=False))
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=s.merchant_id, kind="shopify", name="Shop")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        ids = {}
        for name, product, rules, fed_by in (
            ("A", "SKU-A", {}, ()),
            ("A-3PACK", "SKU-A", {"quantity_per": 3, "safety_buffer": 2}, ()),
            ("A-HALF", "SKU-A", {"percent_cap": 50}, ()),
            ("A-MIN-MAX", "SKU-A", {"min_shown": 5, "max_shown": 7}, ()),
            ("A-WEST", "SKU-A", {}, (west,)),
            ("A-OLD-EAST", "SKU-A", {"safety_buffer": 1}, (old, east)),
            ("A-FBA", "SKU-A", {"fulfillment_channel": "AFN"}, ()),
            ("A-OFF", "SKU-A", {"status": "inactive"}, ()),
            ("B-BUFFERED-AWAY", "SKU-B", {"safety_buffer": 100}, ()),
            ("C-BELOW-MINIMUM", "SKU-C", {"min_shown": 1000}, ()),
            ("C-2PACK-CAPPED", "SKU-C", {"quantity_per": 2, "percent_cap": 30}, ()),
            ("KIT", "BUNDLE-AB", {}, ()),
            ("KIT-2PACK", "BUNDLE-AB", {"quantity_per": 2, "safety_buffer": 1}, ()),
            ("KIT-WEST", "BUNDLE-AB", {"percent_cap": 40}, (west,)),
            ("KIT-OLD", "BUNDLE-AB", {}, (old,)),
            ("NEST", "KIT-NEST", {}, ()),
            ("NEST-MAX", "KIT-NEST", {"max_shown": 1}, ()),
            ("NEST-FBA", "KIT-NEST", {"fulfillment_channel": "AFN"}, ()),
            ("EMPTY-KIT", "KIT-EMPTY", {}, ()),
            ("D-NOTHING", "SKU-D", {}, ()),
        ):
            ids[name] = c.execute(
                insert(listings)
                .values(
                    merchant_id=s.merchant_id,
                    channel_account_id=account,
                    channel_sku=name,
                    product_id=s.products[product],
                    **rules,
                )
                .returning(listings.c.id)
            ).scalar_one()
            for location in fed_by:
                c.execute(
                    insert(listing_locations).values(
                        merchant_id=s.merchant_id, listing_id=ids[name], location_id=location
                    )
                )
    return ids


def _stored(runtime) -> dict[int, tuple[int, int]]:
    with runtime.engine.connect() as c:
        rows = c.execute(
            select(
                listing_availability.c.listing_id,
                listing_availability.c.quantity,
                listing_availability.c.ledger_position,
            )
        ).all()
    return {r.listing_id: (r.quantity, r.ledger_position) for r in rows}


def _incremental(runtime, stockroom) -> dict[int, tuple[int, int]]:
    """The reference: the per-product recompute the worker runs, for every product."""
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    for product_id in stockroom.products.values():
        recompute_availability(
            runtime.uow(), merchant_id=stockroom.merchant_id, product_id=product_id
        )
    return _stored(runtime)


def _full(runtime, stockroom, **options) -> list[RecomputeProgress]:
    seen: list[RecomputeProgress] = []
    recompute_all_availability(
        runtime.uow(), merchant_id=stockroom.merchant_id, on_progress=seen.append, **options
    )
    return seen


@pytest.mark.parametrize("products_per_range", [1, 3, 100_000])
def test_the_full_recompute_gives_every_listing_what_the_incremental_one_gives(
    runtime, stockroom, mixed, products_per_range
) -> None:
    expected = _incremental(runtime, stockroom)
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    _full(runtime, stockroom, products_per_range=products_per_range)
    assert _stored(runtime) == expected
    # The fixture is not trivial: every rule shows. Free stock: east A 25 (32 - 7 allocated),
    # B 5, C 40; west A 11, B 4, C 2; the inactive WH-OLD A 50, B 50.
    shown = {name: expected.get(listing_id, (None,))[0] for name, listing_id in mixed.items()}
    assert shown == {
        "A": 36,
        "A-3PACK": 11,  # (36 - 2) / 3
        "A-HALF": 18,
        "A-MIN-MAX": 7,
        "A-WEST": 11,
        "A-OLD-EAST": 74,  # 50 + 25 - 1
        "A-FBA": None,  # Amazon reports FBA stock itself
        "A-OFF": None,
        "B-BUFFERED-AWAY": 0,
        "C-BELOW-MINIMUM": 0,
        "C-2PACK-CAPPED": 6,  # 42 / 2 = 21, 30 %
        "KIT": 9,  # east min(25 / 2, 5) = 5, west min(11 / 2, 4) = 4
        "KIT-2PACK": 3,  # east min(25 / 4, 5 / 2) = 2, west 2, minus 1
        "KIT-WEST": 1,  # 4 kits, 40 %
        "KIT-OLD": 25,
        "NEST": 5,  # east min(12, 5, 40 / 3), west has 2 C: none
        "NEST-MAX": 1,
        "NEST-FBA": None,
        "EMPTY-KIT": 0,
        "D-NOTHING": 0,
    }
    assert expected[mixed["D-NOTHING"]] == (0, 0)


def test_helpers_recompute_ranges_at_the_same_time_with_the_same_result(
    runtime, stockroom, mixed
) -> None:
    expected = _incremental(runtime, stockroom)
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    seen = _full(runtime, stockroom, products_per_range=1, helpers=[runtime.uow(), runtime.uow()])
    assert _stored(runtime) == expected
    assert seen[-1].computed == seen[-1].changed == seen[-1].total == 17
    assert [p.computed for p in seen] == sorted(p.computed for p in seen)


def test_a_second_full_recompute_changes_nothing(runtime, stockroom, mixed) -> None:
    first = _full(runtime, stockroom)
    second = _full(runtime, stockroom)
    assert first[-1].changed == first[-1].computed == first[-1].total == 17
    assert second[-1].changed == 0
    assert second[-1].computed == 17


def test_a_drifted_result_is_put_right_and_explained(runtime, stockroom, mixed) -> None:
    expected = _incremental(runtime, stockroom)
    listing_id = mixed["A-HALF"]
    with runtime.engine.begin() as c:
        c.execute(
            update(listing_availability)
            .where(listing_availability.c.listing_id == listing_id)
            .values(quantity=999, computed_at=text("now() - interval '1 day'"))
        )
    assert _full(runtime, stockroom)[-1].changed == 1
    assert _stored(runtime) == expected
    read = queries.listing_availability(
        runtime.uow(), principal=stockroom.principal, merchant_id=stockroom.merchant_id,
        listing_id=listing_id,
    )  # fmt: skip
    assert read.explanation[-1] == f"ATS = {expected[listing_id][0]}"


def test_the_stored_results_are_what_the_domain_rule_gives(runtime, stockroom, mixed) -> None:
    """The SQL both recomputes share against the domain's rule (the one that explains reads)."""
    stored = _incremental(runtime, stockroom)
    by_rule = {}
    for product_id in stockroom.products.values():
        with runtime.uow() as uow:
            for each in explain(uow.availability, stockroom.merchant_id, product_id):
                by_rule[each.listing_id] = (each.quantity, each.ledger_position)
    assert stored == by_rule
    assert len(stored) == 17


def test_a_result_stored_after_the_recompute_began_is_left_alone(runtime, stockroom, mixed) -> None:
    _incremental(runtime, stockroom)
    listing_id = mixed["A"]
    with runtime.engine.begin() as c:
        later = c.execute(text("SELECT now()")).scalar_one() + timedelta(hours=1)
        c.execute(
            update(listing_availability)
            .where(listing_availability.c.listing_id == listing_id)
            .values(quantity=1, computed_at=later)
        )
    _full(runtime, stockroom)
    assert _stored(runtime)[listing_id][0] == 1


def test_a_result_stored_while_the_range_is_written_is_left_alone(
    runtime, stockroom, mixed
) -> None:
    """A per-product job stores a newer result for a listing after the range compared it, while
    the range waits to write it: the range leaves the newer one and writes the rest."""
    expected = _incremental(runtime, stockroom)
    listing_id = mixed["A"]
    with runtime.engine.begin() as c:  # every stored result wrong: the range writes them all
        c.execute(
            update(listing_availability).values(
                quantity=listing_availability.c.quantity + 100,
                computed_at=listing_availability.c.computed_at - timedelta(days=1),
            )
        )
    with runtime.engine.connect() as job:
        job.execute(
            select(listing_availability.c.listing_id)
            .where(listing_availability.c.listing_id == listing_id)
            .with_for_update()
        )
        with _full_recompute_waiting_for_a_lock(runtime, stockroom):
            job.execute(
                update(listing_availability)
                .where(listing_availability.c.listing_id == listing_id)
                .values(quantity=1, computed_at=text("now() + interval '1 hour'"))
            )
            job.commit()
    stored = _stored(runtime)
    assert stored.pop(listing_id)[0] == 1
    assert stored == {k: v for k, v in expected.items() if k != listing_id}


def test_a_first_fill_meeting_a_result_stored_meanwhile_keeps_the_newer_one(
    runtime, stockroom, mixed
) -> None:
    """The range inserts plainly; when a per-product job stored one of its listings in between (a
    unique violation), the range is redone storing over older rows only."""
    expected = _incremental(runtime, stockroom)
    listing_id = mixed["A"]
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    with runtime.engine.connect() as job:  # the job's row, not yet committed: the insert waits
        job.execute(
            insert(listing_availability).values(
                merchant_id=stockroom.merchant_id,
                listing_id=listing_id,
                product_id=stockroom.products["SKU-A"],
                quantity=1,
                ledger_position=0,
                computed_at=text("now() + interval '1 hour'"),
            )
        )
        with _full_recompute_waiting_for_a_lock(runtime, stockroom):
            job.commit()
    stored = _stored(runtime)
    assert stored.pop(listing_id)[0] == 1
    assert stored == {k: v for k, v in expected.items() if k != listing_id}


@contextmanager
def _full_recompute_waiting_for_a_lock(runtime, stockroom) -> Iterator[None]:
    """The full recompute, in a thread, once it waits for a lock; after the block, it must finish
    without an error."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            _full(runtime, stockroom)
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    _wait_for_a_lock_wait(runtime)
    yield
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert failures == []


def _wait_for_a_lock_wait(runtime) -> None:
    for _ in range(500):
        with runtime.engine.connect() as c:
            if c.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one():
                return
        time.sleep(0.01)
    raise AssertionError("the full recompute never waited for the locked row")


def test_the_command_recomputes_one_merchant_or_refuses_an_unknown_code(
    runtime, stockroom, mixed
) -> None:
    expected = _incremental(runtime, stockroom)
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    env = {"ORDERTOWER_DATABASE_URL": runtime.database_url}
    done = CliRunner().invoke(app, ["inventory", "recompute", "--merchant", "STOCK"], env=env)
    assert done.exit_code == 0, done.output
    assert "17/17" in done.output
    assert _stored(runtime) == expected
    unknown = CliRunner().invoke(app, ["inventory", "recompute", "--merchant", "NOPE"], env=env)
    assert unknown.exit_code == 2
    assert "NOPE" in unknown.output


def test_the_nightly_task_recomputes_every_merchant(runtime, stockroom, mixed) -> None:
    expected = _incremental(runtime, stockroom)
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    workers.build(runtime)  # binds the runtime the task uses
    tasks.recompute_all_availability(timestamp=0)
    assert _stored(runtime) == expected
    periodic = tasks.inventory.periodic_registry.periodic_tasks
    assert ("inventory.recompute_all_availability", "") in periodic


def test_the_command_without_a_merchant_recomputes_every_merchant(
    runtime, stockroom, mixed
) -> None:
    expected = _incremental(runtime, stockroom)
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
        c.execute(insert(merchants).values(code="QUIET", name="No listings yet"))
    env = {"ORDERTOWER_DATABASE_URL": runtime.database_url}
    first = CliRunner().invoke(app, ["inventory", "recompute"], env=env)
    assert first.exit_code == 0, first.output
    assert "STOCK" in first.output
    assert "17/17 listings, 17 changed" in first.output
    assert re.search(r"QUIET .* 0/0 +listings, 0 changed", first.output)
    assert _stored(runtime) == expected
    again = CliRunner().invoke(app, ["inventory", "recompute"], env=env)
    assert again.exit_code == 0, again.output
    assert "17/17 listings, 0 changed" in again.output


def test_the_nightly_task_runs_from_the_queue(runtime, stockroom, mixed) -> None:
    expected = _incremental(runtime, stockroom)
    with runtime.engine.begin() as c:
        c.execute(delete(listing_availability))
    queue = workers.build(runtime)
    with queue.open():
        queue.configure_task("inventory.recompute_all_availability").defer(timestamp=0)
    workers.drain(queue)
    assert _stored(runtime) == expected
    with runtime.engine.connect() as c:
        statuses = c.execute(
            text(
                "SELECT status FROM procrastinate_jobs"
                " WHERE task_name = 'inventory.recompute_all_availability'"
            )
        ).scalars()
        assert list(statuses) == ["succeeded"]


@pytest.mark.parametrize("products_per_range", [1, 100_000])
def test_a_listing_moved_to_another_product_is_recomputed_for_it(
    runtime, stockroom, mixed, products_per_range
) -> None:
    """A stored row is keyed by the product it was computed for: re-pointing the listing deletes
    it (migration 0017's trigger), and the range of the new product writes it again."""
    _full(runtime, stockroom)
    listing_id = mixed["B-BUFFERED-AWAY"]  # SKU-B with a buffer of 100: 0
    with runtime.engine.begin() as c:
        c.execute(
            update(listings)
            .where(listings.c.id == listing_id)
            .values(product_id=stockroom.products["SKU-C"], safety_buffer=0)
        )
    _full(runtime, stockroom, products_per_range=products_per_range)
    with runtime.engine.connect() as c:
        row = c.execute(
            select(listing_availability.c.product_id, listing_availability.c.quantity).where(
                listing_availability.c.listing_id == listing_id
            )
        ).one()
    assert tuple(row) == (stockroom.products["SKU-C"], 42)  # C: 40 east + 2 west


def _stored_rows(runtime, listing_id: int) -> list[tuple[int, int]]:
    with runtime.engine.connect() as c:
        rows = c.execute(
            select(listing_availability.c.product_id, listing_availability.c.quantity).where(
                listing_availability.c.listing_id == listing_id
            )
        ).all()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ({"product": "SKU-C"}, False),
        ({"status": "inactive"}, False),
        ({"fulfillment_channel": "AFN"}, False),
        ({"safety_buffer": 3}, True),
        ({"channel_sku": "B-RENAMED"}, True),
    ],
)
def test_a_listing_no_longer_computed_for_its_product_loses_its_stored_row(
    runtime, stockroom, mixed, change, kept
) -> None:
    _full(runtime, stockroom)
    listing_id = mixed["B-BUFFERED-AWAY"]
    before = _stored_rows(runtime, listing_id)
    assert before == [(stockroom.products["SKU-B"], 0)]
    values = {k: v for k, v in change.items() if k != "product"}
    if "product" in change:
        values["product_id"] = stockroom.products[change["product"]]
    with runtime.engine.begin() as c:
        c.execute(update(listings).where(listings.c.id == listing_id).values(**values))
    assert _stored_rows(runtime, listing_id) == (before if kept else [])


def test_a_recompute_racing_a_re_pointed_listing_leaves_a_row_no_one_reads_until_the_full_run(
    runtime, stockroom, mixed
) -> None:
    """The race the trigger cannot close, run for real: the recompute of SKU-B reads the listing
    before its move to SKU-C commits, then waits for the row the move's trigger deleted, and stores
    it again under SKU-B once the move commits. Readers follow the listing to SKU-C; the next full
    recompute deletes the row left under SKU-B."""
    _full(runtime, stockroom)
    listing_id = mixed["B-BUFFERED-AWAY"]
    sku_b, sku_c = stockroom.products["SKU-B"], stockroom.products["SKU-C"]
    failures: list[BaseException] = []

    def recompute_sku_b() -> None:
        try:
            recompute_availability(
                runtime.statement_uow(), merchant_id=stockroom.merchant_id, product_id=sku_b
            )
        except BaseException as error:
            failures.append(error)

    with runtime.engine.connect() as move:
        move.execute(
            update(listings).where(listings.c.id == listing_id).values(product_id=sku_c)
        )  # the trigger deletes the row under SKU-B (not yet committed)
        thread = threading.Thread(target=recompute_sku_b)
        thread.start()
        _wait_for_a_lock_wait(runtime)
        move.commit()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert failures == []
    assert _stored_rows(runtime, listing_id) == [(sku_b, 0)]  # left under the old product
    shown = queries.listing_availability(
        runtime.uow(),
        principal=stockroom.principal,
        merchant_id=stockroom.merchant_id,
        listing_id=listing_id,
    )
    assert (shown.product_id, shown.quantity) == (sku_c, None)  # not computed for SKU-C yet
    _full(runtime, stockroom)
    assert _stored_rows(runtime, listing_id) == [(sku_c, 0)]  # SKU-C 42 minus its buffer of 100


def test_a_row_left_under_an_old_product_is_never_read_and_the_full_recompute_deletes_it(
    runtime, stockroom, mixed
) -> None:
    """A per-product recompute that read a listing before it was re-pointed may store it once more
    under the old product after the trigger ran: no reader finds that row (each joins on the
    listing's current product), and the next full recompute of that product's range deletes it."""
    _full(runtime, stockroom)
    listing_id = mixed["B-BUFFERED-AWAY"]  # SKU-B, stored 0
    with runtime.engine.begin() as c:
        c.execute(
            insert(listing_availability).values(
                merchant_id=stockroom.merchant_id,
                product_id=stockroom.products["SKU-A"],
                listing_id=listing_id,
                quantity=999,
                ledger_position=1,
            )
        )
    shown = queries.listing_availability(
        runtime.uow(),
        principal=stockroom.principal,
        merchant_id=stockroom.merchant_id,
        listing_id=listing_id,
    )
    assert shown.quantity == 0
    expected = _stored_rows(runtime, mixed["A"])
    progress = _full(runtime, stockroom, products_per_range=1)
    assert _stored_rows(runtime, listing_id) == [(stockroom.products["SKU-B"], 0)]
    assert _stored_rows(runtime, mixed["A"]) == expected
    assert progress[-1].changed == 0  # deleting a leftover is not recomputing a listing
