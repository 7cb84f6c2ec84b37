"""Use cases for channel accounts: connect a shop or seller account, change it, find it.

Credentials given when connecting are checked and sealed as in `credentials.set_credentials`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ordertower.domain.channel_credentials import (
    CredentialsInvalid,
    SecretValue,
    validate_credentials,
)
from ordertower.domain.channels import ChannelAccountInvalid, ChannelKind, settings_problems
from ordertower.domain.errors import Conflict, FieldProblem, NotFound
from ordertower.domain.field_rules import text_problems
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal

from .account_records import (
    Credentials,
    account_view,
    audit_entry,
    external_id_in,
    seal_into,
    stored_account,
)
from .ports import UNSET, ChannelAccount, CredentialVault, Unset
from .unit_of_work import ChannelsUnitOfWork


def create_channel_account(
    uow: ChannelsUnitOfWork,
    vault: CredentialVault,
    *,
    principal: Principal,
    merchant_id: int,
    kind: ChannelKind,
    name: str,
    external_id: str | None = None,
    settings: Mapping[str, Any] | None = None,
    credentials: Credentials | None = None,
    reason: str | None = None,
) -> ChannelAccount:
    """Connect a channel account; credentials may come now or later (`set_credentials`)."""
    principal.require(Permission.MANAGE_CHANNELS, merchant_id)
    settings = dict(settings or {})
    name, external_id = name.strip(), _optional(external_id)
    problems = _account_problems(name=name, external_id=external_id, settings=settings)
    tidy: dict[str, SecretValue] = {}
    if credentials is not None:
        try:
            tidy = validate_credentials(kind, credentials)
        except CredentialsInvalid as error:
            problems += error.problems
    if problems:
        raise ChannelAccountInvalid(problems)
    with uow:
        if uow.merchants.get(merchant_id) is None:
            raise NotFound(f"Merchant {merchant_id} not found.", field="merchant_id")
        _refuse_taken_name(uow, merchant_id, name, None)
        stored = uow.channel_accounts.add(
            merchant_id=merchant_id,
            kind=kind,
            name=name,
            external_id=external_id or external_id_in(kind, tidy),
            settings=settings,
        )
        if tidy:
            stored = seal_into(uow, vault, stored, tidy)
        uow.audit.record(
            audit_entry(
                principal,
                "channel_account.created",
                stored,
                reason,
                kind=str(kind),
                name=name,
                credential_fields=sorted(tidy),
            )
        )
        uow.commit()
    return account_view(stored, vault)


def update_channel_account(
    uow: ChannelsUnitOfWork,
    vault: CredentialVault,
    *,
    principal: Principal,
    merchant_id: int,
    account_id: int,
    name: str | Unset = UNSET,
    external_id: str | Unset | None = UNSET,
    settings: Mapping[str, Any] | Unset = UNSET,
    active: bool | Unset = UNSET,
    reason: str | None = None,
) -> ChannelAccount:
    """Rename, re-point, change settings (replaced whole) or (de)activate an account."""
    principal.require(Permission.MANAGE_CHANNELS, merchant_id)
    with uow:
        current = stored_account(uow, merchant_id, account_id)
        new_name = current.name if isinstance(name, Unset) else name.strip()
        new_external = (
            current.external_id if isinstance(external_id, Unset) else _optional(external_id)
        )
        new_settings = current.settings if isinstance(settings, Unset) else dict(settings)
        problems = _account_problems(name=new_name, external_id=new_external, settings=new_settings)
        if problems:
            raise ChannelAccountInvalid(problems)
        _refuse_taken_name(uow, merchant_id, new_name, account_id)
        stored = uow.channel_accounts.update(
            merchant_id=merchant_id,
            account_id=account_id,
            name=new_name,
            external_id=new_external,
            settings=new_settings,
            active=current.active if isinstance(active, Unset) else active,
        )
        changed = [
            f
            for f in ("name", "external_id", "settings", "active")
            if getattr(stored, f) != getattr(current, f)
        ]
        uow.audit.record(
            audit_entry(principal, "channel_account.updated", stored, reason, changed=changed)
        )
        uow.commit()
    return account_view(stored, vault)


def get_channel_account(
    uow: ChannelsUnitOfWork,
    vault: CredentialVault,
    *,
    principal: Principal,
    merchant_id: int,
    account_id: int,
) -> ChannelAccount:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return account_view(stored_account(uow, merchant_id, account_id), vault)


def list_channel_accounts(
    uow: ChannelsUnitOfWork,
    vault: CredentialVault,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    kind: ChannelKind | None = None,
) -> Page[ChannelAccount]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        found = uow.channel_accounts.list(merchant_id=merchant_id, page=page, kind=kind)
    return Page([account_view(s, vault) for s in found.items], found.next_after)


def _refuse_taken_name(
    uow: ChannelsUnitOfWork, merchant_id: int, name: str, other_than: int | None
) -> None:
    if uow.channel_accounts.name_taken(merchant_id=merchant_id, name=name, other_than=other_than):
        raise Conflict(f"The merchant already has a channel account named {name!r}.", field="name")


def _account_problems(
    *, name: str, external_id: str | None, settings: Mapping[str, Any]
) -> list[FieldProblem]:
    return [
        *text_problems("name", name, max_length=100, required=True),
        *text_problems("external_id", external_id, max_length=200, required=False),
        *settings_problems(settings),
    ]


def _optional(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None
