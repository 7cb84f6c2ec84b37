"""Listing pages: which channel product sells which SKU, how many units it takes, what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.channels import (
    ChannelKind,
    FulfillmentChannel,
    ListingIdentity,
    ListingStatus,
    StockRule,
)
from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput
from ordertower.domain.locations import LocationKind
from ordertower.domain.tenancy import Permission
from ordertower.services.channels import accounts, listings
from ordertower.services.channels.listing_drafts import ListingChanges, ListingDraft
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
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@dataclass(frozen=True)
class IdentityInput:
    """A channel identity field as the listing form shows it for one channel kind."""

    name: str
    label: str
    hint: str = ""
    required: bool = False


IDENTITY_INPUTS: dict[ChannelKind, tuple[IdentityInput, ...]] = {
    ChannelKind.SHOPIFY: (
        IdentityInput(
            "external_product_id", "Variant id", "Digits, or gid://shopify/ProductVariant/…", True
        ),
        IdentityInput(
            "external_inventory_id",
            "Inventory item id",
            "Digits, or gid://shopify/InventoryItem/…",
            True,
        ),
        IdentityInput(
            "channel_sku", "SKU on Shopify", "Optional: variant-<id> when the variant has none."
        ),
    ),
    ChannelKind.AMAZON: (
        IdentityInput("channel_sku", "Seller SKU", "As in Seller Central.", True),
        IdentityInput("asin", "ASIN", "B0 and 8 more letters or digits."),
        IdentityInput("fnsku", "FNSKU", "Needed when Amazon fulfills (AFN)."),
    ),
    ChannelKind.WALMART: (
        IdentityInput("channel_sku", "Walmart SKU", "", True),
        IdentityInput("external_product_id", "Walmart item id", "Optional."),
    ),
    ChannelKind.MANUAL: (IdentityInput("channel_sku", "Channel SKU", "", True),),
}
IDENTITY_FIELDS = ("channel_sku", "external_product_id", "external_inventory_id", "asin", "fnsku")
STATUS_BADGES = {ListingStatus.ACTIVE: "success", ListingStatus.INACTIVE: "neutral"}
RULE_FIELDS = ("percent_cap", "min_shown", "max_shown")


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
            page=page_of(cursor),
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
        draft = _draft(form, account)
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
    return _form_page(request, visitor, choices, listing, _listing_values(listing), chosen, None)


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
        draft = _draft(form, choices.account(listing.channel_account_id), listing.channel_kind)
        changed = listings.update_listing(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            listing_id=listing_id,
            changes=_changes(draft),
            reason=form.optional("reason"),
        )
    except (InvalidInput, Conflict) as error:
        values = _values(form)
        chosen = form.all("location_ids")
        return _form_page(request, visitor, choices, listing, values, chosen, form_errors(error))
    return flash_redirect(
        f"/listings/{listing_id}", f"Listing {changed.identity.channel_sku} saved."
    )


def _draft(
    form: SubmittedForm, account: ChannelAccount | None, kind: ChannelKind | None = None
) -> ListingDraft:
    """The listing the form describes; only the identity fields of the account's channel count."""
    kind = account.kind if account else kind or ChannelKind.MANUAL
    shown = {i.name for i in IDENTITY_INPUTS[kind]}
    identity = {name: form.optional(name) if name in shown else None for name in IDENTITY_FIELDS}
    quantity_per = form.number("quantity_per", 1)
    rule = StockRule(
        safety_buffer=form.number("stock_rule.safety_buffer", 0) or 0,
        **{name: form.number(f"stock_rule.{name}") for name in RULE_FIELDS},
    )
    location_ids = form.ids("location_ids")
    fulfillment = _fulfillment(form) if kind is ChannelKind.AMAZON else None
    status = _status(form)
    form.refuse_unreadable()
    return ListingDraft(
        channel_account_id=account.id if account else 0,
        sku=form.text("sku"),
        identity=ListingIdentity(**identity, fulfillment_channel=fulfillment),
        quantity_per=quantity_per if quantity_per is not None else 1,
        status=status,
        stock_rule=rule,
        location_ids=location_ids,
    )


def _changes(draft: ListingDraft) -> ListingChanges:
    """Every field the form shows, as changes (the channel account of a listing stays)."""
    i = draft.identity
    return ListingChanges(
        sku=draft.sku,
        quantity_per=draft.quantity_per,
        status=draft.status,
        stock_rule=draft.stock_rule,
        location_ids=draft.location_ids,
        channel_sku=i.channel_sku,
        external_product_id=i.external_product_id,
        external_inventory_id=i.external_inventory_id,
        asin=i.asin,
        fnsku=i.fnsku,
        fulfillment_channel=i.fulfillment_channel,
    )


def _fulfillment(form: SubmittedForm) -> FulfillmentChannel:
    try:
        return FulfillmentChannel(form.text("fulfillment_channel") or "MFN")
    except ValueError:
        form.problems.append(
            FieldProblem("fulfillment_channel", "unknown_choice", "Choose MFN or AFN.")
        )
        return FulfillmentChannel.MFN


def _status(form: SubmittedForm) -> ListingStatus:
    try:
        return ListingStatus(form.text("status") or "active")
    except ValueError:
        form.problems.append(FieldProblem("status", "unknown_choice", "Choose a status."))
        return ListingStatus.ACTIVE


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and 0 < int(text) < 2**63 else None


def _may_manage(visitor: Visitor) -> bool:
    return visitor.principal.may(Permission.MANAGE_CATALOG) and visitor.merchant is not None


def _values(form: SubmittedForm) -> dict[str, str]:
    return {name: form.text(name) for name in form.values if name != "location_ids"}


def _listing_values(listing: Listing) -> dict[str, str]:
    i, rule = listing.identity, listing.stock_rule
    shown = {
        "channel_account_id": listing.channel_account_id,
        "sku": listing.sku,
        "quantity_per": listing.quantity_per,
        "status": listing.status,
        "fulfillment_channel": i.fulfillment_channel,
        "stock_rule.safety_buffer": rule.safety_buffer,
        **{name: getattr(i, name) for name in IDENTITY_FIELDS},
        **{f"stock_rule.{name}": getattr(rule, name) for name in RULE_FIELDS},
    }
    return {name: "" if value is None else str(value) for name, value in shown.items()}


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
    account = choices.account(_number(values.get("channel_account_id")))
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
            (p.id, f"{p.code} · {p.name} ({p.kind.capitalize()})") for p in choices.locations
        ],
        status_options=[(str(s), s.capitalize()) for s in ListingStatus],
        fulfillment_options=[("MFN", "MFN: we ship it"), ("AFN", "AFN: Amazon ships it (FBA)")],
        values=values,
        chosen_locations=chosen_locations,
        errors=errors,
        may_manage=_may_manage(visitor),
        **_badges(),
    )
