"""A product as a merchant submits it (`ProductSpec`) and the check that makes it fit to store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from ..errors import DomainError, FieldProblem
from .barcodes import validate_asin, validate_fnsku
from .bundles import BundleComponent, bundle_component_problems, find_bundle_cycle
from .errors import BundleCycle, ProductInvalid
from .measures import Dimensions, Weight, dimension_problems, weight_problems
from .prep import PrepProfile, prep_profile_problems
from .product_fields import (
    TITLE_MAX_LENGTH,
    case_pack_problems,
    checked_barcodes,
    checked_block,
    checked_cost,
    checked_identifier,
    checked_text,
)
from .sku import validate_sku


class UnitOfMeasure(StrEnum):
    EACH = "each"  # one single unit
    PAIR = "pair"  # two matching units sold together (shoes, gloves)
    PACK = "pack"  # a retail multi-pack sold as one unit
    SET = "set"  # different items sold together as one unit
    BOX = "box"  # an inner box of units
    CASE = "case"  # a master carton of `case_pack_qty` sellable units


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """One merchant SKU with everything the product master holds about it."""

    sku: str
    title: str
    barcodes: tuple[str, ...] = ()  # UPC-A / EAN-13 / EAN-8 / GTIN-14, digits as printed
    asin: str | None = None
    fnsku: str | None = None
    dimensions: Dimensions | None = None
    weight: Weight | None = None
    uom: UnitOfMeasure = UnitOfMeasure.EACH
    case_pack_qty: int = 1  # sellable units in one case
    cost: Decimal | None = None
    currency: str | None = None  # ISO 4217, required with a cost
    blocked: bool = False  # a blocked SKU is neither sold nor shipped
    blocked_reason: str | None = None
    bundle_components: tuple[BundleComponent, ...] = ()  # empty unless a kit/bundle
    prep: PrepProfile = field(default_factory=PrepProfile)


def _prefixed(prefix: str, problems: Sequence[FieldProblem]) -> list[FieldProblem]:
    return [replace(problem, field=f"{prefix}{problem.field}") for problem in problems]


def _checked_sku(text: str) -> tuple[str, list[FieldProblem]]:
    try:
        return validate_sku(text), []
    except DomainError as error:
        return text.strip(), [FieldProblem("sku", error.code, error.message)]


def _checked_bundle(
    *,
    sku: str,
    components: Sequence[BundleComponent],
    existing: Mapping[str, Sequence[BundleComponent]],
) -> tuple[tuple[BundleComponent, ...], list[FieldProblem]]:
    normalised, problems = bundle_component_problems(components)
    cycle = find_bundle_cycle({**existing, sku: normalised}, sku) if normalised else None
    if cycle is not None:
        error = BundleCycle(cycle)
        problems.append(FieldProblem("", error.code, error.message))
    return normalised, _prefixed("bundle_components", problems)


def validate_product_spec(
    spec: ProductSpec, *, existing_bundles: Mapping[str, Sequence[BundleComponent]] | None = None
) -> ProductSpec:
    """Return the normalised spec, or raise ProductInvalid listing every problem found.

    `existing_bundles` (the merchant's other bundle definitions) lets the check see cycles that
    run through other bundles; without it only a bundle that lists itself is caught.
    """
    sku, problems = _checked_sku(spec.sku)
    title, title_problems = checked_text(
        "title", spec.title, max_length=TITLE_MAX_LENGTH, required=True
    )
    barcodes, barcode_problems = checked_barcodes(spec.barcodes)
    asin, asin_problems = checked_identifier("asin", spec.asin, validate=validate_asin)
    fnsku, fnsku_problems = checked_identifier("fnsku", spec.fnsku, validate=validate_fnsku)
    currency, cost_problems = checked_cost(spec.cost, spec.currency)
    blocked_reason, block_problems = checked_block(spec.blocked, spec.blocked_reason)
    components, bundle_problems = _checked_bundle(
        sku=sku, components=spec.bundle_components, existing=existing_bundles or {}
    )
    prep, prep_problems = prep_profile_problems(spec.prep)
    problems += [
        *title_problems,
        *barcode_problems,
        *asin_problems,
        *fnsku_problems,
        *(dimension_problems(spec.dimensions) if spec.dimensions else []),
        *(weight_problems(spec.weight) if spec.weight else []),
        *case_pack_problems(spec.case_pack_qty),
        *cost_problems,
        *block_problems,
        *bundle_problems,
        *_prefixed("prep.", prep_problems),
    ]
    if problems:
        raise ProductInvalid(problems)
    return replace(
        spec,
        sku=sku,
        title=title or "",
        barcodes=barcodes,
        asin=asin,
        fnsku=fnsku,
        currency=currency,
        blocked_reason=blocked_reason,
        bundle_components=components,
        prep=prep,
    )
