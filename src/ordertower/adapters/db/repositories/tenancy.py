"""SQL for merchants, users, grants, tokens, sessions and sign-in attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, delete, func, insert, select, text, update

from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Role
from ordertower.services.tenancy.ports import ActiveToken, ApiToken, Merchant, User, WebSession

from ..paging import by_id, to_page
from ..tables.tenancy import (
    api_tokens,
    login_attempts,
    merchants,
    user_merchants,
    users,
    web_sessions,
)


class SqlMerchants:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, *, code: str, name: str) -> Merchant:
        row = self._c.execute(
            insert(merchants).values(code=code, name=name).returning(*merchants.c)
        ).one()
        return _merchant(row)

    def get(self, merchant_id: int) -> Merchant | None:
        row = self._c.execute(select(merchants).where(merchants.c.id == merchant_id)).first()
        return _merchant(row) if row else None

    def get_by_code(self, code: str) -> Merchant | None:
        row = self._c.execute(select(merchants).where(merchants.c.code == code)).first()
        return _merchant(row) if row else None

    def list(self, visible: frozenset[int] | None, page: PageRequest) -> Page[Merchant]:
        query = select(merchants)
        if visible is not None:
            query = query.where(merchants.c.id.in_(visible))
        rows = self._c.execute(by_id(query, merchants.c.id, page)).all()
        return to_page([_merchant(r) for r in rows], page, lambda m: m.id)


class SqlUsers:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, *, email: str, name: str, role: Role, password_hash: str | None) -> User:
        row = self._c.execute(
            insert(users)
            .values(email=email, name=name, role=str(role), password_hash=password_hash)
            .returning(users.c.id)
        ).one()
        user = self.get(row.id)
        assert user is not None
        return user

    def get(self, user_id: int) -> User | None:
        return next(iter(self._load(users.c.id == user_id)), None)

    def get_by_email(self, email: str) -> User | None:
        return next(iter(self._load(users.c.email == email.lower())), None)

    def password_hash(self, user_id: int) -> str | None:
        value: str | None = self._c.execute(
            select(users.c.password_hash).where(users.c.id == user_id)
        ).scalar()
        return value

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._c.execute(
            update(users).where(users.c.id == user_id).values(password_hash=password_hash)
        )

    def set_merchants(self, user_id: int, merchant_ids: Sequence[int]) -> None:
        self._c.execute(delete(user_merchants).where(user_merchants.c.user_id == user_id))
        if merchant_ids:
            self._c.execute(
                insert(user_merchants),
                [{"user_id": user_id, "merchant_id": m} for m in sorted(set(merchant_ids))],
            )

    def list(self, visible: frozenset[int] | None, page: PageRequest) -> Page[User]:
        condition = None
        if visible is not None:
            granted = select(user_merchants.c.user_id).where(
                user_merchants.c.merchant_id.in_(visible)
            )
            condition = users.c.id.in_(granted)
        found = self._load(condition, page=page)
        return to_page(found, page, lambda u: u.id)

    def count_admins(self) -> int:
        return int(
            self._c.execute(select(func.count()).where(users.c.role == "admin")).scalar_one()
        )

    def _load(self, condition: object, page: PageRequest | None = None) -> Sequence[User]:
        grants = (
            select(func.coalesce(func.array_agg(user_merchants.c.merchant_id), []))
            .where(user_merchants.c.user_id == users.c.id)
            .scalar_subquery()
        )
        query = select(users, grants.label("merchant_ids"))
        if condition is not None:
            query = query.where(condition)  # type: ignore[arg-type]
        query = by_id(query, users.c.id, page) if page else query
        return [_user(r) for r in self._c.execute(query).all()]


# The token, its holder and the transaction's time in one round trip (every API request asks).
_ACTIVE_TOKEN = text("""
SELECT t.id, t.user_id, t.name, t.prefix, t.created_at, t.last_used_at, t.expires_at,
       t.revoked_at, now() AS now, u.id AS holder_id, u.email AS holder_email,
       u.name AS holder_name, u.role AS holder_role, u.active AS holder_active,
       u.created_at AS holder_created_at,
       (SELECT coalesce(array_agg(g.merchant_id), '{}') FROM user_merchants g
         WHERE g.user_id = u.id) AS holder_merchant_ids
  FROM api_tokens t JOIN users u ON u.id = t.user_id
 WHERE t.token_hash = :token_hash AND t.revoked_at IS NULL
   AND (t.expires_at IS NULL OR t.expires_at > now())
