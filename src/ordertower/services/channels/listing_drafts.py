"""What a caller asks a listing to be: a whole draft to create, or the changes to apply."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TypeVar

from ordertower.domain.channels import (
    FulfillmentChannel,
    ListingIdentity,
    ListingStatus,
    StockRule,
)

from .ports import UNSET, Listing, Unset


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingDraft:
    channel_account_id: int
    sku: str  # the merchant's SKU the listing maps to
    identity: ListingIdentity
    quantity_per: int = 1
    status: ListingStatus = ListingStatus.ACTIVE
    stock_rule: StockRule = field(default_factory=StockRule)
    location_ids: tuple[int, ...] = ()  # empty: fed by every active warehouse


T = TypeVar("T")
_IDENTITY_FIELDS = tuple(f.name for f in fields(ListingIdentity))


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingChanges:
    """Fields left UNSET keep their value; None clears an optional one."""

    sku: str | Unset = UNSET
    quantity_per: int | Unset = UNSET
    status: ListingStatus | Unset = UNSET
    stock_rule: StockRule | Unset = UNSET  # replaced whole
    location_ids: tuple[int, ...] | Unset = UNSET
    channel_sku: str | Unset | None = UNSET
    external_product_id: str | Unset | None = UNSET
    external_inventory_id: str | Unset | None = UNSET
    asin: str | Unset | None = UNSET
    fnsku: str | Unset | None = UNSET
    fulfillment_channel: FulfillmentChannel | Unset | None = UNSET

    def given(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not UNSET]

    def applied_to(self, listing: Listing) -> ListingDraft:
        identity = replace(
            listing.identity,
            **{n: getattr(self, n) for n in _IDENTITY_FIELDS if getattr(self, n) is not UNSET},
        )
        return ListingDraft(
            channel_account_id=listing.channel_account_id,
            sku=listing.sku if isinstance(self.sku, Unset) else self.sku,
            identity=identity,
            quantity_per=_kept(self.quantity_per, listing.quantity_per),
            status=_kept(self.status, listing.status),
            stock_rule=_kept(self.stock_rule, listing.stock_rule),
            location_ids=_kept(self.location_ids, listing.location_ids),
        )


def _kept(change: T | Unset, current: T) -> T:
    return current if isinstance(change, Unset) else change
