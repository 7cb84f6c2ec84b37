"""One wave, order and labelled package of another merchant, for the tenant-isolation walk."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from listing_fixtures import created, runtime_of


def _floor_fixtures() -> Any:
    """The fulfillment tests' floor builder (it lives beside them, outside this directory)."""
    if "floor_fixtures" in sys.modules:
        return sys.modules["floor_fixtures"]
    path = Path(__file__).parents[1] / "fulfillment" / "floor_fixtures.py"
    spec = importlib.util.spec_from_file_location("floor_fixtures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["floor_fixtures"] = module
    spec.loader.exec_module(module)
    return module


def tenant_objects(*, admin: Any, merchant_id: int, marker: str) -> dict[str, int]:
    floor = _floor_fixtures().make_floor(
        runtime_of(admin), merchant_id, admin.principal, code="ISO-FLOOR"
    )
    floor.add_carrier_account()
    floor.stock("SKU-A", 2, "A-10")
    order_id = floor.order({"SKU-A": 1})
    base = f"/api/v1/merchants/{merchant_id}"
    wave = created(admin.client.post(f"{base}/waves", json={"location_id": floor.warehouse_id}))
    scan = {"code": "SKU-A", "client_scan_id": f"iso-{marker}", "station": marker}
    created(admin.client.post(f"{base}/orders/{order_id}/scans", json=scan))
    package = created(
        admin.client.post(
            f"{base}/orders/{order_id}/packages", json={"weight": {"value": "1", "unit": "lb"}}
        )
    )
    assert package["tracking_number"], package
    return {"wave_id": wave["id"], "order_id": order_id, "package_id": package["id"]}
