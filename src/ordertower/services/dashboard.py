"""The manager's first look: what is waiting for whom, as counts that link to the work."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.orders import FINAL, OrderState
from ordertower.domain.tenancy import Permission, Principal

from .unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Workload:
    open_exceptions: int  # exception items nobody has resolved yet
    receipts_in_progress: int  # receipts still being received or waiting for putaway
    open_notices: int  # advance notices whose goods have not arrived
    listings_showing_zero: int  # active listings whose available to sell is 0
    sellable_units: int  # sellable units on hand across all locations


# The states where an order waits for someone (everything but shipped and cancelled): few orders
# at a time, so counting them stays cheap however many orders have shipped.
WORKING_STATES: tuple[OrderState, ...] = tuple(s for s in OrderState if s not in FINAL)


class WorkloadCounts(Protocol):
    def workload(self, merchant_id: int) -> Workload: ...

    def orders_in_states(
        self, merchant_id: int, states: Collection[OrderState]
    ) -> dict[OrderState, int]:
        """How many of the merchant's orders are in each of `states` (0 for none)."""
        ...


class DashboardUnitOfWork(UnitOfWork, Protocol):
    @property
    def dashboard(self) -> WorkloadCounts: ...


def workload(uow: DashboardUnitOfWork, *, principal: Principal, merchant_id: int) -> Workload:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.dashboard.workload(merchant_id)


def order_work(
    uow: DashboardUnitOfWork, *, principal: Principal, merchant_id: int
) -> dict[OrderState, int]:
    """Orders waiting in each working state (received … partially shipped), for counters."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.dashboard.orders_in_states(merchant_id, WORKING_STATES)
