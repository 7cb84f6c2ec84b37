"""Use cases for blocking a SKU (it is then neither sold nor shipped) and unblocking it."""

from __future__ import annotations

from dataclasses import replace

from ordertower.domain.catalog import ProductInvalid, ProductNotBlocked
from ordertower.domain.catalog.product_fields import checked_block, checked_text
from ordertower.domain.tenancy import Permission, Principal

from .audit import product_entry
from .checks import stored_product
from .ports import Product
from .unit_of_work import CatalogUnitOfWork

REASON_MAX_LENGTH = 500


def block_product(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    product_id: int,
    reason: str | None,
) -> Product:
    """Block the SKU with a reason (required); blocking a blocked SKU replaces its reason."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    checked, problems = checked_block(True, reason)
    if problems or checked is None:
        raise ProductInvalid([replace(p, field="reason") for p in problems])
    with uow:
        product = stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)
        uow.products.set_block(merchant_id=merchant_id, product_id=product_id, reason=checked)
        uow.audit.record(
            product_entry(
                principal,
                "product.blocked",
                merchant_id=merchant_id,
                product_id=product_id,
                reason=checked,
                sku=product.sku,
                previous_reason=product.spec.blocked_reason,
            )
        )
        uow.commit()
        return stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)


def unblock_product(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    product_id: int,
    reason: str | None = None,
) -> Product:
    """Unblock a blocked SKU; unblocking one that is not blocked is a 409."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    why, problems = checked_text("reason", reason, max_length=REASON_MAX_LENGTH, required=False)
    if problems:
        raise ProductInvalid(problems)
    with uow:
        product = stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)
        if not product.spec.blocked:
            raise ProductNotBlocked(
                f"Product {product.sku} is not blocked; there is nothing to unblock.",
                field="product_id",
            )
        uow.products.set_block(merchant_id=merchant_id, product_id=product_id, reason=None)
        uow.audit.record(
            product_entry(
                principal,
                "product.unblocked",
                merchant_id=merchant_id,
                product_id=product_id,
                reason=why,
                sku=product.sku,
                previous_reason=product.spec.blocked_reason,
            )
        )
        uow.commit()
        return stored_product(uow.products, merchant_id=merchant_id, product_id=product_id)
