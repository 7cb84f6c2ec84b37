"""Test helpers for orders: one of merchant B's orders (held, so it has an exception item)."""

from __future__ import annotations

from typing import Any

from listing_fixtures import created, insert_product, runtime_of


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    """An order of `merchant_id` (no routing policy: held in `unrouted`) and its open item."""
    client = admin.client
    account = created(
        client.post(
            f"/api/v1/merchants/{merchant_id}/channel-accounts",
            json={"kind": "manual", "name": f"Phone {marker}"},
        )
    )
    insert_product(runtime_of(admin), merchant_id=merchant_id, sku=f"ORD-{marker}")
    order = created(
        client.post(
            f"/api/v1/merchants/{merchant_id}/channel-accounts/{account['id']}/orders",
            json={
                "external_order_id": f"O-{marker}",
                "placed_at": "2026-01-05T12:00:00Z",
                "ship_to": {"name": marker, "line1": "1 Main St", "city": "Chicago",
                            "region": "IL", "postal_code": "60601", "country": "US"},
                "customer": {"name": marker},
                "lines": [{"line_id": "1", "sku": f"ORD-{marker}", "quantity": 1,
                           "unit_price": "1.00", "currency": "USD"}],
            },
        )
    )  # fmt: skip
    queue = client.get(f"/api/v1/merchants/{merchant_id}/order-exceptions").json()
    return {"order_id": order["order_id"], "item_id": queue["items"][0]["id"]}
