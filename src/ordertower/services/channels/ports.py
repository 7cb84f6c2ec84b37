"""What channel use cases need from the world: stored accounts and listings, products, a vault."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Literal, Protocol

from ordertower.domain.channel_credentials import SecretValue
from ordertower.domain.channels import ChannelKind, ListingIdentity, ListingStatus, StockRule
from ordertower.domain.pagination import Page, PageRequest


class Unset(Enum):
    """Marks a field an update leaves as it is (None is a value: it clears the field)."""

    UNSET = "unset"


UNSET: Literal[Unset.UNSET] = Unset.UNSET


class CredentialVault(Protocol):
    """Seals credentials before they are stored and opens them for connectors."""

    def seal(self, plaintext: SecretValue) -> bytes: ...

    def unseal(self, sealed: bytes) -> SecretValue:
        """Raises CredentialsUnreadable when no configured key opens `sealed`."""
        ...


@dataclass(frozen=True, slots=True)
class StoredAccount:
    """A channel account as stored: the credentials only as ciphertext, never shown in repr."""

    id: int
    merchant_id: int
    kind: ChannelKind
    name: str
    external_id: str | None
    settings: Mapping[str, Any]
    active: bool
    sealed_credentials: bytes | None = field(repr=False)
    credentials_updated_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ChannelAccount:
    """A channel account as callers see it: whether credentials are set and which, never their values."""

    id: int
    merchant_id: int
    kind: ChannelKind
    name: str
    external_id: str | None
    settings: Mapping[str, Any]
    active: bool
    has_credentials: bool
    credentials_updated_at: datetime | None
    credential_fields: tuple[str, ...]  # empty when the stored ones cannot be opened
    created_at: datetime
    updated_at: datetime


class ChannelAccountRepository(Protocol):
    def add(
        self,
        *,
        merchant_id: int,
        kind: ChannelKind,
        name: str,
        external_id: str | None,
        settings: Mapping[str, Any],
    ) -> StoredAccount: ...
    def get(self, *, merchant_id: int, account_id: int) -> StoredAccount | None: ...
    def name_taken(self, *, merchant_id: int, name: str, other_than: int | None = None) -> bool: ...
    def update(
        self,
        *,
        merchant_id: int,
        account_id: int,
        name: str,
        external_id: str | None,
        settings: Mapping[str, Any],
        active: bool,
    ) -> StoredAccount: ...
    def set_credentials(
        self, *, merchant_id: int, account_id: int, sealed: bytes | None, at: datetime | None
    ) -> StoredAccount: ...
    def list(
        self, *, merchant_id: int, page: PageRequest, kind: ChannelKind | None = None
    ) -> Page[StoredAccount]: ...


@dataclass(frozen=True, slots=True)
class ProductRef:
    id: int
    sku: str


class ProductLookup(Protocol):
    def by_sku(self, *, merchant_id: int, sku: str) -> ProductRef | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingRecord:
    """A listing's checked content, as written."""

    channel_account_id: int
    product_id: int
    quantity_per: int
    identity: ListingIdentity
    status: ListingStatus
    stock_rule: StockRule
    location_ids: tuple[int, ...]  # locations that feed it; empty: every active warehouse


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing(ListingRecord):
    id: int
    merchant_id: int
    channel_kind: ChannelKind
    sku: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingFilter:
    channel_account_id: int | None = None
    sku: str | None = None
    channel_sku: str | None = None
    status: ListingStatus | None = None


class ListingRepository(Protocol):
    def add(self, *, merchant_id: int, record: ListingRecord) -> Listing: ...
    def update(self, *, merchant_id: int, listing_id: int, record: ListingRecord) -> Listing: ...
    def get(self, *, merchant_id: int, listing_id: int) -> Listing | None: ...
    def channel_sku_taken(
        self, *, merchant_id: int, channel_account_id: int, channel_sku: str, other_than: int | None
    ) -> bool: ...
    def list(
        self, *, merchant_id: int, page: PageRequest, where: ListingFilter
    ) -> Page[Listing]: ...
