"""Test helpers for dropship: one of merchant B's dropship requests (for the tenant walk)."""

from __future__ import annotations

from typing import Any

from listing_fixtures import created, runtime_of
from sqlalchemy import insert, select

from ordertower.adapters.db.tables.dropship import dropship_requests
from ordertower.adapters.db.tables.orders import orders


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    """A dropship vendor of `merchant_id` and a request for one of its orders (order_fixtures
    made the order), the marker in the vendor's name and the request's SKU."""
    client = admin.client
    vendor = created(
        client.post(
            f"/api/v1/merchants/{merchant_id}/locations",
            json={"kind": "dropship", "code": "ISO-VEND", "name": f"Vendor {marker}"},
        )
    )
    with runtime_of(admin).engine.begin() as c:
        order_id = c.execute(
            select(orders.c.id).where(orders.c.merchant_id == merchant_id).limit(1)
        ).scalar_one()
        request_id = c.execute(
            insert(dropship_requests)
            .values(
                merchant_id=merchant_id,
                order_id=order_id,
                vendor_location_id=vendor["id"],
                lines=[{"line_id": "1", "sku": f"ORD-{marker}", "quantity": 1}],
            )
            .returning(dropship_requests.c.id)
        ).scalar_one()
    return {"dropship_request_id": request_id}
