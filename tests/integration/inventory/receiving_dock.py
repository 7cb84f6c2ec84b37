"""Helpers for receiving and count tests: the stockroom with a dock, barcodes, and an API client.

The stockroom (conftest) gives a merchant, WH-EAST with storage bins A-01..A-03 and SKU-A/B/C plus
BUNDLE-AB. The dock adds a receiving zone with bin DOCK-1, a UPC on SKU-A, an EAN-13 on SKU-B, an
FNSKU on SKU-C and an expiration-dated SKU-EXP, and drives the receiving and count API as an admin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select, update

from ordertower.adapters.db.tables.catalog import product_barcodes, products
from ordertower.adapters.db.tables.counts import count_lines, count_sheets
from ordertower.adapters.db.tables.exception_items import exception_items
from ordertower.adapters.db.tables.inventory import stock_balances, stock_movements
from ordertower.adapters.db.tables.locations import bins, zones
from ordertower.adapters.db.tables.receiving import (
    inbound_lines,
    inbound_notices,
    inbound_packages,
    receipt_putaways,
    receipt_scans,
    receipts,
)
from ordertower.adapters.db.tables.tenancy import audit_log
from ordertower.bootstrap import Runtime

SKU_A_UPC = "012345678905"  # UPC-A of SKU-A
SKU_B_EAN = "4006381333931"  # EAN-13 of SKU-B
SKU_C_FNSKU = "X001ABC123"  # FNSKU of SKU-C
WRITTEN = (
    inbound_notices,
    inbound_packages,
    inbound_lines,
    receipts,
    receipt_scans,
    receipt_putaways,
    count_sheets,
    count_lines,
    exception_items,
    stock_movements,
)


@dataclass
class Dock:
    runtime: Runtime
    client: TestClient
    merchant_id: int
    warehouse_id: int
    other_warehouse_id: int
    bins: dict[str, int]
    products: dict[str, int]
    scan_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def base(self) -> str:
        return f"/api/v1/merchants/{self.merchant_id}"

    def post(self, path: str, body: dict[str, Any], client: TestClient | None = None) -> Any:
        return (client or self.client).post(f"{self.base}{path}", json=body)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{self.base}{path}", params=params)

    def notice(self, expected: dict[str, int], **extra: Any) -> dict[str, Any]:
        body = {
            "reference": extra.pop("reference", "PO-1001"),
            "location_id": self.warehouse_id,
            "lines": [{"sku": sku, "quantity": qty} for sku, qty in expected.items()],
            **extra,
        }
        response = self.post("/inbound-notices", body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def start(self, **body: Any) -> dict[str, Any]:
        response = self.post("/receipts", body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def start_blind(self, **body: Any) -> dict[str, Any]:
        return self.start(location_id=self.warehouse_id, **body)

    def scan(self, receipt: dict[str, Any], code: str, **extra: Any) -> Any:
        body = {"code": code, "client_scan_id": f"scan-{next(self.scan_ids)}", **extra}
        return self.post(f"/receipts/{receipt['id']}/scans", body)

    def scanned(self, receipt: dict[str, Any], code: str, **extra: Any) -> dict[str, Any]:
        response = self.scan(receipt, code, **extra)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def close(self, receipt: dict[str, Any], **body: Any) -> Any:
        return self.post(f"/receipts/{receipt['id']}/close", body)

    def put_away(
        self, receipt: dict[str, Any], bin: str, code: str, quantity: int, **extra: Any
    ) -> Any:
        body = {
            "bin": f"BIN-{bin}",
            "code": code,
            "quantity": quantity,
            "client_putaway_id": f"put-{next(self.scan_ids)}",
            **extra,
        }
        return self.post(f"/receipts/{receipt['id']}/putaways", body)

    def on_hand(self) -> dict[tuple[str, str | None, str], int]:
        """(SKU, bin code or None, pool) → units, for every non-empty balance."""
        names = {v: k for k, v in self.products.items()}
        codes = {v: k for k, v in self.bins.items()}
        with self.runtime.engine.connect() as c:
            rows = c.execute(
                select(
                    stock_balances.c.product_id,
                    stock_balances.c.bin_id,
                    stock_balances.c.status,
                    stock_balances.c.on_hand,
                ).where(stock_balances.c.on_hand > 0)
            ).all()
        return {(names[r.product_id], codes.get(r.bin_id), r.status): r.on_hand for r in rows}

    def exception_items(self, **filters: Any) -> list[dict[str, Any]]:
        response = self.get("/exception-items", **filters)
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    def rows_written(self) -> dict[str, int]:
        with self.runtime.engine.connect() as c:
            return {
                t.name: c.execute(select(func.count()).select_from(t)).scalar_one() for t in WRITTEN
            }

    def audit_actions(self) -> list[str]:
        with self.runtime.engine.connect() as c:
            return list(
                c.execute(
                    select(audit_log.c.action)
                    .where(audit_log.c.merchant_id == self.merchant_id)
                    .order_by(audit_log.c.id)
                ).scalars()
            )


def dock_for(runtime: Runtime, stockroom: Any, admin: Any) -> Dock:
    with runtime.engine.begin() as c:
        zone = c.execute(
            insert(zones)
            .values(location_id=stockroom.warehouse_id, code="R", name="Dock", kind="receiving")
            .returning(zones.c.id)
        ).scalar_one()
        dock_bin = c.execute(
            insert(bins)
            .values(
                location_id=stockroom.warehouse_id,
                zone_id=zone,
                code="DOCK-1",
                barcode="BIN-DOCK-1",
                sort_key="DOCK-1",
            )
            .returning(bins.c.id)
        ).scalar_one()
        expiring = c.execute(
            insert(products)
            .values(
                merchant_id=stockroom.merchant_id,
                sku="SKU-EXP",
                title="Vitamins",
                expiration_dated=True,
            )
            .returning(products.c.id)
        ).scalar_one()
        c.execute(
            insert(product_barcodes),
            [
                {
                    "merchant_id": stockroom.merchant_id,
                    "product_id": stockroom.products["SKU-A"],
                    "code": SKU_A_UPC,
                    "kind": "upc_a",
                    "gtin14": SKU_A_UPC.zfill(14),
                },
                {
                    "merchant_id": stockroom.merchant_id,
                    "product_id": stockroom.products["SKU-B"],
                    "code": SKU_B_EAN,
                    "kind": "ean_13",
                    "gtin14": SKU_B_EAN.zfill(14),
                },
            ],
        )
        c.execute(
            update(products)
            .where(products.c.id == stockroom.products["SKU-C"])
            .values(fnsku=SKU_C_FNSKU)
        )
    return Dock(
        runtime=runtime,
        client=admin.client,
        merchant_id=stockroom.merchant_id,
        warehouse_id=stockroom.warehouse_id,
        other_warehouse_id=stockroom.other_warehouse_id,
        bins={**stockroom.bins, "DOCK-1": dock_bin},
        products={**stockroom.products, "SKU-EXP": expiring},
    )


def problem(response: Any, status: int) -> dict[str, Any]:
    """The problem+json body of a refused request, after checking its status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return dict(response.json())
