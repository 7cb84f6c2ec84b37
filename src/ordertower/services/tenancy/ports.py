"""What tenancy use cases need from storage and crypto."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Role


@dataclass(frozen=True, slots=True)
class Merchant:
    id: int
    code: str
    name: str
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    name: str
    role: Role
    active: bool
    merchant_ids: frozenset[int]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActiveToken:
    token: ApiToken
    holder: User
    now: datetime  # the transaction's time, by which it is not expired


@dataclass(frozen=True, slots=True)
class WebSession:
    user_id: int
    csrf_token: str
    merchant_id: int | None
    expires_at: datetime


class MerchantRepository(Protocol):
    def add(self, *, code: str, name: str) -> Merchant: ...
    def get(self, merchant_id: int) -> Merchant | None: ...
    def get_by_code(self, code: str) -> Merchant | None: ...
    def list(self, visible: frozenset[int] | None, page: PageRequest) -> Page[Merchant]: ...


class UserRepository(Protocol):
    def add(self, *, email: str, name: str, role: Role, password_hash: str | None) -> User: ...
    def get(self, user_id: int) -> User | None: ...
    def get_by_email(self, email: str) -> User | None: ...
    def password_hash(self, user_id: int) -> str | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def set_merchants(self, user_id: int, merchant_ids: Sequence[int]) -> None: ...
    def list(self, visible: frozenset[int] | None, page: PageRequest) -> Page[User]: ...
    def count_admins(self) -> int: ...


class TokenRepository(Protocol):
    def add(
        self, *, user_id: int, name: str, prefix: str, token_hash: str, expires_at: datetime | None
    ) -> ApiToken: ...
    def find_active(self, token_hash: str) -> ActiveToken | None:
        """The token if neither revoked nor expired, with its holder and the transaction's time
        (one round trip: every API request asks)."""
        ...

    def get(self, token_id: int) -> ApiToken | None: ...
    def list_for_user(self, user_id: int) -> Sequence[ApiToken]: ...
    def revoke(self, token_id: int, now: datetime) -> None: ...
    def touch(self, token_id: int, now: datetime) -> None: ...


class SessionRepository(Protocol):
    def add(
        self,
        *,
        id_hash: str,
        user_id: int,
        csrf_token: str,
        merchant_id: int | None,
        expires_at: datetime,
    ) -> None: ...
    def find_active(self, id_hash: str, now: datetime) -> WebSession | None: ...
    def set_merchant(self, id_hash: str, merchant_id: int) -> None: ...
    def revoke(self, id_hash: str, now: datetime) -> None: ...


class LoginAttemptRepository(Protocol):
    def record(self, *, email: str, ip: str, succeeded: bool) -> None: ...
    def failures_since(self, *, email: str, ip: str, since: datetime) -> int: ...
    def forget_before(self, moment: datetime) -> int: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
