"""Proving the inventory truth: every balance equals its ledger, positions and allocations agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .unit_of_work import InventoryUnitOfWork


@dataclass(frozen=True, slots=True)
class Drift:
    """One place where stored stock disagrees with what the ledger and allocations imply."""

    check: str  # balance | position | allocation
    merchant_id: int
    sku: str
    where: str
    stored: int
    expected: int

    def __str__(self) -> str:
        return (
            f"{self.check}: merchant {self.merchant_id} {self.sku} at {self.where}: "
            f"stored {self.stored}, expected {self.expected}"
        )


class LedgerAuditor(Protocol):
    def balance_drift(self) -> list[Drift]: ...
    def position_drift(self) -> list[Drift]: ...
    def allocation_drift(self) -> list[Drift]: ...


class AuditingUnitOfWork(InventoryUnitOfWork, Protocol):
    @property
    def ledger_audit(self) -> LedgerAuditor: ...


def verify_inventory(uow: AuditingUnitOfWork) -> list[Drift]:
    """Recompute every balance from the ledger (one consistent snapshot); empty means clean."""
    with uow:
        audit = uow.ledger_audit
        return [*audit.balance_drift(), *audit.position_drift(), *audit.allocation_drift()]
