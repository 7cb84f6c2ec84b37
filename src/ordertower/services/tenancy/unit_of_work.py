"""The unit of work tenancy use cases run in."""

from __future__ import annotations

from typing import Protocol

from ordertower.services.unit_of_work import UnitOfWork

from .ports import (
    LoginAttemptRepository,
    MerchantRepository,
    SessionRepository,
    TokenRepository,
    UserRepository,
)


class TenancyUnitOfWork(UnitOfWork, Protocol):
    """Repositories are read-only properties (implementations bind them to their connection)."""

    @property
    def merchants(self) -> MerchantRepository: ...

    @property
    def users(self) -> UserRepository: ...

    @property
    def tokens(self) -> TokenRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def login_attempts(self) -> LoginAttemptRepository: ...
