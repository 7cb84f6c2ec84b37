"""Routing-policy helpers for API tests: places to name in rules, and a policy for the walk."""

from __future__ import annotations

from typing import Any

from listing_fixtures import WAREHOUSE, created


def warehouse(admin: Any, code: str) -> dict[str, Any]:
    """A shared warehouse named `code`."""
    return created(admin.client.post("/api/v1/locations", json={**WAREHOUSE, "code": code}))


def dropship_vendor(admin: Any, merchant_id: int, code: str) -> dict[str, Any]:
    body = {"kind": "dropship", "code": code, "name": f"Vendor {code}"}
    return created(admin.client.post(f"/api/v1/merchants/{merchant_id}/locations", json=body))


def put_policy(client: Any, merchant_id: int, document: dict[str, Any], version: int) -> Any:
    return client.put(
        f"/api/v1/merchants/{merchant_id}/routing-policy", json={**document, "version": version}
    )


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    """Merchant B's routing policy, with the marker in a rule name and a queue note."""
    warehouse(admin, "ISO-ROUTE")
    document = {
        "rules": [
            {
                "name": f"Rule {marker}",
                "when": {"channel_kinds": ["walmart"]},
                "action": {"kind": "hold", "queue": "review", "note": marker},
            }
        ],
        "default": {"kind": "warehouse", "location": "ISO-ROUTE"},
    }
    response = put_policy(admin.client, merchant_id, document, 0)
    assert response.status_code == 200, response.text
    return {}
