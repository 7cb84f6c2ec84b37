"""The unit of work routing-policy use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.tenancy.ports import MerchantRepository
from ordertower.services.unit_of_work import UnitOfWork

from .ports import RoutingPlaces, RoutingPolicyRepository


class RoutingPolicyReader(Protocol):
    """All `load_policy` needs, so any area's unit of work with the repository can call it."""

    @property
    def routing_policies(self) -> RoutingPolicyRepository: ...


class RoutingUnitOfWork(UnitOfWork, Protocol):
    @property
    def merchants(self) -> MerchantRepository: ...

    @property
    def routing_policies(self) -> RoutingPolicyRepository: ...

    @property
    def routing_places(self) -> RoutingPlaces: ...
