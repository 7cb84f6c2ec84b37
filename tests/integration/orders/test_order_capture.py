"""Capture: one order per key (replays, updates, cancellations, concurrent submissions), payloads kept."""

from __future__ import annotations

import threading

import pytest
from order_desk import PLACED, Shop, line, open_shop

from ordertower.domain.orders import OrderState
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.orders.records import PayloadOutcome


@pytest.fixture
def shop(runtime) -> Shop:
    return open_shop(runtime)


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    yield
    assert [str(d) for d in verify_inventory(runtime.uow())] == []


def test_a_new_order_is_captured_routed_and_allocated(shop):
    shop.stock("SKU-A", 5)
    result = shop.one(shop.draft("1001", lines=[line("1", channel_sku="LST-A", quantity=2)]))
    assert result.outcome is PayloadOutcome.CREATED
    assert result.state is OrderState.ALLOCATED
    row = shop.order_row(result.order_id)
    assert row.state == "allocated"
    assert "WH-EAST" in row.routing_explanation
    assert row.routing["assignments"][0]["location"] == "WH-EAST"
    assert shop.free("SKU-A") == (5, 2)
    events = shop.sql("SELECT from_state, to_state FROM order_events WHERE order_id = :o ORDER BY id",
                      o=result.order_id)  # fmt: skip
    assert [tuple(e) for e in events] == [(None, "received"), ("received", "allocated")]
    payloads = shop.sql("SELECT outcome, order_id FROM order_payloads")
    assert [tuple(p) for p in payloads] == [("created", result.order_id)]


def test_a_replay_changes_nothing_and_is_never_a_duplicate(shop):
    shop.stock("SKU-A", 5)
    draft = shop.draft("1002")
    first = shop.one(draft)
    again = shop.one(draft)
    assert again.outcome is PayloadOutcome.UNCHANGED
    assert again.order_id == first.order_id
    assert shop.sql("SELECT count(*) FROM orders")[0][0] == 1
    assert shop.sql("SELECT count(*) FROM order_payloads")[0][0] == 2
    assert shop.free("SKU-A") == (5, 1)


def test_the_same_order_sent_at_once_by_many_threads_is_one_order(shop):
    shop.stock("SKU-A", 50)
    draft = shop.draft("RACE-1", lines=[line("1", sku="SKU-A", quantity=3)])
    results, errors = [], []
    start = threading.Barrier(6)

    def send():
        try:
            start.wait()
            results.append(shop.one(draft))
        except Exception as error:  # handed to the assertion below
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.outcome for r in results).count(PayloadOutcome.CREATED) == 1
    assert {r.order_id for r in results} == {results[0].order_id}
    assert shop.sql("SELECT count(*) FROM orders")[0][0] == 1
    assert shop.free("SKU-A") == (50, 3)


def test_a_batch_with_the_same_order_twice_creates_it_then_updates_it(shop):
    shop.stock("SKU-A", 10)
    first = shop.draft("1003", lines=[line("1", sku="SKU-A", quantity=1)])
    second = shop.draft("1003", lines=[line("1", sku="SKU-A", quantity=4)])
    created, updated = shop.capture(first, second)
    assert created.outcome is PayloadOutcome.CREATED
    assert updated.outcome is PayloadOutcome.UPDATED
    assert updated.state is OrderState.ALLOCATED
    assert shop.free("SKU-A") == (10, 4)


def test_a_bad_order_in_a_batch_is_rejected_by_index_and_the_good_ones_are_taken(shop):
    shop.stock("SKU-A", 10)
    good = shop.draft("OK-1")
    bad = shop.draft("BAD-1", lines=[line("1", sku="SKU-A", quantity=0)])
    also_good = shop.draft("OK-2")
    results = shop.capture(good, bad, also_good)
    assert [r.outcome for r in results] == [
        PayloadOutcome.CREATED,
        PayloadOutcome.REJECTED,
        PayloadOutcome.CREATED,
    ]
    assert results[1].problems[0].field == "lines[0].quantity"
    assert results[1].order_id is None
    ids = [r[0] for r in shop.sql("SELECT external_order_id FROM orders ORDER BY id")]
    assert sorted(ids) == ["OK-1", "OK-2"]
    rejected = shop.sql(
        "SELECT outcome, problems FROM order_payloads WHERE external_order_id = 'BAD-1'"
    )
    assert rejected[0][0] == "rejected"
    assert rejected[0][1][0]["field"] == "lines[0].quantity"


