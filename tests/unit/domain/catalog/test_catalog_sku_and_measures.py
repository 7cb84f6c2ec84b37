"""SKU spelling rules and the conversion of entered measures to canonical inches and pounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ordertower.domain.catalog import (
    Dimensions,
    InvalidSku,
    LengthUnit,
    Weight,
    WeightUnit,
    to_inches,
    to_pounds,
    validate_sku,
)


@pytest.mark.parametrize("sku", ["A", "tee-shirt_red.L/2", "9" * 64])
def test_letters_digits_and_dash_underscore_dot_slash_make_a_sku(sku: str) -> None:
    assert validate_sku(sku) == sku


def test_a_sku_is_trimmed_and_keeps_its_case() -> None:
    assert validate_sku("  Mug-Blue \n") == "Mug-Blue"


def test_a_sku_longer_than_64_characters_is_refused() -> None:
    with pytest.raises(InvalidSku, match="at most 64"):
        validate_sku("9" * 65)


@pytest.mark.parametrize(
    ("sku", "named"), [("MUG BLUE", "' '"), ("MUG*2", "'*'"), ("MUG|A", "'|'")]
)
def test_a_sku_with_other_characters_is_refused_naming_them(sku: str, named: str) -> None:
    with pytest.raises(InvalidSku) as refused:
        validate_sku(sku)

    assert named in refused.value.message
    assert refused.value.code == "invalid_sku"


def test_a_blank_sku_is_refused() -> None:
    with pytest.raises(InvalidSku, match="required"):
        validate_sku("   ")


@pytest.mark.parametrize(
    ("value", "unit", "inches"),
    [
        ("2.54", LengthUnit.CENTIMETRE, "1.000"),
        ("10", LengthUnit.CENTIMETRE, "3.937"),
        ("12.5", LengthUnit.INCH, "12.500"),
    ],
)
def test_lengths_convert_to_inches(value: str, unit: LengthUnit, inches: str) -> None:
    assert to_inches(Decimal(value), unit) == Decimal(inches)


@pytest.mark.parametrize(
    ("value", "unit", "pounds"),
    [
        ("8", WeightUnit.OUNCE, "0.5000"),
        ("1", WeightUnit.KILOGRAM, "2.2046"),
        ("453.59237", WeightUnit.GRAM, "1.0000"),
        ("0.45359237", WeightUnit.KILOGRAM, "1.0000"),
        ("3", WeightUnit.POUND, "3.0000"),
    ],
)
def test_weights_convert_to_pounds(value: str, unit: WeightUnit, pounds: str) -> None:
    assert to_pounds(Decimal(value), unit) == Decimal(pounds)


def test_dimensions_keep_what_was_entered_and_give_canonical_inches() -> None:
    dimensions = Dimensions(
        length=Decimal("30"), width=Decimal("5.08"), height=Decimal("2"), unit=LengthUnit.CENTIMETRE
    )

    assert (dimensions.length, dimensions.unit) == (Decimal("30"), LengthUnit.CENTIMETRE)
    assert (dimensions.length_in, dimensions.width_in, dimensions.height_in) == (
        Decimal("11.811"),
        Decimal("2.000"),
        Decimal("0.787"),
    )
    assert dimensions.longest_side_in == Decimal("11.811")


def test_a_weight_keeps_what_was_entered_and_gives_canonical_pounds() -> None:
    weight = Weight(value=Decimal("250"), unit=WeightUnit.GRAM)

    assert (weight.value, weight.unit, weight.pounds) == (
        Decimal("250"),
        WeightUnit.GRAM,
        Decimal("0.5512"),
    )
