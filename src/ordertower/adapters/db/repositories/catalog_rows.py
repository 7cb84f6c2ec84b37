"""How a product is laid out in rows: its columns from a spec, and products from stored rows.

Products are loaded in sets: one query for the product rows, then one each for their barcodes and
their bundle components, so a page or an export batch costs three queries however large it is.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Connection, Select, any_, literal, select, type_coerce
from sqlalchemy.types import NullType

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


def product_rows() -> Select[Any]:
    """Whole `products` rows, for load_products (prep types as the driver gives them: a list)."""
    return select(
        *(column for column in products.c if column.name != "prep_types"),
        type_coerce(products.c.prep_types, NullType()).label("prep_types"),
    )


def load_products(
    connection: Connection, merchant_id: int, rows_query: Select[Any]
) -> list[Product]:
    """The products `rows_query` (built on product_rows()) selects, in its order, with their
    barcodes (in the order entered) and bundle components (by component SKU)."""
    result = connection.execute(rows_query)
    # Plain named tuples: reading ~30 columns by name is several times faster than on Row.
    stored = namedtuple("stored", list(result.keys()))  # type: ignore[misc]
    rows: list[Any] = [stored._make(row) for row in result.all()]
    if not rows:
        return []
    codes = _barcodes(connection, merchant_id, [row.id for row in rows])
    bundles = [row.id for row in rows if row.kind == ProductKind.BUNDLE.value]
    components = _components(connection, merchant_id, bundles) if bundles else {}
    return [
        Product(
            row.id,
            row.merchant_id,
            spec_of(row, codes.get(row.id, ()), components.get(row.id, ())),
            row.created_at,
            row.updated_at,
        )
        for row in rows
    ]


def _ids(ids: Sequence[int]) -> Any:
    return any_(literal(list(ids), ARRAY(BigInteger)))


def _barcodes(connection: Connection, merchant_id: int, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = connection.execute(
        select(product_barcodes.c.product_id, product_barcodes.c.code)
        .where(
            product_barcodes.c.merchant_id == merchant_id,
            product_barcodes.c.product_id == _ids(ids),
        )
        .order_by(product_barcodes.c.product_id, product_barcodes.c.id)
    )
    for product_id, code in rows.all():
        found[product_id].append(code)
    return found


def _components(
    connection: Connection, merchant_id: int, ids: Sequence[int]
) -> dict[int, list[BundleComponent]]:
    found: dict[int, list[BundleComponent]] = defaultdict(list)
    rows = connection.execute(
        select(bundle_components.c.bundle_id, _component.c.sku, bundle_components.c.quantity)
        .join(
            _component,
            (_component.c.merchant_id == bundle_components.c.merchant_id)
            & (_component.c.id == bundle_components.c.component_id),
        )
        .where(
            bundle_components.c.merchant_id == merchant_id,
            bundle_components.c.bundle_id == _ids(ids),
        )
        .order_by(bundle_components.c.bundle_id, _component.c.sku)
    )
    for bundle_id, sku, quantity in rows.all():
        found[bundle_id].append(BundleComponent(sku, quantity))
    return found


def _plain(value: Decimal) -> Decimal:
    """A stored number without the column's padding zeros: 4.5000 → 4.5, 400.0000 → 400."""
    normalised = value.normalize()
    exponent = normalised.as_tuple().exponent
    return (
        normalised.quantize(Decimal(1))
        if isinstance(exponent, int) and exponent > 0
        else normalised
    )


def spec_of(
    row: Any, barcodes: Sequence[str], components: Sequence[BundleComponent]
) -> ProductSpec:
    dimensions = None
    if row.dimension_unit:
        dimensions = Dimensions(
            length=_plain(row.length_entered),
            width=_plain(row.width_entered),
            height=_plain(row.height_entered),
            unit=LengthUnit(row.dimension_unit),
        )
    weight = None
    if row.weight_unit:
        weight = Weight(value=_plain(row.weight_entered), unit=WeightUnit(row.weight_unit))
    return ProductSpec(
        sku=row.sku,
        title=row.title,
        barcodes=tuple(barcodes),
        asin=row.asin,
        fnsku=row.fnsku,
        dimensions=dimensions,
        weight=weight,
        uom=UnitOfMeasure(row.uom),
        case_pack_qty=row.case_pack_qty,
        cost=None if row.cost is None else _plain(row.cost),
        currency=row.currency,
        blocked=row.blocked,
        blocked_reason=row.blocked_reason,
        bundle_components=tuple(components),
        prep=PrepProfile(
            category=PrepCategory(row.prep_category) if row.prep_category else None,
            prep_types=tuple(PrepType(value) for value in row.prep_types or ()),
            expiration_dated=row.expiration_dated,
            fragile=row.fragile,
            liquid=row.liquid,
            hazmat=row.hazmat,
            notes=row.prep_notes,
        ),
    )


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
