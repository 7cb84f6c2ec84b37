"""The own-account carrier: labels in PDF and ZPL, tracking numbers from a range, voids."""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordertower.adapters.carriers.own_account import OwnAccountCarrier, OwnAccountSettings
from ordertower.adapters.carriers.tracking_numbers import (
    InMemoryTrackingNumbers,
    TrackingRange,
    TrackingRangeInvalid,
    check_tracking_range,
    is_issued_from,
    tracking_number,
)
from ordertower.domain.catalog.measures import Weight, WeightUnit
from ordertower.domain.channels import ChannelKind
from ordertower.domain.shipping import CarrierCode, ServiceLevel, ShipMethod, ship_method_for
from ordertower.services.shipping.errors import (
    ShipmentInvalid,
    TrackingRangeExhausted,
    UnknownTrackingNumber,
    WrongCarrier,
)
from ordertower.services.shipping.ports import (
    Carrier,
    Parcel,
    Shipment,
    ShipmentAddress,
    TrackingNumberSource,
)

RANGE = TrackingRange(prefix="OT", first=1000, last=1002)
FROM = ShipmentAddress(
    name="OrderTower East",
    street=("100 Dock Road",),
    city="Edison",
    region="NJ",
    postal_code="08817",
    country="US",
)
TO = ShipmentAddress(
    name="Ada Byron",
    street=("12 Elm St",),
    city="New York",
    region="NY",
    postal_code="10001",
    country="US",
)
SHIPMENT = Shipment(
    reference="#1001",
    ship_from=FROM,
    ship_to=TO,
    method=ship_method_for(ChannelKind.SHOPIFY, ServiceLevel.TWO_DAY),
    parcel=Parcel(weight=Weight(Decimal("1.2"), WeightUnit.KILOGRAM)),
)


def carrier(numbers: TrackingRange = RANGE) -> tuple[OwnAccountCarrier, InMemoryTrackingNumbers]:
    source = InMemoryTrackingNumbers(numbers)
    return OwnAccountCarrier(settings=OwnAccountSettings(tracking=numbers), numbers=source), source


def test_the_own_account_carrier_fills_the_carrier_port() -> None:
    own, source = carrier()
    port: Carrier = own
    numbers: TrackingNumberSource = source

    assert port.code is CarrierCode.OWN_ACCOUNT
    assert port.rate(SHIPMENT) == []
    assert numbers.take() == 1000


def test_a_bought_label_carries_the_next_tracking_number_in_pdf_and_zpl() -> None:
    own, _ = carrier()

    first = own.buy_label(SHIPMENT)
    second = own.buy_label(SHIPMENT)

    assert (first.tracking_number, second.tracking_number) == ("OT10009", "OT10016")
    assert first.carrier_code is CarrierCode.OWN_ACCOUNT
    assert first.service_code == "OWN_TWO_DAY"
    assert first.label_pdf.startswith(b"%PDF-")
    assert first.label_zpl.startswith("^XA")
    assert "^FDOT10009^FS" in first.label_zpl
    assert "^FD1.2 KG^FS" in first.label_zpl


def test_when_the_range_is_used_up_the_carrier_says_to_configure_a_new_one() -> None:
    own, _ = carrier(TrackingRange(prefix="OT", first=7, last=8))
    own.buy_label(SHIPMENT)
    own.buy_label(SHIPMENT)

    with pytest.raises(TrackingRangeExhausted, match="configure a new range"):
        own.buy_label(SHIPMENT)


def test_a_shipment_for_another_carrier_is_refused() -> None:
    own, _ = carrier()
    ups = ShipMethod(carrier=CarrierCode.UPS, service_code="03", service_name="UPS Ground")

    with pytest.raises(WrongCarrier):
        own.buy_label(replace(SHIPMENT, method=ups))


def test_a_shipment_that_cannot_be_labelled_uses_no_tracking_number() -> None:
    own, source = carrier()

    with pytest.raises(ShipmentInvalid):
        own.buy_label(replace(SHIPMENT, ship_to=replace(TO, city="")))

    assert source.take() == 1000


def test_only_numbers_this_range_issued_can_be_voided() -> None:
    own, _ = carrier()
    issued = own.buy_label(SHIPMENT).tracking_number

    own.void(issued)
    for stranger in ("OT10001", "XX10000", "OT99990", "1Z999AA10123456784"):
        with pytest.raises(UnknownTrackingNumber):
            own.void(stranger)


def test_numbers_are_never_handed_out_twice_across_threads() -> None:
    source = InMemoryTrackingNumbers(TrackingRange(prefix="OT", first=1, last=4000))
    taken: list[int] = []

    def take_many() -> None:
        for _ in range(500):
            taken.append(source.take())

    threads = [threading.Thread(target=take_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(taken) == list(range(1, 4001))


@given(st.integers(1, 999_999), st.integers(0, 5), st.integers(1, 9))
def test_the_check_digit_catches_any_single_mistyped_digit(
    sequence: int, position: int, shift: int
) -> None:
    numbers = TrackingRange(prefix="OT", first=1, last=999_999)
    issued = tracking_number(numbers, sequence)
    digits = list(issued[2:-1])
    digits[position] = str((int(digits[position]) + shift) % 10)
    typo = "OT" + "".join(digits) + issued[-1]

    assert is_issued_from(numbers, issued)
    assert not is_issued_from(numbers, typo)


@pytest.mark.parametrize(
    ("numbers", "field"),
    [
        (TrackingRange(prefix="O1", first=1, last=9), "prefix"),
        (TrackingRange(prefix="", first=1, last=9), "prefix"),
        (TrackingRange(prefix="OT", first=9, last=1), "last"),
        (TrackingRange(prefix="OT", first=0, last=9), "last"),
    ],
)
def test_a_tracking_range_must_be_usable(numbers: TrackingRange, field: str) -> None:
    with pytest.raises(TrackingRangeInvalid) as refused:
        check_tracking_range(numbers)

    assert [p.field for p in refused.value.problems] == [field]
