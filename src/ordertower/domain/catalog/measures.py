"""Dimensions and weight as entered (in/cm, lb/oz/kg/g), their canonical inches and pounds, limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from ..errors import FieldProblem

INCH_PLACES = Decimal("0.001")  # canonical inches keep 3 decimal places (0.0254 mm)
POUND_PLACES = Decimal("0.0001")  # canonical pounds keep 4 decimal places (0.045 g)
MAX_SIDE_IN = Decimal(1_000)  # more is a data-entry slip (a 53 ft trailer is 636 in long)
MAX_WEIGHT_LB = Decimal(50_000)
_HUGE = Decimal(10) ** 9  # beyond every limit in every unit, so never converted


class LengthUnit(StrEnum):
    INCH = "in"  # canonical: stored dimensions are inches
    CENTIMETRE = "cm"  # 1 in = 2.54 cm exactly


class WeightUnit(StrEnum):
    POUND = "lb"  # canonical: stored weights are pounds
    OUNCE = "oz"  # 16 oz = 1 lb
    KILOGRAM = "kg"  # 1 lb = 0.45359237 kg exactly
    GRAM = "g"  # 1 lb = 453.59237 g


_UNITS_PER_INCH = {LengthUnit.INCH: Decimal(1), LengthUnit.CENTIMETRE: Decimal("2.54")}
_UNITS_PER_POUND = {
    WeightUnit.POUND: Decimal(1),
    WeightUnit.OUNCE: Decimal(16),
    WeightUnit.KILOGRAM: Decimal("0.45359237"),
    WeightUnit.GRAM: Decimal("453.59237"),
}


def _canonical(value: Decimal, *, units_per_canonical: Decimal, places: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 28
        return (value / units_per_canonical).quantize(places)


def to_inches(value: Decimal, unit: LengthUnit) -> Decimal:
    return _canonical(value, units_per_canonical=_UNITS_PER_INCH[unit], places=INCH_PLACES)


def to_pounds(value: Decimal, unit: WeightUnit) -> Decimal:
    return _canonical(value, units_per_canonical=_UNITS_PER_POUND[unit], places=POUND_PLACES)


@dataclass(frozen=True, slots=True)
class Dimensions:
    """Length x width x height in the unit the user entered; the `_in` properties are canonical."""

    length: Decimal
    width: Decimal
    height: Decimal
    unit: LengthUnit

    @property
    def length_in(self) -> Decimal:
        return to_inches(self.length, self.unit)

    @property
    def width_in(self) -> Decimal:
        return to_inches(self.width, self.unit)

    @property
    def height_in(self) -> Decimal:
        return to_inches(self.height, self.unit)

    @property
    def longest_side_in(self) -> Decimal:
        return max(self.length_in, self.width_in, self.height_in)


@dataclass(frozen=True, slots=True)
class Weight:
    """A weight in the unit the user entered; `pounds` is canonical."""

    value: Decimal
    unit: WeightUnit

    @property
    def pounds(self) -> Decimal:
        return to_pounds(self.value, self.unit)


def _measure_problems(
    field: str,
    value: Decimal,
    *,
    label: str,
    canonical: Callable[[Decimal], Decimal],
    maximum: Decimal,
    canonical_unit: str,
) -> list[FieldProblem]:
    """A measure is above 0 once rounded to canonical units, and at most `maximum`."""
    not_positive = FieldProblem(
        field, "not_positive", f"{label} must be a number greater than 0, got {value}."
    )
    if not value.is_finite() or value <= 0:
        return [not_positive]
    if value >= _HUGE or canonical(value) > maximum:
        message = (
            f"{label} {value} is more than {maximum:,} {canonical_unit}; "
            "check the number and its unit."
        )
        return [FieldProblem(field, "too_large", message)]
    return [not_positive] if canonical(value) == 0 else []


def dimension_problems(dimensions: Dimensions) -> list[FieldProblem]:
    """Each side above 0 and at most MAX_SIDE_IN (fields `dimensions.length` …)."""
    unit = dimensions.unit
    sides = {"length": dimensions.length, "width": dimensions.width, "height": dimensions.height}
    return [
        problem
        for side, value in sides.items()
        for problem in _measure_problems(
            f"dimensions.{side}",
            value,
            label=side.capitalize(),
            canonical=lambda entered: to_inches(entered, unit),
            maximum=MAX_SIDE_IN,
            canonical_unit=LengthUnit.INCH,
        )
    ]


def weight_problems(weight: Weight) -> list[FieldProblem]:
    """Above 0 and at most MAX_WEIGHT_LB (field `weight.value`)."""
    unit = weight.unit
    return _measure_problems(
        "weight.value",
        weight.value,
        label="Weight",
        canonical=lambda entered: to_pounds(entered, unit),
        maximum=MAX_WEIGHT_LB,
        canonical_unit=WeightUnit.POUND,
    )
