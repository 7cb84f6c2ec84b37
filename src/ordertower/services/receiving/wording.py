"""Who did it and what people read: the audit entries and messages receiving writes."""

from __future__ import annotations

from typing import Any

from ordertower.domain.inventory import Discrepancy, DiscrepancyKind
from ordertower.domain.tenancy import Principal
from ordertower.services.unit_of_work import Actor, AuditEntry


def actor_label(principal: Principal) -> str:
    return f"user:{principal.user_id}"


def audit_entry(
    principal: Principal,
    action: str,
    target_kind: str,
    target_id: int,
    *,
    merchant_id: int,
    reason: str | None = None,
    **details: Any,
) -> AuditEntry:
    return AuditEntry(
        Actor(label=actor_label(principal), user_id=principal.user_id),
        action,
        target_kind,
        str(target_id),
        merchant_id=merchant_id,
        reason=reason,
        details=details,
    )


def discrepancy_message(receipt_label: str, found: Discrepancy) -> str:
    """One sentence per discrepancy, as the exception queue shows it."""
    units = _units(found.quantity)
    if found.kind is DiscrepancyKind.OVER:
        return (
            f"{receipt_label}: {_units(found.received)} of {found.sku} arrived, "
            f"{_expected(found.expected)} — {units} over."
        )
    if found.kind is DiscrepancyKind.SHORT:
        return (
            f"{receipt_label}: {_units(found.received)} of {found.sku} arrived, "
            f"{_expected(found.expected)} — {units} short."
        )
    if found.kind is DiscrepancyKind.DAMAGED:
        return (
            f"{receipt_label}: {units} of {found.sku} arrived damaged; they are in the damaged "
            "pool awaiting a decision."
        )
    return f"{receipt_label}: {units} of {found.sku} arrived that the notice did not list."


def _expected(quantity: int | None) -> str:
    return f"{quantity} {'was' if quantity == 1 else 'were'} expected"


def _units(quantity: int) -> str:
    return f"{quantity} unit" if quantity == 1 else f"{quantity} units"
