"""Orders allocated at two warehouses: each warehouse waves, picks, packs and ships its own units;
the order is partially shipped after the first warehouse ships and shipped after the last."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from ordertower.adapters.carriers.registry import AccountCarriers
from ordertower.adapters.db.tables.inventory import stock_allocations
from ordertower.domain.catalog.measures import Weight, WeightUnit
from ordertower.domain.errors import InvalidInput, NotFound
from ordertower.domain.fulfillment import PackageMeasures, WaveCriteria
from ordertower.services.fulfillment import confirm, packing, station, waves

ONE_LB = PackageMeasures(weight=Weight(Decimal(1), WeightUnit.POUND))


@pytest.fixture
def west(floor) -> int:
    return floor.add_warehouse()


@pytest.fixture
def split(floor, west) -> int:
    """2 × SKU-A allocated at the main warehouse, 1 × SKU-B at the west one."""
    floor.stock("SKU-A", 3, "A-10")
    floor.stock("SKU-B", 2, "W-1", location_id=west)
    floor.stock("SKU-B", 2, "A-2")  # also at the main warehouse, but routing split the order
    return floor.order({"SKU-A": 2, "SKU-B": 1}, at={"SKU-B": {west: 1}})


def release(runtime, floor, location_id):
    return waves.release_wave(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=location_id),
    )


def scan(runtime, floor, order_id, code, client_id, location_id=None):
    return station.scan_unit(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=order_id,
        code=code,
        client_scan_id=client_id,
        location_id=location_id,
    )


def pack_and_ship(runtime, floor, order_id, location_id=None):
    package = packing.pack_package(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=order_id,
        measures=ONE_LB,
        location_id=location_id,
    )
    packing.label_package(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        package_id=package.id,
        carriers=AccountCarriers(runtime.engine),
    )
    return confirm.confirm_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        package_id=package.id,
    )  # fmt: skip


def open_units(runtime, order_id) -> int:
    with runtime.engine.connect() as c:
        return c.execute(
            select(func.sum(stock_allocations.c.quantity)).where(
                stock_allocations.c.reference_id == str(order_id)
            )
        ).scalar_one()


def test_each_warehouse_picks_packs_and_ships_its_own_units(runtime, floor, west, split):
    main = floor.warehouse_id
    here = release(runtime, floor, main)
    assert [(t.order_id, t.sku, t.bin_code) for t in here.tasks] == [(split, "SKU-A", "A-10")]
    assert floor.state(split) == "released"
    there = release(runtime, floor, west)  # the order is already on the floor: it joins
    assert [(t.order_id, t.sku, t.bin_code) for t in there.tasks] == [(split, "SKU-B", "W-1")]
    assert floor.state(split) == "released"

    with pytest.raises(InvalidInput, match="several warehouses") as ambiguous:
        scan(runtime, floor, split, "SKU-A", "a0")
    assert ambiguous.value.field == "location_id"
    wrong = scan(runtime, floor, split, "SKU-B", "b0", location_id=main)
    assert wrong.scan.outcome == "wrong_item"  # SKU-B is the west warehouse's to pick
    for n in range(2):
        scan(runtime, floor, split, "SKU-A", f"a{n + 1}", location_id=main)
    view = station.station_view(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        order_id=split, location_id=main,
    )  # fmt: skip
    assert [(line.sku, line.still_needed) for line in view.lines] == [("SKU-A", 0)]
    assert view.complete
    assert view.prevented_errors == 1
    everywhere = station.station_view(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=split
    )
    assert not everywhere.complete  # SKU-B still waits at the west warehouse

    first = pack_and_ship(runtime, floor, split)  # only the main warehouse has units to pack
    assert floor.state(split) == "partially_shipped"
    assert first.order_state == "partially_shipped"
    assert open_units(runtime, split) == 1

    assert scan(runtime, floor, split, "SKU-B", "b1").accepted  # only the west one is left
    assert floor.state(split) == "partially_shipped"
    last = pack_and_ship(runtime, floor, split, location_id=west)
    assert last.order_state == "shipped"
    assert open_units(runtime, split) == 0
    with runtime.engine.connect() as c:
        shipped = c.execute(
            text(
                "SELECT from_location_id, sum(quantity) FROM stock_movements"
                " WHERE kind = 'shipment' GROUP BY from_location_id"
            )
        ).all()
    assert dict(shipped) == {main: 2, west: 1}


def test_the_second_warehouse_waves_an_order_the_first_already_shipped(runtime, floor, west, split):
    release(runtime, floor, floor.warehouse_id)
    for n in range(2):
        scan(runtime, floor, split, "SKU-A", f"a{n}")  # only the main warehouse has tasks
    packed = pack_and_ship(runtime, floor, split)
    assert packed.order_state == "partially_shipped"  # the west unit is allocated, not waved

    preview = waves.preview_wave(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=west),
    )  # fmt: skip
    assert preview.matching_orders == 1
    there = release(runtime, floor, west)
    assert [t.sku for t in there.tasks] == ["SKU-B"]
    assert floor.state(split) == "partially_shipped"
    scan(runtime, floor, split, "SKU-B", "b0")
    assert pack_and_ship(runtime, floor, split).order_state == "shipped"


def test_the_order_is_packed_only_when_every_warehouse_packed(runtime, floor, west, split):
    release(runtime, floor, floor.warehouse_id)
    for n in range(2):
        scan(runtime, floor, split, "SKU-A", f"a{n}")
    packing.pack_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        order_id=split, measures=ONE_LB,
    )  # fmt: skip
    assert floor.state(split) == "picking"  # the west unit is not even waved
    release(runtime, floor, west)
    scan(runtime, floor, split, "SKU-B", "b0")
    packing.pack_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        order_id=split, measures=ONE_LB,
    )  # fmt: skip
    assert floor.state(split) == "packed"


def test_a_warehouse_waves_its_part_of_a_split_order_once(runtime, floor, west, split):
    release(runtime, floor, floor.warehouse_id)
    with pytest.raises(NotFound, match="No allocated order"):
        release(runtime, floor, floor.warehouse_id)  # nothing of it is left unplanned here
    assert [x["order_id"] for x in release(runtime, floor, west).wave.left_out] == []
    with pytest.raises(NotFound):
        release(runtime, floor, west)


def test_confirming_one_warehouse_of_a_packed_split_order_ships_only_its_packages(
    runtime, floor, west, split, tmp_path
):
    release(runtime, floor, floor.warehouse_id)
    release(runtime, floor, west)
    for n in range(2):
        scan(runtime, floor, split, "SKU-A", f"a{n}", location_id=floor.warehouse_id)
    scan(runtime, floor, split, "SKU-B", "b0", location_id=west)
    with pytest.raises(InvalidInput, match="units to pack at several warehouses"):
        packing.pack_package(
            runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
            order_id=split, measures=ONE_LB,
        )  # fmt: skip
    ids = {}
    for where in (floor.warehouse_id, west):
        package = packing.pack_package(
            runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
            order_id=split, measures=ONE_LB, location_id=where,
        )  # fmt: skip
        packing.label_package(
            runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
            package_id=package.id, carriers=AccountCarriers(runtime.engine),
        )  # fmt: skip
        ids[where] = package.id
        label = packing.package_label(
            runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
            package_id=package.id,
        )  # fmt: skip
        (tmp_path / "label.pdf").write_bytes(label.pdf)
        words = subprocess.run(
            ["pdftotext", str(tmp_path / "label.pdf"), "-"], capture_output=True, check=True
        ).stdout.decode()
        assert ("Reno," if where == west else "Newark,") in words  # shipped from its warehouse
    assert floor.state(split) == "packed"
    west_only = confirm.confirm_order(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=split,
        location_id=west,
    )  # fmt: skip
    assert [p.id for p in west_only.shipped] == [ids[west]]
    assert west_only.order_state == "partially_shipped"
    rest = confirm.confirm_order(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=split
    )
    assert [p.id for p in rest.shipped] == [ids[floor.warehouse_id]]
    assert rest.order_state == "shipped"


def test_a_short_pick_after_the_first_warehouse_shipped_flags_the_order_without_moving_it(
    runtime, floor, west, split
):
    release(runtime, floor, floor.warehouse_id)
    for n in range(2):
        scan(runtime, floor, split, "SKU-A", f"a{n}")
    pack_and_ship(runtime, floor, split)
    [task] = release(runtime, floor, west).tasks
    view = station.report_short_pick(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        order_id=split, pick_task_id=task.id,
    )  # fmt: skip
    assert str(view.order.state) == "partially_shipped"  # it can only go on to shipped
    assert view.location_id == west
    with runtime.engine.connect() as c:
        held = c.execute(
            text(
                "SELECT location_id, on_hand FROM stock_balances"
                " WHERE status = 'hold' AND on_hand > 0"
            )
        ).all()
        reasons = c.execute(text("SELECT reason_code FROM exception_items")).scalars().all()
    assert [tuple(r) for r in held] == [(west, 1)]
    assert reasons == ["short_pick"]
