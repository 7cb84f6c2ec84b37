import pytest

from ordertower.domain.catalog import BundleComponent
from ordertower.domain.inventory import (
    Bundle,
    InvalidComposition,
    InvalidListingStockRule,
    ListingStockRule,
    SellableStock,
    SingleSku,
    compute_listing_ats,
    units_drawn,
)

EAST, WEST, FBA_US = 1, 2, 3
NAMES = {EAST: "WH-EAST", WEST: "WH-WEST"}


def rule(*locations, **changes):
    return ListingStockRule(listing_id="shopify:123", locations=locations or (EAST,), **changes)


def explained(listing, feed, composition):
    return compute_listing_ats(listing, feed, composition, location_names=NAMES)


def stock(on_hand, allocated=0):
    return SellableStock(on_hand=on_hand, allocated=allocated)


def test_ats_is_sellable_on_hand_minus_allocated_summed_over_the_feeding_locations():
    feed = {EAST: {"TEE": stock(12, 2)}, WEST: {"TEE": stock(5)}}

    result = explained(rule(EAST, WEST), feed, SingleSku("TEE"))

    assert result.quantity == 15
    assert result.explanation == (
        "WH-EAST TEE: sellable 12 - allocated 2 = 10",
        "WH-WEST TEE: sellable 5 - allocated 0 = 5",
        "sum over 2 location(s) = 15",
        "ATS = 15",
    )


def test_the_buffer_comes_off_before_dividing_by_quantity_per_and_the_cap_rounds_down():
    feed = {EAST: {"TEE": stock(12, 2)}}
    capped = rule(safety_buffer=3, percent_cap=50)

    result = explained(capped, feed, SingleSku("TEE", quantity_per=2))

    assert result.quantity == 1
    assert result.explanation == (
        "WH-EAST TEE: sellable 12 - allocated 2 = 10",
        "sum over 1 location(s) = 10",
        "safety buffer 3: 10 - 3 = 7",
        "quantity-per 2: 7 / 2 = 3, rounded down",
        "cap 50%: 3 -> 1",
        "ATS = 1",
    )


def test_locations_that_do_not_feed_the_listing_are_ignored():
    feed = {EAST: {"TEE": stock(4)}, FBA_US: {"TEE": stock(900)}}

    assert explained(rule(EAST), feed, SingleSku("TEE")).quantity == 4


def test_a_location_with_more_allocated_than_on_hand_does_not_eat_another_locations_stock():
    feed = {EAST: {"TEE": stock(1, 3)}, WEST: {"TEE": stock(4)}}

    result = explained(rule(EAST, WEST), feed, SingleSku("TEE"))

    assert result.quantity == 4
    assert "WH-EAST TEE: sellable 1 - allocated 3 = -2, counted as 0" in result.explanation


def test_a_buffer_larger_than_the_stock_shows_zero_not_a_negative_number():
    result = explained(rule(safety_buffer=5), {EAST: {"TEE": stock(2)}}, SingleSku("TEE"))

    assert result.quantity == 0
    assert "safety buffer 5: 2 - 5 is below 0, counted as 0" in result.explanation


def test_a_sku_nobody_has_stocked_yet_has_zero_to_sell():
    assert explained(rule(EAST), {}, SingleSku("TEE")).quantity == 0


def test_a_listing_fed_by_no_location_has_zero_to_sell():
    listing = ListingStockRule(listing_id="amazon:X", locations=())

    assert explained(listing, {EAST: {"TEE": stock(9)}}, SingleSku("TEE")).quantity == 0


KIT = Bundle((BundleComponent("TEE", 2), BundleComponent("CAP", 1)))


def test_a_bundle_is_the_fewest_complete_kits_a_location_can_make():
    feed = {EAST: {"TEE": stock(7, 1), "CAP": stock(5)}}

    result = explained(rule(), feed, KIT)

    assert result.quantity == 3
    assert result.explanation == (
        "WH-EAST TEE: sellable 7 - allocated 1 = 6, / 2 = 3",
        "WH-EAST CAP: sellable 5 - allocated 0 = 5, / 1 = 5",
        "WH-EAST: bundles = fewest over components = 3",
        "sum over 1 location(s) = 3",
        "ATS = 3",
    )


