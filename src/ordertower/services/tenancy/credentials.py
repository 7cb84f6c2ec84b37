"""Use cases for proving who you are: passwords (rate-limited), API tokens and web sessions.

Tokens and session ids are random secrets shown once; only their SHA-256 is stored, so a database leak
does not leak credentials. Passwords are hashed with the PasswordHasher port (argon2id in production).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ordertower.domain.errors import InvalidInput, NotFound, RateLimited, Unauthenticated
from ordertower.domain.tenancy import Permission, Principal

from .ports import ApiToken, PasswordHasher, User, WebSession
from .unit_of_work import TenancyUnitOfWork

TOKEN_PREFIX = "ot_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def principal_of(user: User) -> Principal:
    visible = None if user.role == "admin" else frozenset(user.merchant_ids)
    return Principal(user_id=user.id, name=user.name, role=user.role, merchant_ids=visible)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to the user once, never stored


def issue_api_token(
    uow: TenancyUnitOfWork,
    *,
    principal: Principal,
    name: str,
    for_user_id: int | None = None,
    expires_at: datetime | None = None,
) -> IssuedToken:
    user_id = for_user_id if for_user_id is not None else principal.user_id
    if user_id != principal.user_id:
        principal.require(Permission.MANAGE_USERS)
    if not name.strip():
        raise InvalidInput(
            "Name the token (where it is used) so it can be revoked later.", field="name"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        if uow.users.get(user_id) is None:
            raise NotFound(f"User {user_id} not found.", field="user_id")
        token = uow.tokens.add(
            user_id=user_id,
            name=name.strip(),
            prefix=secret[:10],
            token_hash=digest(secret),
            expires_at=expires_at,
        )
        uow.commit()
    return IssuedToken(token=token, secret=secret)


def revoke_api_token(uow: TenancyUnitOfWork, *, principal: Principal, token_id: int) -> None:
    with uow:
        token = uow.tokens.get(token_id)
        if token is None or (
            token.user_id != principal.user_id and not principal.may(Permission.MANAGE_USERS)
        ):
            raise NotFound(f"Token {token_id} not found.", field="token_id")
        uow.tokens.revoke(token_id, uow.now())
        uow.commit()


# "Last used" is kept to the minute: writing it on every request would add a durable commit to each
# API call (a token used by an integration is called many times a second).
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def authenticate_token(uow: TenancyUnitOfWork, *, secret: str) -> Principal:
    if not secret.startswith(TOKEN_PREFIX):
        raise Unauthenticated("That is not an OrderTower API token (they start with ot_).")
    with uow:
        found = uow.tokens.find_active(digest(secret))
        if found is None or not found.holder.active:
            raise Unauthenticated("The API token is unknown, expired or revoked.")
        token, now = found.token, found.now
        if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
            uow.tokens.touch(token.id, now)
            uow.commit()
    return principal_of(found.holder)


def log_in(
    uow: TenancyUnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    ip: str,
    max_failures: int,
    window: timedelta,
    session_ttl: timedelta,
) -> tuple[str, WebSession]:
    """Check the password and open a web session; too many recent failures refuse with 429."""
    email = email.strip().lower()
    with uow:
        now = uow.now()
        if (
            uow.login_attempts.failures_since(email=email, ip=ip, since=now - window)
            >= max_failures
        ):
            raise RateLimited(
                "Too many failed sign-ins; wait a few minutes and try again.",
                retry_after_seconds=int(window.total_seconds()),
            )
        user = uow.users.get_by_email(email)
        stored = uow.users.password_hash(user.id) if user else None
        ok = bool(user and user.active and stored and hasher.verify(stored, password))
        uow.login_attempts.record(email=email, ip=ip, succeeded=ok)
        if not ok or user is None:
            uow.commit()
            raise Unauthenticated("Email or password is wrong.")
        session_id = secrets.token_urlsafe(32)
        merchant = min(user.merchant_ids) if user.merchant_ids else None
        session = WebSession(user.id, secrets.token_urlsafe(32), merchant, now + session_ttl)
        uow.sessions.add(
            id_hash=digest(session_id),
            user_id=user.id,
            csrf_token=session.csrf_token,
            merchant_id=merchant,
            expires_at=session.expires_at,
        )
        uow.commit()
    return session_id, session


def resume_session(uow: TenancyUnitOfWork, *, session_id: str) -> tuple[Principal, WebSession]:
    with uow:
        session = uow.sessions.find_active(digest(session_id), uow.now())
        user = uow.users.get(session.user_id) if session else None
    if session is None or user is None or not user.active:
        raise Unauthenticated("Your session has ended; sign in again.")
    return principal_of(user), session


def switch_merchant(
    uow: TenancyUnitOfWork, *, principal: Principal, session_id: str, merchant_id: int
) -> None:
    principal.require(Permission.READ, merchant_id)
    with uow:
        uow.sessions.set_merchant(digest(session_id), merchant_id)
        uow.commit()


def log_out(uow: TenancyUnitOfWork, *, session_id: str) -> None:
    with uow:
        uow.sessions.revoke(digest(session_id), uow.now())
        uow.commit()


def list_api_tokens(uow: TenancyUnitOfWork, *, principal: Principal) -> list[ApiToken]:
    with uow:
        return list(uow.tokens.list_for_user(principal.user_id))


def forget_old_sign_in_attempts(
    uow: TenancyUnitOfWork, *, keep: timedelta = timedelta(days=1)
) -> int:
    """Sign-in attempts only serve the rate limit; older ones are deleted."""
    with uow:
        forgotten = uow.login_attempts.forget_before(uow.now() - keep)
        uow.commit()
    return forgotten
