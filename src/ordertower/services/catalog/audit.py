"""Audit entries for product-master changes: who changed which product, why, and what changed."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ordertower.domain.catalog import ProductSpec
from ordertower.domain.tenancy import Principal
from ordertower.services.unit_of_work import Actor, AuditEntry


def actor_of(principal: Principal) -> Actor:
    return Actor(label=f"user:{principal.user_id}", user_id=principal.user_id)


def product_entry(
    principal: Principal,
    action: str,
    *,
    merchant_id: int,
    product_id: int | None,
    reason: str | None = None,
    **details: Any,
) -> AuditEntry:
    return AuditEntry(
        actor_of(principal),
        action,
        "product",
        None if product_id is None else str(product_id),
        merchant_id=merchant_id,
        reason=reason,
        details=details,
    )


def changed_fields(before: ProductSpec, after: ProductSpec) -> list[str]:
    """Names of the spec fields that differ, in declaration order."""
    return [
        f.name for f in fields(ProductSpec) if getattr(before, f.name) != getattr(after, f.name)
    ]
