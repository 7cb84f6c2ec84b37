"""A warehouse's zones and bins through the API: one bin, a generated grid, all or nothing."""

from __future__ import annotations

import pytest
from listing_fixtures import WAREHOUSE, created
from sqlalchemy import func, select

from ordertower.adapters.db.tables.locations import bins
from ordertower.domain.tenancy import Role


@pytest.fixture
def warehouse(admin) -> dict:
    return created(admin.client.post("/api/v1/locations", json=WAREHOUSE))


@pytest.fixture
def zone(admin, warehouse) -> dict:
    return created(
        admin.client.post(
            f"/api/v1/locations/{warehouse['id']}/zones",
            json={"code": "pick", "name": "Pick faces", "kind": "pick"},
        )
    )


def bin_count(runtime) -> int:
    with runtime.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(bins)).scalar_one())


def test_a_zone_is_added_and_listed(admin, warehouse, zone) -> None:
    assert (zone["code"], zone["kind"], zone["location_id"]) == ("PICK", "pick", warehouse["id"])
    listed = admin.client.get(f"/api/v1/locations/{warehouse['id']}/zones").json()["items"]
    assert [z["code"] for z in listed] == ["PICK"]
    one = admin.client.get(f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}").json()
    assert one["name"] == "Pick faces"


def test_a_zone_of_an_unknown_kind_names_the_field(admin, warehouse) -> None:
    response = admin.client.post(
        f"/api/v1/locations/{warehouse['id']}/zones",
        json={"code": "X", "name": "X", "kind": "basement"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "kind"


def test_a_zone_code_is_unique_within_its_warehouse(admin, warehouse, zone) -> None:
    response = admin.client.post(
        f"/api/v1/locations/{warehouse['id']}/zones",
        json={"code": "PICK", "name": "Again", "kind": "storage"},
    )
    assert response.status_code == 409
    assert response.json()["field"] == "code"


def test_zones_belong_to_warehouses_not_to_fba_networks(admin, merchant) -> None:
    fba = created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/locations",
            json={"kind": "fba", "marketplace_id": "ATVPDKIKX0DER"},
        )
    )
    response = admin.client.post(
        f"/api/v1/locations/{fba['id']}/zones", json={"code": "Z", "name": "Z", "kind": "pick"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "location_id"


def test_a_bin_gets_a_barcode_from_the_warehouse_and_bin_codes(admin, warehouse, zone) -> None:
    url = f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins"
    one = created(admin.client.post(url, json={"code": "a01-1"}))
    assert (one["code"], one["barcode"], one["zone_id"]) == ("A01-1", "CHI1-A01-1", zone["id"])
    found = admin.client.get(
        f"/api/v1/locations/{warehouse['id']}/bins", params={"barcode": "chi1-a01-1"}
    ).json()["items"]
    assert [b["id"] for b in found] == [one["id"]]
    assert (
        admin.client.get(f"/api/v1/locations/{warehouse['id']}/bins/{one['id']}").status_code == 200
    )


def test_a_bin_barcode_that_reads_as_a_product_is_refused(admin, warehouse, zone, runtime) -> None:
    url = f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins"
    response = admin.client.post(url, json={"code": "A1", "barcode": "012345678905"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "barcode",
            "code": "looks_like_product_barcode",
            "message": response.json()["errors"][0]["message"],
        }
    ]
    assert bin_count(runtime) == 0


def test_a_bin_code_or_barcode_already_used_is_a_conflict(admin, warehouse, zone) -> None:
    url = f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins"
    created(admin.client.post(url, json={"code": "A1", "barcode": "BIN-0001"}))
    again = admin.client.post(url, json={"code": "A1"})
    assert again.status_code == 409
    assert again.json()["field"] == "code"
    same_barcode = admin.client.post(url, json={"code": "A2", "barcode": "bin-0001"})
    assert same_barcode.status_code == 409
    assert same_barcode.json()["field"] == "barcode"


def test_a_grid_of_aisles_by_levels_creates_every_bin_in_walking_order(
    admin, warehouse, zone
) -> None:
    made = created(
        admin.client.post(
            f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins/grid",
            json={"parts": [{"start": "A01", "end": "A10"}, {"start": "1", "end": "4"}]},
        )
    )
    assert len(made) == 40
    assert [b["code"] for b in made[:5]] == ["A01-1", "A01-2", "A01-3", "A01-4", "A02-1"]
    assert made[-1]["barcode"] == "CHI1-A10-4"
    assert sorted(made, key=lambda b: b["sort_key"]) == made
    first = admin.client.get(
        f"/api/v1/locations/{warehouse['id']}/bins", params={"zone_id": zone["id"], "limit": 30}
    ).json()
    rest = admin.client.get(
        f"/api/v1/locations/{warehouse['id']}/bins",
        params={"zone_id": zone["id"], "limit": 30, "cursor": first["next_cursor"]},
    ).json()
    assert len(first["items"]) + len(rest["items"]) == 40


def test_a_grid_that_overlaps_existing_bins_writes_nothing(admin, warehouse, zone, runtime) -> None:
    url = f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins"
    created(admin.client.post(url, json={"code": "A05-2"}))
    response = admin.client.post(
        f"{url}/grid", json={"parts": [{"start": "A01", "end": "A10"}, {"start": "1", "end": "4"}]}
    )
    assert response.status_code == 409
    assert "A05-2" in response.json()["detail"]
    assert bin_count(runtime) == 1


def test_a_bad_grid_names_the_part(admin, warehouse, zone, runtime) -> None:
    response = admin.client.post(
        f"/api/v1/locations/{warehouse['id']}/zones/{zone['id']}/bins/grid",
        json={"parts": [{"start": "A10", "end": "A01"}], "separator": "-"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parts[0]"
    assert bin_count(runtime) == 0


def test_a_bin_in_a_zone_of_another_warehouse_is_not_found(admin, warehouse, zone) -> None:
    other = created(admin.client.post("/api/v1/locations", json={**WAREHOUSE, "code": "NYC1"}))
    response = admin.client.post(
        f"/api/v1/locations/{other['id']}/zones/{zone['id']}/bins", json={"code": "A1"}
    )
    assert response.status_code == 404
    assert response.json()["field"] == "zone_id"


def test_a_client_reads_the_layout_but_may_not_change_it(
    warehouse, zone, merchant, make_actor
) -> None:
    client = make_actor(Role.CLIENT, (merchant["id"],))
    assert client.client.get(f"/api/v1/locations/{warehouse['id']}/zones").status_code == 200
    response = client.client.post(
        f"/api/v1/locations/{warehouse['id']}/zones",
        json={"code": "X", "name": "X", "kind": "pick"},
    )
    assert response.status_code == 403
