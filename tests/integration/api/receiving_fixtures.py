"""One of each receiving and count object for another merchant, for the tenant-isolation walk."""

from __future__ import annotations

from typing import Any

from listing_fixtures import WAREHOUSE, created, insert_product, runtime_of


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    """A notice, a closed receipt against it, the exception item it raised, and a count sheet."""
    client = admin.client
    base = f"/api/v1/merchants/{merchant_id}"
    warehouse = created(client.post("/api/v1/locations", json={**WAREHOUSE, "code": "ISO-RCV"}))
    zone = created(
        client.post(
            f"/api/v1/locations/{warehouse['id']}/zones",
            json={"code": "STORE", "name": "Storage", "kind": "storage"},
        )
    )
    bin_ = created(
        client.post(
            f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins", json={"code": "R1"}
        )
    )
    insert_product(runtime_of(admin), merchant_id=merchant_id, sku=f"RCV-{marker}")
    notice = created(
        client.post(
            f"{base}/inbound-notices",
            json={
                "reference": f"ASN-{marker}",
                "location_id": warehouse["id"],
                "lines": [{"sku": f"RCV-{marker}", "quantity": 3}],
            },
        )
    )
    receipt = created(client.post(f"{base}/receipts", json={"notice_id": notice["id"]}))
    closed = client.post(f"{base}/receipts/{receipt['id']}/close", json={})
    assert closed.status_code == 200, closed.text
    item = closed.json()["exception_items"][0]
    sheet = created(client.post(f"{base}/count-sheets", json={"bin_id": bin_["id"]}))
    return {
        "notice_id": notice["id"],
        "receipt_id": receipt["id"],
        "exception_item_id": item["id"],
        "count_sheet_id": sheet["id"],
    }
