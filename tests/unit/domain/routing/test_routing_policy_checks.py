"""Checking routing rules before they are saved: each problem names the rule index and field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldsInvalid
from ordertower.domain.routing import (
    Conditions,
    DefaultWarehouse,
    Dropship,
    HoldOrder,
    RoutingPolicy,
    RoutingPolicyInvalid,
    RoutingRule,
    ShipFrom,
    Shortfall,
    Strategy,
    ValueRange,
    check_routing_policy,
)


def problems_of(policy: RoutingPolicy) -> dict[str, str]:
    with pytest.raises(RoutingPolicyInvalid) as refused:
        check_routing_policy(policy)
    assert isinstance(refused.value, FieldsInvalid)
    return {problem.field: problem.code for problem in refused.value.problems}


def test_a_sound_policy_passes() -> None:
    policy = RoutingPolicy(
        rules=(
            RoutingRule(
                name="Walmart two-day from the east",
                when=Conditions(
                    channel_kinds=frozenset({ChannelKind.WALMART}),
                    countries=frozenset({"US"}),
                    regions=frozenset({"US-NY"}),
                    postal_prefixes=("100", "112"),
                    skus=frozenset({"SKU-9"}),
                    tags=frozenset({"fragile"}),
                    order_value=ValueRange(currency="USD", minimum=Decimal("10")),
                ),
                action=ShipFrom(
                    locations=("WH-EAST", "WH-WEST"),
                    strategy=Strategy.FEWEST_SPLITS,
                    allow_split=True,
                    max_splits=1,
                ),
            ),
            RoutingRule(action=Dropship(vendor_location="VENDOR-1", require_stock=True)),
        ),
        default=DefaultWarehouse(location="WH-MAIN"),
    )

    check_routing_policy(policy)


def test_each_problem_names_the_rule_index_and_the_field() -> None:
    policy = RoutingPolicy(
        rules=(
            RoutingRule(action=ShipFrom(locations=("WH-A",))),
            RoutingRule(
                when=Conditions(countries=frozenset({"UK"}), regions=frozenset({"California"})),
                action=ShipFrom(locations=("WH-A", "wh a", "WH-A"), max_splits=2),
            ),
            RoutingRule(action=HoldOrder(queue="Needs Review!")),
        ),
        default=DefaultWarehouse(location=""),
    )

    assert problems_of(policy) == {
        "rules[1].when.countries": "invalid_country",
        "rules[1].when.regions": "invalid_region",
        "rules[1].action.locations[1]": "invalid_code",
        "rules[1].action.locations[2]": "duplicate",
        "rules[1].action.max_splits": "splits_not_allowed",
        "rules[2].action.queue": "invalid_queue",
        "default.location": "required",
    }


def test_messages_count_rules_the_way_people_do() -> None:
    policy = RoutingPolicy(rules=(RoutingRule(action=ShipFrom(locations=())),))

    with pytest.raises(RoutingPolicyInvalid) as refused:
        check_routing_policy(policy)

    assert refused.value.problems[0].message.startswith("Rule 1: ")
    assert refused.value.code == "routing_policy_invalid"


@pytest.mark.parametrize(
    ("bounds", "field", "code"),
    [
        (ValueRange(currency="usd", minimum=Decimal(1)), "currency", "invalid_currency"),
        (ValueRange(currency="USD", minimum=Decimal(-1)), "minimum", "invalid_amount"),
        (ValueRange(currency="USD", maximum=Decimal("NaN")), "maximum", "invalid_amount"),
        (
            ValueRange(currency="USD", minimum=Decimal(9), maximum=Decimal(1)),
            "minimum",
            "min_above_max",
        ),
        (ValueRange(currency="USD"), "", "required"),
    ],
)
def test_an_order_value_range_must_make_sense(bounds: ValueRange, field: str, code: str) -> None:
    rule = RoutingRule(when=Conditions(order_value=bounds), action=ShipFrom(locations=("WH-A",)))
    where = "rules[0].when.order_value" + (f".{field}" if field else "")

    assert problems_of(RoutingPolicy(rules=(rule,))) == {where: code}


@pytest.mark.parametrize(
    ("action", "field", "code"),
    [
        (
            ShipFrom(locations=("WH-A",), allow_split=True, max_splits=0),
            "max_splits",
            "out_of_range",
        ),
        (
            ShipFrom(locations=("WH-A",), allow_split=True, max_splits=21),
            "max_splits",
            "out_of_range",
        ),
        (ShipFrom(locations=("WH-A",), strategy=Strategy.FEWEST_SPLITS), "strategy", "needs_split"),
        (ShipFrom(locations=()), "locations", "required"),
        (Dropship(vendor_location="vendor 1"), "vendor_location", "invalid_code"),
        (HoldOrder(queue="review", note="x" * 501), "note", "too_long"),
    ],
)
def test_an_action_must_be_complete(
    action: ShipFrom | Dropship | HoldOrder, field: str, code: str
) -> None:
    assert problems_of(RoutingPolicy(rules=(RoutingRule(action=action),))) == {
        f"rules[0].action.{field}": code
    }


def test_postal_prefixes_and_skus_are_checked_one_by_one() -> None:
    when = Conditions(postal_prefixes=("941", "94 1/"), skus=frozenset({"has space"}))
    rule = RoutingRule(when=when, action=ShipFrom(locations=("WH-A",)))

    assert problems_of(RoutingPolicy(rules=(rule,))) == {
        "rules[0].when.postal_prefixes[1]": "invalid_postal_prefix",
        "rules[0].when.skus": "invalid_sku",
    }


@pytest.mark.parametrize(
    "catch_all",
    [
        HoldOrder(queue="manual"),
        Dropship(vendor_location="VENDOR-1"),
        ShipFrom(locations=("WH-A",), on_shortfall=Shortfall.BACKORDER),
    ],
)
def test_a_rule_after_one_that_takes_every_order_is_unreachable(
    catch_all: ShipFrom | Dropship | HoldOrder,
) -> None:
    policy = RoutingPolicy(
        rules=(RoutingRule(action=catch_all), RoutingRule(action=ShipFrom(locations=("WH-B",))))
    )

    assert problems_of(policy) == {"rules[1]": "unreachable"}


def test_a_catch_all_that_may_step_aside_leaves_later_rules_reachable() -> None:
    policy = RoutingPolicy(
        rules=(
            RoutingRule(action=ShipFrom(locations=("WH-A",))),
            RoutingRule(action=Dropship(vendor_location="VENDOR-1", require_stock=True)),
            RoutingRule(action=HoldOrder(queue="manual")),
        )
    )

    check_routing_policy(policy)
