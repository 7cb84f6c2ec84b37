"""A merchant's channel accounts and their credentials (write-only: responses never carry values).

Credentials are sealed (encrypted) before they are stored. Responses say only whether they are set,
when, and which fields; PUT …/credentials replaces them all, DELETE forgets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field, SecretStr

from ordertower.adapters.credential_vault import FernetVault
from ordertower.domain.channel_credentials import CREDENTIAL_FIELDS, SecretValue
from ordertower.domain.channels import ChannelKind
from ordertower.services.channels import accounts, credentials
from ordertower.services.channels.ports import ChannelAccount

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import AccountIdPath, Reason, StrictIn, patched

router = APIRouter(tags=["channels"])


def get_vault(runtime: RuntimeDep) -> FernetVault:
    return FernetVault(runtime.cipher)


VaultDep = Annotated[FernetVault, Depends(get_vault)]
CredentialsIn = Annotated[
    dict[str, SecretStr | list[str]],
    Field(
        max_length=20,
        description="Field name → value, per kind (GET /channel-kinds lists them). Write-only.",
        examples=[{"shop_domain": "acme.myshopify.com", "admin_api_access_token": "shpat_…"}],
    ),
]


def secrets_of(values: Mapping[str, SecretStr | list[str]]) -> dict[str, SecretValue]:
    return {
        name: SecretValue(tuple(v) if isinstance(v, list) else v.get_secret_value())
        for name, v in values.items()
    }


class ChannelAccountIn(StrictIn):
    kind: ChannelKind
    name: str = Field(examples=["Acme Shopify"])
    external_id: str | None = Field(
        default=None, description="Shop domain or seller id; default: taken from the credentials."
    )
    settings: dict[str, Any] = Field(default_factory=dict, description="Plain options, no secrets.")
    credentials: CredentialsIn | None = None
    reason: Reason = None


class ChannelAccountPatch(StrictIn):
    name: str | None = None
    external_id: str | None = None
    settings: dict[str, Any] | None = Field(default=None, description="Replaces all settings.")
    active: bool | None = None
    reason: Reason = None


class CredentialsPut(StrictIn):
    credentials: CredentialsIn
    reason: Reason = None


class ChannelAccountOut(BaseModel):
    id: int
    merchant_id: int
    kind: ChannelKind
    name: str
    external_id: str | None
    settings: dict[str, Any]
    active: bool
    has_credentials: bool
    credentials_updated_at: datetime | None
    credential_fields: list[str] = Field(description="Names of the credential fields set.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, a: ChannelAccount) -> ChannelAccountOut:
        return cls(
            id=a.id,
            merchant_id=a.merchant_id,
            kind=a.kind,
            name=a.name,
            external_id=a.external_id,
            settings=dict(a.settings),
            active=a.active,
            has_credentials=a.has_credentials,
            credentials_updated_at=a.credentials_updated_at,
            credential_fields=list(a.credential_fields),
            created_at=a.created_at,
            updated_at=a.updated_at,
        )


class CredentialFieldOut(BaseModel):
    name: str
    hint: str
    required: bool
    many: bool


class ChannelKindOut(BaseModel):
    kind: ChannelKind
    credential_fields: list[CredentialFieldOut]


@router.get("/channel-kinds")
def list_channel_kinds(principal: PrincipalDep) -> list[ChannelKindOut]:
    """The channel kinds and the credential fields each needs."""
    return [
        ChannelKindOut(
            kind=kind,
            credential_fields=[
                CredentialFieldOut(name=f.name, hint=f.hint, required=f.required, many=f.many)
                for f in fields
            ],
        )
        for kind, fields in CREDENTIAL_FIELDS.items()
    ]


@router.get("/merchants/{merchant_id}/channel-accounts", response_model=PageOut[ChannelAccountOut])
def list_channel_accounts(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vault: VaultDep,
    page: PageDep,
    kind: Annotated[ChannelKind | None, Query()] = None,
) -> PageOut[ChannelAccountOut]:
    """The merchant's channel accounts."""
    found = accounts.list_channel_accounts(
        runtime.uow(), vault, principal=principal, merchant_id=merchant_id, page=page, kind=kind
    )
    return page_out(found, ChannelAccountOut.of)


@router.post("/merchants/{merchant_id}/channel-accounts", status_code=status.HTTP_201_CREATED)
def create_channel_account(
    merchant_id: MerchantDep,
    body: ChannelAccountIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vault: VaultDep,
) -> ChannelAccountOut:
    """Connect a Shopify store, Amazon or Walmart seller account, or a manual channel."""
    account = accounts.create_channel_account(
        runtime.uow(),
        vault,
        principal=principal,
        merchant_id=merchant_id,
        kind=body.kind,
        name=body.name,
        external_id=body.external_id,
        settings=body.settings,
        credentials=secrets_of(body.credentials) if body.credentials is not None else None,
        reason=body.reason,
    )
    return ChannelAccountOut.of(account)


@router.get("/merchants/{merchant_id}/channel-accounts/{account_id}")
def get_channel_account(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vault: VaultDep,
) -> ChannelAccountOut:
    """One channel account."""
    account = accounts.get_channel_account(
        runtime.uow(), vault, principal=principal, merchant_id=merchant_id, account_id=account_id
    )
    return ChannelAccountOut.of(account)


@router.patch("/merchants/{merchant_id}/channel-accounts/{account_id}")
def update_channel_account(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    body: ChannelAccountPatch,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vault: VaultDep,
) -> ChannelAccountOut:
    """Change name, external id, settings or active; fields left out stay as they are."""
    account = accounts.update_channel_account(
        runtime.uow(),
        vault,
        principal=principal,
        merchant_id=merchant_id,
        account_id=account_id,
        name=patched(body, "name"),
        external_id=patched(body, "external_id", nullable=True),
        settings=patched(body, "settings"),
        active=patched(body, "active"),
        reason=body.reason,
    )
    return ChannelAccountOut.of(account)


@router.put("/merchants/{merchant_id}/channel-accounts/{account_id}/credentials")
def set_credentials(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    body: CredentialsPut,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vault: VaultDep,
) -> ChannelAccountOut:
    """Replace the account's credentials (sealed at rest; never shown again)."""
    account = credentials.set_credentials(
        runtime.uow(),
        vault,
        principal=principal,
        merchant_id=merchant_id,
        account_id=account_id,
        credentials=secrets_of(body.credentials),
        reason=body.reason,
    )
    return ChannelAccountOut.of(account)


@router.delete("/merchants/{merchant_id}/channel-accounts/{account_id}/credentials")
def clear_credentials(
    merchant_id: MerchantDep,
    account_id: AccountIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    vault: VaultDep,
    reason: Annotated[str | None, Query(max_length=500)] = None,
) -> ChannelAccountOut:
    """Forget the account's credentials."""
    account = credentials.clear_credentials(
        runtime.uow(),
        vault,
        principal=principal,
        merchant_id=merchant_id,
        account_id=account_id,
        reason=reason,
    )
    return ChannelAccountOut.of(account)
