"""A small shop for the order and fulfillment page tests: a Shopify account with listings, one
warehouse with bins and barcoded products, a routing policy, a carrier account; orders captured
through the real capture service (mapped, routed and allocated)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from ordertower.adapters.db.tables.catalog import product_barcodes, products
from ordertower.adapters.db.tables.channels import channel_accounts, listings
from ordertower.adapters.db.tables.fulfillment import carrier_accounts
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.adapters.db.tables.orders import orders
from ordertower.domain.catalog.barcodes import validate_gtin
from ordertower.domain.channels import ChannelKind
from ordertower.domain.inventory import (
    InventoryStatus,
    Place,
)
from ordertower.domain.orders import Address, CustomerContact, LineDraft, OrderDraft
from ordertower.domain.tenancy import Principal
from ordertower.services.orders.capture import CaptureResult, capture_orders
from ordertower.services.orders.records import IncomingOrder, PayloadSource
from ordertower.services.routing.policies import save_routing_policy
from stocking import receive

ADDRESS = Address(
    name="Grace Hopper",
    line1="7 Harbor Road",
    city="Springfield",
    region="IL",
    postal_code="62701",
    country="US",
)
PLACED = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
# Bins in walking order by sort key (B-2 before B-10, which codes alone would not give).
BINS = {"B-10": "B000010", "B-2": "B000002", "A-1": "A000001"}
BARCODES = {"MUG-RED": "036000291452", "MUG-BLUE": "4006381333931", "CAP-GRN": "96385074"}


@dataclass
class Store:
    runtime: Any
    merchant_id: int
    principal: Principal
    account_id: int
    warehouses: dict[str, int]
    bins: dict[str, int]
    products: dict[str, int]
    keys: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def stock(self, sku: str, quantity: int, bin_code: str = "A-1", where: str = "WH-WEB") -> None:
        bin_id = self.bins[bin_code] if where == "WH-WEB" else None
        place = Place(self.warehouses[where], bin_id, InventoryStatus.SELLABLE)
        receive(self.runtime, self.principal, self.merchant_id, sku, quantity, place,
                f"stock-{next(self.keys)}")  # fmt: skip

    def draft(
        self,
        external_id: str,
        lines: dict[str, int],
        *,
        customer: str = "Grace Hopper",
        ship_by: dt.datetime | None = None,
        address: Address = ADDRESS,
        **fields: Any,
    ) -> OrderDraft:
        """An order; a line key starting with LST- is a listing (channel SKU), else a SKU."""
        return OrderDraft(
            merchant_id=self.merchant_id,
            channel_account_id=self.account_id,
            channel=ChannelKind.SHOPIFY,
            external_order_id=external_id,
            placed_at=PLACED,
            ship_by=ship_by,
            lines=[
                LineDraft(
                    line_id=str(n),
                    sku=None if key.startswith("LST-") else key,
                    channel_sku=key if key.startswith("LST-") else None,
                    quantity=quantity,
                    unit_price=Decimal("12.50"),
                    currency="USD",
                )
                for n, (key, quantity) in enumerate(lines.items(), start=1)
            ],
            ship_to=address,
            customer=CustomerContact(name=customer, email="grace@example.com"),
            **fields,
        )

    def capture(self, *drafts: OrderDraft) -> list[CaptureResult]:
        return capture_orders(
            self.runtime.uow(),
            principal=self.principal,
            merchant_id=self.merchant_id,
            channel_account_id=self.account_id,
            payloads=[
                IncomingOrder(
                    raw={"external_order_id": d.external_order_id},
                    draft=d,
                    external_order_id=d.external_order_id,
                )
                for d in drafts
            ],
            source=PayloadSource.API,
        )

    def order(self, external_id: str, lines: dict[str, int], **fields: Any) -> int:
        [result] = self.capture(self.draft(external_id, lines, **fields))
        assert result.order_id is not None, result
        return result.order_id

    def state(self, order_id: int) -> str:
        with self.runtime.engine.connect() as c:
            return str(
                c.execute(select(orders.c.state).where(orders.c.id == order_id)).scalar_one()
            )


def open_store(runtime: Any, merchant_id: int, principal: Principal) -> Store:
    with runtime.engine.begin() as c:
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=merchant_id, kind="shopify", name="Web shop")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        warehouses = {
            code: c.execute(
                insert(locations)
                .values(code=code, name=code, kind="warehouse", priority=n,
                        address_line1="9 Dock Road", city="Newark", region="NJ",
                        postal_code="07102", country="US")
                .returning(locations.c.id)
            ).scalar_one()
            for n, code in enumerate(("WH-WEB", "WH-ALT"), start=1)
        }  # fmt: skip
        zone = c.execute(
            insert(zones)
            .values(location_id=warehouses["WH-WEB"], code="PICK", name="Pick", kind="pick")
            .returning(zones.c.id)
        ).scalar_one()
        bin_ids = {
            code: c.execute(
                insert(bins)
                .values(location_id=warehouses["WH-WEB"], zone_id=zone, code=code,
                        barcode=f"BIN-{code}", sort_key=key)
                .returning(bins.c.id)
            ).scalar_one()
            for code, key in BINS.items()
        }  # fmt: skip
        product_ids = {
            sku: c.execute(
                insert(products)
                .values(merchant_id=merchant_id, sku=sku, title=sku.title(), kind="item")
                .returning(products.c.id)
            ).scalar_one()
            for sku in (*BARCODES, "SCARF")
        }
        for sku, code in BARCODES.items():
            checked = validate_gtin(code)
            c.execute(
                insert(product_barcodes).values(
                    merchant_id=merchant_id, product_id=product_ids[sku], code=code,
                    kind=str(checked.kind), gtin14=checked.gtin14,
                )
            )  # fmt: skip
        c.execute(
            insert(listings).values(
                merchant_id=merchant_id, channel_account_id=account,
                product_id=product_ids["MUG-RED"], quantity_per=1, channel_sku="LST-MUG-RED",
            )
        )  # fmt: skip
        c.execute(
            insert(carrier_accounts).values(
                merchant_id=merchant_id, location_id=None, carrier="own_account",
                name="Own vans", carrier_name="Page Test Couriers", tracking_prefix="PT",
                tracking_first=1, tracking_last=999_999, next_sequence=1,
            )
        )  # fmt: skip
    save_routing_policy(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        document={
            "rules": [
                {
                    "name": "web warehouse",
                    "action": {
                        "kind": "ship_from",
                        "locations": ["WH-WEB"],
                        "on_shortfall": "backorder",
                    },
                }
            ],
            "default": {"kind": "warehouse", "location": "WH-WEB"},
        },
        expected_version=0,
    )
    return Store(runtime, merchant_id, principal, account, warehouses, bin_ids, product_ids)
