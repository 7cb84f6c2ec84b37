"""Test helpers for locations, channel accounts and listings.

Products are written straight into the `products` table (the product API is another area's), and
`tenant_objects` makes one of each of this area's objects for another merchant, for the isolation walk.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from ordertower.adapters.db.tables.catalog import products
from ordertower.bootstrap import Runtime

WAREHOUSE = {
    "code": "CHI1",
    "name": "Chicago DC",
    "address": {
        "line1": "1 Dock St",
        "city": "Chicago",
        "region": "IL",
        "postal_code": "60601",
        "country": "US",
    },
    "time_zone": "America/Chicago",
}
SHOPIFY_TOKEN = "shpat_0123456789abcdef-do-not-leak"
AMAZON_SECRET = "amzn-lwa-secret-do-not-leak"
REFRESH_TOKEN = "Atzr|refresh-token-do-not-leak"


def insert_product(
    runtime: Runtime, *, merchant_id: int, sku: str, title: str | None = None
) -> int:
    with runtime.engine.begin() as connection:
        product_id: int = connection.execute(
            insert(products)
            .values(merchant_id=merchant_id, sku=sku, title=title or f"Product {sku}")
            .returning(products.c.id)
        ).scalar_one()
    return product_id


def runtime_of(actor: Any) -> Runtime:
    runtime: Runtime = actor.client.app.state.runtime
    return runtime


def shopify_credentials() -> dict[str, str]:
    return {"shop_domain": "acme-goods", "admin_api_access_token": SHOPIFY_TOKEN}


def amazon_credentials() -> dict[str, Any]:
    return {
        "lwa_client_id": "amzn1.application-oa2-client.0123",
        "lwa_client_secret": AMAZON_SECRET,
        "refresh_token": REFRESH_TOKEN,
        "selling_partner_id": "A3TH9S8BH6GOGM",
        "region": "NA",
        "marketplace_ids": ["ATVPDKIKX0DER"],
    }


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    """One of each object of this area for `merchant_id`, carrying `marker` where text is shown."""
    client = admin.client
    warehouse = created(client.post("/api/v1/locations", json={**WAREHOUSE, "code": "ISO-WH"}))
    zone = created(
        client.post(
            f"/api/v1/locations/{warehouse['id']}/zones",
            json={"code": "PICK", "name": "Pick", "kind": "pick"},
        )
    )
    bin_ = created(
        client.post(
            f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins", json={"code": "A1"}
        )
    )
    fba = created(
        client.post(
            f"/api/v1/merchants/{merchant_id}/locations",
            json={"kind": "fba", "marketplace_id": "ATVPDKIKX0DER", "name": f"FBA {marker}"},
        )
    )
    account = created(
        client.post(
            f"/api/v1/merchants/{merchant_id}/channel-accounts",
            json={
                "kind": "amazon",
                "name": f"Amazon {marker}",
                "credentials": amazon_credentials(),
            },
        )
    )
    insert_product(runtime_of(admin), merchant_id=merchant_id, sku=f"SKU-{marker}")
    listing = created(
        client.post(
            f"/api/v1/merchants/{merchant_id}/listings",
            json={
                "channel_account_id": account["id"],
                "sku": f"SKU-{marker}",
                "channel_sku": f"AMZ-{marker}",
            },
        )
    )
    return {
        # B's FBA location: every /locations/{location_id}/… route must hide it (zones and bins
        # live in shared warehouses, so they are reached only through a location).
        "location_id": fba["id"],
        "zone_id": zone["id"],
        "bin_id": bin_["id"],
        "account_id": account["id"],
        "listing_id": listing["id"],
    }
