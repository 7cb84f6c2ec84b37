"""A small stockroom for inventory tests: one merchant, items and a bundle, a warehouse with bins."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import insert

from ordertower.adapters.db.tables.catalog import bundle_components, products
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.adapters.db.tables.tenancy import merchants
from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    ReasonCode,
    Reference,
    ReferenceKind,
)
from ordertower.domain.tenancy import Principal, Role


@dataclass
class Stockroom:
    merchant_id: int
    warehouse_id: int
    other_warehouse_id: int
    bins: dict[str, int]
    products: dict[str, int]
    principal: Principal
    keys: list[int] = field(default_factory=lambda: [0])

    def key(self) -> str:
        self.keys[0] += 1
        return f"k{self.keys[0]}"

    def receive(
        self,
        sku: str,
        quantity: int,
        *,
        bin: str = "A-01",
        status=InventoryStatus.SELLABLE,
        location: int | None = None,
        key: str | None = None,
    ) -> MovementRequest:
        return MovementRequest(
            merchant_id=self.merchant_id,
            sku=sku,
            kind=MovementKind.RECEIPT,
            quantity=quantity,
            from_place=None,
            to_place=Place(location or self.warehouse_id, self.bins[bin] if bin else None, status),
            reference=Reference(ReferenceKind.RECEIPT, "R1"),
            idempotency_key=key or self.key(),
            actor="tests",
        )

    def move(
        self,
        sku: str,
        quantity: int,
        kind: MovementKind,
        *,
        src: Place | None,
        dst: Place | None,
        reason: ReasonCode | None = None,
        key: str | None = None,
    ) -> MovementRequest:
        return MovementRequest(
            merchant_id=self.merchant_id,
            sku=sku,
            kind=kind,
            quantity=quantity,
            from_place=src,
            to_place=dst,
            reference=Reference(ReferenceKind.ADJUSTMENT, "T"),
            idempotency_key=key or self.key(),
            actor="tests",
            reason=reason,
        )

    def place(
        self, bin: str | None = "A-01", status=InventoryStatus.SELLABLE, location: int | None = None
    ) -> Place:
        return Place(location or self.warehouse_id, self.bins[bin] if bin else None, status)


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    """After every inventory test, `inventory verify` must find no drift."""
    yield
    from ordertower.services.inventory.verification import verify_inventory

    drifts = verify_inventory(runtime.uow())
    assert [str(d) for d in drifts] == []


@pytest.fixture
def stockroom(runtime) -> Stockroom:
    with runtime.engine.begin() as c:
        merchant_id = c.execute(
            insert(merchants).values(code="STOCK", name="Stock Co").returning(merchants.c.id)
        ).scalar_one()
        warehouses = []
        for code in ("WH-EAST", "WH-WEST"):
            warehouses.append(
                c.execute(
                    insert(locations)
                    .values(code=code, name=code, kind="warehouse")
                    .returning(locations.c.id)
                ).scalar_one()
            )
        zone = c.execute(
            insert(zones)
            .values(location_id=warehouses[0], code="S", name="Storage", kind="storage")
            .returning(zones.c.id)
        ).scalar_one()
        bin_ids = {}
        for code in ("A-01", "A-02", "A-03"):
            bin_ids[code] = c.execute(
                insert(bins)
                .values(
                    location_id=warehouses[0],
                    zone_id=zone,
                    code=code,
                    barcode=f"BIN-{code}",
                    sort_key=code,
                )
                .returning(bins.c.id)
            ).scalar_one()
        product_ids = {}
        for sku, kind in (
            ("SKU-A", "item"),
            ("SKU-B", "item"),
            ("SKU-C", "item"),
            ("BUNDLE-AB", "bundle"),
        ):
            product_ids[sku] = c.execute(
                insert(products)
                .values(merchant_id=merchant_id, sku=sku, title=sku, kind=kind)
                .returning(products.c.id)
            ).scalar_one()
        c.execute(
            insert(bundle_components),
            [
                {
                    "merchant_id": merchant_id,
                    "bundle_id": product_ids["BUNDLE-AB"],
                    "component_id": product_ids["SKU-A"],
                    "quantity": 2,
                },
                {
                    "merchant_id": merchant_id,
                    "bundle_id": product_ids["BUNDLE-AB"],
                    "component_id": product_ids["SKU-B"],
                    "quantity": 1,
                },
            ],
        )
    principal = Principal(user_id=0, name="floor", role=Role.ADMIN, merchant_ids=None)
    return Stockroom(merchant_id, warehouses[0], warehouses[1], bin_ids, product_ids, principal)
