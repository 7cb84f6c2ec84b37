"""SQL for channel accounts (credentials only as ciphertext), listings and the products they map to."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, delete, exists, func, insert, select, update

from ordertower.domain.channels import (
    ChannelKind,
    FulfillmentChannel,
    ListingIdentity,
    ListingStatus,
    StockRule,
)
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.channels.ports import (
    Listing,
    ListingFilter,
    ListingRecord,
    ProductRef,
    StoredAccount,
)

from ..paging import by_id, to_page
from ..tables.catalog import products
from ..tables.channels import channel_accounts, listing_locations, listings
from ..unique import unique_conflicts

_ACCOUNT_NAME = {"uq_channel_accounts_merchant_id_name": "name"}
_CHANNEL_SKU = {"uq_listings_merchant_id_channel_account_id_channel_sku": "channel_sku"}


class SqlChannelAccounts:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self,
        *,
        merchant_id: int,
        kind: ChannelKind,
        name: str,
        external_id: str | None,
        settings: Mapping[str, Any],
    ) -> StoredAccount:
        with unique_conflicts(_ACCOUNT_NAME):
            row = self._c.execute(
                insert(channel_accounts)
                .values(
                    merchant_id=merchant_id,
                    kind=str(kind),
                    name=name,
                    external_id=external_id,
                    settings=dict(settings),
                )
                .returning(*channel_accounts.c)
            ).one()
        return _account(row)

    def get(self, *, merchant_id: int, account_id: int) -> StoredAccount | None:
        row = self._c.execute(
            select(channel_accounts).where(
                channel_accounts.c.merchant_id == merchant_id, channel_accounts.c.id == account_id
            )
        ).first()
        return _account(row) if row else None

    def name_taken(self, *, merchant_id: int, name: str, other_than: int | None = None) -> bool:
        condition = (channel_accounts.c.merchant_id == merchant_id) & (
            channel_accounts.c.name == name
        )
        if other_than is not None:
            condition &= channel_accounts.c.id != other_than
        return bool(self._c.execute(select(exists().where(condition))).scalar())

    def update(
        self,
        *,
        merchant_id: int,
        account_id: int,
        name: str,
        external_id: str | None,
        settings: Mapping[str, Any],
        active: bool,
    ) -> StoredAccount:
        with unique_conflicts(_ACCOUNT_NAME):
            row = self._c.execute(
                update(channel_accounts)
                .where(
                    channel_accounts.c.merchant_id == merchant_id,
                    channel_accounts.c.id == account_id,
                )
                .values(name=name, external_id=external_id, settings=dict(settings), active=active)
                .returning(*channel_accounts.c)
            ).one()
        return _account(row)

    def set_credentials(
        self, *, merchant_id: int, account_id: int, sealed: bytes | None, at: datetime | None
    ) -> StoredAccount:
        row = self._c.execute(
            update(channel_accounts)
            .where(
                channel_accounts.c.merchant_id == merchant_id, channel_accounts.c.id == account_id
            )
            .values(credentials=sealed, credentials_updated_at=at)
            .returning(*channel_accounts.c)
        ).one()
        return _account(row)

    def list(
        self, *, merchant_id: int, page: PageRequest, kind: ChannelKind | None = None
    ) -> Page[StoredAccount]:
        query = select(channel_accounts).where(channel_accounts.c.merchant_id == merchant_id)
        if kind is not None:
            query = query.where(channel_accounts.c.kind == str(kind))
        rows = self._c.execute(by_id(query, channel_accounts.c.id, page)).all()
        return to_page([_account(r) for r in rows], page, lambda item: item.id)


class SqlListings:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, *, merchant_id: int, record: ListingRecord) -> Listing:
        with unique_conflicts(_CHANNEL_SKU):
            listing_id = self._c.execute(
                insert(listings)
                .values(merchant_id=merchant_id, **_columns(record))
                .returning(listings.c.id)
            ).scalar_one()
        self._set_locations(merchant_id, listing_id, record.location_ids)
        return self._reload(merchant_id, listing_id)

    def update(self, *, merchant_id: int, listing_id: int, record: ListingRecord) -> Listing:
        with unique_conflicts(_CHANNEL_SKU):
            self._c.execute(
                update(listings)
                .where(listings.c.merchant_id == merchant_id, listings.c.id == listing_id)
                .values(**_columns(record))
            )
        self._set_locations(merchant_id, listing_id, record.location_ids)
        return self._reload(merchant_id, listing_id)

    def get(self, *, merchant_id: int, listing_id: int) -> Listing | None:
        row = self._c.execute(
            _listing_query(merchant_id).where(listings.c.id == listing_id)
        ).first()
        return _listing(row) if row else None

    def channel_sku_taken(
        self, *, merchant_id: int, channel_account_id: int, channel_sku: str, other_than: int | None
    ) -> bool:
        condition = (
            (listings.c.merchant_id == merchant_id)
            & (listings.c.channel_account_id == channel_account_id)
            & (listings.c.channel_sku == channel_sku)
        )
        if other_than is not None:
            condition &= listings.c.id != other_than
        return bool(self._c.execute(select(exists().where(condition))).scalar())

    def list(self, *, merchant_id: int, page: PageRequest, where: ListingFilter) -> Page[Listing]:
        query = _listing_query(merchant_id)
        if where.channel_account_id is not None:
            query = query.where(listings.c.channel_account_id == where.channel_account_id)
        if where.sku is not None:
            query = query.where(products.c.sku == where.sku)
        if where.channel_sku is not None:
            query = query.where(listings.c.channel_sku == where.channel_sku)
        if where.status is not None:
            query = query.where(listings.c.status == str(where.status))
        rows = self._c.execute(by_id(query, listings.c.id, page)).all()
        return to_page([_listing(r) for r in rows], page, lambda item: item.id)

    def _set_locations(
        self, merchant_id: int, listing_id: int, location_ids: tuple[int, ...]
    ) -> None:
        self._c.execute(
            delete(listing_locations).where(
                listing_locations.c.merchant_id == merchant_id,
                listing_locations.c.listing_id == listing_id,
            )
        )
        if location_ids:
            self._c.execute(
                insert(listing_locations),
                [
                    {"merchant_id": merchant_id, "listing_id": listing_id, "location_id": location}
                    for location in location_ids
                ],
            )

    def _reload(self, merchant_id: int, listing_id: int) -> Listing:
        found = self.get(merchant_id=merchant_id, listing_id=listing_id)
        assert found is not None
        return found


class SqlProductRefs:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def by_sku(self, *, merchant_id: int, sku: str) -> ProductRef | None:
        row = self._c.execute(
            select(products.c.id, products.c.sku).where(
                products.c.merchant_id == merchant_id, products.c.sku == sku
            )
        ).first()
        return ProductRef(row.id, row.sku) if row else None


class ChannelRepositories:
    """Mixin for the unit of work: channel repositories bound to its connection."""

    connection: Connection

    @property
    def channel_accounts(self) -> SqlChannelAccounts:
        return SqlChannelAccounts(self.connection)

    @property
    def listings(self) -> SqlListings:
        return SqlListings(self.connection)

    @property
    def product_refs(self) -> SqlProductRefs:
        return SqlProductRefs(self.connection)


def _columns(record: ListingRecord) -> dict[str, Any]:
    identity, rule = record.identity, record.stock_rule
    channel = identity.fulfillment_channel
    return {
        "channel_account_id": record.channel_account_id,
        "product_id": record.product_id,
        "quantity_per": record.quantity_per,
        "channel_sku": identity.channel_sku,
        "external_product_id": identity.external_product_id,
        "external_inventory_id": identity.external_inventory_id,
        "asin": identity.asin,
        "fnsku": identity.fnsku,
        "fulfillment_channel": str(channel) if channel else None,
        "status": str(record.status),
        "safety_buffer": rule.safety_buffer,
        "percent_cap": rule.percent_cap,
        "min_shown": rule.min_shown,
        "max_shown": rule.max_shown,
    }


def _listing_query(merchant_id: int) -> Select:  # type: ignore[type-arg]
    feeding = (
        select(func.coalesce(func.array_agg(listing_locations.c.location_id), []))
        .where(
            listing_locations.c.merchant_id == listings.c.merchant_id,
            listing_locations.c.listing_id == listings.c.id,
        )
        .scalar_subquery()
    )
    return (
        select(
            listings,
            products.c.sku.label("sku"),
            channel_accounts.c.kind.label("channel_kind"),
            feeding.label("location_ids"),
        )
        .join(
            products,
            (products.c.merchant_id == listings.c.merchant_id)
            & (products.c.id == listings.c.product_id),
        )
        .join(
            channel_accounts,
            (channel_accounts.c.merchant_id == listings.c.merchant_id)
            & (channel_accounts.c.id == listings.c.channel_account_id),
        )
        .where(listings.c.merchant_id == merchant_id)
    )


def _account(row: Row) -> StoredAccount:  # type: ignore[type-arg]
    return StoredAccount(
        id=row.id,
        merchant_id=row.merchant_id,
        kind=ChannelKind(row.kind),
        name=row.name,
        external_id=row.external_id,
        settings=dict(row.settings or {}),
        active=row.active,
        sealed_credentials=bytes(row.credentials) if row.credentials is not None else None,
        credentials_updated_at=row.credentials_updated_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _listing(row: Row) -> Listing:  # type: ignore[type-arg]
    return Listing(
        id=row.id,
        merchant_id=row.merchant_id,
        channel_account_id=row.channel_account_id,
        channel_kind=ChannelKind(row.channel_kind),
        product_id=row.product_id,
        sku=row.sku,
        quantity_per=row.quantity_per,
        identity=ListingIdentity(
            channel_sku=row.channel_sku,
            external_product_id=row.external_product_id,
            external_inventory_id=row.external_inventory_id,
            asin=row.asin,
            fnsku=row.fnsku,
            fulfillment_channel=(
                FulfillmentChannel(row.fulfillment_channel) if row.fulfillment_channel else None
            ),
        ),
        status=ListingStatus(row.status),
        stock_rule=StockRule(
            safety_buffer=row.safety_buffer,
            percent_cap=row.percent_cap,
            min_shown=row.min_shown,
            max_shown=row.max_shown,
        ),
        location_ids=tuple(sorted(row.location_ids or ())),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
