"""A package as the packer enters it: weight and dimensions, checked against what a parcel can be.

Entered units are kept (a scale shows ounces or grams, a tape measure centimetres) with their
canonical inches and pounds beside them, as for catalog measures. Above the catalog's own limits,
a parcel has parcel-carrier limits: 150 lb and 108 in on the longest side are the small-package
maxima of the big US parcel carriers; heavier or longer goes as freight, which needs another
ship method, not a label from this station.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ordertower.domain.catalog.measures import (
    Dimensions,
    Weight,
    dimension_problems,
    weight_problems,
)
from ordertower.domain.errors import FieldProblem, FieldsInvalid

MAX_PARCEL_WEIGHT_LB = Decimal(150)
MAX_PARCEL_SIDE_IN = Decimal(108)
MAX_PACKAGES_PER_ORDER = 999  # what "package n of m" on a label can count to


class PackageInvalid(FieldsInvalid):
    code = "package_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The package cannot be recorded: {listed}", problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageMeasures:
    weight: Weight
    dimensions: Dimensions | None = None


def check_measures(measures: PackageMeasures) -> None:
    """Weight above 0 and at most a parcel's; each side above 0 and at most a parcel's."""
    problems = weight_problems(measures.weight)
    if not problems and measures.weight.pounds > MAX_PARCEL_WEIGHT_LB:
        problems.append(
            FieldProblem(
                "weight.value",
                "too_heavy_for_a_parcel",
                f"{measures.weight.value} {measures.weight.unit} is more than "
                f"{MAX_PARCEL_WEIGHT_LB} lb: split it into several packages or ship it as freight.",
            )
        )
    if measures.dimensions is not None:
        side_problems = dimension_problems(measures.dimensions)
        if not side_problems and measures.dimensions.longest_side_in > MAX_PARCEL_SIDE_IN:
            side_problems.append(
                FieldProblem(
                    "dimensions",
                    "too_long_for_a_parcel",
                    f"The longest side is more than {MAX_PARCEL_SIDE_IN} in: use a smaller box "
                    "or ship it as freight.",
                )
            )
        problems += side_problems
    if problems:
        raise PackageInvalid(problems)
