"""Locations through the API: shared warehouses, a merchant's FBA networks and dropship vendors."""

from __future__ import annotations

from listing_fixtures import WAREHOUSE, created
from sqlalchemy import select

from ordertower.adapters.db.tables.locations import locations
from ordertower.adapters.db.tables.tenancy import audit_log
from ordertower.domain.tenancy import Role


def location_count(runtime) -> int:
    with runtime.engine.connect() as connection:
        return len(connection.execute(select(locations.c.id)).all())


def test_an_admin_opens_a_warehouse_and_everyone_sees_it(admin, merchant, make_actor) -> None:
    body = {**WAREHOUSE, "reason": "new DC"}
    warehouse = created(admin.client.post("/api/v1/locations", json=body))
    assert warehouse["kind"] == "warehouse"
    assert warehouse["merchant_id"] is None
    assert warehouse["address"]["postal_code"] == "60601"
    assert warehouse["country"] == "US"
    client = make_actor(Role.CLIENT, (merchant["id"],))
    listed = client.client.get("/api/v1/locations").json()["items"]
    assert [loc["code"] for loc in listed] == ["CHI1"]
    assert client.client.get(f"/api/v1/locations/{warehouse['id']}").status_code == 200


def test_opening_a_warehouse_is_audited_with_actor_and_reason(admin, runtime) -> None:
    created(admin.client.post("/api/v1/locations", json={**WAREHOUSE, "reason": "new DC"}))
    with runtime.engine.connect() as connection:
        row = connection.execute(
            select(audit_log).where(audit_log.c.action == "location.created")
        ).one()
    assert (row.actor_user_id, row.reason) == (admin.principal.user_id, "new DC")


def test_only_admins_open_warehouses(merchant, make_actor, runtime) -> None:
    manager = make_actor(Role.MANAGER, (merchant["id"],))
    response = manager.client.post("/api/v1/locations", json=WAREHOUSE)
    assert response.status_code == 403
    assert location_count(runtime) == 0


