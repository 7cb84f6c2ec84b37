"""Use cases for an account's credentials: set (replace) them, forget them, open them for connectors.

Credentials are checked, sealed through the CredentialVault and stored as ciphertext; callers only
ever learn whether they are set, when, and which fields. Audit entries name fields, never values.
"""

from __future__ import annotations

from ordertower.domain.channel_credentials import SecretValue, from_plaintext, validate_credentials
from ordertower.domain.errors import NotFound
from ordertower.domain.tenancy import Permission, Principal

from .account_records import (
    Credentials,
    account_view,
    audit_entry,
    external_id_in,
    seal_into,
    stored_account,
)
from .ports import ChannelAccount, CredentialVault
from .unit_of_work import ChannelsUnitOfWork


def set_credentials(
    uow: ChannelsUnitOfWork,
    vault: CredentialVault,
    *,
    principal: Principal,
    merchant_id: int,
    account_id: int,
    credentials: Credentials,
    reason: str | None = None,
) -> ChannelAccount:
    """Replace the account's credentials with these (all of them: nothing is merged)."""
    principal.require(Permission.MANAGE_CHANNELS, merchant_id)
    with uow:
        current = stored_account(uow, merchant_id, account_id)
        tidy = validate_credentials(current.kind, credentials)
        if current.external_id is None and (derived := external_id_in(current.kind, tidy)):
            current = uow.channel_accounts.update(
                merchant_id=merchant_id,
                account_id=account_id,
                name=current.name,
                external_id=derived,
                settings=current.settings,
                active=current.active,
            )
        stored = seal_into(uow, vault, current, tidy)
        uow.audit.record(
            audit_entry(
                principal, "channel_account.credentials_set", stored, reason, fields=sorted(tidy)
            )
        )
        uow.commit()
    return account_view(stored, vault)


def clear_credentials(
    uow: ChannelsUnitOfWork,
    vault: CredentialVault,
    *,
    principal: Principal,
    merchant_id: int,
    account_id: int,
    reason: str | None = None,
) -> ChannelAccount:
    """Forget the account's credentials (its connector stops until new ones are set)."""
    principal.require(Permission.MANAGE_CHANNELS, merchant_id)
    with uow:
        stored_account(uow, merchant_id, account_id)
        stored = uow.channel_accounts.set_credentials(
            merchant_id=merchant_id, account_id=account_id, sealed=None, at=uow.now()
        )
        uow.audit.record(
            audit_entry(principal, "channel_account.credentials_cleared", stored, reason)
        )
        uow.commit()
    return account_view(stored, vault)


def reveal_credentials(
    uow: ChannelsUnitOfWork, vault: CredentialVault, *, merchant_id: int, account_id: int
) -> dict[str, SecretValue]:
    """The account's credentials for its connector (workers only; never for an API response)."""
    with uow:
        stored = stored_account(uow, merchant_id, account_id)
    if stored.sealed_credentials is None:
        raise NotFound(
            f"Channel account {account_id} has no credentials; set them first.", field="credentials"
        )
    return from_plaintext(vault.unseal(stored.sealed_credentials))
