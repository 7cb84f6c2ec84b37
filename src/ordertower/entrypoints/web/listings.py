"""Listing pages: which channel product sells which SKU, how many units it takes, what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.channels import (
    ListingStatus,
)
from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput
from ordertower.domain.locations import LocationKind
from ordertower.domain.tenancy import Permission
from ordertower.services.channels import accounts, listings
from ordertower.services.channels.ports import ChannelAccount, Listing, ListingFilter
from ordertower.services.locations import sites
from ordertower.services.locations.ports import Location

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .channels import KIND_BADGES, KIND_LABELS, vault_of
from .forms import (
    FormDep,
    FormErrors,
    FormInvalid,
    SubmittedForm,
    cursor_links,
    form_errors,
    page_of,
)
from .listing_form import IDENTITY_INPUTS, listing_changes, listing_draft, listing_values
from .locations import KIND_LABELS as LOCATION_LABELS
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


STATUS_BADGES = {ListingStatus.ACTIVE: "success", ListingStatus.INACTIVE: "neutral"}
PAGE_SIZE = 100  # listings per page of the list


@dataclass(frozen=True)
class Choices:
    """What the listing pages choose from: the merchant's accounts and the locations it may use."""

    accounts: list[ChannelAccount]
    locations: list[Location]

    def account(self, account_id: int | None) -> ChannelAccount | None:
        return next((a for a in self.accounts if a.id == account_id), None)


def _choices(runtime: Any, visitor: Visitor) -> Choices:
    principal, merchant_id = visitor.principal, visitor.merchant_id
    found = accounts.list_channel_accounts(
        runtime.uow(),
        vault_of(runtime),
        principal=principal,
        merchant_id=merchant_id,
        page=page_of(None, limit=500),
    ).items
    places: list[Location] = []
    for kind, owner in ((LocationKind.WAREHOUSE, None), (None, merchant_id)):
        places += sites.list_locations(
            runtime.uow(),
            principal=principal,
            page=page_of(None, limit=500),
            kind=kind,
            merchant_id=owner,
        ).items
    return Choices(list(found), places)


@router.get("/listings")
def listing_list(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    account: str | None = None,
    sku: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {"listings": [], "pages": None, "accounts": [], "locations": {}}
    if visitor.merchant is not None:
        choices = _choices(runtime, visitor)
        where = ListingFilter(
            channel_account_id=_number(account),
            sku=sku.strip()[:64] if sku and sku.strip() else None,
            status=ListingStatus(status) if status in set(ListingStatus) else None,
        )
        found = listings.list_listings(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            page=page_of(cursor, limit=PAGE_SIZE),
            where=where,
        )
        context = {
            "listings": found.items,
            "pages": cursor_links(request, found),
            "accounts": {a.id: a for a in choices.accounts},
            "locations": {place.id: place.code for place in choices.locations},
            "where": where,
        }
    return render(
        request,
        "listings/list.html",
        visitor,
        filters={"account": account or "", "sku": sku or "", "status": status or ""},
        status_options=[(str(s), s.capitalize()) for s in ListingStatus],
        may_manage=_may_manage(visitor),
        filtered=bool(account or sku or status),
        **context,
        **_badges(),
    )


@router.get("/listings/new")
def new_listing(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    channel_account_id: str | None = None,
) -> HTMLResponse:
    visitor.principal.require(Permission.MANAGE_CATALOG, visitor.merchant_id)
    choices = _choices(runtime, visitor)
    chosen = _number(channel_account_id) or (choices.accounts[0].id if choices.accounts else None)
    values = {"channel_account_id": str(chosen or ""), "quantity_per": "1", "status": "active"}
    values |= {"stock_rule.safety_buffer": "0", "fulfillment_channel": "MFN"}
    return _form_page(request, visitor, choices, None, values, [], None)


@router.post("/listings/new")
def add_listing(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CATALOG, visitor.merchant_id)
    choices = _choices(runtime, visitor)
    account = choices.account(_number(form.text("channel_account_id")))
    try:
        if account is None:
            raise FormInvalid(
                [
                    FieldProblem(
                        "channel_account_id", "unknown_choice", "Choose the channel account."
                    )
                ]
            )
        draft = listing_draft(form, account)
        listing = listings.create_listing(
            runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id, draft=draft
        )
    except (InvalidInput, Conflict) as error:
        chosen = form.all("location_ids")
        return _form_page(
            request, visitor, choices, None, _values(form), chosen, form_errors(error)
        )
    return flash_redirect(
        f"/listings/{listing.id}",
        f"Listing {listing.identity.channel_sku} now sells {listing.sku}.",
    )


@router.get("/listings/{listing_id}")
def listing_page(
    request: Request, listing_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    listing = listings.get_listing(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=visitor.merchant_id,
        listing_id=listing_id,
    )
    choices = _choices(runtime, visitor)
    chosen = [str(i) for i in listing.location_ids]
    return _form_page(request, visitor, choices, listing, listing_values(listing), chosen, None)


@router.post("/listings/{listing_id}")
def change_listing(
    request: Request, listing_id: int, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CATALOG, visitor.merchant_id)
    uow, principal, merchant_id = runtime.uow(), visitor.principal, visitor.merchant_id
    listing = listings.get_listing(
        uow, principal=principal, merchant_id=merchant_id, listing_id=listing_id
    )
    choices = _choices(runtime, visitor)
    try:
        draft = listing_draft(
            form, choices.account(listing.channel_account_id), listing.channel_kind
        )
        changed = listings.update_listing(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            listing_id=listing_id,
            changes=listing_changes(draft),
            reason=form.optional("reason"),
        )
    except (InvalidInput, Conflict) as error:
        values = _values(form)
        chosen = form.all("location_ids")
        return _form_page(request, visitor, choices, listing, values, chosen, form_errors(error))
    return flash_redirect(
        f"/listings/{listing_id}", f"Listing {changed.identity.channel_sku} saved."
    )


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and 0 < int(text) < 2**63 else None


def _may_manage(visitor: Visitor) -> bool:
    return visitor.principal.may(Permission.MANAGE_CATALOG) and visitor.merchant is not None


def _values(form: SubmittedForm) -> dict[str, str]:
    return {name: form.text(name) for name in form.values if name != "location_ids"}


def _badges() -> dict[str, Any]:
    return {"kind_badges": KIND_BADGES, "kind_labels": KIND_LABELS, "status_badges": STATUS_BADGES}


def _form_page(
    request: Request,
    visitor: Visitor,
    choices: Choices,
    listing: Listing | None,
    values: dict[str, str],
    chosen_locations: list[str],
    errors: FormErrors | None,
) -> HTMLResponse:
    chosen_account = (
        listing.channel_account_id if listing else _number(values.get("channel_account_id"))
    )
    account = choices.account(chosen_account)
    kind = listing.channel_kind if listing else (account.kind if account else None)
    return render(
        request,
        "listings/form.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        listing=listing,
        account=account,
        kind=kind,
        identity_inputs=IDENTITY_INPUTS[kind] if kind else (),
        account_options=[(a.id, f"{a.name} ({KIND_LABELS[a.kind]})") for a in choices.accounts],
        location_options=[
            (p.id, f"{p.code} · {p.name} ({LOCATION_LABELS[p.kind]})") for p in choices.locations
        ],
        status_options=[(str(s), s.capitalize()) for s in ListingStatus],
        fulfillment_options=[("MFN", "MFN: we ship it"), ("AFN", "AFN: Amazon ships it (FBA)")],
        values=values,
        chosen_locations=chosen_locations,
        errors=errors,
        may_manage=_may_manage(visitor),
        **_badges(),
    )