""")


class SqlTokens:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self, *, user_id: int, name: str, prefix: str, token_hash: str, expires_at: datetime | None
    ) -> ApiToken:
        row = self._c.execute(
            insert(api_tokens)
            .values(
                user_id=user_id,
                name=name,
                prefix=prefix,
                token_hash=token_hash,
                expires_at=expires_at,
            )
            .returning(*api_tokens.c)
        ).one()
        return _token(row)

    def find_active(self, token_hash: str) -> ActiveToken | None:
        row = self._c.execute(_ACTIVE_TOKEN, {"token_hash": token_hash}).first()
        if row is None:
            return None
        return ActiveToken(_token(row), _user(row, "holder_"), row.now)

    def get(self, token_id: int) -> ApiToken | None:
        row = self._c.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        return _token(row) if row else None

    def list_for_user(self, user_id: int) -> Sequence[ApiToken]:
        rows = self._c.execute(
            select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)
        ).all()
        return [_token(r) for r in rows]

    def revoke(self, token_id: int, now: datetime) -> None:
        self._c.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def touch(self, token_id: int, now: datetime) -> None:
        self._c.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now)
        )


class SqlSessions:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self,
        *,
        id_hash: str,
        user_id: int,
        csrf_token: str,
        merchant_id: int | None,
        expires_at: datetime,
    ) -> None:
        self._c.execute(
            insert(web_sessions).values(
                id_hash=id_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                merchant_id=merchant_id,
                expires_at=expires_at,
            )
        )

    def find_active(self, id_hash: str, now: datetime) -> WebSession | None:
        row = self._c.execute(
            select(web_sessions).where(
                web_sessions.c.id_hash == id_hash,
                web_sessions.c.revoked_at.is_(None),
                web_sessions.c.expires_at > now,
            )
        ).first()
        if row is None:
            return None
        return WebSession(row.user_id, row.csrf_token, row.merchant_id, row.expires_at)

    def set_merchant(self, id_hash: str, merchant_id: int) -> None:
        self._c.execute(
            update(web_sessions)
            .where(web_sessions.c.id_hash == id_hash)
            .values(merchant_id=merchant_id)
        )

    def revoke(self, id_hash: str, now: datetime) -> None:
        self._c.execute(
            update(web_sessions).where(web_sessions.c.id_hash == id_hash).values(revoked_at=now)
        )


class SqlLoginAttempts:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def record(self, *, email: str, ip: str, succeeded: bool) -> None:
        self._c.execute(insert(login_attempts).values(email=email, ip=ip, succeeded=succeeded))

    def failures_since(self, *, email: str, ip: str, since: datetime) -> int:
        """Failures for this account from anywhere, or from this address for any account."""
        count = self._c.execute(
            select(func.count()).where(
                login_attempts.c.succeeded.is_(False),
                login_attempts.c.at > since,
                (login_attempts.c.email == email) | (login_attempts.c.ip == ip),
            )
        ).scalar_one()
        return int(count)

    def forget_before(self, moment: datetime) -> int:
        result = self._c.execute(delete(login_attempts).where(login_attempts.c.at < moment))
        return int(result.rowcount)


class TenancyRepositories:
    """Mixin for the unit of work: tenancy repositories bound to its connection."""

    connection: Connection

    @property
    def merchants(self) -> SqlMerchants:
        return SqlMerchants(self.connection)

    @property
    def users(self) -> SqlUsers:
        return SqlUsers(self.connection)

    @property
    def tokens(self) -> SqlTokens:
        return SqlTokens(self.connection)

    @property
    def sessions(self) -> SqlSessions:
        return SqlSessions(self.connection)

    @property
    def login_attempts(self) -> SqlLoginAttempts:
        return SqlLoginAttempts(self.connection)


def _merchant(row: Row) -> Merchant:  # type: ignore[type-arg]
    return Merchant(row.id, row.code, row.name, row.active, row.created_at)


def _user(row: Row, prefix: str = "") -> User:  # type: ignore[type-arg]
    """The user in `row`, its columns named with `prefix` (when read beside another table's)."""
    values = row._mapping
    return User(
        id=values[prefix + "id"],
        email=values[prefix + "email"],
        name=values[prefix + "name"],
        role=Role(values[prefix + "role"]),
        active=values[prefix + "active"],
        merchant_ids=frozenset(values[prefix + "merchant_ids"] or ()),
        created_at=values[prefix + "created_at"],
    )


def _token(row: Row) -> ApiToken:  # type: ignore[type-arg]
    return ApiToken(
        row.id,
        row.user_id,
        row.name,
        row.prefix,
        row.created_at,
        row.last_used_at,
        row.expires_at,
        row.revoked_at,
    )
