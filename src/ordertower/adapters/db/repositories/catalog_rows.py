"""How a product is laid out in rows: its columns from a spec, and a spec from its stored rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from ordertower.domain.catalog import (
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
)
from ordertower.services.catalog.ports import Product, ProductKind

from ..tables.catalog import bundle_components, product_barcodes, products

_component = products.alias("component")


def _aggregated(column: Any, *, order_by: Any, where: Any, from_: Any) -> Any:
    return (
        select(func.array_agg(aggregate_order_by(column, order_by)))
        .select_from(from_)
        .where(*where)
        .scalar_subquery()
    )


_BARCODES = _aggregated(
    product_barcodes.c.code,
    order_by=product_barcodes.c.id,
    from_=product_barcodes,
    where=(
        product_barcodes.c.merchant_id == products.c.merchant_id,
        product_barcodes.c.product_id == products.c.id,
    ),
)
_COMPONENTS_FROM = bundle_components.join(
    _component,
    (_component.c.merchant_id == bundle_components.c.merchant_id)
    & (_component.c.id == bundle_components.c.component_id),
)
_COMPONENTS_OF = (
    bundle_components.c.merchant_id == products.c.merchant_id,
    bundle_components.c.bundle_id == products.c.id,
)
_COMPONENT_SKUS = _aggregated(
    _component.c.sku, order_by=_component.c.sku, from_=_COMPONENTS_FROM, where=_COMPONENTS_OF
)
_COMPONENT_QUANTITIES = _aggregated(
    bundle_components.c.quantity,
    order_by=_component.c.sku,
    from_=_COMPONENTS_FROM,
    where=_COMPONENTS_OF,
)


def product_select() -> Select[Any]:
    """Products with their barcodes (as entered, in order) and components (by SKU) aggregated."""
    return select(
        products,
        _BARCODES.label("barcodes"),
        _COMPONENT_SKUS.label("component_skus"),
        _COMPONENT_QUANTITIES.label("component_quantities"),
    )


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored number without the column's padding zeros: 4.5000 → 4.5, 400.0000 → 400."""
    if value is None:
        return None
    normalised = value.normalize()
    exponent = normalised.as_tuple().exponent
    return (
        normalised.quantize(Decimal(1))
        if isinstance(exponent, int) and exponent > 0
        else normalised
    )


def spec_of(row: Row[Any]) -> ProductSpec:
    dimensions = None
    if row.dimension_unit:
        dimensions = Dimensions(
            length=_plain(row.length_entered) or Decimal(0),
            width=_plain(row.width_entered) or Decimal(0),
            height=_plain(row.height_entered) or Decimal(0),
            unit=LengthUnit(row.dimension_unit),
        )
    weight = None
    if row.weight_unit:
        weight = Weight(
            value=_plain(row.weight_entered) or Decimal(0), unit=WeightUnit(row.weight_unit)
        )
    components = zip(row.component_skus or (), row.component_quantities or (), strict=True)
    return ProductSpec(
        sku=row.sku,
        title=row.title,
        barcodes=tuple(row.barcodes or ()),
        asin=row.asin,
        fnsku=row.fnsku,
        dimensions=dimensions,
        weight=weight,
        uom=UnitOfMeasure(row.uom),
        case_pack_qty=row.case_pack_qty,
        cost=_plain(row.cost),
        currency=row.currency,
        blocked=row.blocked,
        blocked_reason=row.blocked_reason,
        bundle_components=tuple(BundleComponent(sku, quantity) for sku, quantity in components),
        prep=_prep_of(row),
    )


def _prep_of(row: Row[Any]) -> PrepProfile:
    return PrepProfile(
        category=PrepCategory(row.prep_category) if row.prep_category else None,
        prep_types=tuple(PrepType(value) for value in row.prep_types or ()),
        expiration_dated=row.expiration_dated,
        fragile=row.fragile,
        liquid=row.liquid,
        hazmat=row.hazmat,
        notes=row.prep_notes,
    )


def product_of(row: Row[Any]) -> Product:
    return Product(row.id, row.merchant_id, spec_of(row), row.created_at, row.updated_at)


def columns_of(spec: ProductSpec) -> dict[str, Any]:
    """Every stored column of the spec but its SKU; measures both as entered and canonical."""
    d, w, prep = spec.dimensions, spec.weight, spec.prep
    return {
        "title": spec.title,
        "kind": str(ProductKind.BUNDLE if spec.bundle_components else ProductKind.ITEM),
        "asin": spec.asin,
        "fnsku": spec.fnsku,
        "length_entered": d.length if d else None,
        "width_entered": d.width if d else None,
        "height_entered": d.height if d else None,
        "dimension_unit": d.unit.value if d else None,
        "length_in": d.length_in if d else None,
        "width_in": d.width_in if d else None,
        "height_in": d.height_in if d else None,
        "weight_entered": w.value if w else None,
        "weight_unit": w.unit.value if w else None,
        "weight_lb": w.pounds if w else None,
        "uom": spec.uom.value,
        "case_pack_qty": spec.case_pack_qty,
        "cost": spec.cost,
        "currency": spec.currency,
        "blocked": spec.blocked,
        "blocked_reason": spec.blocked_reason,
        "prep_category": prep.category.value if prep.category else None,
        "prep_types": [prep_type.value for prep_type in prep.prep_types],
        "expiration_dated": prep.expiration_dated,
        "fragile": prep.fragile,
        "liquid": prep.liquid,
        "hazmat": prep.hazmat,
        "prep_notes": prep.notes,
    }
