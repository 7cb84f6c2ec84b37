"""What callers see of a stored channel account, and the helpers every account use case shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ordertower.domain.channel_credentials import (
    CredentialsUnreadable,
    SecretValue,
    from_plaintext,
    to_plaintext,
)
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import NotFound
from ordertower.domain.tenancy import Principal
from ordertower.services.unit_of_work import Actor, AuditEntry

from .ports import ChannelAccount, CredentialVault, StoredAccount
from .unit_of_work import ChannelsUnitOfWork

Credentials = Mapping[str, SecretValue]


def account_view(stored: StoredAccount, vault: CredentialVault) -> ChannelAccount:
    """What callers may see of a stored account: which credential fields are set, never values."""
    fields: tuple[str, ...] = ()
    if stored.sealed_credentials is not None:
        try:
            fields = tuple(sorted(from_plaintext(vault.unseal(stored.sealed_credentials))))
        except CredentialsUnreadable:
            fields = ()
    return ChannelAccount(
        id=stored.id,
        merchant_id=stored.merchant_id,
        kind=stored.kind,
        name=stored.name,
        external_id=stored.external_id,
        settings=stored.settings,
        active=stored.active,
        has_credentials=stored.sealed_credentials is not None,
        credentials_updated_at=stored.credentials_updated_at,
        credential_fields=fields,
        created_at=stored.created_at,
        updated_at=stored.updated_at,
    )


def seal_into(
    uow: ChannelsUnitOfWork, vault: CredentialVault, stored: StoredAccount, tidy: Credentials
) -> StoredAccount:
    return uow.channel_accounts.set_credentials(
        merchant_id=stored.merchant_id,
        account_id=stored.id,
        sealed=vault.seal(to_plaintext(tidy)),
        at=uow.now(),
    )


def stored_account(uow: ChannelsUnitOfWork, merchant_id: int, account_id: int) -> StoredAccount:
    stored = uow.channel_accounts.get(merchant_id=merchant_id, account_id=account_id)
    if stored is None:
        raise NotFound(f"Channel account {account_id} not found.", field="account_id")
    return stored


def external_id_in(kind: ChannelKind, credentials: Credentials) -> str | None:
    """The account's public identity, when its credentials carry one (shop domain, seller id)."""
    key = {ChannelKind.SHOPIFY: "shop_domain", ChannelKind.AMAZON: "selling_partner_id"}.get(kind)
    value = credentials[key].reveal() if key and key in credentials else None
    return value if isinstance(value, str) else None


def actor_of(principal: Principal) -> Actor:
    return Actor(label=f"user:{principal.user_id}", user_id=principal.user_id)


def audit_entry(
    principal: Principal, action: str, stored: StoredAccount, reason: str | None, **details: Any
) -> AuditEntry:
    return AuditEntry(
        actor_of(principal),
        action,
        "channel_account",
        str(stored.id),
        merchant_id=stored.merchant_id,
        reason=reason,
        details=details,
    )
