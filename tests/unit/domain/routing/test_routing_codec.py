"""The routing document: policies survive the trip through JSON, and every wrong field is named."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.channels import ChannelKind
from ordertower.domain.routing import (
    UNROUTED_QUEUE,
    Conditions,
    DefaultWarehouse,
    Dropship,
    HoldOrder,
    RoutingPolicy,
    RoutingPolicyInvalid,
    RoutingRule,
    ShipFrom,
    Shortfall,
    StockPosition,
    Strategy,
    ValueRange,
    ZoneEntry,
    routing_policy_problems,
)
from ordertower.domain.routing.codec import (
    location_references,
    policy_document,
    policy_from_document,
    read_routing_document,
    routing_document,
    routing_from_document,
)
from ordertower.domain.shipping import ServiceLevel

CODES = ["WH-NJ", "WH-CA", "FBA-US-M1", "VENDOR-1"]
codes = st.sampled_from(CODES)
amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
value_ranges = st.builds(
    ValueRange,
    currency=st.sampled_from(["USD", "CAD"]),
    minimum=st.none() | amounts,
    maximum=st.none() | amounts,
)
conditions = st.builds(
    Conditions,
    channel_kinds=st.frozensets(st.sampled_from(ChannelKind)),
    channel_account_ids=st.frozensets(st.integers(1, 2**63 - 1), max_size=3),
    service_levels=st.frozensets(st.sampled_from(ServiceLevel)),
    countries=st.frozensets(st.sampled_from(["US", "CA", "GB"])),
    regions=st.frozensets(st.sampled_from(["US-CA", "US-NY", "CA-ON"])),
    postal_prefixes=st.lists(st.sampled_from(["10", "112", "SW1A", "9"]), max_size=3).map(tuple),
    skus=st.frozensets(st.sampled_from(["SKU-1", "SKU-2", "tee-blk"])),
    tags=st.frozensets(st.sampled_from(["fragile", "hazmat"])),
    order_value=st.none() | value_ranges,
    stock_positions=st.frozensets(st.sampled_from(StockPosition)),
)
actions = st.one_of(
    st.builds(
        ShipFrom,
        locations=st.lists(codes, min_size=1, max_size=4, unique=True).map(tuple),
        strategy=st.sampled_from(Strategy),
        allow_split=st.booleans(),
        max_splits=st.integers(0, 20),
        on_shortfall=st.sampled_from(Shortfall),
    ),
    st.builds(Dropship, vendor_location=codes, require_stock=st.booleans()),
    st.builds(HoldOrder, queue=st.sampled_from(["review", "vip", UNROUTED_QUEUE]), note=st.text()),
)
policies = st.builds(
    RoutingPolicy,
    rules=st.lists(
        st.builds(RoutingRule, action=actions, when=conditions, name=st.text(max_size=30)),
        max_size=5,
    ).map(tuple),
    default=st.one_of(
        st.builds(DefaultWarehouse, location=codes),
        st.builds(HoldOrder, queue=st.sampled_from(["unrouted", "review"]), note=st.text()),
    ),
)
zone_lists = st.lists(
    st.builds(
        ZoneEntry,
        location=codes,
        country=st.sampled_from(["US", "CA"]),
        rank=st.integers(1, 1000),
        region=st.sampled_from(["", "US-CA"]),
        postal_prefix=st.sampled_from(["", "07", "9"]),
    ),
    max_size=4,
).map(tuple)


@given(policies, zone_lists)
def test_any_policy_survives_the_trip_through_json(
    policy: RoutingPolicy, zones: tuple[ZoneEntry, ...]
) -> None:
    document = json.loads(json.dumps(routing_document(policy, zones)))
    reading = read_routing_document(document, check=False)
    assert reading.problems == ()
    assert reading.policy == policy
    assert reading.zones == zones
    assert routing_document(reading.policy, reading.zones) == document


@given(policies)
def test_a_sound_policy_reads_without_problems(policy: RoutingPolicy) -> None:
    if routing_policy_problems(policy):
        return
    assert policy_from_document(policy_document(policy)) == policy


def sound() -> dict[str, Any]:
    return {
        "rules": [
            {
                "name": "Walmart TwoDay",
                "when": {"channel_kinds": ["walmart"], "service_levels": ["two_day"]},
                "action": {"kind": "ship_from", "locations": ["WH-NJ", "WH-CA"]},
            },
            {
                "when": {"countries": ["CA"]},
                "action": {"kind": "dropship", "vendor_location": "V-1"},
            },
            {
                "when": {"order_value": {"currency": "USD", "minimum": "500"}},
                "action": {"kind": "hold", "queue": "review", "note": "Big order: check it"},
            },
        ],
        "default": {"kind": "warehouse", "location": "WH-NJ"},
        "zones": [{"location": "WH-NJ", "country": "US", "rank": 1}],
    }


def test_a_document_reads_with_defaults_filled_in_and_codes_tidied() -> None:
    document = sound()
    document["rules"][0]["action"]["locations"] = [" wh-nj", "WH-CA"]
    policy, zones = routing_from_document(document)
    first = policy.rules[0].action
    assert first == ShipFrom(locations=("WH-NJ", "WH-CA"))
    assert policy.rules[2].when.order_value == ValueRange(currency="USD", minimum=Decimal("500"))
    assert policy.default == DefaultWarehouse(location="WH-NJ")
    assert zones == (ZoneEntry(location="WH-NJ", country="US", rank=1),)


def test_the_stored_default_hold_needs_no_queue() -> None:
    policy = policy_from_document({"rules": [], "default": {"kind": "hold"}})
    assert policy == RoutingPolicy()


def problems_of(document: object) -> dict[str, str]:
    with pytest.raises(RoutingPolicyInvalid) as refused:
        routing_from_document(document)
    return {problem.field: problem.code for problem in refused.value.problems}


def changed(path: str, value: object) -> dict[str, Any]:
    """sound() with the value at a dotted path (`rules.0.action.kind`) replaced; ... removes it."""
    document = sound()
    *outer, last = path.split(".")
    place: Any = document
    for part in outer:
        place = place[int(part)] if part.isdigit() else place[part]
    if value is ...:
        del place[int(last) if last.isdigit() else last]
    elif last.isdigit():
        place[int(last)] = value
    else:
        place[last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "field", "code"),
    [
        ("rules", {"a": 1}, "rules", "not_a_list"),
        ("rules", ..., "rules", "required"),
        ("rules.0", "ship it", "rules[0]", "not_an_object"),
        ("rules.0.colour", "red", "rules[0].colour", "unknown_field"),
        ("rules.0.name", 5, "rules[0].name", "not_text"),
        ("rules.0.when", [], "rules[0].when", "not_an_object"),
        ("rules.0.when.channel", ["walmart"], "rules[0].when.channel", "unknown_field"),
        (
            "rules.0.when.channel_kinds",
            ["ebay"],
            "rules[0].when.channel_kinds[0]",
            "unknown_choice",
        ),
        ("rules.0.when.channel_kinds", "walmart", "rules[0].when.channel_kinds", "not_a_list"),
        (
            "rules.0.when.service_levels",
            ["2day"],
            "rules[0].when.service_levels[0]",
            "unknown_choice",
        ),
        (
            "rules.0.when.channel_account_ids",
            ["7"],
            "rules[0].when.channel_account_ids[0]",
            "not_a_number",
        ),
        (
            "rules.0.when.channel_account_ids",
            [0],
            "rules[0].when.channel_account_ids",
            "out_of_range",
        ),
        ("rules.0.when.countries", ["USA"], "rules[0].when.countries", "invalid_country"),
        ("rules.0.when.countries", [1], "rules[0].when.countries[0]", "not_text"),
        ("rules.0.when.regions", ["California"], "rules[0].when.regions", "invalid_region"),
        (
            "rules.0.when.postal_prefixes",
            ["07*"],
            "rules[0].when.postal_prefixes[0]",
            "invalid_postal_prefix",
        ),
        ("rules.0.when.skus", ["bad sku!"], "rules[0].when.skus", "invalid_sku"),
        (
            "rules.0.when.stock_positions",
            ["plenty"],
            "rules[0].when.stock_positions[0]",
            "unknown_choice",
        ),
        ("rules.0.when.order_value", {"currency": "USD"}, "rules[0].when.order_value", "required"),
        (
            "rules.0.when.order_value",
            {"minimum": "1"},
            "rules[0].when.order_value.currency",
            "required",
        ),
        (
            "rules.0.when.order_value",
            {"currency": "USD", "minimum": "lots"},
            "rules[0].when.order_value.minimum",
            "not_an_amount",
        ),
        (
            "rules.0.when.order_value",
            {"currency": "USD", "minimum": "9", "maximum": "1"},
            "rules[0].when.order_value.minimum",
            "min_above_max",
        ),
        (
            "rules.0.when.order_value",
            {"currency": "dollars", "minimum": "1"},
            "rules[0].when.order_value.currency",
            "invalid_currency",
        ),
        ("rules.0.action", ..., "rules[0].action", "required"),
        ("rules.0.action", "WH-NJ", "rules[0].action", "not_an_object"),
        ("rules.0.action.kind", "teleport", "rules[0].action.kind", "unknown_kind"),
        (
            "rules.0.action.vendor_location",
            "V-1",
            "rules[0].action.vendor_location",
            "unknown_field",
        ),
        ("rules.0.action.locations", ..., "rules[0].action.locations", "required"),
        ("rules.0.action.locations", [], "rules[0].action.locations", "required"),
        ("rules.0.action.locations", ["WH-NJ", 7], "rules[0].action.locations[1]", "not_text"),
        ("rules.0.action.locations", ["WH NJ"], "rules[0].action.locations[0]", "invalid_code"),
        (
            "rules.0.action.locations",
            ["WH-NJ", "wh-nj"],
            "rules[0].action.locations[1]",
            "duplicate",
        ),
        ("rules.0.action.strategy", "closest", "rules[0].action.strategy", "unknown_choice"),
        ("rules.0.action.strategy", "fewest_splits", "rules[0].action.strategy", "needs_split"),
        ("rules.0.action.allow_split", "yes", "rules[0].action.allow_split", "not_a_flag"),
        ("rules.0.action.max_splits", 2, "rules[0].action.max_splits", "splits_not_allowed"),
        ("rules.0.action.max_splits", 1.5, "rules[0].action.max_splits", "not_a_number"),
        ("rules.0.action.on_shortfall", "wait", "rules[0].action.on_shortfall", "unknown_choice"),
        ("rules.1.action.vendor_location", ..., "rules[1].action.vendor_location", "required"),
        ("rules.1.action.require_stock", 1, "rules[1].action.require_stock", "not_a_flag"),
        ("rules.2.action.queue", "Big Orders!", "rules[2].action.queue", "invalid_queue"),
        ("rules.2.action.queue", ..., "rules[2].action.queue", "required"),
        ("rules.2.action.note", "x" * 501, "rules[2].action.note", "too_long"),
        ("default", ..., "default", "required"),
        ("default", "WH-NJ", "default", "not_an_object"),
        ("default.kind", "dropship", "default.kind", "unknown_kind"),
        ("default.location", ..., "default.location", "required"),
        ("default.location", "WH NJ", "default.location", "invalid_code"),
        ("default.queue", "x", "default.queue", "unknown_field"),
        ("zones", {}, "zones", "not_a_list"),
        ("zones.0", 1, "zones[0]", "not_an_object"),
        ("zones.0.rank", ..., "zones[0].rank", "required"),
        ("zones.0.rank", "1", "zones[0].rank", "not_a_number"),
        ("zones.0.rank", 0, "zones[0].rank", "out_of_range"),
        ("zones.0.country", "Jersey", "zones[0].country", "invalid_country"),
        ("zones.0.region", "CA-ON", "zones[0].region", "invalid_region"),
        ("zones.0.distance", 3, "zones[0].distance", "unknown_field"),
        ("version", 3, "version", "unknown_field"),
    ],
)
def test_each_wrong_field_is_named_by_its_path(
    path: str, value: object, field: str, code: str
) -> None:
    assert problems_of(changed(path, value)) == {field: code}


def test_every_problem_is_listed_at_once_in_document_order() -> None:
    document = sound()
    document["rules"][0]["action"]["locations"] = ["WH-NJ", 3]
    document["rules"][1]["action"]["require_stock"] = "no"
    document["rules"][2]["when"]["countries"] = ["XX"]
    document["default"] = {"kind": "warehouse"}
    document["zones"].append({"location": "WH-NJ", "country": "US", "rank": 1})
    with pytest.raises(RoutingPolicyInvalid) as refused:
        routing_from_document(document)
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("rules[0].action.locations[1]", "not_text"),
        ("rules[1].action.require_stock", "not_a_flag"),
        ("rules[2].when.countries", "invalid_country"),
        ("default.location", "required"),
        ("zones[1]", "duplicate_zone"),
    ]
    assert refused.value.problems[0].message.startswith("Rule 1: ")
    assert "Rule 3: " in refused.value.message


def test_a_catch_all_rule_makes_the_rules_after_it_unreachable() -> None:
    document = sound()
    document["rules"].insert(0, {"action": {"kind": "hold", "queue": "review"}})
    assert problems_of(document) == {
        "rules[1]": "unreachable",
        "rules[2]": "unreachable",
        "rules[3]": "unreachable",
    }


def test_a_rule_that_cannot_be_read_is_never_taken_for_a_catch_all() -> None:
    document = sound()
    document["rules"].insert(0, {"action": {"kind": "hold", "queue": 5}})
    assert problems_of(document) == {"rules[0].action.queue": "not_text"}


@pytest.mark.parametrize("document", [None, [], "rules", 3])
def test_a_document_that_is_not_an_object_is_refused(document: object) -> None:
    assert problems_of(document) == {"body": "not_an_object"}


def test_location_references_name_every_place_a_location_is_named() -> None:
    document = sound()
    document["rules"].append({"action": {"kind": "ship_from", "locations": 7}})
    reading = read_routing_document(document)
    assert location_references(reading) == [
        ("rules[0].action.locations[0]", "WH-NJ", "ship_from"),
        ("rules[0].action.locations[1]", "WH-CA", "ship_from"),
        ("rules[1].action.vendor_location", "V-1", "dropship"),
        ("default.location", "WH-NJ", "default"),
        ("zones[0].location", "WH-NJ", "zone"),
    ]
