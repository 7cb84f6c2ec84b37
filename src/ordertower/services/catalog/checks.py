"""Checks of a product against the merchant's stored catalog: SKU, barcodes, FNSKU, components."""

from __future__ import annotations

from collections.abc import Sequence

from ordertower.domain.catalog import (
    BarcodeTaken,
    BundleComponent,
    FnskuTaken,
    InvalidBarcode,
    InvalidSku,
    ProductInvalid,
    ProductSpec,
    validate_gtin,
    validate_product_spec,
    validate_sku,
)
from ordertower.domain.errors import FieldProblem, NotFound

from .ports import Product, ProductRepository


def stored_product(products: ProductRepository, *, merchant_id: int, product_id: int) -> Product:
    product = products.get(merchant_id=merchant_id, product_id=product_id)
    if product is None:
        raise NotFound(f"Product {product_id} not found.", field="product_id")
    return product


def valid_sku_or_none(text: str) -> str | None:
    try:
        return validate_sku(text)
    except InvalidSku:
        return None


def unknown_component_problems(
    components: Sequence[BundleComponent], known: dict[str, int], *, own_sku: str
) -> list[FieldProblem]:
    """Components that are no product of the merchant (a bundle of itself is a cycle, not this)."""
    problems = []
    for index, component in enumerate(components):
        sku = valid_sku_or_none(component.sku)
        if sku is not None and sku not in known and sku != own_sku:
            message = (
                f"Component {sku} is not a product of this merchant; create it first or "
                "correct the SKU."
            )
            problems.append(
                FieldProblem(f"bundle_components[{index}].sku", "unknown_component_sku", message)
            )
    return problems


def checked_product(
    products: ProductRepository, *, merchant_id: int, spec: ProductSpec
) -> tuple[ProductSpec, dict[str, int]]:
    """The normalised spec and its components' ids by SKU, or ProductInvalid with every problem.

    Cycles are checked over the merchant's whole stored bundle graph.
    """
    graph = products.bundle_graph(merchant_id=merchant_id) if spec.bundle_components else {}
    problems: list[FieldProblem] = []
    try:
        spec = validate_product_spec(spec, existing_bundles=graph)
    except ProductInvalid as invalid:
        problems += invalid.problems
    skus = {sku for c in spec.bundle_components if (sku := valid_sku_or_none(c.sku))}
    known = products.ids_by_sku(merchant_id=merchant_id, skus=skus) if skus else {}
    own_sku = spec.sku.strip()
    problems += unknown_component_problems(spec.bundle_components, known, own_sku=own_sku)
    if problems:
        raise ProductInvalid(problems)
    return spec, known


def require_identifiers_free(
    products: ProductRepository, *, merchant_id: int, spec: ProductSpec
) -> None:
    """Refuse (409, naming the field) a barcode or FNSKU that another product already has."""
    gtin14s = {validate_gtin(code).gtin14: index for index, code in enumerate(spec.barcodes)}
    owners = products.barcode_owners(merchant_id=merchant_id, gtin14s=gtin14s.keys())
    for gtin14, index in gtin14s.items():
        owner = owners.get(gtin14)
        if owner is not None and owner != spec.sku:
            raise BarcodeTaken(
                f"Barcode {spec.barcodes[index]} already belongs to SKU {owner}; a barcode "
                f"identifies one SKU. Remove it from {owner} first, or correct it here.",
                field=f"barcodes[{index}]",
            )
    if spec.fnsku is None:
        return
    owner = products.fnsku_owners(merchant_id=merchant_id, fnskus=[spec.fnsku]).get(spec.fnsku)
    if owner is not None and owner != spec.sku:
        raise FnskuTaken(
            f"FNSKU {spec.fnsku} already labels SKU {owner}; an FNSKU labels one SKU. "
            f"Remove it from {owner} first, or correct it here.",
            field="fnsku",
        )


def gtin14_or_none(code: str) -> str | None:
    try:
        return validate_gtin(code).gtin14
    except InvalidBarcode:
        return None
