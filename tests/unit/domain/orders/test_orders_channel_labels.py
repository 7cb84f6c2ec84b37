import pytest

from ordertower.domain.channels import ChannelKind
from ordertower.domain.orders import ServiceLevel, channel_service_level
from ordertower.domain.shipping import ServiceLevel as ShippingServiceLevel

L = ServiceLevel


@pytest.mark.parametrize(
    ("label", "level"),
    [
        ("Standard", L.STANDARD),
        ("FreeEconomy", L.STANDARD),
        ("FREE_ECONOMY", L.STANDARD),
        ("Scheduled", L.STANDARD),
        ("Expedited", L.EXPEDITED),
        ("Priority", L.EXPEDITED),
        ("SecondDay", L.TWO_DAY),
        ("SECOND_DAY", L.TWO_DAY),
        ("NextDay", L.NEXT_DAY),
        ("SAME_DAY", L.NEXT_DAY),
    ],
)
def test_amazon_service_level_categories_of_both_order_apis_map_to_our_levels(label, level):
    assert channel_service_level(ChannelKind.AMAZON, label) is level


@pytest.mark.parametrize(
    ("label", "level"),
    [
        ("Standard", L.STANDARD),
        ("Value", L.STANDARD),
        ("Freight", L.STANDARD),
        ("WhiteGlove", L.STANDARD),
        ("Express", L.EXPEDITED),
        ("TWO_DAY", L.TWO_DAY),
        ("OneDay", L.NEXT_DAY),
    ],
)
def test_walmart_method_codes_and_the_two_day_program_map_to_our_levels(label, level):
    assert channel_service_level(ChannelKind.WALMART, label) is level


def test_labels_we_do_not_know_stay_unmapped():
    assert channel_service_level(ChannelKind.SHOPIFY, "Express") is None
    assert channel_service_level(ChannelKind.AMAZON, "Std US D2D Dom") is None


def test_orders_routing_and_ship_methods_share_one_service_level_vocabulary():
    assert ServiceLevel is ShippingServiceLevel
