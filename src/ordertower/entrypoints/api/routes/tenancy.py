"""Merchants, users and API tokens."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from ordertower.domain.tenancy import Role
from ordertower.services.tenancy import access, credentials
from ordertower.services.tenancy.ports import ApiToken, Merchant, User

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out

router = APIRouter(tags=["tenancy"])


class MerchantIn(BaseModel):
    code: str = Field(max_length=32, examples=["ACME"])
    name: str = Field(max_length=200)


class MerchantOut(BaseModel):
    id: int
    code: str
    name: str
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, m: Merchant) -> MerchantOut:
        return cls(id=m.id, code=m.code, name=m.name, active=m.active, created_at=m.created_at)


class UserIn(BaseModel):
    email: str = Field(max_length=254)
    name: str = Field(max_length=200)
    role: Role
    password: str | None = Field(default=None, max_length=200)
    merchant_ids: list[int] = Field(default_factory=list)


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    active: bool
    merchant_ids: list[int]

    @classmethod
    def of(cls, u: User) -> UserOut:
        return cls(
            id=u.id,
            email=u.email,
            name=u.name,
            role=u.role,
            active=u.active,
            merchant_ids=sorted(u.merchant_ids),
        )


class TokenIn(BaseModel):
    name: str = Field(max_length=100, examples=["shopify-bridge"])
    user_id: int | None = None
    expires_at: datetime | None = None


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> TokenOut:
        return cls(
            id=t.id,
            name=t.name,
            prefix=t.prefix,
            created_at=t.created_at,
            last_used_at=t.last_used_at,
            expires_at=t.expires_at,
            revoked_at=t.revoked_at,
        )


class IssuedTokenOut(TokenOut):
    secret: str = Field(description="Shown once. Store it now; only its hash is kept.")


@router.get("/merchants", response_model=PageOut[MerchantOut])
def list_merchants(
    runtime: RuntimeDep, principal: PrincipalDep, page: PageDep
) -> PageOut[MerchantOut]:
    """Merchants the caller may see."""
    found = access.list_merchants(runtime.uow(), principal=principal, page=page)
    return page_out(found, MerchantOut.of)


@router.post("/merchants", status_code=status.HTTP_201_CREATED)
def create_merchant(body: MerchantIn, runtime: RuntimeDep, principal: PrincipalDep) -> MerchantOut:
    """Create a merchant (admins only)."""
    merchant = access.create_merchant(
        runtime.uow(), principal=principal, code=body.code, name=body.name
    )
    return MerchantOut.of(merchant)


@router.get("/merchants/{merchant_id}")
def get_merchant(
    merchant_id: MerchantDep, runtime: RuntimeDep, principal: PrincipalDep
) -> MerchantOut:
    """One merchant."""
    return MerchantOut.of(
        access.get_merchant(runtime.uow(), principal=principal, merchant_id=merchant_id)
    )


@router.get("/me")
def me(runtime: RuntimeDep, principal: PrincipalDep) -> UserOut:
    """The caller."""
    user = access.get_user(runtime.uow(), principal=principal, user_id=principal.user_id)
    return UserOut.of(user)


@router.get("/users", response_model=PageOut[UserOut])
def list_users(runtime: RuntimeDep, principal: PrincipalDep, page: PageDep) -> PageOut[UserOut]:
    """Users (admins only)."""
    return page_out(access.list_users(runtime.uow(), principal=principal, page=page), UserOut.of)


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, runtime: RuntimeDep, principal: PrincipalDep) -> UserOut:
    """Create a user with a role and the merchants they may see."""
    user = access.create_user(
        runtime.uow(),
        runtime.hasher,
        principal=principal,
        email=body.email,
        name=body.name,
        role=body.role,
        password=body.password,
        merchant_ids=body.merchant_ids,
    )
    return UserOut.of(user)


@router.get("/tokens")
def list_tokens(runtime: RuntimeDep, principal: PrincipalDep) -> list[TokenOut]:
    """The caller's API tokens (secrets are never shown again)."""
    return [TokenOut.of(t) for t in credentials.list_api_tokens(runtime.uow(), principal=principal)]


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def issue_token(body: TokenIn, runtime: RuntimeDep, principal: PrincipalDep) -> IssuedTokenOut:
    """Issue an API token; the secret is in this response only."""
    issued = credentials.issue_api_token(
        runtime.uow(),
        principal=principal,
        name=body.name,
        for_user_id=body.user_id,
        expires_at=body.expires_at,
    )
    return IssuedTokenOut(**TokenOut.of(issued.token).model_dump(), secret=issued.secret)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, runtime: RuntimeDep, principal: PrincipalDep) -> None:
    """Revoke a token at once."""
    credentials.revoke_api_token(runtime.uow(), principal=principal, token_id=token_id)
