"""Use cases for merchants, users and their grants."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ordertower.domain.errors import Conflict, FieldProblem, FieldsInvalid, InvalidInput, NotFound
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal, Role
from ordertower.services.unit_of_work import Actor, AuditEntry

from .ports import Merchant, PasswordHasher, User
from .unit_of_work import TenancyUnitOfWork

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10


def create_merchant(
    uow: TenancyUnitOfWork, *, principal: Principal, code: str, name: str
) -> Merchant:
    principal.require(Permission.MANAGE_MERCHANTS)
    code = code.strip().upper()
    problems = []
    if not _CODE.match(code):
        problems.append(FieldProblem("code", "invalid_code", "Use 1–32 of A–Z, 0–9, - and _."))
    if not name.strip():
        problems.append(FieldProblem("name", "required", "A merchant needs a name."))
    if problems:
        raise FieldsInvalid("The merchant is not valid.", problems)
    with uow:
        if uow.merchants.get_by_code(code):
            raise Conflict(f"A merchant with code {code} already exists.", field="code")
        merchant = uow.merchants.add(code=code, name=name.strip())
        uow.audit.record(_audit(principal, "merchant.created", "merchant", merchant.id))
        uow.commit()
    return merchant


def list_merchants(
    uow: TenancyUnitOfWork, *, principal: Principal, page: PageRequest
) -> Page[Merchant]:
    with uow:
        return uow.merchants.list(principal.merchant_ids, page)


def get_merchant(uow: TenancyUnitOfWork, *, principal: Principal, merchant_id: int) -> Merchant:
    principal.require(Permission.READ, merchant_id)
    with uow:
        merchant = uow.merchants.get(merchant_id)
    if merchant is None:
        raise NotFound(f"Merchant {merchant_id} not found.", field="merchant_id")
    return merchant


def create_user(
    uow: TenancyUnitOfWork,
    hasher: PasswordHasher,
    *,
    principal: Principal | None,
    email: str,
    name: str,
    role: Role,
    password: str | None,
    merchant_ids: Sequence[int] = (),
) -> User:
    """Create a user. `principal=None` only for bootstrapping the first admin from the CLI."""
    if principal is not None:
        principal.require(Permission.MANAGE_USERS)
    email = email.strip().lower()
    _check_user_fields(email=email, name=name, role=role, password=password, grants=merchant_ids)
    with uow:
        if uow.users.get_by_email(email):
            raise Conflict(f"A user with email {email} already exists.", field="email")
        for merchant_id in merchant_ids:
            if uow.merchants.get(merchant_id) is None:
                raise InvalidInput(f"Merchant {merchant_id} does not exist.", field="merchant_ids")
        hashed = hasher.hash(password) if password else None
        user = uow.users.add(email=email, name=name.strip(), role=role, password_hash=hashed)
        uow.users.set_merchants(user.id, merchant_ids)
        actor = _actor(principal) if principal else Actor.system("cli")
        uow.audit.record(AuditEntry(actor, "user.created", "user", str(user.id)))
        uow.commit()
        created = uow.users.get(user.id)
    assert created is not None
    return created


def list_users(uow: TenancyUnitOfWork, *, principal: Principal, page: PageRequest) -> Page[User]:
    principal.require(Permission.MANAGE_USERS)
    with uow:
        return uow.users.list(principal.merchant_ids, page)


def _check_user_fields(
    *, email: str, name: str, role: Role, password: str | None, grants: Sequence[int]
) -> None:
    problems = []
    if not _EMAIL.match(email):
        problems.append(FieldProblem("email", "invalid_email", "Give an email like a@b.com."))
    if not name.strip():
        problems.append(FieldProblem("name", "required", "A user needs a name."))
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            FieldProblem(
                "password", "password_too_short", f"Use at least {MIN_PASSWORD_LENGTH} characters."
            )
        )
    if role is Role.CLIENT and not grants:
        problems.append(
            FieldProblem("merchant_ids", "required", "A client user must be bound to a merchant.")
        )
    if problems:
        raise FieldsInvalid("The user is not valid.", problems)


def _actor(principal: Principal) -> Actor:
    return Actor(label=f"user:{principal.user_id}", user_id=principal.user_id)


def _audit(principal: Principal, action: str, kind: str, target: int) -> AuditEntry:
    return AuditEntry(_actor(principal), action, kind, str(target), merchant_id=None)


def get_user(uow: TenancyUnitOfWork, *, principal: Principal, user_id: int) -> User:
    if user_id != principal.user_id:
        principal.require(Permission.MANAGE_USERS)
    with uow:
        user = uow.users.get(user_id)
    if user is None:
        raise NotFound(f"User {user_id} not found.", field="user_id")
    return user