def test_bundle_parts_in_different_locations_do_not_make_a_kit():
    feed = {EAST: {"TEE": stock(10)}, WEST: {"CAP": stock(10)}}

    assert explained(rule(EAST, WEST), feed, KIT).quantity == 0


def test_bundles_are_counted_per_location_and_then_summed():
    feed = {
        EAST: {"TEE": stock(4), "CAP": stock(1)},
        WEST: {"TEE": stock(2), "CAP": stock(3)},
    }

    assert explained(rule(EAST, WEST), feed, KIT).quantity == 2


def test_a_bundle_listings_buffer_is_counted_in_whole_bundles():
    feed = {EAST: {"TEE": stock(20), "CAP": stock(20)}}

    assert explained(rule(safety_buffer=4), feed, KIT).quantity == 6


def test_the_maximum_caps_what_is_shown():
    result = explained(rule(maximum_shown=5), {EAST: {"TEE": stock(9)}}, SingleSku("TEE"))

    assert result.quantity == 5
    assert "maximum 5: 9 -> 5" in result.explanation


def test_below_the_minimum_to_list_the_listing_shows_zero():
    listing = rule(minimum_to_list=3)

    low = explained(listing, {EAST: {"TEE": stock(2)}}, SingleSku("TEE"))
    enough = explained(listing, {EAST: {"TEE": stock(3)}}, SingleSku("TEE"))

    assert (low.quantity, enough.quantity) == (0, 3)
    assert "minimum to list 3: 2 is below, show 0" in low.explanation


def test_the_minimum_applies_to_what_would_be_shown_after_the_cap():
    listing = rule(percent_cap=50, minimum_to_list=3)

    assert explained(listing, {EAST: {"TEE": stock(5)}}, SingleSku("TEE")).quantity == 0


def test_without_an_explanation_the_quantity_is_the_same_and_no_text_is_built():
    feed = {EAST: {"TEE": stock(12, 2), "CAP": stock(4)}}
    listing = rule(safety_buffer=1, percent_cap=80, maximum_shown=10)

    for composition in (SingleSku("TEE", 3), KIT):
        quick = compute_listing_ats(listing, feed, composition, explain=False)
        full = explained(listing, feed, composition)
        assert quick.quantity == full.quantity
        assert quick.explanation == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"safety_buffer": -1}, "safety_buffer"),
        ({"percent_cap": 101}, "percent_cap"),
        ({"percent_cap": -5}, "percent_cap"),
        ({"maximum_shown": -1}, "maximum_shown"),
        ({"minimum_to_list": 6, "maximum_shown": 5}, "minimum_to_list"),
        ({"locations": (EAST, EAST)}, "locations"),
    ],
)
def test_a_listing_rule_that_makes_no_sense_is_refused_by_field(changes, field):
    fields = {"listing_id": "shopify:1", "locations": (EAST,)} | changes

    with pytest.raises(InvalidListingStockRule) as refused:
        ListingStockRule(**fields)

    assert refused.value.field == field


def test_quantity_per_is_at_least_one():
    with pytest.raises(InvalidComposition):
        SingleSku("TEE", quantity_per=0)


def test_a_bundle_needs_components_each_listed_once_with_a_positive_quantity():
    with pytest.raises(InvalidComposition):
        Bundle(())
    with pytest.raises(InvalidComposition):
        Bundle((BundleComponent("TEE", 0),))
    with pytest.raises(InvalidComposition) as refused:
        Bundle((BundleComponent("TEE", 1), BundleComponent("TEE", 2)))
    assert refused.value.field == "components[1].sku"


def test_the_units_a_listing_draws_follow_its_composition():
    assert units_drawn(SingleSku("TEE", 6), 2) == (("TEE", 12),)
    assert units_drawn(KIT, 3) == (("TEE", 6), ("CAP", 3))


def test_without_names_the_explanation_calls_locations_by_id():
    result = compute_listing_ats(rule(EAST), {EAST: {"TEE": stock(2)}}, SingleSku("TEE"))

    assert result.explanation[0] == "location 1 TEE: sellable 2 - allocated 0 = 2"
