"""A client user of merchant A meets merchant B's locations, accounts and listings only as 404s."""

from __future__ import annotations

import re

from listing_fixtures import created, tenant_objects

from ordertower.domain.tenancy import Role

MARKER = "ZZONLYB"
AREA_TAGS = {"locations", "channels"}


def area_routes(app) -> list[tuple[str, str]]:
    paths = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if AREA_TAGS & set(operation.get("tags", []))
    )


def test_a_client_of_another_merchant_gets_404_on_every_route_of_this_area(
    app, admin, make_actor
) -> None:
    b = created(admin.client.post("/api/v1/merchants", json={"code": "B", "name": "B"}))
    objects = {
        "merchant_id": b["id"],
        **tenant_objects(admin=admin, merchant_id=b["id"], marker=MARKER),
    }
    a = created(admin.client.post("/api/v1/merchants", json={"code": "A", "name": "A"}))
    client_a = make_actor(Role.CLIENT, (a["id"],))
    routes = area_routes(app.app)
    assert len(routes) >= 20
    answers = {}
    for method, path in routes:
        params = re.findall(r"{(\w+)}", path)
        url = path.format(**{p: objects[p] for p in params})
        response = client_a.client.request(method, url, json={})
        answers[(method, path)] = response.status_code if params else MARKER in response.text
    assert {route: answer for route, answer in answers.items() if answer not in (404, False)} == {}


def test_the_client_still_sees_the_shared_warehouse(admin, make_actor) -> None:
    b = created(admin.client.post("/api/v1/merchants", json={"code": "B", "name": "B"}))
    tenant_objects(admin=admin, merchant_id=b["id"], marker=MARKER)
    a = created(admin.client.post("/api/v1/merchants", json={"code": "A", "name": "A"}))
    client_a = make_actor(Role.CLIENT, (a["id"],))
    codes = [loc["code"] for loc in client_a.client.get("/api/v1/locations").json()["items"]]
    assert codes == ["ISO-WH"]
