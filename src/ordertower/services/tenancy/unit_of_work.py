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
    merchants: MerchantRepository
    users: UserRepository
    tokens: TokenRepository
    sessions: SessionRepository
    login_attempts: LoginAttemptRepository
