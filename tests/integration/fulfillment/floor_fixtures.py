"""A small warehouse floor for fulfillment tests: stock in bins, allocated orders, a carrier account.

Until order capture lands, orders are inserted as rows, allocated through the inventory allocation
service (reference order/<id>) and moved to allocated through the one transition function.

Besides its pick bins, the warehouse has a receiving dock (DOCK-1, first on the path) and a packing
bench (PACK-1): bins no wave may pick from. `add_warehouse` adds a second building (bin W-1) for
orders routing split over two warehouses (`order(..., at={sku: {location_id: units}})`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from ordertower.adapters.db.tables.catalog import product_barcodes, products
from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.adapters.db.tables.fulfillment import carrier_accounts
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.adapters.db.tables.orders import order_lines, orders
from ordertower.domain.catalog.barcodes import validate_gtin
from ordertower.domain.inventory import (
    InventoryStatus,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.orders import Actor, ActorKind, OrderState
from ordertower.domain.tenancy import Principal
from ordertower.services.inventory.allocation import AllocationRequest, allocate
from ordertower.services.orders.transitions import move_order
from stocking import receive

# Bins in walking order: the sort key puts A-2 before A-10 (codes alone would not).
BINS = {"A-10": "A000010", "A-2": "A000002", "B-1": "B000001", "C-5": "C000005"}
# Bins in zones nobody picks from, first on the path (a wave that used them would pick them first).
NOT_PICKED = {
    "DOCK-1": ("DOCK", "receiving", "0000001"),
    "PACK-1": ("PACKING", "packing", "0000002"),
}
BARCODES = {"SKU-A": "036000291452", "SKU-B": "4006381333931", "SKU-C": "96385074"}
SHIP_TO = {
    "name": "Ada Buyer",
    "line1": "1 Main Street",
    "city": "Springfield",
    "region": "IL",
    "postal_code": "62701",
    "country": "US",
}


@dataclass
class Floor:
    runtime: object
    merchant_id: int
    warehouse_id: int
    zone_ids: dict[str, int]
    bins: dict[str, int]
    products: dict[str, int]
    channel_account_id: int
    principal: Principal
    carrier_account_id: int | None = None
    _keys: itertools.count = field(default_factory=lambda: itertools.count(1))

    def key(self, what: str) -> str:
        return f"{what}-{next(self._keys)}"

    def stock(
        self,
        sku: str,
        quantity: int,
        bin: str | None,
        *,
        lot: str | None = None,
        expires_on: dt.date | None = None,
        location_id: int | None = None,
    ) -> None:
        place = Place(
            location_id or self.warehouse_id,
            self.bins[bin] if bin else None,
            InventoryStatus.SELLABLE,
            lot,
            expires_on,
        )
        receive(self.runtime, self.principal, self.merchant_id, sku, quantity, place,
                self.key("stock"))  # fmt: skip

    def order(
        self,
        lines: dict[str, int],
        *,
        ship_by: dt.datetime | None = None,
        service_level: str = "standard",
        channel: str = "manual",
        allocate_to: OrderState = OrderState.ALLOCATED,
        at: dict[str, dict[int, int]] | None = None,
    ) -> int:
        """An order of `lines`, allocated at the warehouse (or as `at` says: sku → {location id:
        units}, a split) and moved to allocated."""
        n = next(self._keys)
        with self.runtime.engine.begin() as c:
            now = c.exec_driver_sql("SELECT now()").scalar_one()
            order_id = c.execute(
                insert(orders)
                .values(
                    merchant_id=self.merchant_id,
                    channel_account_id=self.channel_account_id,
                    channel=channel,
                    external_order_id=f"EXT-{n}",
                    channel_order_number=f"#{1000 + n}",
                    placed_at=now - dt.timedelta(minutes=100 - n),
                    ship_by=ship_by,
                    service_level=service_level,
                    ship_to=SHIP_TO,
                    ship_country="US",
                    customer={"name": "Ada Buyer", "phone": "555-0100"},
                    currency="USD",
                    total=10 * sum(lines.values()),
                    units=sum(lines.values()),
                )
                .returning(orders.c.id)
            ).scalar_one()
            c.execute(
                insert(order_lines),
                [
                    {
                        "merchant_id": self.merchant_id,
                        "order_id": order_id,
                        "position": i,
                        "line_id": f"L{i}",
                        "sku": sku,
                        "quantity": qty,
                        "unit_price": 10,
                        "currency": "USD",
                        "units": [[sku, qty]],
                    }
                    for i, (sku, qty) in enumerate(lines.items(), start=1)
                ],
            )
        for sku, qty in lines.items():
            for location_id, units in ((at or {}).get(sku) or {self.warehouse_id: qty}).items():
                allocate(
                    self.runtime.uow(),
                    principal=self.principal,
                    merchant_id=self.merchant_id,
                    request=AllocationRequest(
                        sku=sku,
                        quantity=units,
                        location_id=location_id,
                        reference=Reference(ReferenceKind.ORDER, str(order_id)),
                        idempotency_key=f"order:{order_id}:{sku}:{location_id}",
                    ),
                )
        with self.runtime.uow() as uow:
            move_order(
                uow,
                merchant_id=self.merchant_id,
                order_id=order_id,
                to=allocate_to,
                actor=Actor(ActorKind.SYSTEM, "tests"),
            )
            uow.commit()
        return order_id

    def state(self, order_id: int) -> str:
        with self.runtime.engine.connect() as c:
            return c.execute(select(orders.c.state).where(orders.c.id == order_id)).scalar_one()

    def add_warehouse(self, code: str = "WH-WEST", bin_code: str = "W-1") -> int:
        """A second warehouse with one pick bin (named `bin_code` in `bins`)."""
        with self.runtime.engine.begin() as c:
            warehouse = _warehouse(c, code, city="Reno", region="NV", postal_code="89501")
            zone = c.execute(
                insert(zones)
                .values(location_id=warehouse, code="PICK", name="Pick", kind="pick")
                .returning(zones.c.id)
            ).scalar_one()
            self.bins[bin_code] = c.execute(
                insert(bins)
                .values(
                    location_id=warehouse,
                    zone_id=zone,
                    code=bin_code,
                    barcode=f"{code}-{bin_code}",
                    sort_key=bin_code,
                )
                .returning(bins.c.id)
            ).scalar_one()
        return warehouse

    def add_carrier_account(
        self, *, first: int = 1, last: int = 999_999, location_id: int | None = None
    ) -> int:
        with self.runtime.engine.begin() as c:
            self.carrier_account_id = c.execute(
                insert(carrier_accounts)
                .values(
                    merchant_id=self.merchant_id,
                    location_id=location_id,
                    carrier="own_account",
                    name="Own vans",
                    carrier_name="Floor Test Couriers",
                    tracking_prefix="OT",
                    tracking_first=first,
                    tracking_last=last,
                    next_sequence=first,
                )
                .returning(carrier_accounts.c.id)
            ).scalar_one()
        return self.carrier_account_id


def make_floor(runtime, merchant_id: int, principal: Principal, *, code: str = "WH-FLOOR") -> Floor:
    with runtime.engine.begin() as c:
        warehouse = _warehouse(c, code, city="Newark", region="NJ", postal_code="07102")
        zone_ids = {}
        for zone_code, kind in (("PICK", "pick"), ("BULK", "pick"), ("DOCK", "receiving"),
                                ("PACKING", "packing")):  # fmt: skip
            zone_ids[zone_code] = c.execute(
                insert(zones)
                .values(location_id=warehouse, code=zone_code, name=zone_code, kind=kind)
                .returning(zones.c.id)
            ).scalar_one()
        bin_ids = {}
        placed = {b: ("BULK" if b.startswith("C") else "PICK", k) for b, k in BINS.items()}
        placed.update({b: (zone, key) for b, (zone, _, key) in NOT_PICKED.items()})
        for bin_code, (zone_code, sort_key) in placed.items():
            zone = zone_ids[zone_code]
            bin_ids[bin_code] = c.execute(
                insert(bins)
                .values(
                    location_id=warehouse,
                    zone_id=zone,
                    code=bin_code,
                    barcode=f"{code}-{bin_code}",
                    sort_key=sort_key,
                )
                .returning(bins.c.id)
            ).scalar_one()
        product_ids = {}
        for sku in ("SKU-A", "SKU-B", "SKU-C", "SKU-D"):
            product_ids[sku] = c.execute(
                insert(products)
                .values(merchant_id=merchant_id, sku=sku, title=sku, kind="item")
                .returning(products.c.id)
            ).scalar_one()
        for sku, barcode in BARCODES.items():
            checked = validate_gtin(barcode)
            c.execute(
                insert(product_barcodes).values(
                    merchant_id=merchant_id,
                    product_id=product_ids[sku],
                    code=barcode,
                    kind=str(checked.kind),
                    gtin14=checked.gtin14,
                )
            )
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=merchant_id, kind="manual", name="Phone orders")
            .returning(channel_accounts.c.id)
        ).scalar_one()
    return Floor(
        runtime, merchant_id, warehouse, zone_ids, bin_ids, product_ids, account, principal
    )


def _warehouse(c, code: str, *, city: str, region: str, postal_code: str) -> int:
    return c.execute(
        insert(locations)
        .values(
            code=code,
            name=f"{city} Warehouse",
            kind="warehouse",
            address_line1="9 Dock Road",
            city=city,
            region=region,
            postal_code=postal_code,
            country="US",
        )
        .returning(locations.c.id)
    ).scalar_one()
