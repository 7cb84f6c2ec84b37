"""Use cases for single products: create, replace, look up, search, count and delete.

A product's SKU never changes once created. An update replaces every other field the merchant
edits (title, identifiers, measures, packing, cost, prep profile); the blocked state and the bundle
components have their own use cases (`blocking`, `bundles`) because each needs its own checks and
audit. Deleting is allowed only while nothing refers to the product (listings, bundles, stock);
otherwise the answer is a 409 naming what refers to it, and blocking is the way to retire it.
"""

from __future__ import annotations

from dataclasses import replace

from ordertower.domain.catalog import (
    ProductInUse,
    ProductSpec,
    SkuImmutable,
    SkuTaken,
    validate_gtin,
)
from ordertower.domain.errors import NotFound
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal

from .audit import changed_fields, product_entry
from .checks import checked_product, require_identifiers_free, stored_product
from .ports import Product, ProductQuery, ProductUsers
from .unit_of_work import CatalogUnitOfWork


def create_product(
    uow: CatalogUnitOfWork, *, principal: Principal, merchant_id: int, spec: ProductSpec
) -> Product:
    """Add a product; a SKU, barcode or FNSKU another product has is a 409 naming the field."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        uow.products.lock_catalog(merchant_id=merchant_id)
        spec, component_ids = checked_product(uow.products, merchant_id=merchant_id, spec=spec)
        if uow.products.ids_by_sku(merchant_id=merchant_id, skus=[spec.sku]):
            raise SkuTaken(
                f"SKU {spec.sku} already exists; choose another SKU, or update that product.",
                field="sku",
            )
        require_identifiers_free(uow.products, merchant_id=merchant_id, spec=spec)
        product_id = uow.products.save(merchant_id=merchant_id, new=[spec], replaced={})[spec.sku]
        if spec.bundle_components:
            components = [(component_ids[c.sku], c.quantity) for c in spec.bundle_components]
            uow.products.set_components(merchant_id=merchant_id, bundles={product_id: components})
        uow.audit.record(
            product_entry(
                principal,
                "product.created",
                merchant_id=merchant_id,
                product_id=product_id,
                sku=spec.sku,
            )
        )
        uow.commit()
        return _stored(uow, merchant_id, product_id)


def update_product(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    product_id: int,
    spec: ProductSpec,
    reason: str | None = None,
) -> Product:
    """Replace the product's editable fields with `spec` (an empty SKU in `spec` means "keep")."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        uow.products.lock_catalog(merchant_id=merchant_id)
        current = _stored(uow, merchant_id, product_id)
        given = spec.sku.strip()
        if given and given != current.sku:
            raise SkuImmutable(current=current.sku, given=given)
        kept = current.spec
        spec = replace(
            spec,
            sku=current.sku,
            blocked=kept.blocked,
            blocked_reason=kept.blocked_reason,
            bundle_components=kept.bundle_components,
        )
        spec, _ = checked_product(uow.products, merchant_id=merchant_id, spec=spec)
        require_identifiers_free(uow.products, merchant_id=merchant_id, spec=spec)
        uow.products.save(merchant_id=merchant_id, new=[], replaced={product_id: spec})
        changed = changed_fields(kept, spec)
        uow.audit.record(
            product_entry(
                principal,
                "product.updated",
                merchant_id=merchant_id,
                product_id=product_id,
                reason=reason,
                sku=current.sku,
                changed=changed,
            )
        )
        uow.commit()
        return _stored(uow, merchant_id, product_id)


def get_product(
    uow: CatalogUnitOfWork, *, principal: Principal, merchant_id: int, product_id: int
) -> Product:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return _stored(uow, merchant_id, product_id)


def get_product_by_sku(
    uow: CatalogUnitOfWork, *, principal: Principal, merchant_id: int, sku: str
) -> Product:
    principal.require(Permission.READ, merchant_id)
    with uow:
        product = uow.products.get_by_sku(merchant_id=merchant_id, sku=sku.strip())
    if product is None:
        raise NotFound(f"No product has SKU {sku.strip()!r}.", field="sku")
    return product


def search_products(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    query: ProductQuery,
    page: PageRequest,
) -> Page[Product]:
    """Products matching every criterion of `query`, in SKU order (keyset-paged by SKU)."""
    principal.require(Permission.READ, merchant_id)
    query = _normalised(query)
    with uow:
        return uow.products.search(merchant_id=merchant_id, query=query, page=page)


def count_products(uow: CatalogUnitOfWork, *, principal: Principal, merchant_id: int) -> int:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.products.count(merchant_id=merchant_id)


def delete_product(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    product_id: int,
    reason: str | None = None,
) -> None:
    """Delete a product nothing refers to; otherwise a 409 naming what does (block it instead)."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        uow.products.lock_catalog(merchant_id=merchant_id)
        product = _stored(uow, merchant_id, product_id)
        users = uow.products.users_of(merchant_id=merchant_id, product_id=product_id)
        if users:
            raise ProductInUse(_in_use_message(product.sku, users), field="product_id")
        uow.products.delete(merchant_id=merchant_id, product_id=product_id)
        uow.audit.record(
            product_entry(
                principal,
                "product.deleted",
                merchant_id=merchant_id,
                product_id=product_id,
                reason=reason,
                sku=product.sku,
                title=product.spec.title,
            )
        )
        uow.commit()


def _stored(uow: CatalogUnitOfWork, merchant_id: int, product_id: int) -> Product:
    return stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)


def _in_use_message(sku: str, users: ProductUsers) -> str:
    uses = []
    if users.listing_count:
        uses.append(f"{users.listing_count} channel listing(s)")
    if users.bundle_skus:
        shown = ", ".join(users.bundle_skus[:10])
        more = f" and {len(users.bundle_skus) - 10} more" if len(users.bundle_skus) > 10 else ""
        uses.append(f"bundle(s) {shown}{more}")
    return (
        f"Product {sku} is still used by {' and '.join(uses)}; remove it from those first, "
        "or block the product instead of deleting it."
    )


def _normalised(query: ProductQuery) -> ProductQuery:
    """Blank criteria dropped, identifiers in their stored form; a malformed barcode is a 422."""

    def clean(text: str | None) -> str | None:
        return (text or "").strip() or None

    barcode = clean(query.barcode)
    return replace(
        query,
        text=clean(query.text),
        sku_prefix=clean(query.sku_prefix),
        title_words=clean(query.title_words),
        barcode=validate_gtin(barcode).gtin14 if barcode else None,
        fnsku=(clean(query.fnsku) or "").upper() or None,
        asin=(clean(query.asin) or "").upper() or None,
    )
