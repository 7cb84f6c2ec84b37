"""Cancelled or held on the floor: open pick tasks and packages voided, picked units sent back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from order_desk import Shop, line, open_shop
from sqlalchemy import insert, update

from ordertower.adapters.carriers.registry import AccountCarriers
from ordertower.adapters.db.tables.fulfillment import carrier_accounts
from ordertower.adapters.db.tables.locations import locations
from ordertower.domain.catalog.measures import Weight, WeightUnit
from ordertower.domain.errors import IllegalTransition
from ordertower.domain.fulfillment import PackageMeasures, WaveCriteria
from ordertower.domain.orders import OrderState, ResolveAction
from ordertower.services.fulfillment import packing, station, waves
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.orders import order_actions
from ordertower.services.orders.order_exceptions import ResolveRequest, resolve_order_exception
from ordertower.services.orders.records import PayloadOutcome


@pytest.fixture
def shop(runtime) -> Shop:
    return open_shop(runtime)


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    yield
    assert [str(d) for d in verify_inventory(runtime.uow())] == []


def _wave(shop: Shop) -> waves.WaveView:
    return waves.release_wave(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        criteria=WaveCriteria(location_id=shop.warehouses["WH-EAST"]),
    )


def _scan(shop: Shop, order_id: int, code: str) -> station.Scanned:
    return station.scan_unit(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        order_id=order_id,
        code=code,
        client_scan_id=f"scan-{order_id}-{next(shop.counter)}",
    )


def _on_the_floor(shop: Shop, external_id: str, *, a: int = 2, b: int = 1) -> int:
    shop.stock("SKU-A", 5)
    shop.stock("SKU-B", 5)
    result = shop.one(
        shop.draft(
            external_id,
            lines=[line("1", sku="SKU-A", quantity=a), line("2", sku="SKU-B", quantity=b)],
        )
    )
    assert result.state is OrderState.ALLOCATED
    _wave(shop)
    assert shop.order_row(result.order_id).state == "released"
    return result.order_id


def _tasks(shop: Shop, order_id: int) -> list[tuple[str, int, int, int, int, int]]:
    return [
        tuple(r)
        for r in shop.sql(
            "SELECT p.sku, t.quantity, t.picked, t.short, t.packed, t.shipped FROM pick_tasks t"
            " JOIN products p ON p.id = t.product_id WHERE t.order_id = :o ORDER BY t.id",
            o=order_id,
        )
    ]


def _items(shop: Shop, order_id: int, reason: str = "return_to_bin") -> list:
    return shop.sql(
        "SELECT message, details, status FROM exception_items WHERE subject_id = :o"
        " AND reason_code = :r ORDER BY id",
        o=str(order_id),
        r=reason,
    )


def _events(shop: Shop, order_id: int) -> list[tuple[str | None, str]]:
    return [
        tuple(e)
        for e in shop.sql(
            "SELECT from_state, to_state FROM order_events WHERE order_id = :o ORDER BY id",
            o=order_id,
        )
    ]


def test_a_person_cancelling_a_picking_order_voids_its_tasks_and_asks_for_the_units_back(shop):
    order_id = _on_the_floor(shop, "REC-1")
    assert _scan(shop, order_id, "SKU-A").accepted
    assert shop.order_row(order_id).state == "picking"

    order_actions.cancel_order(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        order_id=order_id,
        reason="customer called",
    )

    assert shop.order_row(order_id).state == "cancelled"
    # Every task closed: nothing left to pick, the picked unit counted back.
    assert _tasks(shop, order_id) == [("SKU-A", 2, 0, 2, 0, 0), ("SKU-B", 1, 0, 1, 0, 0)]
    assert shop.free("SKU-A") == (5, 0)
    [(message, details, status)] = _items(shop, order_id)
    assert status == "open"
    assert "put 1 × SKU-A back in A-01" in message
    assert "customer called" in message
    assert details["put_back"] == [
        {
            "sku": "SKU-A",
            "units": 1,
            "location_id": shop.warehouses["WH-EAST"],
            "bin_id": shop.bin_ids["WH-EAST"],
            "bin_code": "A-01",
            "lot": "",
            "pick_task_id": details["put_back"][0]["pick_task_id"],
        }
    ]
    # No picker keeps picking it: the station refuses, and the bin's units are free for the next
    # wave (5 in the bin: an order for all 5 is waved in full).
    with pytest.raises(IllegalTransition):
        _scan(shop, order_id, "SKU-A")
    other = shop.one(shop.draft("REC-1b", lines=[line("1", sku="SKU-A", quantity=5)]))
    assert other.state is OrderState.ALLOCATED
    wave = _wave(shop)
    assert [(t.order_id, t.sku, t.quantity) for t in wave.tasks] == [(other.order_id, "SKU-A", 5)]


def test_the_channel_cancelling_a_packed_order_voids_its_labelled_package(shop, runtime):
    with runtime.engine.begin() as c:
        c.execute(
            insert(carrier_accounts).values(
                merchant_id=shop.merchant_id, carrier="own_account", name="Own vans",
                carrier_name="Recall Couriers", tracking_prefix="RC", tracking_first=1,
                tracking_last=999, next_sequence=1,
            )
        )  # fmt: skip
        c.execute(  # a label needs the warehouse's address
            update(locations)
            .where(locations.c.id == shop.warehouses["WH-EAST"])
            .values(address_line1="9 Dock Road", city="Newark", region="NJ",
                    postal_code="07102", country="US")
        )  # fmt: skip
    order_id = _on_the_floor(shop, "REC-2", a=1, b=1)
    _scan(shop, order_id, "SKU-A")
    _scan(shop, order_id, "SKU-B")
    package = packing.pack_package(
        runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        order_id=order_id,
        measures=PackageMeasures(weight=Weight(Decimal("1"), WeightUnit.POUND)),
    )
    labelled = packing.label_package(
        runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        package_id=package.id,
        carriers=AccountCarriers(runtime.engine),
    )
    assert shop.order_row(order_id).state == "packed"

    lines = [line("1", sku="SKU-A"), line("2", sku="SKU-B")]
    [result] = shop.capture(shop.draft("REC-2", lines=lines), cancelled=True)

    assert result.outcome is PayloadOutcome.UPDATED
    assert shop.order_row(order_id).state == "cancelled"
    # The package stays on record, void, with its contents and the label bought.
    assert shop.sql(
        "SELECT number, state, tracking_number, voided_at IS NOT NULL,"
        " (SELECT count(*) FROM package_contents c WHERE c.package_id = p.id)"
        " FROM packages p WHERE order_id = :o", o=order_id,
    ) == [(1, "void", labelled.tracking_number, True, 2)]  # fmt: skip
    assert _tasks(shop, order_id) == [("SKU-A", 1, 0, 1, 0, 0), ("SKU-B", 1, 0, 1, 0, 0)]
    [(message, details, _)] = _items(shop, order_id)
    assert "put 1 × SKU-A back in A-01; put 1 × SKU-B back in A-01" in message
    assert f"void label {labelled.tracking_number}" in message
    assert details["labels"] == [
        {"package_number": 1, "carrier": "own_account", "tracking_number": labelled.tracking_number}
    ]
    assert shop.free("SKU-A") == (5, 0)
    assert shop.free("SKU-B") == (5, 0)


def test_a_hold_takes_a_released_order_off_the_floor_and_its_release_waves_it_again(shop):
    order_id = _on_the_floor(shop, "REC-3")

    order_actions.hold_order(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        order_id=order_id,
        reason="fraud check",
    )

    assert shop.order_row(order_id).state == "on_hold"
    assert _tasks(shop, order_id) == [("SKU-A", 2, 0, 2, 0, 0), ("SKU-B", 1, 0, 1, 0, 0)]
    assert _items(shop, order_id) == []  # nothing was picked: nothing to put back
    assert shop.free("SKU-A") == (5, 2)  # a hold keeps the stock

    state = order_actions.release_hold(
        shop.runtime.uow(), principal=shop.principal, merchant_id=shop.merchant_id,
        order_id=order_id, note="checked",
    )  # fmt: skip
    assert state is OrderState.ALLOCATED
    wave = _wave(shop)
    assert sorted((t.sku, t.quantity) for t in wave.tasks) == [("SKU-A", 2), ("SKU-B", 1)]
    assert shop.free("SKU-A") == (5, 2)


def test_a_channel_change_while_picking_holds_the_order_and_recalls_its_picked_units(shop):
    order_id = _on_the_floor(shop, "REC-4")
    _scan(shop, order_id, "SKU-B")

    [result] = shop.capture(
        shop.draft("REC-4", lines=[line("1", sku="SKU-A", quantity=3),
                                   line("2", sku="SKU-B", quantity=1)])
    )  # fmt: skip

    assert result.outcome is PayloadOutcome.FLAGGED
    assert shop.order_row(order_id).state == "on_hold"
    assert _tasks(shop, order_id) == [("SKU-A", 2, 0, 2, 0, 0), ("SKU-B", 1, 0, 1, 0, 0)]
    [(message, _, status)] = _items(shop, order_id)
    assert "put 1 × SKU-B back in A-01" in message
    assert status == "open"

    # Cancelling the held order later keeps the put-back item open: the unit is still out.
    order_actions.cancel_order(
        shop.runtime.uow(), principal=shop.principal, merchant_id=shop.merchant_id,
        order_id=order_id, reason="customer gave up",
    )  # fmt: skip
    assert [status for *_, status in _items(shop, order_id)] == ["open"]
    assert [status for *_, status in _items(shop, order_id, "changed_during_fulfillment")] == [
        "resolved"
    ]


def test_the_put_back_item_is_acknowledged_from_the_order_queue(shop):
    order_id = _on_the_floor(shop, "REC-5")
    _scan(shop, order_id, "SKU-A")
    order_actions.cancel_order(
        shop.runtime.uow(), principal=shop.principal, merchant_id=shop.merchant_id,
        order_id=order_id, reason="duplicate order",
    )  # fmt: skip
    [item_id] = [
        r[0]
        for r in shop.sql(
            "SELECT id FROM exception_items WHERE reason_code = 'return_to_bin' AND subject_id = :o",
            o=str(order_id),
        )
    ]
    resolution = resolve_order_exception(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        item_id=item_id,
        request=ResolveRequest(action=ResolveAction.ACKNOWLEDGE, note="back on A-01"),
    )
    assert resolution.state is OrderState.CANCELLED
    assert [status for *_, status in _items(shop, order_id)] == ["resolved"]
    assert _events(shop, order_id)[-1] == ("picking", "cancelled")


def test_a_short_picked_order_routed_elsewhere_leaves_its_old_pick_list(shop):
    order_id = _on_the_floor(shop, "REC-6")
    _scan(shop, order_id, "SKU-B")
    [task_a] = [t for t in _wave_tasks(shop, order_id) if t.sku == "SKU-A"]
    station.report_short_pick(
        shop.runtime.uow(), principal=shop.principal, merchant_id=shop.merchant_id,
        order_id=order_id, pick_task_id=task_a.id,
    )  # fmt: skip
    assert shop.order_row(order_id).state == "needs_attention"
    shop.stock("SKU-A", 2, warehouse="WH-WEST")
    shop.stock("SKU-B", 1, warehouse="WH-WEST")
    [item_id] = [
        r[0]
        for r in shop.sql(
            "SELECT id FROM exception_items WHERE reason_code = 'short_pick' AND subject_id = :o",
            o=str(order_id),
        )
    ]
    resolution = resolve_order_exception(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        item_id=item_id,
        request=ResolveRequest(
            action=ResolveAction.ALLOCATE_FROM_ANOTHER_LOCATION, location_code="WH-WEST"
        ),
    )

    assert resolution.state is OrderState.ALLOCATED
    # The east pick list is done with: SKU-A was short, the picked SKU-B goes back to A-01.
    assert _tasks(shop, order_id) == [("SKU-A", 2, 0, 2, 0, 0), ("SKU-B", 1, 0, 1, 0, 0)]
    [(message, _, _)] = _items(shop, order_id)
    assert "put 1 × SKU-B back in A-01" in message
    assert shop.free("SKU-B") == (5, 0)
    assert shop.free("SKU-B", "WH-WEST") == (1, 1)


def _wave_tasks(shop: Shop, order_id: int) -> list:
    with shop.runtime.uow() as uow:
        return uow.fulfillment.tasks(shop.merchant_id, order_id=order_id)
