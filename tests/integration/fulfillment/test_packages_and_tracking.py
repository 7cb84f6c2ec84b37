"""Packages: measures checked, labels numbered from the account's range (never twice), partial ships."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from floor_fixtures import Floor

from ordertower.adapters.carriers.registry import AccountCarriers
from ordertower.adapters.db.repositories.tracking_numbers import SqlTrackingNumbers
from ordertower.domain.catalog.measures import Dimensions, LengthUnit, Weight, WeightUnit
from ordertower.domain.fulfillment import PackageInvalid, PackageMeasures, WaveCriteria
from ordertower.domain.shipping import CarrierCode
from ordertower.services.fulfillment import carrier_accounts, confirm, packing, station, waves
from ordertower.services.fulfillment.carrier_accounts import CarrierAccountInvalid
from ordertower.services.fulfillment.ports import NewCarrierAccount
from ordertower.services.shipping.errors import TrackingRangeExhausted

ONE_LB = PackageMeasures(weight=Weight(Decimal(1), WeightUnit.POUND))


def _picked(runtime, floor: Floor, lines: dict[str, int]) -> int:
    for sku, n in lines.items():
        floor.stock(sku, n, "A-10")
    order_id = floor.order(lines)
    waves.release_wave(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=floor.warehouse_id),
    )
    for sku, n in lines.items():
        for i in range(n):
            station.scan_unit(
                runtime.uow(),
                principal=floor.principal,
                merchant_id=floor.merchant_id,
                order_id=order_id,
                code=sku,
                client_scan_id=f"{order_id}-{sku}-{i}",
            )
    return order_id


def _pack(runtime, floor, order_id, measures=ONE_LB, contents=None):
    package = packing.pack_package(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        order_id=order_id,
        measures=measures,
        contents=contents,
    )
    return packing.label_package(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        package_id=package.id,
        carriers=AccountCarriers(runtime.engine),
    )


def test_tracking_numbers_are_unique_under_concurrent_threads(runtime, floor):
    source = SqlTrackingNumbers(
        runtime.engine, merchant_id=floor.merchant_id, account_id=floor.carrier_account_id
    )
    taken: list[int] = []
    barrier = threading.Barrier(4)

    def take_many() -> None:
        barrier.wait()
        numbers = [source.take() for _ in range(25)]
        taken.extend(numbers)

    threads = [threading.Thread(target=take_many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, 101))


def test_an_exhausted_range_is_a_clear_conflict(runtime, floor):
    account = floor.add_carrier_account(first=5, last=5, location_id=floor.warehouse_id)
    source = SqlTrackingNumbers(runtime.engine, merchant_id=floor.merchant_id, account_id=account)
    assert source.take() == 5
    with pytest.raises(TrackingRangeExhausted, match="configure a new range"):
        source.take()


def test_packages_split_an_order_and_the_first_ships_it_partially(runtime, floor):
    order_id = _picked(runtime, floor, {"SKU-A": 2, "SKU-B": 1})
    first = _pack(runtime, floor, order_id, contents={"SKU-A": 2})
    assert floor.state(order_id) == "picking"  # SKU-B is scanned but not yet packed
    second = _pack(runtime, floor, order_id)
    assert floor.state(order_id) == "packed"
    assert (first.number, second.number) == (1, 2)
    assert first.tracking_number != second.tracking_number
    one = confirm.confirm_package(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id,
        package_id=first.id,
    )  # fmt: skip
    assert one.order_state == "partially_shipped"
    rest = confirm.confirm_order(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=order_id
    )
    assert [p.id for p in rest.shipped] == [second.id]
    assert rest.order_state == "shipped"


def test_bad_measures_are_refused_naming_each_field_and_nothing_is_packed(runtime, floor):
    order_id = _picked(runtime, floor, {"SKU-A": 1})
    heavy = PackageMeasures(
        weight=Weight(Decimal(80), WeightUnit.KILOGRAM),
        dimensions=Dimensions(Decimal(0), Decimal(10), Decimal(10), LengthUnit.INCH),
    )
    with pytest.raises(PackageInvalid) as refused:
        _pack(runtime, floor, order_id, measures=heavy)
    assert [p.field for p in refused.value.problems] == ["weight.value", "dimensions.length"]
    with pytest.raises(PackageInvalid) as too_many:
        _pack(runtime, floor, order_id, contents={"SKU-A": 2})
    assert too_many.value.problems[0].field == "contents.SKU-A"
    view = station.station_view(
        runtime.uow(), principal=floor.principal, merchant_id=floor.merchant_id, order_id=order_id
    )
    assert view.packages == []
    assert floor.state(order_id) == "picking"


def test_a_carrier_account_range_is_checked(runtime, floor):
    with pytest.raises(CarrierAccountInvalid) as refused:
        carrier_accounts.add_carrier_account(
            runtime.uow(),
            principal=floor.principal,
            merchant_id=floor.merchant_id,
            account=NewCarrierAccount(
                carrier=CarrierCode.OWN_ACCOUNT,
                name="Vans",
                location_id=floor.warehouse_id,
                carrier_name="Vans",
                tracking_prefix="ot1",
                tracking_first=10,
                tracking_last=9,
            ),
        )
    assert [p.field for p in refused.value.problems] == ["tracking_prefix", "tracking_last"]
