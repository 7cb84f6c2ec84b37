"""The listing form: the channel identity inputs per kind, and the listing a submitted form describes."""

from __future__ import annotations

from dataclasses import dataclass

from ordertower.domain.channels import (
    ChannelKind,
    FulfillmentChannel,
    ListingIdentity,
    ListingStatus,
    StockRule,
)
from ordertower.domain.errors import FieldProblem
from ordertower.services.channels.listing_drafts import ListingChanges, ListingDraft
from ordertower.services.channels.ports import ChannelAccount, Listing

from .forms import SubmittedForm


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
RULE_FIELDS = ("percent_cap", "min_shown", "max_shown")


def listing_draft(
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


def listing_changes(draft: ListingDraft) -> ListingChanges:
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


def listing_values(listing: Listing) -> dict[str, str]:
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