def test_a_bad_warehouse_names_every_field_and_writes_nothing(admin, runtime) -> None:
    body = {
        **WAREHOUSE,
        "code": "has space",
        "time_zone": "Chicago",
        "address": {**WAREHOUSE["address"], "country": "USA", "city": ""},
    }
    response = admin.client.post("/api/v1/locations", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "location_invalid"
    assert {e["field"] for e in response.json()["errors"]} == {
        "code",
        "time_zone",
        "address.country",
        "address.city",
    }
    assert location_count(runtime) == 0


def test_an_unknown_or_missing_field_is_named(admin) -> None:
    response = admin.client.post("/api/v1/locations", json={**WAREHOUSE, "colour": "red"})
    assert response.status_code == 422
    assert response.json()["field"] == "colour"
    missing = {k: v for k, v in WAREHOUSE.items() if k != "time_zone"}
    response = admin.client.post("/api/v1/locations", json=missing)
    assert response.status_code == 422
    assert response.json()["field"] == "time_zone"


def test_a_taken_location_code_is_a_conflict(admin) -> None:
    created(admin.client.post("/api/v1/locations", json=WAREHOUSE))
    response = admin.client.post("/api/v1/locations", json={**WAREHOUSE, "code": "chi1"})
    assert response.status_code == 409
    assert response.json()["field"] == "code"


def test_a_merchant_gets_one_fba_location_per_marketplace(admin, merchant, runtime) -> None:
    url = f"/api/v1/merchants/{merchant['id']}/locations"
    fba = created(admin.client.post(url, json={"kind": "fba", "marketplace_id": "ATVPDKIKX0DER"}))
    assert (fba["code"], fba["name"]) == (f"FBA-US-M{merchant['id']}", "Amazon FBA US")
    assert (fba["merchant_id"], fba["marketplace_id"], fba["address"]) == (
        merchant["id"],
        "ATVPDKIKX0DER",
        None,
    )
    again = admin.client.post(
        url, json={"kind": "fba", "marketplace_id": "atvpdkikx0der", "code": "X"}
    )
    assert again.status_code == 409
    assert again.json()["field"] == "marketplace_id"
    assert location_count(runtime) == 1


def test_an_unknown_marketplace_is_refused_naming_the_field(admin, merchant) -> None:
    url = f"/api/v1/merchants/{merchant['id']}/locations"
    response = admin.client.post(url, json={"kind": "fba", "marketplace_id": "AMAZONLAND"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "marketplace_id"


def test_a_manager_adds_a_dropship_vendor_for_their_merchant(merchant, make_actor) -> None:
    manager = make_actor(Role.MANAGER, (merchant["id"],))
    vendor = created(
        manager.client.post(
            f"/api/v1/merchants/{merchant['id']}/locations",
            json={
                "kind": "dropship",
                "code": "vend-1",
                "name": "Mugs Direct",
                "reason": "new vendor",
            },
        )
    )
    assert (vendor["kind"], vendor["code"], vendor["merchant_id"]) == (
        "dropship",
        "VEND-1",
        merchant["id"],
    )
    listed = manager.client.get(f"/api/v1/merchants/{merchant['id']}/locations").json()["items"]
    assert [loc["code"] for loc in listed] == ["VEND-1"]


def test_a_virtual_location_of_an_unknown_kind_is_refused(admin, merchant) -> None:
    url = f"/api/v1/merchants/{merchant['id']}/locations"
    response = admin.client.post(url, json={"kind": "warehouse", "code": "W", "name": "W"})
    assert response.status_code == 422
    assert response.json()["field"].startswith("kind")


def test_a_client_sees_shared_warehouses_and_their_own_virtual_locations_only(
    admin, make_actor
) -> None:
    a = created(admin.client.post("/api/v1/merchants", json={"code": "A", "name": "A"}))
    b = created(admin.client.post("/api/v1/merchants", json={"code": "B", "name": "B"}))
    created(admin.client.post("/api/v1/locations", json=WAREHOUSE))
    fba = {"kind": "fba", "marketplace_id": "ATVPDKIKX0DER"}
    created(admin.client.post(f"/api/v1/merchants/{a['id']}/locations", json=fba))
    b_fba = created(admin.client.post(f"/api/v1/merchants/{b['id']}/locations", json=fba))
    client_a = make_actor(Role.CLIENT, (a["id"],))
    codes = [loc["code"] for loc in client_a.client.get("/api/v1/locations").json()["items"]]
    assert codes == ["CHI1", f"FBA-US-M{a['id']}"]
    assert client_a.client.get(f"/api/v1/locations/{b_fba['id']}").status_code == 404
    by_b = client_a.client.get("/api/v1/locations", params={"merchant_id": b["id"]})
    assert by_b.status_code == 404


def test_a_client_may_not_add_locations(merchant, make_actor, runtime) -> None:
    client = make_actor(Role.CLIENT, (merchant["id"],))
    response = client.client.post(
        f"/api/v1/merchants/{merchant['id']}/locations",
        json={"kind": "dropship", "code": "V", "name": "V"},
    )
    assert response.status_code == 403
    assert location_count(runtime) == 0


def test_locations_are_listed_by_kind_in_pages(admin, merchant) -> None:
    for n in range(3):
        created(admin.client.post("/api/v1/locations", json={**WAREHOUSE, "code": f"W{n}"}))
    created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/locations",
            json={"kind": "dropship", "code": "V", "name": "V"},
        )
    )
    first = admin.client.get("/api/v1/locations", params={"kind": "warehouse", "limit": 2}).json()
    second = admin.client.get(
        "/api/v1/locations",
        params={"kind": "warehouse", "limit": 2, "cursor": first["next_cursor"]},
    ).json()
    assert [loc["code"] for loc in first["items"] + second["items"]] == ["W0", "W1", "W2"]
    assert second["next_cursor"] is None


def test_an_id_beyond_bigint_is_a_clean_422(admin) -> None:
    assert admin.client.get(f"/api/v1/locations/{2**63}").status_code == 422
