"""The station refuses and records wrong items, extra units and unknown codes; short picks park."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ordertower.adapters.db.tables.exception_items import exception_items
from ordertower.adapters.db.tables.fulfillment import scan_events
from ordertower.adapters.db.tables.inventory import stock_allocations, stock_positions
from ordertower.domain.errors import IllegalTransition, InvalidInput
from ordertower.domain.fulfillment import WaveCriteria
from ordertower.domain.inventory import IdempotencyKeyReused
from ordertower.services.fulfillment import station, waves


@pytest.fixture
def released(runtime, floor):
    floor.stock("SKU-A", 4, "A-10")
    floor.stock("SKU-B", 4, "A-2")
    floor.stock("SKU-C", 4, "B-1")
    order_id = floor.order({"SKU-A": 2, "SKU-B": 1})
    waves.release_wave(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=floor.warehouse_id),
    )
    return order_id


def scan(runtime, floor, order_id, code, client_id):
    return station.scan_unit(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=order_id,
        code=code,
        client_scan_id=client_id,
    )


def outcomes(runtime):
    with runtime.engine.connect() as c:
        rows = c.execute(
            select(scan_events.c.code, scan_events.c.outcome).order_by(scan_events.c.id)
        )
        return [tuple(r) for r in rows]


def test_a_wrong_item_is_refused_and_recorded(runtime, floor, released):
    refused = scan(runtime, floor, released, "96385074", "s1")  # SKU-C's EAN-8
    assert refused.accepted is False
    assert "SKU-C is not in this order" in refused.scan.message
    assert "2 × SKU-A" in refused.scan.message
    assert refused.view.prevented_errors == 1
    assert floor.state(released) == "released"  # nothing was picked
    assert outcomes(runtime) == [("96385074", "wrong_item")]


def test_one_unit_too_many_is_refused_and_recorded(runtime, floor, released):
    assert scan(runtime, floor, released, "SKU-B", "s1").accepted
    extra = scan(runtime, floor, released, "SKU-B", "s2")
    assert extra.scan.outcome == "too_many"
    assert "All 1 × SKU-B" in extra.scan.message
    assert [line.picked for line in extra.view.lines] == [0, 1]
    assert outcomes(runtime) == [("SKU-B", "accepted"), ("SKU-B", "too_many")]


def test_an_unknown_code_is_recorded_as_unknown(runtime, floor, released):
    unknown = scan(runtime, floor, released, "NOPE-1", "s1")
    assert unknown.scan.outcome == "unknown_code"
    assert unknown.view.prevented_errors == 0


def test_a_resubmitted_scan_counts_once(runtime, floor, released):
    first = scan(runtime, floor, released, "SKU-A", "same")
    again = scan(runtime, floor, released, "SKU-A", "same")
    assert again.replayed
    assert again.scan.id == first.scan.id
    assert [line.picked for line in again.view.lines if line.sku == "SKU-A"] == [1]
    with pytest.raises(IdempotencyKeyReused):
        scan(runtime, floor, released, "SKU-B", "same")


def test_an_empty_code_is_bad_input_and_records_nothing(runtime, floor, released):
    with pytest.raises(InvalidInput) as refused:
        scan(runtime, floor, released, "   ", "s1")
    assert refused.value.field == "code"
    assert outcomes(runtime) == []


def test_an_order_not_on_the_floor_takes_no_scans(runtime, floor):
    floor.stock("SKU-A", 1, "A-10")
    order_id = floor.order({"SKU-A": 1})
    with pytest.raises(IllegalTransition, match="only released, picking or partially shipped"):
        scan(runtime, floor, order_id, "SKU-A", "s1")


def test_a_short_pick_gives_units_back_raises_an_item_and_parks_the_order(runtime, floor, released):
    scan(runtime, floor, released, "SKU-A", "s1")
    view = station.station_view(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=released
    )
    task = next(t for t in view.tasks if t.sku == "SKU-A")
    parked = station.report_short_pick(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=released,
        pick_task_id=task.id,
        note="bin empty",
    )
    assert str(parked.order.state) == "needs_attention"
    line = next(line for line in parked.lines if line.sku == "SKU-A")
    assert (line.picked, line.short, line.still_needed) == (1, 1, 0)
    with runtime.engine.connect() as c:
        item = c.execute(select(exception_items)).one()
        allocated = c.execute(
            select(stock_positions.c.allocated).where(
                stock_positions.c.product_id == floor.products["SKU-A"]
            )
        ).scalar_one()
        promised = c.execute(
            select(stock_allocations.c.quantity).where(
                stock_allocations.c.product_id == floor.products["SKU-A"]
            )
        ).scalar_one()
    assert item.reason_code == "short_pick"
    assert item.subject_id == str(released)
    assert "1 × SKU-A not found in A-10" in item.message
    assert (allocated, promised) == (1, 1)


def test_a_short_pick_of_more_than_is_left_changes_nothing(runtime, floor, released):
    view = station.station_view(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=released
    )
    task = next(t for t in view.tasks if t.sku == "SKU-A")
    with pytest.raises(InvalidInput) as refused:
        station.report_short_pick(
            runtime.uow(),
            principal=floor.principal,
            merchant_id=floor.merchant_id,
            order_id=released,
            pick_task_id=task.id,
            quantity=3,
        )
    assert refused.value.field == "quantity"
    assert floor.state(released) == "released"
