"""Dimensions and weight as entered (in/cm, lb/oz/kg/g) with their canonical inches and pounds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

CANONICAL_PLACES = Decimal("0.0001")  # canonical inches and pounds keep 4 decimal places


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


def _canonical(value: Decimal, units_per_canonical: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 28
        return (value / units_per_canonical).quantize(CANONICAL_PLACES)


def to_inches(value: Decimal, unit: LengthUnit) -> Decimal:
    return _canonical(value, _UNITS_PER_INCH[unit])


def to_pounds(value: Decimal, unit: WeightUnit) -> Decimal:
    return _canonical(value, _UNITS_PER_POUND[unit])


@dataclass(frozen=True, slots=True)
class Dimensions:
    """Length × width × height in the unit the user entered; the `_in` properties are canonical."""

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
