"""Writing one ProductSpec as a row of the product file (the inverse of `product_csv_cells`)."""

from __future__ import annotations

from decimal import Decimal

from .product import ProductSpec
from .product_csv_columns import LIST_SEPARATOR, QUANTITY_SEPARATOR, escape_cell


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def write_row(spec: ProductSpec) -> list[str]:
    """The spec's cells in the order of `COLUMNS`."""
    dimensions, weight, prep = spec.dimensions, spec.weight, spec.prep
    cells = [
        spec.sku,
        spec.title,
        LIST_SEPARATOR.join(spec.barcodes),
        spec.asin or "",
        spec.fnsku or "",
        _number(dimensions.length if dimensions else None),
        _number(dimensions.width if dimensions else None),
        _number(dimensions.height if dimensions else None),
        dimensions.unit.value if dimensions else "",
        _number(weight.value if weight else None),
        weight.unit.value if weight else "",
        spec.uom.value,
        str(spec.case_pack_qty),
        _number(spec.cost),
        spec.currency or "",
        _flag(spec.blocked),
        spec.blocked_reason or "",
        LIST_SEPARATOR.join(
            f"{component.sku}{QUANTITY_SEPARATOR}{component.quantity}"
            for component in spec.bundle_components
        ),
        prep.category.value if prep.category else "",
        LIST_SEPARATOR.join(prep_type.value for prep_type in prep.prep_types),
        _flag(prep.expiration_dated),
        _flag(prep.fragile),
        _flag(prep.liquid),
        _flag(prep.hazmat),
        prep.notes or "",
    ]
    return [escape_cell(cell) for cell in cells]
