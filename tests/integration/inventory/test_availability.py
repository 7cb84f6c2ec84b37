"""Available to sell per listing: recomputed by the worker after each change, bundles per location."""

import pytest
from sqlalchemy import func, insert, select

from ordertower.adapters.db.tables.channels import channel_accounts, listing_locations, listings
from ordertower.adapters.db.tables.inventory import listing_availability, stock_movements
from ordertower.domain.inventory import Reference, ReferenceKind
from ordertower.entrypoints.workers import app as workers
from ordertower.services.inventory import queries
from ordertower.services.inventory.allocation import AllocationRequest, allocate
from ordertower.services.inventory.posting import post_movements


@pytest.fixture
def listed(runtime, stockroom):
    s = stockroom
    with runtime.engine.begin() as c:
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=s.merchant_id, kind="shopify", name="Shop")
            .returning(channel_accounts.c.id)
        ).scalar_one()

        def listing(sku, product, **rules):
            return c.execute(
                insert(listings)
                .values(
                    merchant_id=s.merchant_id,
                    channel_account_id=account,
                    channel_sku=sku,
                    product_id=s.products[product],
                    **rules,
                )
                .returning(listings.c.id)
            ).scalar_one()

        ids = {
            "A-2PACK": listing("A-2PACK", "SKU-A", quantity_per=2, safety_buffer=1),
            "A-EACH": listing("A-EACH", "SKU-A", percent_cap=50),
            "KIT": listing("KIT", "BUNDLE-AB"),
            "A-FBA": listing("A-FBA", "SKU-A", fulfillment_channel="AFN"),
            "B-WEST": listing("B-WEST", "SKU-B"),
            "C": listing("C", "SKU-C"),
        }
        c.execute(
            insert(listing_locations).values(
                merchant_id=s.merchant_id,
                listing_id=ids["B-WEST"],
                location_id=s.other_warehouse_id,
            )
        )
    return ids


def _ats(runtime, listing_id):
    with runtime.engine.connect() as c:
        return c.execute(
            select(listing_availability).where(listing_availability.c.listing_id == listing_id)
        ).first()


def _read(runtime, s, listing_id):
    """The listing as the API reads it: stored quantity, steps written out over today's stock."""
    return queries.listing_availability(
        runtime.uow(), principal=s.principal, merchant_id=s.merchant_id, listing_id=listing_id
    )


def _received_and_recomputed(runtime, s, sku, units):
    """`units` of `sku` received, and the worker's recomputes run; the stockroom, for chaining."""
    _post(runtime, s, s.receive(sku, units))
    workers.drain(workers.build(runtime))
    return s


def _post(runtime, s, *requests):
    post_movements(
        runtime.uow(), principal=s.principal, merchant_id=s.merchant_id, requests=list(requests)
    )


def test_each_listing_shows_what_its_rules_allow(runtime, stockroom, listed) -> None:
    s = stockroom
    _post(
        runtime,
        s,
        s.receive("SKU-A", 10),
        s.receive("SKU-B", 3),
        s.receive("SKU-B", 5, bin=None, location=s.other_warehouse_id),
    )
    workers.drain(workers.build(runtime))
    assert _ats(runtime, listed["A-2PACK"]).quantity == 4  # floor((10 - 1) / 2)
    assert _ats(runtime, listed["A-EACH"]).quantity == 5  # 50% of 10
    # Kits count only where every part is: east has A for 5 kits but B for 3; west has no A.
    assert _ats(runtime, listed["KIT"]).quantity == 3
    assert _ats(runtime, listed["B-WEST"]).quantity == 5  # fed by the west warehouse only
    assert _ats(runtime, listed["A-FBA"]) is None  # Amazon reports FBA stock itself
    assert _ats(runtime, listed["C"]) is None  # nothing changed for SKU-C


def test_the_result_says_how_it_was_computed_and_which_ledger_position_it_reflects(
    runtime, stockroom, listed
) -> None:
    s = _received_and_recomputed(runtime, stockroom, "SKU-A", 10)
    row = _ats(runtime, listed["A-2PACK"])
    with runtime.engine.connect() as c:
        last = c.execute(select(func.max(stock_movements.c.id))).scalar_one()
    assert row.ledger_position == last
    assert _read(runtime, s, listed["A-2PACK"]).explanation == (
        "WH-EAST SKU-A: sellable 10 - allocated 0 = 10",
        "WH-WEST SKU-A: sellable 0 - allocated 0 = 0",
        "sum over 2 location(s) = 10",
        "safety buffer 1: 10 - 1 = 9",
        "quantity-per 2: 9 / 2 = 4, rounded down",
        "ATS = 4",
    )


def test_a_read_after_stock_moved_says_the_stored_quantity_is_on_its_way_out(
    runtime, stockroom, listed
) -> None:
    s = _received_and_recomputed(runtime, stockroom, "SKU-A", 10)
    _post(runtime, s, s.receive("SKU-A", 4))  # its recompute is queued, not yet run
    read = _read(runtime, s, listed["A-EACH"])
    assert read.quantity == 5
    assert read.explanation[-2:] == (
        "ATS = 7",
        "Stock moved since 5 was stored: the recompute queued by that movement stores 7.",
    )


def test_an_allocation_lowers_what_every_listing_of_the_sku_shows(
    runtime, stockroom, listed
) -> None:
    s = stockroom
    _post(runtime, s, s.receive("SKU-A", 10), s.receive("SKU-B", 10))
    allocate(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        request=AllocationRequest(
            "BUNDLE-AB", 2, s.warehouse_id, Reference(ReferenceKind.ORDER, "O-1"), "o-1"
        ),
    )
    workers.drain(workers.build(runtime))
    assert _ats(runtime, listed["A-EACH"]).quantity == 3  # (10 - 4 allocated) × 50%
    assert _ats(runtime, listed["KIT"]).quantity == 3  # A: 6 free → 3 kits


def test_a_burst_of_movements_on_one_sku_waits_as_one_recompute(runtime, stockroom, listed) -> None:
    s = stockroom
    for _ in range(5):
        _post(runtime, s, s.receive("SKU-A", 1))
    with runtime.engine.connect() as c:
        waiting = c.exec_driver_sql(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name ="
            " 'inventory.recompute_availability' AND status = 'todo'"
        ).scalar_one()
    assert waiting == 1
