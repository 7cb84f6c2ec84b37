"""Channel account pages: the merchant's shops and seller accounts, their settings and credentials.

Credential values only ever travel from the browser to the vault (see credential_form).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.adapters.credential_vault import FernetVault
from ordertower.domain.channel_credentials import CREDENTIAL_FIELDS
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput
from ordertower.domain.tenancy import Permission
from ordertower.services.channels import accounts, credentials
from ordertower.services.channels.ports import ChannelAccount

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .credential_form import credential_inputs, credentials_typed, without_typed_values
from .forms import (
    FormDep,
    FormErrors,
    FormInvalid,
    SubmittedForm,
    cursor_links,
    form_errors,
    page_of,
    shown_time,
)
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

KIND_BADGES = {
    ChannelKind.SHOPIFY: "success",
    ChannelKind.AMAZON: "warning",
    ChannelKind.WALMART: "info",
    ChannelKind.MANUAL: "neutral",
}
KIND_LABELS = {
    ChannelKind.SHOPIFY: "Shopify",
    ChannelKind.AMAZON: "Amazon",
    ChannelKind.WALMART: "Walmart",
    ChannelKind.MANUAL: "Manual",
}


def kind_view() -> dict[str, Any]:
    return {"kind_badges": KIND_BADGES, "kind_labels": KIND_LABELS, "shown_time": shown_time}


def vault_of(runtime: Any) -> FernetVault:
    return FernetVault(runtime.cipher)


@router.get("/channels")
def channel_list(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, cursor: str | None = None
) -> HTMLResponse:
    found = None
    if visitor.merchant is not None:
        found = accounts.list_channel_accounts(
            runtime.uow(),
            vault_of(runtime),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            page=page_of(cursor),
        )
    return render(
        request,
        "channels/list.html",
        visitor,
        accounts=found.items if found else [],
        pages=cursor_links(request, found) if found else None,
        may_manage=_may_manage(visitor),
        **kind_view(),
    )


@router.get("/channels/new")
def new_account(request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.principal.require(Permission.MANAGE_CHANNELS, visitor.merchant_id)
    return _new_form(request, visitor, {"kind": ChannelKind.SHOPIFY.value}, None)


@router.post("/channels/new")
def connect_account(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CHANNELS, visitor.merchant_id)
    try:
        account = accounts.create_channel_account(
            runtime.uow(),
            vault_of(runtime),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            kind=_kind(form),
            name=form.text("name"),
            external_id=form.optional("external_id"),
        )
    except (InvalidInput, Conflict) as error:
        values = {name: form.text(name) for name in ("kind", "name", "external_id")}
        return _new_form(request, visitor, values, form_errors(error))
    next_step = " Set its credentials below." if CREDENTIAL_FIELDS[account.kind] else ""
    return flash_redirect(
        f"/channels/{account.id}", f"Channel account {account.name} added.{next_step}"
    )


@router.get("/channels/{account_id}")
def account_page(
    request: Request, account_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    account = _account(runtime, visitor, account_id)
    return _account_page(request, visitor, account, settings_form=_settings_values(account))


@router.post("/channels/{account_id}")
def change_account(
    request: Request, account_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CHANNELS, visitor.merchant_id)
    account = _account(runtime, visitor, account_id)
    try:
        changed = accounts.update_channel_account(
            runtime.uow(),
            vault_of(runtime),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            account_id=account_id,
            name=form.text("name"),
            external_id=form.optional("external_id"),
            settings=_settings(form),
            active=form.checked("active"),
            reason=form.optional("reason"),
        )
    except (InvalidInput, Conflict) as error:
        errors = form_errors(error)
        values = {name: form.text(name) for name in ("name", "external_id", "settings", "reason")}
        values["active"] = "on" if form.checked("active") else ""
        if any(p.code == "secret_in_settings" for p in errors.problems):
            values["settings"] = _settings_values(account)["settings"]  # never echo a secret
        return _account_page(
            request, visitor, account, settings_form=values, settings_errors=errors
        )
    return flash_redirect(f"/channels/{account_id}", f"Channel account {changed.name} saved.")


@router.post("/channels/{account_id}/credentials")
def replace_credentials(
    request: Request, account_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CHANNELS, visitor.merchant_id)
    account = _account(runtime, visitor, account_id)
    given = credentials_typed(account.kind, form)
    try:
        credentials.set_credentials(
            runtime.uow(),
            vault_of(runtime),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            account_id=account_id,
            credentials=given,
            reason=form.optional("reason"),
        )
    except (InvalidInput, Conflict) as error:
        errors = without_typed_values(form_errors(error), account.kind, given)
        return _account_page(
            request,
            visitor,
            account,
            settings_form=_settings_values(account),
            credential_errors=errors,
        )
    return flash_redirect(f"/channels/{account_id}", "Credentials saved and encrypted.")


@router.post("/channels/{account_id}/credentials/clear")
def forget_credentials(
    account_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CHANNELS, visitor.merchant_id)
    credentials.clear_credentials(
        runtime.uow(),
        vault_of(runtime),
        principal=visitor.principal,
        merchant_id=visitor.merchant_id,
        account_id=account_id,
        reason=form.optional("reason"),
    )
    return flash_redirect(
        f"/channels/{account_id}",
        "Credentials cleared: the connector stops until new ones are set.",
    )


def _may_manage(visitor: Visitor) -> bool:
    return visitor.principal.may(Permission.MANAGE_CHANNELS) and visitor.merchant is not None


def _account(runtime: Any, visitor: Visitor, account_id: int) -> ChannelAccount:
    return accounts.get_channel_account(
        runtime.uow(),
        vault_of(runtime),
        principal=visitor.principal,
        merchant_id=visitor.merchant_id,
        account_id=account_id,
    )


def _kind(form: SubmittedForm) -> ChannelKind:
    try:
        return ChannelKind(form.text("kind"))
    except ValueError:
        raise FormInvalid([FieldProblem("kind", "unknown_choice", "Choose a channel.")]) from None


def _settings(form: SubmittedForm) -> dict[str, Any]:
    text = form.text("settings").strip()
    if not text:
        return {}
    try:
        loaded = json.loads(text)
    except ValueError:
        loaded = None
    if not isinstance(loaded, dict):
        raise FormInvalid(
            [
                FieldProblem(
                    "settings",
                    "invalid_json",
                    'Give a JSON object of plain options, e.g. {"sync_inventory": true}.',
                )
            ]
        )
    return loaded


def _settings_values(account: ChannelAccount) -> dict[str, str]:
    settings = (
        json.dumps(dict(account.settings), indent=2, sort_keys=True) if account.settings else ""
    )
    return {
        "name": account.name,
        "external_id": account.external_id or "",
        "settings": settings,
        "active": "on" if account.active else "",
    }


def _new_form(
    request: Request, visitor: Visitor, values: dict[str, str], errors: FormErrors | None
) -> HTMLResponse:
    return render(
        request,
        "channels/new.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        values=values,
        errors=errors,
        kind_options=[(str(k), KIND_LABELS[k]) for k in ChannelKind],
        credential_names={
            KIND_LABELS[k]: [f.name for f in fields] for k, fields in CREDENTIAL_FIELDS.items()
        },
    )


def _account_page(
    request: Request,
    visitor: Visitor,
    account: ChannelAccount,
    *,
    settings_form: dict[str, str],
    settings_errors: FormErrors | None = None,
    credential_errors: FormErrors | None = None,
) -> HTMLResponse:
    errors = settings_errors or credential_errors
    return render(
        request,
        "channels/detail.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        account=account,
        values=settings_form,
        settings_errors=settings_errors,
        credential_errors=credential_errors,
        credential_inputs=credential_inputs(account.kind),
        may_manage=_may_manage(visitor),
        **kind_view(),
    )
