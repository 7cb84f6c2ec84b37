"""Test helpers for the product master: valid barcodes, product bodies, what the database holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ordertower.adapters.db.tables.catalog import bundle_components, product_barcodes, products
from ordertower.adapters.db.tables.tenancy import audit_log
from ordertower.bootstrap import Runtime
from ordertower.domain.catalog import gs1_check_digit


def upc(n: int) -> str:
    """A valid 12-digit UPC-A for any small number."""
    body = f"0{n:010d}"
    return body + str(gs1_check_digit(body))


def ean13(n: int) -> str:
    body = f"50{n:010d}"
    return body + str(gs1_check_digit(body))


def products_url(merchant: dict[str, Any] | int) -> str:
    merchant_id = merchant if isinstance(merchant, int) else merchant["id"]
    return f"/api/v1/merchants/{merchant_id}/products"


def mug(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sku": "MUG-BLK",
        "title": "Black mug 12 oz",
        "barcodes": [upc(1)],
        "asin": "B07XJ8C8F5",
        "fnsku": "X001MUG001",
        "dimensions": {"length": "10", "width": "8", "height": "12.5", "unit": "cm"},
        "weight": {"value": "12", "unit": "oz"},
        "uom": "each",
        "case_pack_qty": 24,
        "cost": "2.35",
        "currency": "USD",
        "prep": {"category": "FRAGILE", "prep_types": ["ITEM_BUBBLEWRAP"], "notes": "Wrap twice"},
    }
    return {**body, **overrides}


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def snapshot(runtime: Runtime) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the product tables hold, to prove a refused request changed nothing."""
    with runtime.engine.connect() as connection:
        return {
            table.name: [
                tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))
            ]
            for table in (products, product_barcodes, bundle_components)
        }


def product_count(runtime: Runtime) -> int:
    with runtime.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(products)).scalar_one())


def audit_entries(runtime: Runtime, prefix: str = "product") -> list[dict[str, Any]]:
    with runtime.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log).where(audit_log.c.action.startswith(prefix)).order_by(audit_log.c.id)
        ).all()
    return [dict(row._mapping) for row in rows]


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    """A product of `merchant_id` with `marker` in its title, made through the API."""
    product = created(
        admin.client.post(
            products_url(merchant_id),
            json={"sku": "ISO-PRODUCT", "title": f"Product {marker}", "barcodes": [upc(999)]},
        )
    )
    return {"product_id": product["id"]}
