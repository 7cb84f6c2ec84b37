"""Use case for a bundle's (kit's) components, by component SKU, kept free of cycles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ordertower.domain.catalog import (
    BundleComponent,
    BundleCycle,
    BundleInvalid,
    bundle_component_problems,
    find_bundle_cycle,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.recompute_jobs import defer_recompute

from .audit import product_entry
from .checks import stored_product, unknown_component_problems
from .ports import Product
from .unit_of_work import CatalogUnitOfWork


def set_bundle_components(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    product_id: int,
    components: Sequence[BundleComponent],
    reason: str | None = None,
) -> Product:
    """Make the product a bundle of `components` (none: a plain item again).

    Unknown SKUs, bad quantities and repeats are a 422 naming each component; a cycle through the
    merchant's stored bundles is a 422 naming the path.
    """
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    normalised, problems = bundle_component_problems(components)
    if problems:
        raise BundleInvalid([replace(p, field=f"bundle_components{p.field}") for p in problems])
    with uow:
        uow.products.lock_catalog(merchant_id=merchant_id)
        product = stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)
        skus = {c.sku for c in normalised}
        known = uow.products.ids_by_sku(merchant_id=merchant_id, skus=skus) if skus else {}
        unknown = unknown_component_problems(normalised, known, own_sku=product.sku)
        if unknown:
            raise BundleInvalid(unknown)
        graph = uow.products.bundle_graph(merchant_id=merchant_id)
        cycle = find_bundle_cycle({**graph, product.sku: normalised}, product.sku)
        if cycle is not None:
            raise BundleCycle(cycle)
        ids = [(known[c.sku], c.quantity) for c in normalised]
        uow.products.set_components(merchant_id=merchant_id, bundles={product_id: ids})
        defer_recompute(uow.jobs, merchant_id, [product_id])
        uow.audit.record(
            product_entry(
                principal,
                "product.components_set",
                merchant_id=merchant_id,
                product_id=product_id,
                reason=reason,
                sku=product.sku,
                components=[f"{c.sku}*{c.quantity}" for c in normalised],
                previous=[f"{c.sku}*{c.quantity}" for c in product.spec.bundle_components],
            )
        )
        uow.commit()
        return stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)
