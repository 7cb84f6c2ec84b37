"""Ship methods per channel and service level, and how each channel is told the carrier."""

from __future__ import annotations

import pytest

from ordertower.domain.channels import ChannelKind
from ordertower.domain.shipping import (
    DEFAULT_SHIP_METHODS,
    CarrierCode,
    NoShipMethod,
    ServiceLevel,
    ShipMethod,
    TrackingCarrier,
    ship_method_for,
    tracking_carrier,
)

UPS_GROUND = ShipMethod(carrier=CarrierCode.UPS, service_code="03", service_name="UPS Ground")


@pytest.mark.parametrize("channel", list(ChannelKind))
@pytest.mark.parametrize("level", list(ServiceLevel))
def test_every_channel_ships_every_level_with_the_own_account_carrier_by_default(
    channel: ChannelKind, level: ServiceLevel
) -> None:
    method = ship_method_for(channel, level)

    assert method.carrier is CarrierCode.OWN_ACCOUNT
    assert method.service_code == f"OWN_{level.value.upper()}"


def test_a_merchant_table_without_the_level_says_which_method_to_add() -> None:
    table = {(ChannelKind.WALMART, ServiceLevel.STANDARD): UPS_GROUND}

    assert ship_method_for(ChannelKind.WALMART, ServiceLevel.STANDARD, table=table) == UPS_GROUND
    with pytest.raises(
        NoShipMethod, match="No ship method is set for next_day orders from walmart"
    ):
        ship_method_for(ChannelKind.WALMART, ServiceLevel.NEXT_DAY, table=table)


def test_the_default_table_cannot_be_changed_by_accident() -> None:
    with pytest.raises(TypeError):
        DEFAULT_SHIP_METHODS[(ChannelKind.SHOPIFY, ServiceLevel.STANDARD)] = UPS_GROUND  # type: ignore[index]


@pytest.mark.parametrize(
    ("channel", "method", "level", "told"),
    [
        (
            ChannelKind.AMAZON,
            ship_method_for(ChannelKind.AMAZON, ServiceLevel.TWO_DAY),
            ServiceLevel.TWO_DAY,
            TrackingCarrier(code="Other", name="Metro Couriers", method="Own account Two-Day"),
        ),
        (
            ChannelKind.AMAZON,
            UPS_GROUND,
            ServiceLevel.STANDARD,
            TrackingCarrier(code="UPS", name=None, method="UPS Ground"),
        ),
        (
            ChannelKind.WALMART,
            ship_method_for(ChannelKind.WALMART, ServiceLevel.NEXT_DAY),
            ServiceLevel.NEXT_DAY,
            TrackingCarrier(code=None, name="Metro Couriers", method="OneDay"),
        ),
        (
            ChannelKind.WALMART,
            UPS_GROUND,
            ServiceLevel.STANDARD,
            TrackingCarrier(code="UPS", name=None, method="Standard"),
        ),
        (
            ChannelKind.SHOPIFY,
            UPS_GROUND,
            ServiceLevel.STANDARD,
            TrackingCarrier(code=None, name="UPS", method="UPS Ground"),
        ),
    ],
)
def test_each_channel_is_told_the_carrier_the_way_its_api_expects(
    channel: ChannelKind, method: ShipMethod, level: ServiceLevel, told: TrackingCarrier
) -> None:
    assert tracking_carrier(channel, method, level=level, own_carrier_name="Metro Couriers") == told


def test_walmart_method_codes_come_from_its_own_list() -> None:
    walmart_codes = {"Standard", "Express", "OneDay", "Freight", "WhiteGlove", "Value"}
    for level in ServiceLevel:
        told = tracking_carrier(ChannelKind.WALMART, UPS_GROUND, level=level, own_carrier_name="x")
        assert told.method in walmart_codes
