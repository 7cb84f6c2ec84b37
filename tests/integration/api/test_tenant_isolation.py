"""Every API route, walked as a manager of merchant A against merchant B's objects: nothing leaks.

The walk is automatic: each route under /api/v1 is called with B's ids in its path parameters, and
list routes are searched for a marker that only B's data carries. A route whose path parameter has no
entry in `other_tenant_objects` fails the test, so a new route cannot be added without being covered:
add one of B's objects of that kind to the fixture.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import dropship_fixtures
import floor_tenant_fixtures
import inventory_fixtures
import listing_fixtures
import order_fixtures
import product_fixtures
import pytest
import receiving_fixtures
import routing_fixtures

from ordertower.domain.tenancy import Role

MARKER = "ZZBETAONLY"
PARAM = re.compile(r"{(\w+)}")

# For each path parameter: how to make one of merchant B's objects, returning its id.
Maker = Callable[..., int]


@pytest.fixture
def other_tenant_objects(admin, make_actor) -> dict[str, int]:
    beta = admin.client.post("/api/v1/merchants", json={"code": "BETA", "name": f"Beta {MARKER}"})
    beta_id = beta.json()["id"]
    b_user = make_actor(Role.MANAGER, (beta_id,))
    token = b_user.client.post("/api/v1/tokens", json={"name": f"b {MARKER}"}).json()
    objects = {"merchant_id": beta_id, "token_id": token["id"], "user_id": b_user.principal.user_id}
    for maker in OBJECT_MAKERS:
        objects.update(maker(admin=admin, merchant_id=beta_id, marker=MARKER))
    return objects


# Areas register makers here: each returns {param_name: id} for objects it creates in merchant B.
OBJECT_MAKERS: list[Callable[..., dict[str, int]]] = [
    listing_fixtures.tenant_objects,
    product_fixtures.tenant_objects,
    receiving_fixtures.tenant_objects,
    inventory_fixtures.tenant_objects,
    routing_fixtures.tenant_objects,
    floor_tenant_fixtures.tenant_objects,
    order_fixtures.tenant_objects,
    dropship_fixtures.tenant_objects,  # after orders: it needs one of B's orders
]


def _api_routes(app) -> list[tuple[str, str]]:
    """Every operation of the public API, from the OpenAPI document (what clients can call)."""
    paths = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/v1")
        for method in operations
    )


def test_no_route_shows_or_changes_another_merchants_data(
    app, admin, make_actor, other_tenant_objects
) -> None:
    alpha = admin.client.post("/api/v1/merchants", json={"code": "ALPHA", "name": "Alpha"}).json()
    intruder = make_actor(Role.MANAGER, (alpha["id"],))
    leaks = []
    for method, path in _api_routes(app.app):
        params = PARAM.findall(path)
        missing = [p for p in params if p not in other_tenant_objects]
        assert not missing, f"{path}: add one of merchant B's objects for {missing} to the fixture"
        url = path.format(**{p: other_tenant_objects[p] for p in params})
        response = intruder.client.request(method, url, json={})
        if params and response.status_code not in (403, 404):
            leaks.append(f"{method} {url} → {response.status_code} {response.text[:120]}")
        if MARKER in response.text:
            leaks.append(f"{method} {url} shows merchant B's data")
    assert leaks == []


def test_the_walk_covers_every_tenant_route(app) -> None:
    routes = _api_routes(app.app)
    assert ("GET", "/api/v1/merchants/{merchant_id}") in routes
    assert len(routes) >= 8
