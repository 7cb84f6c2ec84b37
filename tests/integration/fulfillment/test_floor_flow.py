"""An order from allocated to shipped through waves, the scan station, packages and confirmation."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from ordertower.adapters.carriers.registry import AccountCarriers
from ordertower.adapters.db.tables.inventory import stock_allocations, stock_positions
from ordertower.domain.catalog.measures import Dimensions, LengthUnit, Weight, WeightUnit
from ordertower.domain.fulfillment import PackageMeasures, WaveCriteria
from ordertower.services.fulfillment import confirm, packing, station, waves

MEASURES = PackageMeasures(
    weight=Weight(Decimal("12"), WeightUnit.OUNCE),
    dimensions=Dimensions(Decimal("30"), Decimal("20"), Decimal("10"), LengthUnit.CENTIMETRE),
)


def _jobs(runtime, task: str) -> list[dict]:
    with runtime.engine.connect() as c:
        return [
            r.args
            for r in c.execute(
                text("SELECT args FROM procrastinate_jobs WHERE task_name = :t ORDER BY id"),
                {"t": task},
            )
        ]


def _scan(runtime, floor, order_id, code, n):
    return station.scan_unit(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=order_id,
        code=code,
        client_scan_id=f"scan-{order_id}-{n}",
        station="PACK-1",
    )


def test_an_order_goes_from_allocated_to_shipped(runtime, floor, tmp_path):
    floor.stock("SKU-A", 5, "A-10")
    floor.stock("SKU-B", 3, "A-2")
    order_id = floor.order({"SKU-A": 2, "SKU-B": 1})

    wave = waves.release_wave(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=floor.warehouse_id),
    )
    assert floor.state(order_id) == "released"
    # The walk: A-2 (sort key A000002) before A-10, each bin once.
    assert [s.bin_code for s in wave.stops] == ["A-2", "A-10"]
    assert [(t.sku, t.quantity) for t in wave.tasks] == [("SKU-B", 1), ("SKU-A", 2)]

    first = _scan(runtime, floor, order_id, "036000291452", 1)  # SKU-A's UPC
    assert first.accepted
    assert floor.state(order_id) == "picking"
    _scan(runtime, floor, order_id, "SKU-A", 2)
    last = _scan(runtime, floor, order_id, "04006381333931", 3)  # SKU-B as GTIN-14
    assert last.view.complete

    package = packing.pack_package(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=order_id,
        measures=MEASURES,
    )
    assert floor.state(order_id) == "packed"
    assert package.weight_lb == Decimal("0.7500")
    labelled = packing.label_package(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        package_id=package.id,
        carriers=AccountCarriers(runtime.engine),
    )
    assert labelled.tracking_number.startswith("OT")
    label = packing.package_label(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        package_id=package.id,
    )  # fmt: skip
    assert labelled.tracking_number in label.zpl
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(label.pdf)
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert labelled.tracking_number.encode() in words.replace(b" ", b"")

    done = confirm.confirm_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        package_id=package.id,
    )  # fmt: skip
    assert done.order_state == "shipped"
    assert floor.state(order_id) == "shipped"
    with runtime.engine.connect() as c:
        open_units = c.execute(
            select(func.sum(stock_allocations.c.quantity)).where(
                stock_allocations.c.reference_id == str(order_id)
            )
        ).scalar_one()
        positions = dict(
            c.execute(
                select(stock_positions.c.product_id, stock_positions.c.sellable_on_hand)
            ).all()
        )
    assert open_units == 0
    assert positions[floor.products["SKU-A"]] == 3
    assert positions[floor.products["SKU-B"]] == 2
    assert _jobs(runtime, "channels.confirm_shipment") == [
        {"merchant_id": floor.merchant_id, "order_id": order_id, "package_id": package.id}
    ]


def test_confirming_twice_ships_once(runtime, floor):
    floor.stock("SKU-A", 2, "A-10")
    order_id = floor.order({"SKU-A": 2})
    package_id = _ready_package(runtime, floor, order_id, ["SKU-A", "SKU-A"])
    for _ in range(2):
        confirm.confirm_package(
            runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
            package_id=package_id,
        )  # fmt: skip
    again = confirm.confirm_order(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=order_id
    )
    assert again.shipped == []
    with runtime.engine.connect() as c:
        shipments = c.execute(
            text("SELECT count(*), sum(quantity) FROM stock_movements WHERE kind = 'shipment'")
        ).one()
    assert tuple(shipments) == (1, 2)
    assert len(_jobs(runtime, "channels.confirm_shipment")) == 1


def test_a_confirmation_rolled_back_leaves_no_job(runtime, floor):
    floor.stock("SKU-A", 1, "A-10")
    order_id = floor.order({"SKU-A": 1})
    package_id = _ready_package(runtime, floor, order_id, ["SKU-A"])
    seen_inside: list = []
    with pytest.raises(RuntimeError, match="fails after"):
        _confirm_then_fail(runtime, floor, package_id, seen_inside)
    assert len(seen_inside) == 1
    assert _jobs(runtime, "channels.confirm_shipment") == []
    assert floor.state(order_id) == "packed"


def _confirm_then_fail(runtime, floor, package_id, seen_inside):
    with runtime.atomic() as units:
        confirm.confirm_package(
            units(), principal=floor.principal, merchant_id=floor.merchant_id,
            package_id=package_id,
        )  # fmt: skip
        seen_inside.extend(_jobs_on(units(), "channels.confirm_shipment"))
        raise RuntimeError("the caller's transaction fails after the confirmation")


def _jobs_on(uow, task):
    with uow:
        return uow.connection.execute(
            text("SELECT id FROM procrastinate_jobs WHERE task_name = :t"), {"t": task}
        ).all()


def _ready_package(runtime, floor, order_id, codes) -> int:
    waves.release_wave(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=floor.warehouse_id),
    )
    for n, code in enumerate(codes):
        _scan(runtime, floor, order_id, code, n)
    package = packing.pack_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        order_id=order_id, measures=MEASURES,
    )  # fmt: skip
    packing.label_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        package_id=package.id, carriers=AccountCarriers(runtime.engine),
    )  # fmt: skip
    return package.id
