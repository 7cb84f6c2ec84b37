"""Property: any valid products, written as a product file and read back, come back unchanged."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordertower.domain.catalog import (
    REQUIRED_PREP_TYPES,
    BundleComponent,
    Dimensions,
    LengthUnit,
    PrepCategory,
    PrepProfile,
    PrepType,
    ProductSpec,
    UnitOfMeasure,
    Weight,
    WeightUnit,
    gs1_check_digit,
    parse_product_csv,
    render_product_csv,
    validate_gtin,
    validate_product_spec,
)

KNOWN_SKUS = ("PART-A", "PART-B", "PART-C", "-PART.D", "part/e")
FORBIDDEN_IN_TEXT = [chr(code) for code in range(0x20)] + ["\x7f"]

skus = st.from_regex(r"[A-Za-z0-9._/-]{1,64}", fullmatch=True).filter(lambda s: s not in KNOWN_SKUS)
titles = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters=FORBIDDEN_IN_TEXT),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip())
notes = st.none() | st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
barcodes = (
    st.sampled_from([7, 11, 12, 13])
    .flatmap(lambda length: st.from_regex(rf"[1-9][0-9]{{{length - 1}}}", fullmatch=True))
    .map(lambda body: body + str(gs1_check_digit(body)))
)
sides = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(999), places=4)
dimensions = st.none() | st.builds(
    Dimensions, length=sides, width=sides, height=sides, unit=st.sampled_from(LengthUnit)
)
masses = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(9_999), places=4)
weights = st.none() | st.builds(Weight, value=masses, unit=st.sampled_from(WeightUnit))
components = st.lists(
    st.builds(BundleComponent, sku=st.sampled_from(KNOWN_SKUS), quantity=st.integers(1, 500)),
    max_size=3,
    unique_by=lambda component: component.sku,
).map(tuple)
INPUT_CATEGORIES = [
    c for c in PrepCategory if c not in (PrepCategory.FC_PROVIDED, PrepCategory.UNKNOWN)
]


@st.composite
def prep_profiles(draw: st.DrawFn) -> PrepProfile:
    category = draw(st.none() | st.sampled_from(INPUT_CATEGORIES))
    prep_types: set[PrepType] = set()
    if category is not None and category is not PrepCategory.NONE:
        others = [t for t in PrepType if t is not PrepType.ITEM_NO_PREP]
        prep_types = draw(st.sets(st.sampled_from(others), max_size=4))
        required = REQUIRED_PREP_TYPES.get(category)
        if required:
            prep_types.add(draw(st.sampled_from(sorted(required))))
    return PrepProfile(
        category=category,
        prep_types=tuple(prep_types),
        expiration_dated=draw(st.booleans()),
        fragile=draw(st.booleans()),
        liquid=draw(st.booleans()),
        hazmat=draw(st.booleans()),
        notes=draw(notes),
    )


@st.composite
def product_specs(draw: st.DrawFn) -> ProductSpec:
    blocked = draw(st.booleans())
    cost = draw(st.none() | st.decimals(min_value=0, max_value=99_999_999, places=4))
    return validate_product_spec(
        ProductSpec(
            sku=draw(skus),
            title=draw(titles),
            barcodes=tuple(
                draw(st.lists(barcodes, max_size=3, unique_by=lambda c: validate_gtin(c).gtin14))
            ),
            asin=draw(st.none() | st.from_regex(r"B0[A-Z0-9]{8}", fullmatch=True)),
            fnsku=draw(st.none() | st.from_regex(r"[A-Z0-9]{1,10}", fullmatch=True)),
            dimensions=draw(dimensions),
            weight=draw(weights),
            uom=draw(st.sampled_from(UnitOfMeasure)),
            case_pack_qty=draw(st.integers(1, 10_000)),
            cost=cost,
            currency=draw(st.from_regex(r"[A-Z]{3}", fullmatch=True)) if cost is not None else None,
            blocked=blocked,
            blocked_reason=draw(titles) if blocked else None,
            bundle_components=draw(components),
            prep=draw(prep_profiles()),
        )
    )


def no_shared_identifiers(specs: list[ProductSpec]) -> bool:
    gtins = [validate_gtin(code).gtin14 for spec in specs for code in spec.barcodes]
    fnskus = [spec.fnsku for spec in specs if spec.fnsku]
    return len(gtins) == len(set(gtins)) and len(fnskus) == len(set(fnskus))


catalogues = st.lists(product_specs(), max_size=5, unique_by=lambda spec: spec.sku).filter(
    no_shared_identifiers
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(catalogues)
def test_rendering_then_parsing_gives_back_the_same_products(specs: list[ProductSpec]) -> None:
    result = parse_product_csv(render_product_csv(specs), known_skus=set(KNOWN_SKUS))

    assert result.errors == []
    assert result.specs == specs


@given(product_specs())
def test_a_validated_product_is_already_normalised(spec: ProductSpec) -> None:
    assert validate_product_spec(spec) == spec
