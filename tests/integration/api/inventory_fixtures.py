"""Test helpers for the inventory API: one of merchant B's stocked SKUs and an allocation of it."""

from __future__ import annotations

from typing import Any

from listing_fixtures import WAREHOUSE, created, insert_product, runtime_of


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, Any]:
    """A SKU of `merchant_id` with units received in a warehouse, and an allocation of two."""
    client = admin.client
    base = f"/api/v1/merchants/{merchant_id}/inventory"
    warehouse = created(client.post("/api/v1/locations", json={**WAREHOUSE, "code": "ISO-INV"}))
    sku = f"INV-{marker}"
    insert_product(runtime_of(admin), merchant_id=merchant_id, sku=sku)
    receipt = {
        "sku": sku,
        "kind": "receipt",
        "quantity": 5,
        "to_place": {"location_id": warehouse["id"], "status": "sellable"},
        "reference": {"kind": "receipt", "id": f"R-{marker}"},
        "idempotency_key": f"iso-receipt-{marker}",
    }
    created(client.post(f"{base}/movements", json={"movements": [receipt]}))
    [allocation] = created(
        client.post(
            f"{base}/allocations",
            json={
                "sku": sku,
                "quantity": 2,
                "location_id": warehouse["id"],
                "reference": {"kind": "order", "id": f"O-{marker}"},
                "idempotency_key": f"iso-order-{marker}",
            },
        )
    )
    return {"sku": sku, "allocation_id": allocation["id"]}
