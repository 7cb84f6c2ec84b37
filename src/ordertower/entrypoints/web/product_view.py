"""What the product pages show of a product: labels, badges and measures ready for templates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ordertower.domain.catalog import BarcodeKind, InvalidBarcode, validate_gtin
from ordertower.services.catalog.ports import Product, ProductKind

BARCODE_LABELS = {
    BarcodeKind.EAN_8: "EAN-8",
    BarcodeKind.UPC_A: "UPC-A",
    BarcodeKind.EAN_13: "EAN-13",
    BarcodeKind.GTIN_14: "GTIN-14",
}
KIND_BADGES = {ProductKind.ITEM: ("Item", "neutral"), ProductKind.BUNDLE: ("Bundle", "accent")}


@dataclass(frozen=True)
class Measure:
    entered: str
    canonical: str


def _number(value: Decimal) -> str:
    return format(value, "f")


def _status(product: Product) -> tuple[str, str]:
    return ("Blocked", "danger") if product.spec.blocked else ("Active", "success")


def row_of(product: Product) -> dict[str, Any]:
    """One line of the product list."""
    spec = product.spec
    return {
        "id": product.id,
        "sku": spec.sku,
        "title": spec.title,
        "kind": KIND_BADGES[product.kind],
        "status": _status(product),
        "barcode": spec.barcodes[0] if spec.barcodes else None,
        "more_barcodes": max(len(spec.barcodes) - 1, 0),
        "fnsku": spec.fnsku,
        "asin": spec.asin,
    }


def _barcodes(codes: tuple[str, ...]) -> list[dict[str, str]]:
    shown = []
    for code in codes:
        try:
            barcode = validate_gtin(code)
        except InvalidBarcode:  # stored codes are valid; never hide one that is not
            shown.append({"code": code, "kind": "?", "gtin14": ""})
            continue
        shown.append({"code": code, "kind": BARCODE_LABELS[barcode.kind], "gtin14": barcode.gtin14})
    return shown


def detail_of(product: Product) -> dict[str, Any]:
    """Everything the product page shows, with measures as entered and in inches / pounds."""
    spec, d, w = product.spec, product.spec.dimensions, product.spec.weight
    dimensions = None
    if d is not None:
        dimensions = Measure(
            f"{_number(d.length)} × {_number(d.width)} × {_number(d.height)} {d.unit.value}",
            f"{_number(d.length_in)} × {_number(d.width_in)} × {_number(d.height_in)} in",
        )
    weight = None
    if w is not None:
        weight = Measure(f"{_number(w.value)} {w.unit.value}", f"{_number(w.pounds)} lb")
    prep = spec.prep
    flags = [
        label
        for label, on in (
            ("Expiration-dated", prep.expiration_dated),
            ("Fragile", prep.fragile),
            ("Liquid", prep.liquid),
            ("Hazmat", prep.hazmat),
        )
        if on
    ]
    return {
        **row_of(product),
        "spec": spec,
        "barcodes": _barcodes(spec.barcodes),
        "dimensions": dimensions,
        "weight": weight,
        "cost": f"{_number(spec.cost)} {spec.currency}" if spec.cost is not None else None,
        "prep_category": prep.category.value if prep.category else None,
        "prep_types": [prep_type.value for prep_type in prep.prep_types],
        "prep_flags": flags,
        "prep_notes": prep.notes,
        "components": spec.bundle_components,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }
