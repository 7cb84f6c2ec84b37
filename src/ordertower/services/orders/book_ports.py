"""What the order flow needs from storage beyond state moves: the order book.

Writes come in sets (one statement per table per batch) so a batch of hundreds of orders costs a
handful of round trips; reads for the pipeline load a whole batch's catalog and stock at once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from ordertower.domain.orders import Actor, Address, Order, OrderLine
from ordertower.domain.pagination import Page, PageRequest

from .records import (
    AccountFacts,
    CatalogFacts,
    LocationFact,
    OrderItem,
    PayloadResult,
    PayloadSource,
    RoutingRecord,
    StoredOrder,
)
from .views import OrderDetail, OrderFilter, OrderSummary, QueueCount


class OrderBook(Protocol):
    # ---- capture ---------------------------------------------------------------------------
    def account(self, merchant_id: int, account_id: int) -> AccountFacts | None: ...

    def add_payloads(
        self,
        merchant_id: int,
        account_id: int,
        source: PayloadSource,
        payloads: Sequence[tuple[str | None, Mapping[str, Any]]],
    ) -> list[int]:
        """Store (external id as given, raw payload) pairs as pending; their ids, in order."""
        ...

    def mark_payloads(self, merchant_id: int, results: Sequence[PayloadResult]) -> None: ...

    def insert_orders(
        self, merchant_id: int, orders: Sequence[Order], *, actor: Actor, note: str
    ) -> dict[str, int]:
        """Insert orders not yet known (by key) with lines and their first timeline entry;
        external id → new id for those inserted (a key another transaction holds is skipped)."""
        ...

    def lock_orders_by_key(
        self, merchant_id: int, account_id: int, external_ids: Collection[str]
    ) -> dict[str, StoredOrder]:
        """The known orders among these keys, locked FOR UPDATE in id order."""
        ...

    def orders(self, merchant_id: int, ids: Collection[int]) -> dict[int, StoredOrder]: ...

    def replace_order(self, merchant_id: int, order_id: int, order: Order) -> None:
        """Store a new version of an order (its lines too; resolved units cleared)."""
        ...

    def set_address(self, merchant_id: int, order_id: int, address: Address) -> None: ...

    def set_lines(self, merchant_id: int, order_id: int, lines: Sequence[OrderLine]) -> None: ...

    # ---- pipeline --------------------------------------------------------------------------
    def catalog_facts(
        self,
        merchant_id: int,
        listings: Collection[tuple[int, str]],
        skus: Collection[str],
    ) -> CatalogFacts:
        """Listings (account, channel SKU), the products they and `skus` name, bundles flattened."""
        ...

    def order_locations(self, merchant_id: int) -> dict[int, LocationFact]:
        """Active locations orders may ship from: shared warehouses and the merchant's dropship."""
        ...

    def free_stock(
        self, merchant_id: int, product_ids: Collection[int], location_ids: Collection[int]
    ) -> dict[tuple[int, int], int]:
        """(product id, location id) → sellable units not yet allocated (only those above 0)."""
        ...

    def save_routing(self, merchant_id: int, records: Sequence[RoutingRecord]) -> None: ...

    def upsert_listing(
        self,
        merchant_id: int,
        *,
        account_id: int,
        channel_sku: str,
        product_id: int,
        quantity_per: int,
    ) -> None: ...

    # ---- exception items about orders ----------------------------------------------------------
    def open_items(self, merchant_id: int, order_ids: Collection[int]) -> list[OrderItem]: ...

    def order_item(self, merchant_id: int, item_id: int, *, lock: bool) -> OrderItem | None: ...

    def close_items(
        self, merchant_id: int, item_ids: Collection[int], *, note: str, user_id: int | None
    ) -> None:
        """Resolve items and free their raise keys (the same problem later raises a new item)."""
        ...

    def queue_counts(self, merchant_id: int) -> list[QueueCount]: ...

    def list_items(
        self, merchant_id: int, *, reason_code: str | None, page: PageRequest
    ) -> Page[OrderItem]: ...

    # ---- backorders --------------------------------------------------------------------------
    def merchants_with_backorders(self) -> list[int]: ...

    def backorders_with_stock(self, merchant_id: int, limit: int) -> list[int]:
        """Backordered orders (oldest first) whose every SKU now has enough free units somewhere."""
        ...

    # ---- reads -------------------------------------------------------------------------------
    def list_orders(
        self, merchant_id: int, filters: OrderFilter, page: PageRequest
    ) -> Page[OrderSummary]: ...

    def order_detail(self, merchant_id: int, order_id: int) -> OrderDetail | None: ...
