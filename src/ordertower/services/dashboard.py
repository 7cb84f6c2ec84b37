"""The manager's first look: what is waiting for whom, as counts that link to the work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.tenancy import Permission, Principal

from .unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Workload:
    open_exceptions: int  # exception items nobody has resolved yet
    receipts_in_progress: int  # receipts still being received or waiting for putaway
    open_notices: int  # advance notices whose goods have not arrived
    listings_showing_zero: int  # active listings whose available to sell is 0
    sellable_units: int  # sellable units on hand across all locations


class WorkloadCounts(Protocol):
    def workload(self, merchant_id: int) -> Workload: ...


class DashboardUnitOfWork(UnitOfWork, Protocol):
    @property
    def dashboard(self) -> WorkloadCounts: ...


def workload(uow: DashboardUnitOfWork, *, principal: Principal, merchant_id: int) -> Workload:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.dashboard.workload(merchant_id)
