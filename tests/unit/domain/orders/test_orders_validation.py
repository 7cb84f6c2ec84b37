import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from orders_examples import PLACED, draft, line

from ordertower.domain.errors import FieldsInvalid
from ordertower.domain.orders import (
    Address,
    ChannelFlag,
    OrderInvalid,
    ServiceLevel,
    validate_order,
)


def problems_of(**changes):
    with pytest.raises(OrderInvalid) as refused:
        validate_order(draft(**changes))
    return {(p.field, p.code) for p in refused.value.problems}


def test_a_complete_order_becomes_a_canonical_order():
    order = validate_order(
        draft(
            external_order_id="  108000000000001 ",
            lines=(line("1", currency="usd"),),
            flags={ChannelFlag.WALMART_TWO_DAY},
            service_level=ServiceLevel.TWO_DAY,
        )
    )

    assert order.external_order_id == "108000000000001"
    assert order.lines[0].currency == "USD"
    assert order.flags == {ChannelFlag.WALMART_TWO_DAY}
    assert order.service_level is ServiceLevel.TWO_DAY
    assert order.key.external_order_id == "108000000000001"


def test_every_problem_is_reported_at_once_with_dotted_fields():
    problems = problems_of(
        external_order_id=" ",
        ship_by=PLACED - dt.timedelta(hours=1),
        lines=(
            line("1"),
            line("1", quantity=0),
            line("3", quantity=-4, currency="XYZ"),
        ),
    )

    assert problems == {
        ("external_order_id", "required"),
        ("ship_by", "before_placed_at"),
        ("lines[1].line_id", "duplicate_line_id"),
        ("lines[1].quantity", "quantity_not_positive"),
        ("lines[2].quantity", "quantity_not_positive"),
        ("lines[2].currency", "unknown_currency"),
    }


def test_the_refusal_is_a_fields_invalid_error_with_a_stable_code():
    with pytest.raises(FieldsInvalid) as refused:
        validate_order(draft(external_order_id=None))

    assert refused.value.code == "order_invalid"
    assert refused.value.field == "external_order_id"
    assert "external_order_id" in refused.value.message


def test_an_order_needs_at_least_one_line():
    assert problems_of(lines=()) == {("lines", "required")}


def test_a_line_names_a_listing_or_a_sku_but_not_both():
    problems = problems_of(
        lines=(line("1", channel_sku=None), line("2", channel_sku="MUG", sku="MUG-1"))
    )

    assert problems == {
        ("lines[0]", "listing_or_sku_required"),
        ("lines[1].sku", "listing_and_sku"),
    }


def test_a_line_may_order_a_merchant_sku_directly():
    order = validate_order(draft(lines=(line("1", channel_sku=None, sku=" MUG-1 "),)))

    assert (order.lines[0].channel_sku, order.lines[0].sku) == (None, "MUG-1")


@pytest.mark.parametrize(
    ("price", "code"),
    [
        (None, "required"),
        (Decimal("-0.01"), "negative_price"),
        (Decimal("NaN"), "invalid_price"),
        (Decimal("Infinity"), "invalid_price"),
        (19.99, "invalid_price"),
    ],
)
def test_a_unit_price_is_a_decimal_of_zero_or_more(price, code):
    assert problems_of(lines=(line("1", unit_price=price),)) == {("lines[0].unit_price", code)}


def test_a_free_line_is_fine():
    order = validate_order(draft(lines=(line("1", unit_price=Decimal(0)),)))

    assert order.total == 0


@pytest.mark.parametrize(
    ("quantity", "code"), [(True, "invalid_quantity"), (10**7, "quantity_too_large")]
)
def test_quantities_are_whole_numbers_within_reason(quantity, code):
    assert problems_of(lines=(line("1", quantity=quantity),)) == {("lines[0].quantity", code)}


def test_all_lines_of_an_order_are_in_one_currency():
    problems = problems_of(lines=(line("1"), line("2", currency="EUR")))

    assert problems == {("lines[1].currency", "mixed_currency")}


def test_times_without_a_zone_are_refused_and_others_are_kept_in_utc():
    assert problems_of(placed_at=dt.datetime(2026, 10, 3, 14, 0)) == {
        ("placed_at", "naive_datetime")
    }
    berlin = PLACED.astimezone(ZoneInfo("Europe/Berlin"))

    order = validate_order(draft(placed_at=berlin))

    assert order.placed_at == PLACED
    assert order.placed_at.tzinfo is dt.UTC


def test_the_placed_time_is_required():
    assert problems_of(placed_at=None) == {("placed_at", "required")}


def test_deadlines_must_come_after_the_order_and_in_order():
    problems = problems_of(
        ship_by=PLACED + dt.timedelta(days=3), deliver_by=PLACED + dt.timedelta(days=1)
    )

    assert problems == {("deliver_by", "before_ship_by")}


def test_orders_without_deadlines_are_fine():
    order = validate_order(draft(ship_by=None, deliver_by=None))

    assert order.ship_by is None


def test_a_malformed_address_does_not_refuse_the_order():
    order = validate_order(draft(ship_to=Address(line1="PO Box 12", country="USA")))

    assert order.ship_to.country == "US"


def test_an_address_field_too_long_to_be_an_address_is_refused():
    problems = problems_of(ship_to=Address(line1="x" * 300, country="US"))

    assert problems == {("ship_to.line1", "too_long")}


def test_ids_and_tags_are_checked():
    problems = problems_of(merchant_id=0, channel_account_id=True, tags=("ok", " "))

    assert problems == {
        ("merchant_id", "invalid_id"),
        ("channel_account_id", "invalid_id"),
        ("tags[1]", "invalid_tag"),
    }


def test_unknown_flags_and_service_levels_from_loose_callers_are_refused():
    problems = problems_of(flags={"prime_ish"}, service_level="warp")

    assert problems == {("flags", "unknown_flag"), ("service_level", "unknown_service_level")}


def test_an_unknown_channel_is_refused():
    assert problems_of(channel="ebay") == {("channel", "unknown_channel")}


def test_plain_strings_for_enums_are_taken_as_the_enum():
    order = validate_order(draft(flags={"amazon_prime"}, service_level="next_day"))

    assert order.flags == {ChannelFlag.AMAZON_PRIME}
    assert order.service_level is ServiceLevel.NEXT_DAY


def test_the_address_is_tidied_on_the_way_in():
    order = validate_order(draft(ship_to=Address(country="us", region="Illinois")))

    assert (order.ship_to.country, order.ship_to.region) == ("US", "IL")


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=8))
def test_every_non_positive_quantity_is_reported_at_its_own_line(quantities):
    lines = tuple(line(str(i), quantity=q) for i, q in enumerate(quantities))
    bad = {f"lines[{i}].quantity" for i, q in enumerate(quantities) if q < 1}

    if bad:
        assert {field for field, _ in problems_of(lines=lines)} == bad
    else:
        assert validate_order(draft(lines=lines)).units == sum(quantities)
