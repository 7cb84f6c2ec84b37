"""Listings: how each channel names its product, and the stock rule a listing shows stock by."""

from __future__ import annotations

import pytest

from ordertower.domain.channels import (
    ChannelKind,
    FulfillmentChannel,
    ListingIdentity,
    StockRule,
    checked_identity,
    quantity_per_problems,
    settings_problems,
    stock_rule_problems,
)


def codes_by_field(problems: list) -> dict[str, str]:
    return {p.field: p.code for p in problems}


def test_a_shopify_listing_needs_the_variant_and_inventory_item_and_stores_gids() -> None:
    identity, problems = checked_identity(
        ChannelKind.SHOPIFY,
        ListingIdentity(
            external_product_id="45011111111111",
            external_inventory_id="gid://shopify/InventoryItem/7",
        ),
    )
    assert problems == []
    assert identity.external_product_id == "gid://shopify/ProductVariant/45011111111111"
    assert identity.external_inventory_id == "gid://shopify/InventoryItem/7"
    assert identity.channel_sku == "variant-45011111111111"


def test_a_shopify_listing_without_ids_names_both_fields() -> None:
    _, problems = checked_identity(ChannelKind.SHOPIFY, ListingIdentity(channel_sku="MUG"))
    assert codes_by_field(problems) == {
        "external_product_id": "required",
        "external_inventory_id": "required",
    }


def test_a_shopify_gid_of_the_wrong_resource_is_refused() -> None:
    _, problems = checked_identity(
        ChannelKind.SHOPIFY,
        ListingIdentity(
            external_product_id="gid://shopify/Product/1",
            external_inventory_id="2",
            channel_sku="M",
        ),
    )
    assert codes_by_field(problems) == {"external_product_id": "invalid_shopify_id"}


def test_an_amazon_listing_is_merchant_fulfilled_unless_told_otherwise() -> None:
    identity, problems = checked_identity(
        ChannelKind.AMAZON, ListingIdentity(channel_sku="MUG-1", asin="b07xj8c8f5")
    )
    assert problems == []
    assert identity.fulfillment_channel is FulfillmentChannel.MFN
    assert identity.asin == "B07XJ8C8F5"


def test_an_amazon_fulfilled_listing_needs_its_fnsku() -> None:
    _, problems = checked_identity(
        ChannelKind.AMAZON,
        ListingIdentity(channel_sku="MUG-1", fulfillment_channel=FulfillmentChannel.AFN),
    )
    assert codes_by_field(problems) == {"fnsku": "required"}


def test_an_amazon_listing_without_a_seller_sku_or_with_a_bad_asin_is_refused() -> None:
    _, problems = checked_identity(
        ChannelKind.AMAZON, ListingIdentity(asin="NOTANASIN", fnsku="x0 1")
    )
    assert codes_by_field(problems) == {
        "channel_sku": "required",
        "asin": "invalid_asin",
        "fnsku": "invalid_fnsku",
    }


@pytest.mark.parametrize("kind", [ChannelKind.WALMART, ChannelKind.MANUAL])
def test_walmart_and_manual_listings_need_their_sku(kind: ChannelKind) -> None:
    _, problems = checked_identity(kind, ListingIdentity())
    assert codes_by_field(problems) == {"channel_sku": "required"}


def test_fields_of_another_channel_are_refused_by_name() -> None:
    _, problems = checked_identity(
        ChannelKind.WALMART,
        ListingIdentity(channel_sku="W1", fnsku="X001ABC123", asin="B07XJ8C8F5"),
    )
    assert codes_by_field(problems) == {"asin": "not_allowed", "fnsku": "not_allowed"}


def test_a_channel_sku_with_control_characters_is_refused() -> None:
    _, problems = checked_identity(ChannelKind.MANUAL, ListingIdentity(channel_sku="A\x00B"))
    assert codes_by_field(problems) == {"channel_sku": "invalid_channel_sku"}


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (StockRule(safety_buffer=-1), "stock_rule.safety_buffer"),
        (StockRule(percent_cap=101), "stock_rule.percent_cap"),
        (StockRule(percent_cap=-5), "stock_rule.percent_cap"),
        (StockRule(min_shown=5, max_shown=4), "stock_rule.min_shown"),
        (StockRule(max_shown=-1), "stock_rule.max_shown"),
        (StockRule(safety_buffer=10**20), "stock_rule.safety_buffer"),
    ],
)
def test_a_bad_stock_rule_names_the_field(rule: StockRule, field: str) -> None:
    assert [p.field for p in stock_rule_problems(rule)] == [field]


def test_a_sensible_stock_rule_passes() -> None:
    assert (
        stock_rule_problems(StockRule(safety_buffer=2, percent_cap=80, min_shown=1, max_shown=50))
        == []
    )
    assert stock_rule_problems(StockRule(min_shown=3, max_shown=3)) == []


def test_quantity_per_is_at_least_one() -> None:
    assert quantity_per_problems(2) == []
    assert [p.field for p in quantity_per_problems(0)] == ["quantity_per"]


def test_settings_refuse_anything_that_looks_like_a_secret() -> None:
    problems = settings_problems({"api_version": "2026-01", "webhook_secret": "x", "Bad Key": 1})
    assert codes_by_field(problems) == {
        "settings.webhook_secret": "secret_in_settings",
        "settings.Bad Key": "invalid_key",
    }


def test_settings_values_are_plain() -> None:
    assert settings_problems({"a": [1, 2], "b": {"nested": True}, "c": float("nan")}) != []
    assert len(settings_problems({"a": [1, 2], "b": {"nested": True}, "c": float("nan")})) == 3
    assert settings_problems({"a": ["x"], "b": None, "c": 1.5, "d": True}) == []
