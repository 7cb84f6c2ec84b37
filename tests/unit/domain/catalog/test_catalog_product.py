"""Validating a submitted product: the normalised result, and every problem reported at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

import pytest

from ordertower.domain.catalog import (
    BundleComponent,
    Dimensions,
    LengthUnit,
    PrepCategory,
    PrepProfile,
    PrepType,
    ProductInvalid,
    ProductSpec,
    UnitOfMeasure,
    Weight,
    WeightUnit,
    validate_product_spec,
)
from ordertower.domain.errors import FieldsInvalid

MUG = ProductSpec(sku="MUG-BLUE", title="Blue mug")


def problems(
    spec: ProductSpec, existing_bundles: Mapping[str, Sequence[BundleComponent]] | None = None
) -> list[tuple[str, str]]:
    with pytest.raises(ProductInvalid) as refused:
        validate_product_spec(spec, existing_bundles=existing_bundles)
    return [(problem.field, problem.code) for problem in refused.value.problems]


def test_a_complete_product_comes_back_normalised() -> None:
    submitted = ProductSpec(
        sku=" MUG-BLUE ",
        title="  Blue mug, 12 oz ",
        barcodes=(" 036000291452",),
        asin="b07xj8c8f5",
        fnsku="x001abc123",
        dimensions=Dimensions(Decimal("12"), Decimal("9"), Decimal("10"), LengthUnit.CENTIMETRE),
        weight=Weight(Decimal("350"), WeightUnit.GRAM),
        uom=UnitOfMeasure.EACH,
        case_pack_qty=24,
        cost=Decimal("2.35"),
        currency="usd",
        bundle_components=(BundleComponent(sku=" SAUCER ", quantity=1),),
        prep=PrepProfile(category=PrepCategory.FRAGILE, prep_types=(PrepType.ITEM_BUBBLEWRAP,)),
    )

    product = validate_product_spec(submitted)

    assert (product.sku, product.title, product.barcodes) == (
        "MUG-BLUE",
        "Blue mug, 12 oz",
        ("036000291452",),
    )
    assert (product.asin, product.fnsku, product.currency) == ("B07XJ8C8F5", "X001ABC123", "USD")
    assert product.bundle_components == (BundleComponent(sku="SAUCER", quantity=1),)
    assert product.prep.fragile is True
    assert product.dimensions == submitted.dimensions


def test_blank_optional_identifiers_become_none() -> None:
    product = validate_product_spec(
        replace(MUG, asin=" ", fnsku="", currency=" ", blocked_reason="")
    )

    assert (product.asin, product.fnsku, product.currency, product.blocked_reason) == (None,) * 4


def test_every_problem_is_reported_in_one_go() -> None:
    spec = ProductSpec(
        sku="MUG BLUE",
        title=" ",
        barcodes=("036000291453", "12345"),
        asin="B07",
        fnsku="X001-ABC",
        dimensions=Dimensions(Decimal("0"), Decimal("1"), Decimal("-1"), LengthUnit.INCH),
        weight=Weight(Decimal("NaN"), WeightUnit.POUND),
        case_pack_qty=0,
        cost=Decimal("-1"),
        currency="US",
        blocked=True,
        bundle_components=(BundleComponent(sku="SAUCER", quantity=0),),
        prep=PrepProfile(category=PrepCategory.UNKNOWN),
    )

    assert problems(spec) == [
        ("sku", "invalid_sku"),
        ("title", "required"),
        ("barcodes[0]", "invalid_barcode"),
        ("barcodes[1]", "invalid_barcode"),
        ("asin", "invalid_asin"),
        ("fnsku", "invalid_fnsku"),
        ("dimensions.length", "not_positive"),
        ("dimensions.height", "not_positive"),
        ("weight.value", "not_positive"),
        ("case_pack_qty", "not_positive"),
        ("cost", "negative_cost"),
        ("currency", "invalid_currency"),
        ("blocked_reason", "blocked_reason_required"),
        ("bundle_components[0].quantity", "invalid_bundle_quantity"),
        ("prep.category", "prep_category_not_input"),
    ]


def test_the_error_is_a_fields_error_whose_message_lists_the_problems() -> None:
    with pytest.raises(FieldsInvalid) as refused:
        validate_product_spec(replace(MUG, title=""))

    assert refused.value.code == "product_invalid"
    assert "title: Title is required." in refused.value.message


def test_a_blocked_product_needs_a_reason_and_keeps_it() -> None:
    assert problems(replace(MUG, blocked=True, blocked_reason="  ")) == [
        ("blocked_reason", "blocked_reason_required")
    ]
    blocked = validate_product_spec(replace(MUG, blocked=True, blocked_reason=" recall 2026-03 "))
    assert blocked.blocked_reason == "recall 2026-03"


def test_a_reason_without_a_block_is_refused_rather_than_dropped() -> None:
    assert problems(replace(MUG, blocked_reason="recall")) == [
        ("blocked_reason", "blocked_reason_without_block")
    ]


def test_a_cost_needs_a_currency_and_zero_cost_is_fine() -> None:
    assert problems(replace(MUG, cost=Decimal("3"))) == [("currency", "required")]
    assert validate_product_spec(replace(MUG, cost=Decimal("0"), currency="EUR")).cost == 0


def test_the_same_gtin_as_upc_a_and_ean_13_on_one_product_is_a_duplicate() -> None:
    assert problems(replace(MUG, barcodes=("036000291452", "0036000291452"))) == [
        ("barcodes[1]", "duplicate_barcode")
    ]


def test_a_title_with_a_line_break_or_over_255_characters_is_refused() -> None:
    assert problems(replace(MUG, title="Blue\nmug")) == [("title", "invalid_characters")]
    assert problems(replace(MUG, title="x" * 256)) == [("title", "too_long")]


def test_a_product_listing_itself_as_a_component_is_a_cycle() -> None:
    spec = replace(MUG, bundle_components=(BundleComponent(sku="MUG-BLUE", quantity=2),))

    assert problems(spec) == [("bundle_components", "bundle_cycle")]


def test_cycles_through_the_merchants_other_bundles_are_caught_when_given() -> None:
    spec = replace(MUG, bundle_components=(BundleComponent(sku="GIFT", quantity=1),))
    existing = {"GIFT": (BundleComponent(sku="MUG-BLUE", quantity=1),)}

    assert validate_product_spec(spec).bundle_components == spec.bundle_components
    assert problems(spec, existing_bundles=existing) == [("bundle_components", "bundle_cycle")]


def test_prep_problems_are_named_under_prep() -> None:
    spec = replace(MUG, prep=PrepProfile(category=PrepCategory.SMALL))

    assert problems(spec) == [("prep.prep_types", "prep_type_missing")]


def test_a_side_that_rounds_to_zero_inches_is_not_a_size() -> None:
    tiny = Dimensions(Decimal("0.0001"), Decimal(1), Decimal(1), LengthUnit.CENTIMETRE)

    assert problems(replace(MUG, dimensions=tiny)) == [("dimensions.length", "not_positive")]


def test_measures_beyond_any_real_product_are_refused_as_slips() -> None:
    long_side = Dimensions(Decimal(1), Decimal(2541), Decimal(1), LengthUnit.CENTIMETRE)
    heavy = Weight(Decimal(22_680), WeightUnit.KILOGRAM)
    absurd = Weight(Decimal("1E+40"), WeightUnit.GRAM)

    assert problems(replace(MUG, dimensions=long_side, weight=heavy)) == [
        ("dimensions.width", "too_large"),
        ("weight.value", "too_large"),
    ]
    assert problems(replace(MUG, weight=absurd)) == [("weight.value", "too_large")]
    assert problems(replace(MUG, weight=Weight(-absurd.value, WeightUnit.GRAM))) == [
        ("weight.value", "not_positive")
    ]
    edge = Dimensions(Decimal(1000), Decimal(1), Decimal(1), LengthUnit.INCH)
    assert validate_product_spec(replace(MUG, dimensions=edge)).dimensions == edge


@pytest.mark.parametrize("cost", ["0.00001", "100000000", "Infinity", "NaN"])
def test_a_cost_that_cannot_be_stored_exactly_is_refused(cost: str) -> None:
    assert problems(replace(MUG, cost=Decimal(cost), currency="USD")) == [("cost", "invalid_cost")]


def test_case_packs_and_component_quantities_have_a_sane_ceiling() -> None:
    spec = replace(
        MUG,
        case_pack_qty=1_000_001,
        bundle_components=(BundleComponent(sku="SAUCER", quantity=10_001),),
    )

    assert problems(spec) == [
        ("case_pack_qty", "not_positive"),
        ("bundle_components[0].quantity", "invalid_bundle_quantity"),
    ]
