"""Routing decisions: rules in order, strategies, splits, defaults, holds, dropship, explanations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from routing_examples import line, order

from ordertower.domain.channels import ChannelKind
from ordertower.domain.routing import (
    Assigned,
    AssignedUnits,
    Assignment,
    Conditions,
    DefaultWarehouse,
    Dropship,
    Dropshipped,
    Held,
    HoldOrder,
    HoldReason,
    RoutingInputInvalid,
    RoutingOrder,
    RoutingPolicy,
    RoutingRule,
    ShipFrom,
    Shortfall,
    StockPosition,
    Strategy,
    ValueRange,
    ZoneEntry,
    ZoneTable,
    route_order,
)
from ordertower.domain.shipping import ServiceLevel


def ship_from(
    *locations: str,
    when: Conditions | None = None,
    strategy: Strategy = Strategy.PRIORITY,
    allow_split: bool = False,
    max_splits: int = 0,
    on_shortfall: Shortfall = Shortfall.NEXT_RULE,
) -> RoutingRule:
    action = ShipFrom(
        locations=locations,
        strategy=strategy,
        allow_split=allow_split,
        max_splits=max_splits,
        on_shortfall=on_shortfall,
    )
    return RoutingRule(when=when or Conditions(), action=action)


def assigned(decision: object) -> Assigned:
    assert isinstance(decision, Assigned), decision
    return decision


def test_the_matching_rule_names_its_conditions_and_the_location_passed_over() -> None:
    policy = RoutingPolicy(
        rules=(
            ship_from("WH-EAST", when=Conditions(channel_kinds=frozenset({ChannelKind.AMAZON}))),
            ship_from(
                "WH-EAST", when=Conditions(service_levels=frozenset({ServiceLevel.NEXT_DAY}))
            ),
            ship_from(
                "WH-WEST",
                "WH-EAST",
                when=Conditions(
                    channel_kinds=frozenset({ChannelKind.WALMART}),
                    service_levels=frozenset({ServiceLevel.TWO_DAY}),
                ),
            ),
        )
    )
    walmart = order(line("SKU-9", 3), channel=ChannelKind.WALMART, service=ServiceLevel.TWO_DAY)
    stock = {"WH-WEST": {"SKU-9": 1}, "WH-EAST": {"SKU-9": 5}}

    decision = assigned(route_order(walmart, availability=stock, policy=policy))

    assert decision.rule == 3
    assert decision.assignments == (
        Assignment(
            location="WH-EAST", lines=(AssignedUnits(line_id="SKU-9", sku="SKU-9", units=3),)
        ),
    )
    assert decision.text == (
        "rule 3 matched: channel=walmart, service=two_day → WH-EAST; WH-WEST lacked 2 of SKU-9"
    )


def test_priority_takes_the_first_location_that_can_ship_everything() -> None:
    policy = RoutingPolicy(rules=(ship_from("WH-A", "WH-B", "WH-C"),))
    stock = {"WH-A": {"X": 5}, "WH-B": {"X": 5, "Y": 1}, "WH-C": {"X": 5, "Y": 5}}

    decision = assigned(
        route_order(order(line("X", 2), line("Y")), availability=stock, policy=policy)
    )

    assert [a.location for a in decision.assignments] == ["WH-B"]
    assert decision.splits == 0


X = line("X")


@pytest.mark.parametrize(
    ("when", "matching", "other"),
    [
        (Conditions(channel_account_ids=frozenset({7})), order(X, account=7), order(X, account=8)),
        (Conditions(countries=frozenset({"CA"})), order(X, country="CA"), order(X, country="US")),
        (Conditions(regions=frozenset({"US-CA"})), order(X, region="US-CA"), order(X)),
        (Conditions(postal_prefixes=("941",)), order(X, postal="94107"), order(X, postal="10001")),
        (
            Conditions(postal_prefixes=("SW1A",)),
            order(X, postal="sw1a 1aa"),
            order(X, postal="SW1 1AA"),
        ),
        (
            Conditions(service_levels=frozenset({ServiceLevel.EXPEDITED})),
            order(X, service=ServiceLevel.EXPEDITED),
            order(X, service=ServiceLevel.STANDARD),
        ),
    ],
)
def test_a_rule_applies_only_to_orders_that_meet_its_condition(
    when: Conditions, matching: RoutingOrder, other: RoutingOrder
) -> None:
    policy = RoutingPolicy(
        rules=(ship_from("WH-A", when=when),), default=HoldOrder(queue="unrouted")
    )
    stock = {"WH-A": {"X": 9}}

    hit = route_order(matching, availability=stock, policy=policy)
    miss = route_order(other, availability=stock, policy=policy)

    assert isinstance(hit, Assigned)
    assert isinstance(miss, Held)
    assert miss.reason is HoldReason.NO_RULE


def test_sku_and_tag_conditions_look_at_every_line() -> None:
    by_sku = ship_from("WH-COLD", when=Conditions(skus=frozenset({"ICE"})))
    by_tag = ship_from("WH-HAZ", when=Conditions(tags=frozenset({"hazmat"})))
    policy = RoutingPolicy(rules=(by_sku, by_tag), default=DefaultWarehouse(location="WH-MAIN"))
    stock = {loc: {"ICE": 9, "BATTERY": 9, "SOCK": 9} for loc in ("WH-COLD", "WH-HAZ", "WH-MAIN")}

    cold = assigned(
        route_order(order(line("SOCK"), line("ICE")), availability=stock, policy=policy)
    )
    hazardous = assigned(
        route_order(
            order(line("SOCK"), line("BATTERY", tags=("hazmat",))),
            availability=stock,
            policy=policy,
        )
    )
    plain = assigned(route_order(order(line("SOCK")), availability=stock, policy=policy))

    assert (cold.rule, hazardous.rule, plain.rule) == (1, 2, None)
    assert plain.text == "no rule matched → WH-MAIN (the merchant's default warehouse)"


def test_an_order_value_range_is_inclusive_and_needs_the_same_currency() -> None:
    bounds = ValueRange(currency="USD", minimum=Decimal("100"), maximum=Decimal("500"))
    policy = RoutingPolicy(rules=(ship_from("WH-A", when=Conditions(order_value=bounds)),))
    stock = {"WH-A": {"X": 1}}

    def rule_for(value: str, currency: str = "USD") -> int | None:
        decision = route_order(
            order(line("X"), value=value, currency=currency), availability=stock, policy=policy
        )
        return decision.rule

    assert [rule_for("99.99"), rule_for("100"), rule_for("500.00"), rule_for("500.01")] == [
        None,
        1,
        1,
        None,
    ]
    assert rule_for("200", "EUR") is None


def test_a_rule_that_cannot_ship_steps_aside_and_says_so() -> None:
    policy = RoutingPolicy(rules=(ship_from("WH-A", "WH-B"), ship_from("WH-C")))
    stock = {"WH-A": {"X": 1}, "WH-B": {"Y": 1}, "WH-C": {"X": 1, "Y": 1}}

    decision = assigned(route_order(order(line("X"), line("Y")), availability=stock, policy=policy))

    assert decision.rule == 2
    assert decision.explanation == (
        "rule 1 matched: any order but could not ship: no candidate can ship it whole: "
        "WH-A lacked 1 of Y; WH-B lacked 1 of X; trying the next rule",
        "rule 2 matched: any order → WH-C",
    )


def test_a_rule_that_backorders_holds_the_order_in_the_backorder_queue() -> None:
    policy = RoutingPolicy(
        rules=(ship_from("WH-A", on_shortfall=Shortfall.BACKORDER), ship_from("WH-B"))
    )
    stock = {"WH-A": {"X": 1}, "WH-B": {"X": 9}}

    decision = route_order(order(line("X", 3)), availability=stock, policy=policy)

    assert isinstance(decision, Held)
    assert (decision.queue, decision.reason, decision.rule) == (
        "backorder",
        HoldReason.INSUFFICIENT_STOCK,
        1,
    )
    assert "WH-A lacked 2 of X" in decision.text


def test_fewest_splits_uses_fewer_locations_than_filling_in_priority_order() -> None:
    stock = {
        "WH-1": {"A": 2},
        "WH-2": {"B": 2},
        "WH-3": {"C": 2},
        "WH-4": {"B": 2, "C": 2},
    }
    wanted = order(line("A", 2), line("B", 2), line("C", 2))
    candidates = ("WH-1", "WH-2", "WH-3", "WH-4")

    def locations(strategy: Strategy) -> list[str]:
        rule = ship_from(*candidates, strategy=strategy, allow_split=True, max_splits=3)
        decision = assigned(
            route_order(wanted, availability=stock, policy=RoutingPolicy(rules=(rule,)))
        )
        return [a.location for a in decision.assignments]

    assert locations(Strategy.PRIORITY) == ["WH-1", "WH-2", "WH-3"]
    assert locations(Strategy.FEWEST_SPLITS) == ["WH-1", "WH-4"]


def test_a_split_needing_more_locations_than_allowed_is_refused_with_the_reason() -> None:
    stock = {"WH-1": {"A": 1}, "WH-2": {"B": 1}, "WH-3": {"C": 1}}
    rule = ship_from(
        "WH-1", "WH-2", "WH-3", strategy=Strategy.FEWEST_SPLITS, allow_split=True, max_splits=1
    )
    policy = RoutingPolicy(rules=(rule,))

    decision = route_order(
        order(line("A"), line("B"), line("C")), availability=stock, policy=policy
    )

    assert isinstance(decision, Held)
    assert "covering it needs more than 2 locations (at most 1 split allowed)" in decision.text


def test_with_splits_allowed_one_line_may_ship_from_two_locations() -> None:
    rule = ship_from("WH-1", "WH-2", allow_split=True, max_splits=1)
    stock = {"WH-1": {"A": 3}, "WH-2": {"A": 4}}

    decision = assigned(
        route_order(order(line("A", 5)), availability=stock, policy=RoutingPolicy(rules=(rule,)))
    )

    assert [(a.location, a.lines[0].units) for a in decision.assignments] == [
        ("WH-1", 3),
        ("WH-2", 2),
    ]
    assert (
        decision.explanation[0]
        == "rule 1 matched: any order → split WH-1 (3 units) + WH-2 (2 units)"
    )


def test_when_all_candidates_together_lack_units_the_explanation_says_how_many() -> None:
    rule = ship_from(
        "WH-1", "WH-2", allow_split=True, max_splits=1, on_shortfall=Shortfall.BACKORDER
    )
    stock = {"WH-1": {"A": 1}, "WH-2": {"A": 1}}

    decision = route_order(
        order(line("A", 5)), availability=stock, policy=RoutingPolicy(rules=(rule,))
    )

    assert isinstance(decision, Held)
    assert "all candidates together lack 3 of A" in decision.text


def test_nearest_ships_from_the_best_ranked_location_for_the_destination() -> None:
    zones = ZoneTable(
        [
            ZoneEntry(location="WH-EAST", country="US", rank=1, postal_prefix="1"),
            ZoneEntry(location="WH-EAST", country="US", rank=4),
            ZoneEntry(location="WH-WEST", country="US", rank=1, region="US-CA"),
            ZoneEntry(location="WH-WEST", country="US", rank=3),
        ]
    )
    rule = ship_from("WH-EAST", "WH-WEST", "WH-SPARE", strategy=Strategy.NEAREST)
    stock = {loc: {"X": 5} for loc in ("WH-EAST", "WH-WEST", "WH-SPARE")}
    policy = RoutingPolicy(rules=(rule,))

    west = assigned(
        route_order(
            order(line("X"), region="US-CA", postal="94107"),
            availability=stock,
            policy=policy,
            zones=zones,
        )
    )
    east = assigned(
        route_order(
            order(line("X"), region="US-NY", postal="10001"),
            availability=stock,
            policy=policy,
            zones=zones,
        )
    )

    assert west.assignments[0].location == "WH-WEST"
    assert east.assignments[0].location == "WH-EAST"
    assert (
        "nearest first for US 94107: WH-WEST rank 1, WH-EAST rank 4, WH-SPARE unranked"
        in west.explanation
    )


def test_an_unranked_location_is_used_only_after_every_ranked_one() -> None:
    zones = ZoneTable([ZoneEntry(location="WH-FAR", country="US", rank=9)])
    rule = ship_from("WH-NEAR-BUT-UNKNOWN", "WH-FAR", strategy=Strategy.NEAREST)
    stock = {"WH-NEAR-BUT-UNKNOWN": {"X": 1}, "WH-FAR": {"X": 1}}

    decision = assigned(
        route_order(
            order(line("X")), availability=stock, policy=RoutingPolicy(rules=(rule,)), zones=zones
        )
    )

    assert decision.assignments[0].location == "WH-FAR"


def test_with_no_rule_matching_the_default_hold_parks_the_order_in_its_queue() -> None:
    policy = RoutingPolicy(default=HoldOrder(queue="needs-routing", note="Set up routing rules."))

    decision = route_order(order(line("X")), availability={}, policy=policy)

    assert isinstance(decision, Held)
    assert (decision.queue, decision.reason, decision.rule) == (
        "needs-routing",
        HoldReason.NO_RULE,
        None,
    )
    assert decision.explanation == (
        "no rule matched → hold in queue needs-routing (the merchant's default)",
        "Set up routing rules.",
    )


def test_a_default_warehouse_short_of_stock_backorders_the_order() -> None:
    policy = RoutingPolicy(default=DefaultWarehouse(location="WH-MAIN"))

    decision = route_order(order(line("X", 4)), availability={"WH-MAIN": {"X": 1}}, policy=policy)

    assert isinstance(decision, Held)
    assert decision.reason is HoldReason.INSUFFICIENT_STOCK
    assert (
        decision.text
        == "no rule matched; the default warehouse WH-MAIN lacked 3 of X → hold in queue backorder"
    )


def test_a_hold_rule_sends_the_order_to_its_named_queue_with_its_note() -> None:
    hold = RoutingRule(
        when=Conditions(tags=frozenset({"hazmat"})),
        action=HoldOrder(queue="hazmat-review", note="Check the battery paperwork."),
    )
    policy = RoutingPolicy(rules=(hold, ship_from("WH-A")))

    decision = route_order(
        order(line("CELL", tags=("hazmat",))), availability={"WH-A": {"CELL": 9}}, policy=policy
    )

    assert isinstance(decision, Held)
    assert (decision.queue, decision.reason, decision.rule) == (
        "hazmat-review",
        HoldReason.RULE_HOLD,
        1,
    )
    assert decision.text == (
        "rule 1 matched: tag=hazmat → hold in queue hazmat-review; Check the battery paperwork."
    )


def test_a_dropship_rule_sends_the_order_to_the_vendor_unless_it_must_hold_stock_and_does_not() -> (
    None
):
    trusting = RoutingRule(
        when=Conditions(skus=frozenset({"SOFA"})), action=Dropship(vendor_location="VENDOR-SOFA")
    )
    checking = RoutingRule(action=Dropship(vendor_location="VENDOR-SOFA", require_stock=True))
    fallback = ship_from("WH-A")

    sent = route_order(
        order(line("SOFA")), availability={}, policy=RoutingPolicy(rules=(trusting,))
    )
    stepped_aside = route_order(
        order(line("LAMP")),
        availability={"VENDOR-SOFA": {}, "WH-A": {"LAMP": 1}},
        policy=RoutingPolicy(rules=(checking, fallback)),
    )

    assert isinstance(sent, Dropshipped)
    assert sent.vendor_location == "VENDOR-SOFA"
    assert sent.text == "rule 1 matched: sku=SOFA → dropship via VENDOR-SOFA"
    assert assigned(stepped_aside).rule == 2
    assert "VENDOR-SOFA lacked 1 of LAMP" in stepped_aside.explanation[0]


def test_a_stock_position_rule_can_hold_orders_no_location_can_fill() -> None:
    short = RoutingRule(
        when=Conditions(stock_positions=frozenset({StockPosition.SHORT})),
        action=HoldOrder(queue="buyer-contact"),
    )
    policy = RoutingPolicy(rules=(short, ship_from("WH-A", "WH-B", allow_split=True, max_splits=1)))
    stock = {"WH-A": {"X": 2}, "WH-B": {"X": 2}}

    enough = route_order(order(line("X", 4)), availability=stock, policy=policy)
    too_many = route_order(order(line("X", 5)), availability=stock, policy=policy)

    assert isinstance(enough, Assigned)
    assert isinstance(too_many, Held)
    assert too_many.queue == "buyer-contact"


def test_a_flattened_bundle_keeps_its_line_id_on_every_component() -> None:
    kit = (line("BASE", 2, line_id="3"), line("LID", 2, line_id="3"), line("LID", 1, line_id="4"))
    decision = assigned(
        route_order(
            order(*kit),
            availability={"WH-A": {"BASE": 2, "LID": 3}},
            policy=RoutingPolicy(rules=(ship_from("WH-A"),)),
        )
    )

    assert decision.assignments[0].lines == (
        AssignedUnits(line_id="3", sku="BASE", units=2),
        AssignedUnits(line_id="3", sku="LID", units=2),
        AssignedUnits(line_id="4", sku="LID", units=1),
    )


def test_units_below_zero_in_the_availability_count_as_none() -> None:
    rule = ship_from(
        "WH-A", "WH-B", allow_split=True, max_splits=1, on_shortfall=Shortfall.BACKORDER
    )
    decision = route_order(
        order(line("X", 2)),
        availability={"WH-A": {"X": -3}, "WH-B": {"X": 1}},
        policy=RoutingPolicy(rules=(rule,)),
    )

    assert isinstance(decision, Held)
    assert "all candidates together lack 1 of X" in decision.text


def test_an_order_line_without_units_is_refused_naming_the_line() -> None:
    with pytest.raises(RoutingInputInvalid) as refused:
        route_order(order(line("X", 1), line("Y", 0)), availability={}, policy=RoutingPolicy())

    assert [p.field for p in refused.value.problems] == ["lines[1].units"]
    assert refused.value.code == "routing_input_invalid"
