"""A small shop for order-flow tests: a merchant, channel accounts, listings, two warehouses, stock.

`Shop.incoming(...)` builds an order as the API would read it; `Shop.capture(...)` takes it in.
The routing policy ships from WH-EAST first, then WH-WEST, and backorders what neither has.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, text

from ordertower.adapters.db.tables.catalog import bundle_components, products
from ordertower.adapters.db.tables.channels import channel_accounts, listings
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.adapters.db.tables.orders import orders
from ordertower.adapters.db.tables.tenancy import merchants
from ordertower.domain.channels import ChannelKind
from ordertower.domain.inventory import (
    InventoryStatus,
    Place,
)
from ordertower.domain.orders import Address, CustomerContact, LineDraft, OrderDraft
from ordertower.domain.routing import (
    RoutingPolicy,
    RoutingRule,
    ShipFrom,
    Shortfall,
    Strategy,
)
from ordertower.domain.routing.codec import routing_document
from ordertower.domain.tenancy import Principal, Role
from ordertower.services.orders.capture import CaptureResult, capture_orders
from ordertower.services.orders.records import IncomingOrder, PayloadSource
from ordertower.services.routing.policies import save_routing_policy
from ordertower.services.tenancy import access
from stocking import receive

ADDRESS = Address(
    name="Ada Lovelace",
    line1="12 Main St",
    city="Springfield",
    region="IL",
    postal_code="62701",
    country="US",
)
PLACED = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
_keys = itertools.count(1)


def policy_document(*, allow_split: bool = False) -> dict[str, Any]:
    return routing_document(
        RoutingPolicy(
            rules=(
                RoutingRule(
                    name="east then west",
                    action=ShipFrom(
                        locations=("WH-EAST", "WH-WEST"),
                        strategy=Strategy.PRIORITY,
                        allow_split=allow_split,
                        max_splits=1 if allow_split else 0,
                        on_shortfall=Shortfall.BACKORDER,
                    ),
                ),
            )
        )
    )


@dataclass
class Shop:
    runtime: Any
    merchant_id: int
    account_id: int
    warehouses: dict[str, int]
    bin_ids: dict[str, int]
    products: dict[str, int]
    principal: Principal
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def stock(self, sku: str, quantity: int, warehouse: str = "WH-EAST") -> None:
        place = Place(self.warehouses[warehouse], self.bin_ids[warehouse], InventoryStatus.SELLABLE)
        receive(self.runtime, self.principal, self.merchant_id, sku, quantity, place,
                f"stock-{next(_keys)}")  # fmt: skip

    def draft(
        self,
        external_id: str | None = None,
        *,
        lines: list[LineDraft] | None = None,
        address: Address = ADDRESS,
        **fields: Any,
    ) -> OrderDraft:
        values: dict[str, Any] = {
            "merchant_id": self.merchant_id,
            "channel_account_id": self.account_id,
            "channel": ChannelKind.SHOPIFY,
            "external_order_id": external_id or f"EXT-{next(self.counter)}",
            "placed_at": PLACED,
            "lines": lines or [line("1", sku="SKU-A", quantity=1)],
            "ship_to": address,
            "customer": CustomerContact(name="Ada Lovelace", email="ada@example.com"),
            **fields,
        }
        return OrderDraft(**values)

    def incoming(self, draft: OrderDraft, *, cancelled: bool = False) -> IncomingOrder:
        return IncomingOrder(
            raw={"external_order_id": draft.external_order_id, "test": True},
            draft=draft,
            cancelled=cancelled,
            external_order_id=draft.external_order_id,
        )

    def capture(self, *drafts: OrderDraft, cancelled: bool = False) -> list[CaptureResult]:
        return capture_orders(
            self.runtime.uow(),
            principal=self.principal,
            merchant_id=self.merchant_id,
            channel_account_id=self.account_id,
            payloads=[self.incoming(d, cancelled=cancelled) for d in drafts],
            source=PayloadSource.API,
        )

    def one(self, draft: OrderDraft, *, cancelled: bool = False) -> CaptureResult:
        [result] = self.capture(draft, cancelled=cancelled)
        return result

    def order_row(self, order_id: int) -> Any:
        with self.runtime.engine.connect() as c:
            return c.execute(select(orders).where(orders.c.id == order_id)).one()

    def sql(self, query: str, **params: Any) -> list[Any]:
        with self.runtime.engine.connect() as c:
            return list(c.execute(text(query), params).all())

    def free(self, sku: str, warehouse: str = "WH-EAST") -> tuple[int, int]:
        rows = self.sql(
            "SELECT sellable_on_hand, allocated FROM stock_positions WHERE merchant_id = :m"
            " AND product_id = :p AND location_id = :l",
            m=self.merchant_id,
            p=self.products[sku],
            l=self.warehouses[warehouse],
        )
        return (rows[0][0], rows[0][1]) if rows else (0, 0)


def line(line_id: str, *, sku: str | None = None, channel_sku: str | None = None,
         quantity: int = 1, price: str = "10.00") -> LineDraft:  # fmt: skip
    return LineDraft(
        line_id=line_id,
        sku=sku,
        channel_sku=channel_sku,
        quantity=quantity,
        unit_price=Decimal(price),
        currency="USD",
    )


def open_shop(runtime: Any, *, code: str = "SHOP", policy: bool = True) -> Shop:
    with runtime.engine.begin() as c:
        merchant_id = c.execute(
            insert(merchants).values(code=code, name=f"{code} Co").returning(merchants.c.id)
        ).scalar_one()
        account_id = c.execute(
            insert(channel_accounts)
            .values(merchant_id=merchant_id, kind="shopify", name="Shop")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        warehouses, bin_ids = {}, {}
        for n, wh in enumerate(("WH-EAST", "WH-WEST")):
            wh_code = f"{wh}" if code == "SHOP" else f"{wh}-{code}"
            location = c.execute(
                insert(locations)
                .values(code=wh_code, name=wh, kind="warehouse", priority=n + 1)
                .returning(locations.c.id)
            ).scalar_one()
            zone = c.execute(
                insert(zones)
                .values(location_id=location, code="S", name="Storage", kind="storage")
                .returning(zones.c.id)
            ).scalar_one()
            bin_ids[wh] = c.execute(
                insert(bins)
                .values(location_id=location, zone_id=zone, code="A-01",
                        barcode=f"BIN-{wh_code}", sort_key="A-01")
                .returning(bins.c.id)
            ).scalar_one()  # fmt: skip
            warehouses[wh] = location
        product_ids = {}
        for sku, kind, blocked in (
            ("SKU-A", "item", False),
            ("SKU-B", "item", False),
            ("SKU-C", "item", False),
            ("BUNDLE-AB", "bundle", False),
            ("BLOCKED-1", "item", True),
        ):
            product_ids[sku] = c.execute(
                insert(products)
                .values(merchant_id=merchant_id, sku=sku, title=sku, kind=kind, blocked=blocked,
                        blocked_reason="recall" if blocked else None)
                .returning(products.c.id)
            ).scalar_one()  # fmt: skip
        c.execute(
            insert(bundle_components),
            [
                {"merchant_id": merchant_id, "bundle_id": product_ids["BUNDLE-AB"],
                 "component_id": product_ids["SKU-A"], "quantity": 2},
                {"merchant_id": merchant_id, "bundle_id": product_ids["BUNDLE-AB"],
                 "component_id": product_ids["SKU-B"], "quantity": 1},
            ],
        )  # fmt: skip
        for channel_sku, sku, per in (
            ("LST-A", "SKU-A", 1),
            ("LST-A6", "SKU-A", 6),
            ("LST-KIT", "BUNDLE-AB", 1),
        ):
            c.execute(
                insert(listings).values(
                    merchant_id=merchant_id,
                    channel_account_id=account_id,
                    product_id=product_ids[sku],
                    quantity_per=per,
                    channel_sku=channel_sku,
                )
            )
    user = access.create_user(
        runtime.uow(),
        runtime.hasher,
        principal=None,
        email=f"desk-{code.lower()}@example.com",
        name="Order desk",
        role=Role.ADMIN,
        password="a long test password",
    )
    principal = Principal(user_id=user.id, name="tests", role=Role.ADMIN, merchant_ids=None)
    shop = Shop(runtime, merchant_id, account_id, warehouses, bin_ids, product_ids, principal)
    if policy and code == "SHOP":
        save_routing_policy(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            document=policy_document(),
            expected_version=0,
        )
    return shop
