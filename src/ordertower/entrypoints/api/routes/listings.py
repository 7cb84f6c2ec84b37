"""A merchant's listings: a channel's product mapped to a SKU with quantity-per and stock rules."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.domain.channels import (
    ChannelKind,
    FulfillmentChannel,
    ListingIdentity,
    ListingStatus,
    StockRule,
)
from ordertower.services.channels import listings
from ordertower.services.channels.listing_drafts import ListingChanges, ListingDraft
from ordertower.services.channels.ports import Listing, ListingFilter

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, Id, ListingIdPath, Reason, StrictIn, patched

router = APIRouter(tags=["channels"])


class StockRuleIO(StrictIn):
    safety_buffer: int = Field(default=0, description="Units held back before anything is shown.")
    percent_cap: int | None = Field(default=None, description="Show at most this % (0–100).")
    min_shown: int | None = Field(default=None, description="Below this, show 0.")
    max_shown: int | None = Field(default=None, description="Never show more than this.")

    def to_domain(self) -> StockRule:
        return StockRule(**self.model_dump())


class ListingIn(StrictIn):
    channel_account_id: Id
    sku: str = Field(description="The merchant's SKU this listing sells.", examples=["MUG-BLK"])
    quantity_per: int = Field(default=1, description="SKU units per listed unit (a 2-pack: 2).")
    channel_sku: str | None = Field(
        default=None, description="Seller SKU / Walmart SKU / Shopify SKU (Shopify: optional)."
    )
    external_product_id: str | None = Field(default=None, description="Shopify variant id.")
    external_inventory_id: str | None = Field(default=None, description="Shopify inventory item.")
    asin: str | None = None
    fnsku: str | None = Field(default=None, description="Required for AFN (FBA) listings.")
    fulfillment_channel: FulfillmentChannel | None = Field(default=None, description="Amazon only.")
    status: ListingStatus = ListingStatus.ACTIVE
    stock_rule: StockRuleIO = Field(default_factory=StockRuleIO)
    location_ids: list[Id] = Field(
        default_factory=list,
        max_length=1000,
        description="Feeding locations; empty: all warehouses.",
    )
    reason: Reason = None

    def to_draft(self) -> ListingDraft:
        return ListingDraft(
            channel_account_id=self.channel_account_id,
            sku=self.sku,
            identity=ListingIdentity(
                channel_sku=self.channel_sku,
                external_product_id=self.external_product_id,
                external_inventory_id=self.external_inventory_id,
                asin=self.asin,
                fnsku=self.fnsku,
                fulfillment_channel=self.fulfillment_channel,
            ),
            quantity_per=self.quantity_per,
            status=self.status,
            stock_rule=self.stock_rule.to_domain(),
            location_ids=tuple(self.location_ids),
        )


class ListingPatch(StrictIn):
    sku: str | None = None
    quantity_per: int | None = None
    channel_sku: str | None = None
    external_product_id: str | None = None
    external_inventory_id: str | None = None
    asin: str | None = None
    fnsku: str | None = None
    fulfillment_channel: FulfillmentChannel | None = None
    status: ListingStatus | None = None
    stock_rule: StockRuleIO | None = Field(default=None, description="Replaces the whole rule.")
    location_ids: list[Id] | None = Field(default=None, max_length=1000)
    reason: Reason = None

    def to_changes(self) -> ListingChanges:
        rule = patched(self, "stock_rule")
        locations = patched(self, "location_ids")
        return ListingChanges(
            sku=patched(self, "sku"),
            quantity_per=patched(self, "quantity_per"),
            status=patched(self, "status"),
            stock_rule=rule.to_domain() if isinstance(rule, StockRuleIO) else rule,
            location_ids=tuple(locations) if isinstance(locations, list) else locations,
            **{
                name: patched(self, name, nullable=True)
                for name in (
                    "channel_sku",
                    "external_product_id",
                    "external_inventory_id",
                    "asin",
                    "fnsku",
                    "fulfillment_channel",
                )
            },
        )


class ListingOut(BaseModel):
    id: int
    merchant_id: int
    channel_account_id: int
    channel_kind: ChannelKind
    product_id: int
    sku: str
    quantity_per: int
    channel_sku: str | None
    external_product_id: str | None
    external_inventory_id: str | None
    asin: str | None
    fnsku: str | None
    fulfillment_channel: FulfillmentChannel | None
    status: ListingStatus
    stock_rule: StockRuleIO
    location_ids: list[int]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, listing: Listing) -> ListingOut:
        i, r = listing.identity, listing.stock_rule
        return cls(
            id=listing.id,
            merchant_id=listing.merchant_id,
            channel_account_id=listing.channel_account_id,
            channel_kind=listing.channel_kind,
            product_id=listing.product_id,
            sku=listing.sku,
            quantity_per=listing.quantity_per,
            channel_sku=i.channel_sku,
            external_product_id=i.external_product_id,
            external_inventory_id=i.external_inventory_id,
            asin=i.asin,
            fnsku=i.fnsku,
            fulfillment_channel=i.fulfillment_channel,
            status=listing.status,
            stock_rule=StockRuleIO(
                safety_buffer=r.safety_buffer,
                percent_cap=r.percent_cap,
                min_shown=r.min_shown,
                max_shown=r.max_shown,
            ),
            location_ids=list(listing.location_ids),
            created_at=listing.created_at,
            updated_at=listing.updated_at,
        )


@router.get("/merchants/{merchant_id}/listings", response_model=PageOut[ListingOut])
def list_listings(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    channel_account_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    sku: Annotated[str | None, Query(max_length=64)] = None,
    channel_sku: Annotated[str | None, Query(max_length=100)] = None,
    status: ListingStatus | None = None,
) -> PageOut[ListingOut]:
    """The merchant's listings, filtered by channel account, SKU, channel SKU or status."""
    where = ListingFilter(
        channel_account_id=channel_account_id, sku=sku, channel_sku=channel_sku, status=status
    )
    found = listings.list_listings(
        runtime.uow(), principal=principal, merchant_id=merchant_id, page=page, where=where
    )
    return page_out(found, ListingOut.of)


@router.post("/merchants/{merchant_id}/listings", status_code=http.HTTP_201_CREATED)
def create_listing(
    merchant_id: MerchantDep, body: ListingIn, runtime: RuntimeDep, principal: PrincipalDep
) -> ListingOut:
    """Map a channel listing to a SKU; a channel SKU already listed on the account is a 409."""
    listing = listings.create_listing(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        draft=body.to_draft(),
        reason=body.reason,
    )
    return ListingOut.of(listing)


@router.get("/merchants/{merchant_id}/listings/{listing_id}")
def get_listing(
    merchant_id: MerchantDep,
    listing_id: ListingIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ListingOut:
    """One listing."""
    return ListingOut.of(
        listings.get_listing(
            runtime.uow(), principal=principal, merchant_id=merchant_id, listing_id=listing_id
        )
    )


@router.patch("/merchants/{merchant_id}/listings/{listing_id}")
def update_listing(
    merchant_id: MerchantDep,
    listing_id: ListingIdPath,
    body: ListingPatch,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ListingOut:
    """Change a listing; fields left out stay as they are, null clears an optional identity field."""
    listing = listings.update_listing(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        listing_id=listing_id,
        changes=body.to_changes(),
        reason=body.reason,
    )
    return ListingOut.of(listing)
