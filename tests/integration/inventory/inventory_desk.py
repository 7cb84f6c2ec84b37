"""Helpers for the inventory API and pages: the stockroom's merchant driven through HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ordertower.adapters.db.tables.catalog import products
from ordertower.adapters.db.tables.inventory import (
    stock_allocations,
    stock_balances,
    stock_movements,
    stock_positions,
)
from ordertower.adapters.db.tables.tenancy import audit_log
from ordertower.bootstrap import Runtime


@dataclass
class Desk:
    """An API client on the stockroom's merchant, and shortcuts to what the database holds."""

    runtime: Runtime
    client: TestClient
    merchant_id: int
    warehouse_id: int
    other_warehouse_id: int
    bins: dict[str, int]

    @property
    def base(self) -> str:
        return f"/api/v1/merchants/{self.merchant_id}/inventory"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{self.base}{path}", params=params)

    def post(self, path: str, body: dict[str, Any], client: TestClient | None = None) -> Any:
        return (client or self.client).post(f"{self.base}{path}", json=body)

    def place(
        self, bin: str | None = "A-01", status: str = "sellable", location: int | None = None
    ) -> dict[str, Any]:
        return {
            "location_id": location or self.warehouse_id,
            "bin_id": self.bins[bin] if bin else None,
            "status": status,
        }

    def receipt(self, sku: str, quantity: int, key: str, **place: Any) -> dict[str, Any]:
        return {
            "sku": sku,
            "kind": "receipt",
            "quantity": quantity,
            "to_place": self.place(**place),
            "reference": {"kind": "receipt", "id": "R-1"},
            "idempotency_key": key,
        }

    def receive(self, sku: str, quantity: int, **place: Any) -> int:
        key = f"receive-{sku}-{quantity}-{sorted(place.items())}-{self.movement_count()}"
        response = self.post(
            "/movements", {"movements": [self.receipt(sku, quantity, key, **place)]}
        )
        assert response.status_code == 201, response.text
        movement_id: int = response.json()["movements"][0]["movement_id"]
        return movement_id

    def adjustment(self, **changes: Any) -> dict[str, Any]:
        body = {
            "sku": "SKU-A",
            "direction": "add",
            "quantity": 5,
            "location_id": self.warehouse_id,
            "bin_id": self.bins["A-01"],
            "reason": "found",
            "note": "behind the shelf",
        }
        return {**body, **changes}

    def transfer(self, **changes: Any) -> dict[str, Any]:
        body = {
            "sku": "SKU-A",
            "quantity": 4,
            "from_location_id": self.warehouse_id,
            "from_bin_id": self.bins["A-01"],
            "to_location_id": self.warehouse_id,
            "to_bin_id": self.bins["A-02"],
            "reason": "consolidating the pick face",
        }
        return {**body, **changes}

    def on_hand(self) -> dict[tuple[str, str | None, str], int]:
        """Units per (SKU, bin code or location id, pool), only where there are some."""
        bins = {v: k for k, v in self.bins.items()}
        with self.runtime.engine.connect() as c:
            rows = c.execute(
                select(
                    stock_balances.c.product_id,
                    stock_balances.c.location_id,
                    stock_balances.c.bin_id,
                    stock_balances.c.status,
                    stock_balances.c.on_hand,
                ).where(stock_balances.c.on_hand > 0)
            ).all()
            skus = dict(c.execute(select(products.c.id, products.c.sku)).all())
        return {
            (skus[r.product_id], bins.get(r.bin_id) or f"L{r.location_id}", r.status): r.on_hand
            for r in rows
        }

    def movement_count(self) -> int:
        return self._count(stock_movements)

    def allocation_count(self) -> int:
        return self._count(stock_allocations)

    def _count(self, table: Any) -> int:
        with self.runtime.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(table)).scalar_one())

    def allocated(self, sku_id: int) -> int:
        with self.runtime.engine.connect() as c:
            found = c.execute(
                select(func.coalesce(func.sum(stock_positions.c.allocated), 0)).where(
                    stock_positions.c.product_id == sku_id
                )
            ).scalar_one()
        return int(found)

    def audit(self, action_prefix: str = "inventory.") -> list[dict[str, Any]]:
        with self.runtime.engine.connect() as c:
            rows = c.execute(
                select(audit_log)
                .where(audit_log.c.action.startswith(action_prefix))
                .order_by(audit_log.c.id)
            ).all()
        return [dict(r._mapping) for r in rows]


def desk_for(runtime: Runtime, stockroom: Any, actor: Any) -> Desk:
    s = stockroom
    return Desk(runtime, actor.client, s.merchant_id, s.warehouse_id, s.other_warehouse_id, s.bins)


def problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """The problem+json body, after checking its status and (when given) the field it names."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    if field is not None:
        assert body.get("field") == field, body
    return body