def test_a_change_of_lines_before_release_reroutes_and_reallocates(shop):
    shop.stock("SKU-A", 10)
    shop.stock("SKU-B", 10)
    created = shop.one(shop.draft("1004", lines=[line("1", sku="SKU-A", quantity=2)]))
    changed = shop.one(shop.draft("1004", lines=[line("1", sku="SKU-B", quantity=3)]))
    assert changed.outcome is PayloadOutcome.UPDATED
    assert changed.state is OrderState.ALLOCATED
    assert shop.free("SKU-A") == (10, 0)
    assert shop.free("SKU-B") == (10, 3)
    states = shop.sql("SELECT to_state FROM order_events WHERE order_id = :o ORDER BY id",
                      o=created.order_id)  # fmt: skip
    assert [s[0] for s in states] == ["received", "allocated", "received", "allocated"]


def test_a_cancellation_releases_the_allocation(shop):
    shop.stock("SKU-A", 5)
    draft = shop.draft("1005", lines=[line("1", sku="SKU-A", quantity=2)])
    created = shop.one(draft)
    assert shop.free("SKU-A") == (5, 2)
    cancelled = shop.one(draft, cancelled=True)
    assert cancelled.outcome is PayloadOutcome.UPDATED
    assert cancelled.state is OrderState.CANCELLED
    assert shop.free("SKU-A") == (5, 0)
    later = shop.one(shop.draft("1005", lines=[line("1", sku="SKU-A", quantity=4)]))
    assert later.outcome is PayloadOutcome.CLOSED
    assert shop.order_row(created.order_id).state == "cancelled"


def test_a_stale_version_is_ignored(shop):
    import datetime as dt

    shop.stock("SKU-A", 5)
    newer = shop.draft("1006", channel_updated_at=PLACED + dt.timedelta(hours=2))
    older = shop.draft("1006", channel_updated_at=PLACED + dt.timedelta(hours=1),
                       lines=[line("1", sku="SKU-A", quantity=3)])  # fmt: skip
    shop.one(newer)
    assert shop.one(older).outcome is PayloadOutcome.STALE
    assert shop.free("SKU-A") == (5, 1)


def _force_state(shop: Shop, order_id: int, state: str) -> None:
    with shop.runtime.engine.begin() as c:
        c.exec_driver_sql(f"UPDATE orders SET state = '{state}' WHERE id = {order_id}")


def test_a_change_on_the_floor_holds_the_order_for_a_person(shop):
    shop.stock("SKU-A", 5)
    created = shop.one(shop.draft("1007"))
    _force_state(shop, created.order_id, "picking")
    changed = shop.one(shop.draft("1007", lines=[line("1", sku="SKU-A", quantity=2)]))
    assert changed.outcome is PayloadOutcome.FLAGGED
    assert changed.state is OrderState.ON_HOLD
    items = shop.sql("SELECT reason_code FROM exception_items WHERE subject_id = :o",
                     o=str(created.order_id))  # fmt: skip
    assert [i[0] for i in items] == ["changed_during_fulfillment"]


def test_a_change_after_shipment_raises_an_item_and_applies_nothing(shop):
    shop.stock("SKU-A", 5)
    created = shop.one(shop.draft("1008"))
    _force_state(shop, created.order_id, "shipped")
    changed = shop.one(shop.draft("1008", lines=[line("1", sku="SKU-A", quantity=2)]))
    assert changed.outcome is PayloadOutcome.FLAGGED
    assert changed.state is OrderState.SHIPPED
    assert shop.sql("SELECT quantity FROM order_lines WHERE order_id = :o",
                    o=created.order_id)[0][0] == 1  # fmt: skip
    items = shop.sql("SELECT reason_code FROM exception_items WHERE subject_id = :o",
                     o=str(created.order_id))  # fmt: skip
    assert [i[0] for i in items] == ["changed_after_shipment"]
    # The shipped order still holds its allocation until fulfillment consumes it (not under test).
    with shop.runtime.engine.begin() as c:
        c.exec_driver_sql(f"UPDATE orders SET state = 'allocated' WHERE id = {created.order_id}")
