"""Use cases for listings: map a channel's product to a SKU, change the mapping and its stock rule."""

from __future__ import annotations

from ordertower.domain.catalog.sku import validate_sku
from ordertower.domain.channels import (
    ListingInvalid,
    checked_identity,
    quantity_per_problems,
    stock_rule_problems,
)
from ordertower.domain.errors import Conflict, DomainError, FieldProblem, NotFound
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.recompute_jobs import defer_recompute
from ordertower.services.unit_of_work import AuditEntry

from .account_records import actor_of
from .listing_drafts import ListingChanges, ListingDraft
from .ports import Listing, ListingFilter, ListingRecord
from .unit_of_work import ChannelsUnitOfWork

MAX_FEEDING_LOCATIONS = 100


def create_listing(
    uow: ChannelsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    draft: ListingDraft,
    reason: str | None = None,
) -> Listing:
    """Map a channel listing to one of the merchant's SKUs (channel SKUs are unique per account)."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        record = _checked(uow, merchant_id, draft, listing_id=None)
        listing = uow.listings.add(merchant_id=merchant_id, record=record)
        defer_recompute(uow.jobs, merchant_id, [listing.product_id])
        uow.audit.record(
            _audit(
                principal,
                "listing.created",
                listing,
                reason,
                channel_sku=listing.identity.channel_sku,
                sku=listing.sku,
            )
        )
        uow.commit()
    return listing


def update_listing(
    uow: ChannelsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    listing_id: int,
    changes: ListingChanges,
    reason: str | None = None,
) -> Listing:
    """Change a listing; every rule of `create_listing` holds for the result."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        current = _listing(uow, merchant_id, listing_id)
        record = _checked(uow, merchant_id, changes.applied_to(current), listing_id=listing_id)
        listing = uow.listings.update(merchant_id=merchant_id, listing_id=listing_id, record=record)
        # Its stock rule, product or status may have changed (a row stored for another product,
        # or for a listing switched off, is deleted by a trigger: migration 0017).
        defer_recompute(uow.jobs, merchant_id, [listing.product_id])
        uow.audit.record(
            _audit(principal, "listing.updated", listing, reason, changed=changes.given())
        )
        uow.commit()
    return listing


def get_listing(
    uow: ChannelsUnitOfWork, *, principal: Principal, merchant_id: int, listing_id: int
) -> Listing:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return _listing(uow, merchant_id, listing_id)


def list_listings(
    uow: ChannelsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    where: ListingFilter | None = None,
) -> Page[Listing]:
    """The merchant's listings, optionally of one account, SKU, channel SKU or status."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.listings.list(merchant_id=merchant_id, page=page, where=where or ListingFilter())


def _checked(
    uow: ChannelsUnitOfWork, merchant_id: int, draft: ListingDraft, *, listing_id: int | None
) -> ListingRecord:
    """The record to write, or every problem with the draft at once; a taken channel SKU is a 409."""
    problems = quantity_per_problems(draft.quantity_per) + stock_rule_problems(draft.stock_rule)
    identity = draft.identity
    account = uow.channel_accounts.get(merchant_id=merchant_id, account_id=draft.channel_account_id)
    if account is None:
        problems.append(
            FieldProblem(
                "channel_account_id",
                "unknown_channel_account",
                f"The merchant has no channel account {draft.channel_account_id}.",
            )
        )
    else:
        identity, identity_problems = checked_identity(account.kind, identity)
        problems += identity_problems
    product_id, sku_problems = _product(uow, merchant_id, draft.sku)
    problems += sku_problems + _location_problems(uow, merchant_id, draft.location_ids)
    if problems or product_id is None:
        raise ListingInvalid(problems)
    channel_sku = identity.channel_sku or ""
    if uow.listings.channel_sku_taken(
        merchant_id=merchant_id,
        channel_account_id=draft.channel_account_id,
        channel_sku=channel_sku,
        other_than=listing_id,
    ):
        raise Conflict(
            f"Channel SKU {channel_sku!r} is already listed on this channel account.",
            field="channel_sku",
        )
    return ListingRecord(
        channel_account_id=draft.channel_account_id,
        product_id=product_id,
        quantity_per=draft.quantity_per,
        identity=identity,
        status=draft.status,
        stock_rule=draft.stock_rule,
        location_ids=draft.location_ids,
    )


def _product(
    uow: ChannelsUnitOfWork, merchant_id: int, sku: str
) -> tuple[int | None, list[FieldProblem]]:
    try:
        sku = validate_sku(sku)
    except DomainError as error:
        return None, [FieldProblem("sku", error.code, error.message)]
    product = uow.product_refs.by_sku(merchant_id=merchant_id, sku=sku)
    if product is None:
        return None, [
            FieldProblem(
                "sku", "unknown_sku", f"The merchant has no product {sku}; create it first."
            )
        ]
    return product.id, []


def _location_problems(
    uow: ChannelsUnitOfWork, merchant_id: int, location_ids: tuple[int, ...]
) -> list[FieldProblem]:
    if len(location_ids) > MAX_FEEDING_LOCATIONS:
        return [FieldProblem("location_ids", "too_many", f"Use at most {MAX_FEEDING_LOCATIONS}.")]
    if len(set(location_ids)) != len(location_ids):
        return [FieldProblem("location_ids", "repeated", "List each location once.")]
    unusable = []
    for location_id in location_ids:
        location = uow.locations.get(location_id, visible=frozenset({merchant_id}))
        if location is None or not location.active:
            unusable.append(str(location_id))
    if unusable:
        return [
            FieldProblem(
                "location_ids",
                "unknown_location",
                f"Locations {', '.join(unusable)} are not active warehouses or locations of this "
                "merchant.",
            )
        ]
    return []


def _listing(uow: ChannelsUnitOfWork, merchant_id: int, listing_id: int) -> Listing:
    listing = uow.listings.get(merchant_id=merchant_id, listing_id=listing_id)
    if listing is None:
        raise NotFound(f"Listing {listing_id} not found.", field="listing_id")
    return listing


def _audit(
    principal: Principal, action: str, listing: Listing, reason: str | None, **details: object
) -> AuditEntry:
    return AuditEntry(
        actor_of(principal),
        action,
        "listing",
        str(listing.id),
        merchant_id=listing.merchant_id,
        reason=reason,
        details=details,
    )
