"""A merchant with two dropship vendors for dropship tests.

VEND-STOCK tracks its stock with us (units received into the vendor location), VEND-NONE reports
none. Orders for SKU-A go to VEND-STOCK, orders for SKU-B to VEND-NONE, anything else to WH-DS.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, text

from ordertower.adapters.db.tables.catalog import products
from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.domain.channels import ChannelKind
from ordertower.domain.inventory import (
    InventoryStatus,
    Place,
)
from ordertower.domain.orders import Address, CustomerContact, LineDraft, OrderDraft
from ordertower.domain.routing import (
    Conditions,
    DefaultWarehouse,
    Dropship,
    RoutingPolicy,
    RoutingRule,
)
from ordertower.domain.routing.codec import routing_document
from ordertower.domain.tenancy import Principal
from ordertower.services.orders.capture import capture_orders
from ordertower.services.orders.records import IncomingOrder, PayloadSource
from ordertower.services.routing.policies import save_routing_policy
from stocking import receive

ADDRESS = Address(
    name="Grace Hopper",
    line1="1 Navy Way",
    city="Arlington",
    region="VA",
    postal_code="22202",
    country="US",
    phone="555-0100",
)
_keys = itertools.count(1)


@dataclass
class DropshipShop:
    runtime: Any
    merchant_id: int
    account_id: int
    principal: Principal
    locations: dict[str, int]
    products: dict[str, int]

    def stock(self, location: str, sku: str, quantity: int, bin_id: int | None = None) -> None:
        place = Place(self.locations[location], bin_id, InventoryStatus.SELLABLE)
        receive(self.runtime, self.principal, self.merchant_id, sku, quantity, place,
                f"ds-stock-{next(_keys)}")  # fmt: skip

    def order(self, external_id: str, *lines: tuple[str, int], **fields: Any) -> int:
        draft = OrderDraft(
            merchant_id=self.merchant_id,
            channel_account_id=self.account_id,
            channel=ChannelKind.MANUAL,
            external_order_id=external_id,
            placed_at=dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC),
            lines=[
                LineDraft(
                    line_id=str(n), sku=sku, quantity=q, unit_price=Decimal("5.00"), currency="USD"
                )
                for n, (sku, q) in enumerate(lines, 1)
            ],
            ship_to=ADDRESS,
            customer=CustomerContact(name="Grace Hopper", email="grace@example.com"),
            **fields,
        )
        [result] = capture_orders(
            self.runtime.uow(),
            principal=self.principal,
            merchant_id=self.merchant_id,
            channel_account_id=self.account_id,
            payloads=[
                IncomingOrder(
                    raw={"id": external_id},
                    draft=draft,
                    cancelled=False,
                    external_order_id=external_id,
                )
            ],
            source=PayloadSource.API,
        )
        assert result.order_id is not None
        return result.order_id

    def sql(self, query: str, **params: Any) -> list[Any]:
        with self.runtime.engine.connect() as c:
            return list(c.execute(text(query), {"m": self.merchant_id, **params}).all())

    def state(self, order_id: int) -> str:
        return str(self.sql("SELECT state FROM orders WHERE merchant_id = :m AND id = :o",
                            o=order_id)[0][0])  # fmt: skip

    def position(self, location: str, sku: str) -> tuple[int, int]:
        rows = self.sql(
            "SELECT sellable_on_hand, allocated FROM stock_positions WHERE merchant_id = :m"
            " AND product_id = :p AND location_id = :l",
            p=self.products[sku],
            l=self.locations[location],
        )
        return (rows[0][0], rows[0][1]) if rows else (0, 0)


def open_dropship_shop(runtime: Any, merchant_id: int, principal: Principal) -> DropshipShop:
    with runtime.engine.begin() as c:
        account_id = c.execute(
            insert(channel_accounts)
            .values(merchant_id=merchant_id, kind="manual", name="Phone orders")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        found: dict[str, int] = {}
        for code, kind, owner in (("WH-DS", "warehouse", None),
                                  ("VEND-STOCK", "dropship", merchant_id),
                                  ("VEND-NONE", "dropship", merchant_id)):  # fmt: skip
            found[code] = c.execute(
                insert(locations)
                .values(code=code, name=code, kind=kind, merchant_id=owner)
                .returning(locations.c.id)
            ).scalar_one()
        zone = c.execute(
            insert(zones)
            .values(location_id=found["WH-DS"], code="S", name="Storage", kind="storage")
            .returning(zones.c.id)
        ).scalar_one()
        c.execute(
            insert(bins).values(location_id=found["WH-DS"], zone_id=zone, code="A-01",
                                barcode="BIN-WH-DS", sort_key="A-01")
        )  # fmt: skip
        product_ids = {
            sku: c.execute(
                insert(products)
                .values(merchant_id=merchant_id, sku=sku, title=sku, kind="item")
                .returning(products.c.id)
            ).scalar_one()
            for sku in ("SKU-A", "SKU-B", "SKU-C")
        }
    policy = RoutingPolicy(
        rules=(
            RoutingRule(name="A by vendor", when=Conditions(skus=frozenset({"SKU-A"})),
                        action=Dropship(vendor_location="VEND-STOCK")),
            RoutingRule(name="B by vendor", when=Conditions(skus=frozenset({"SKU-B"})),
                        action=Dropship(vendor_location="VEND-NONE")),
        ),
        default=DefaultWarehouse(location="WH-DS"),
    )  # fmt: skip
    save_routing_policy(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        document=routing_document(policy),
        expected_version=0,
    )
    return DropshipShop(runtime, merchant_id, account_id, principal, found, product_ids)
