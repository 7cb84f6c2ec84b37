"""What product-master use cases need from storage: stored products and the catalog's lookups."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from ordertower.domain.catalog import BundleComponent, ProductSpec
from ordertower.domain.pagination import Page, PageRequest


class ProductKind(StrEnum):
    ITEM = "item"  # a unit that is stocked, picked and shipped as itself
    BUNDLE = "bundle"  # a kit: made of component SKUs, its stock follows theirs


@dataclass(frozen=True, slots=True)
class Product:
    """A stored product: its id and the spec the merchant gave (bundle components by SKU)."""

    id: int
    merchant_id: int
    spec: ProductSpec
    created_at: datetime
    updated_at: datetime

    @property
    def sku(self) -> str:
        return self.spec.sku

    @property
    def kind(self) -> ProductKind:
        return ProductKind.BUNDLE if self.spec.bundle_components else ProductKind.ITEM


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductQuery:
    """Which products to list; every given criterion must hold. Results come in SKU order.

    `text` is the search box: a SKU prefix, title words, or a barcode / FNSKU / ASIN exactly.
    """

    text: str | None = None
    sku_prefix: str | None = None
    title_words: str | None = None  # each word matches the start of a word of the title
    barcode: str | None = None  # any GS1 barcode; the use case turns it into its GTIN-14
    fnsku: str | None = None
    asin: str | None = None
    blocked: bool | None = None
    kind: ProductKind | None = None


@dataclass(frozen=True, slots=True)
class ProductUsers:
    """What refers to a product (and so keeps it from being deleted)."""

    listing_count: int
    bundle_skus: tuple[str, ...]  # bundles that contain it

    def __bool__(self) -> bool:
        return bool(self.listing_count or self.bundle_skus)


ComponentIds = Sequence[tuple[int, int]]  # (component product id, quantity) of one bundle


class ProductRepository(Protocol):
    def lock_catalog(self, *, merchant_id: int) -> None:
        """Hold the merchant's catalog for this transaction: writers of it take turns."""
        ...

    def get(self, *, merchant_id: int, product_id: int) -> Product | None: ...
    def get_by_sku(self, *, merchant_id: int, sku: str) -> Product | None: ...
    def ids_by_sku(self, *, merchant_id: int, skus: Collection[str]) -> dict[str, int]: ...
    def search(
        self, *, merchant_id: int, query: ProductQuery, page: PageRequest
    ) -> Page[Product]: ...
    def count(self, *, merchant_id: int) -> int: ...

    def barcode_owners(self, *, merchant_id: int, gtin14s: Collection[str]) -> dict[str, str]:
        """The SKU holding each of these GTIN-14s, for those some product holds."""
        ...

    def fnsku_owners(self, *, merchant_id: int, fnskus: Collection[str]) -> dict[str, str]:
        """The SKU holding each of these FNSKUs, for those some product holds."""
        ...

    def bundle_graph(self, *, merchant_id: int) -> dict[str, tuple[BundleComponent, ...]]:
        """Every bundle of the merchant: its SKU → its components."""
        ...

    def users_of(self, *, merchant_id: int, product_id: int) -> ProductUsers: ...

    def save(
        self,
        *,
        merchant_id: int,
        new: Sequence[ProductSpec],
        replaced: Mapping[int, ProductSpec],
    ) -> dict[str, int]:
        """Insert `new`, overwrite `replaced` (by id: every field and the barcodes; not the SKU).

        Bundle components are left alone (see set_components). Returns the ids of all by SKU.
        """
        ...

    def set_components(self, *, merchant_id: int, bundles: Mapping[int, ComponentIds]) -> None:
        """Replace the components of each product id; none makes it a plain item again."""
        ...

    def set_block(self, *, merchant_id: int, product_id: int, reason: str | None) -> None:
        """Block with `reason`, or unblock with None."""
        ...

    def delete(self, *, merchant_id: int, product_id: int) -> None:
        """Delete it; raises ProductInUse when stored data still refers to it."""
        ...

    def export_batches(self, *, merchant_id: int, batch_size: int) -> Iterator[list[ProductSpec]]:
        """Every product of the merchant in SKU order, `batch_size` at a time."""
        ...
