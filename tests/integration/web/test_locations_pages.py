"""Location pages: warehouses, FBA and dropship locations, zones, bins and bin grids in the browser."""

from __future__ import annotations

import pytest
from page_session import flash_after, sign_in
from sqlalchemy import func, select

from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.domain.tenancy import Role

WAREHOUSE_FORM = {
    "code": "chi1",
    "name": "Chicago DC",
    "address.line1": "1 Dock St",
    "address.city": "Chicago",
    "address.region": "IL",
    "address.postal_code": "60601",
    "address.country": "US",
    "time_zone": "America/Chicago",
    "priority": "10",
}


def rows(runtime, table) -> int:
    with runtime.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.fixture
def office(runtime, merchant):
    """An admin signed in to the web UI, working on the merchant."""
    return sign_in(runtime, Role.ADMIN)


@pytest.fixture
def warehouse_id(office) -> int:
    response = office.post("/locations/new/warehouse", WAREHOUSE_FORM)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture
def zone_id(office, warehouse_id, runtime) -> int:
    response = office.post(
        f"/locations/{warehouse_id}/zones/new",
        {"code": "pick", "name": "Pick faces", "kind": "pick"},
    )
    assert response.status_code == 303, response.text
    with runtime.engine.connect() as connection:
        return int(connection.execute(select(zones.c.id)).scalar_one())


def test_the_locations_page_lists_warehouses_and_the_merchants_own_locations(
    office, warehouse_id
) -> None:
    office.post("/locations/new/fba", {"marketplace_id": "ATVPDKIKX0DER", "priority": "100"})
    page = office.get("/locations")
    assert page.status_code == 200
    assert "CHI1" in page.text
    assert "Chicago DC" in page.text
    assert "Amazon FBA" in page.text
    assert "ATVPDKIKX0DER" in page.text
    assert "badge--info" in page.text
    assert "badge--warning" in page.text


def test_an_admin_opens_a_warehouse_and_lands_on_its_page_with_a_flash(office, runtime) -> None:
    response = office.post("/locations/new/warehouse", WAREHOUSE_FORM)
    page = flash_after(office, response)
    assert "Warehouse location CHI1 opened." in page
    assert "America/Chicago" in page
    assert "60601" in page
    assert rows(runtime, locations) == 1
    assert "Warehouse location CHI1 opened." not in office.get(response.headers["location"]).text


def test_a_warehouse_with_a_bad_address_shows_field_errors_and_writes_nothing(
    office, runtime
) -> None:
    bad = {
        **WAREHOUSE_FORM,
        "address.country": "UK",
        "address.postal_code": "",
        "time_zone": "Mars",
    }
    response = office.post("/locations/new/warehouse", bad)
    assert response.status_code == 422
    assert "the United Kingdom is GB" in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="Chicago DC"' in response.text  # what was typed is kept
    assert rows(runtime, locations) == 0


def test_a_taken_location_code_is_shown_on_the_code_field(office, warehouse_id, runtime) -> None:
    response = office.post("/locations/new/warehouse", WAREHOUSE_FORM)
    assert response.status_code == 409
    assert "Location code CHI1 is taken" in response.text
    assert rows(runtime, locations) == 1


def test_a_manager_adds_an_fba_location_per_marketplace_from_a_select(runtime, merchant) -> None:
    manager = sign_in(runtime, Role.MANAGER, (merchant["id"],))
    form = manager.get("/locations/new/fba")
    assert 'value="A1F83G8C2ARO7P"' in form.text  # Amazon UK is offered
    page = flash_after(
        manager, manager.post("/locations/new/fba", {"marketplace_id": "A1F83G8C2ARO7P"})
    )
    assert f"FBA-GB-M{merchant['id']}" in page
    again = manager.post("/locations/new/fba", {"marketplace_id": "A1F83G8C2ARO7P"})
    assert again.status_code == 409
    assert "already has FBA location" in again.text


def test_a_dropship_vendor_needs_a_code_and_a_name(office, runtime) -> None:
    response = office.post("/locations/new/dropship", {"code": "", "name": "", "priority": "x"})
    assert response.status_code == 422
    assert "Give a whole number." in response.text
    assert rows(runtime, locations) == 0
    response = office.post("/locations/new/dropship", {"code": "", "name": "", "priority": "5"})
    assert response.status_code == 422
    assert "Fill this in." in response.text
    page = flash_after(
        office, office.post("/locations/new/dropship", {"code": "ds-acme", "name": "Acme Vendor"})
    )
    assert "DS-ACME" in page
    assert "Dropship" in page


def test_the_location_page_shows_zones_and_bins_filtered_by_zone(
    office, warehouse_id, zone_id
) -> None:
    office.post(
        f"/locations/{warehouse_id}/zones/new",
        {"code": "recv", "name": "Dock", "kind": "receiving"},
    )
    office.post(f"/locations/{warehouse_id}/bins/new", {"zone_id": str(zone_id), "code": "a2"})
    page = office.get(f"/locations/{warehouse_id}")
    assert "Pick faces" in page.text
    assert "RECV" in page.text
    assert "CHI1-A2" in page.text  # default barcode
    assert "A000002" in page.text  # sort key: numbers compare as numbers
    other_zone = office.get(f"/locations/{warehouse_id}?zone=999999")
    assert "CHI1-A2" not in other_zone.text
    assert "No bin matches this filter." in other_zone.text


def test_a_bin_that_looks_like_a_product_barcode_is_refused(
    office, warehouse_id, zone_id, runtime
) -> None:
    response = office.post(
        f"/locations/{warehouse_id}/bins/new",
        {"zone_id": str(zone_id), "code": "A1", "barcode": "012345678905"},
    )
    assert response.status_code == 422
    assert "could be read as a product" in response.text
    assert rows(runtime, bins) == 0


def test_a_bin_grid_creates_every_bin_of_aisles_times_levels(
    office, warehouse_id, zone_id, runtime
) -> None:
    grid = {
        "zone_id": str(zone_id),
        "parts[0].start": "A01",
        "parts[0].end": "A10",
        "parts[1].start": "1",
        "parts[1].end": "4",
        "separator": "-",
    }
    preview = office.post(f"/locations/{warehouse_id}/bins/grid/preview", grid)
    assert "40 bins" in preview.text
    assert "A10-4" in preview.text
    assert rows(runtime, bins) == 0
    no_js_preview = office.post(
        f"/locations/{warehouse_id}/bins/grid", {**grid, "intent": "preview"}
    )
    assert no_js_preview.status_code == 200
    assert "40 bins" in no_js_preview.text
    assert rows(runtime, bins) == 0
    page = flash_after(office, office.post(f"/locations/{warehouse_id}/bins/grid", grid))
    assert "40 bins added: A01-1 to A10-4." in page
    assert rows(runtime, bins) == 40


def test_a_bad_range_in_the_grid_is_shown_on_its_row_and_nothing_is_created(
    office, warehouse_id, zone_id, runtime
) -> None:
    grid = {
        "zone_id": str(zone_id),
        "parts[0].start": "A01",
        "parts[0].end": "A10",
        "parts[2].start": "4",
        "parts[2].end": "1",
    }
    response = office.post(f"/locations/{warehouse_id}/bins/grid", grid)
    assert response.status_code == 422
    assert 'href="#field-parts[2]"' in response.text  # the third row, as the form numbers it
    assert "is not a range" in response.text
    assert rows(runtime, bins) == 0


def test_fba_locations_have_no_zones(office, runtime) -> None:
    office.post("/locations/new/fba", {"marketplace_id": "ATVPDKIKX0DER"})
    with runtime.engine.connect() as connection:
        fba_id = connection.execute(select(locations.c.id)).scalar_one()
    page = office.get(f"/locations/{fba_id}")
    assert "zones and bins belong to warehouses" in page.text
    assert "New zone" not in page.text
    assert office.get(f"/locations/{fba_id}/zones/new").status_code == 422


def test_another_merchants_location_is_not_found(office, runtime, admin, merchant) -> None:
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    fba = admin.client.post(
        f"/api/v1/merchants/{other['id']}/locations",
        json={"kind": "fba", "marketplace_id": "ATVPDKIKX0DER"},
    ).json()
    client_user = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    page = client_user.get(f"/locations/{fba['id']}")
    assert page.status_code == 404
    assert "Page not found" in page.text


def test_a_client_sees_no_write_buttons_and_is_refused_when_posting(
    runtime, merchant, warehouse_id, zone_id
) -> None:
    viewer = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    listing = viewer.get("/locations")
    detail = viewer.get(f"/locations/{warehouse_id}")
    assert listing.status_code == detail.status_code == 200
    for page in (listing.text, detail.text):
        for button in ("New warehouse", "New FBA location", "New dropship", "New zone", "Bin grid"):
            assert button not in page
    assert viewer.get("/locations/new/fba").status_code == 403
    refused = viewer.post("/locations/new/dropship", {"code": "DS1", "name": "Vendor"})
    assert refused.status_code == 403
    assert "may not manage catalog" in refused.text
    assert (
        viewer.post(
            f"/locations/{warehouse_id}/bins/new", {"zone_id": str(zone_id), "code": "B1"}
        ).status_code
        == 403
    )
    assert rows(runtime, bins) == 0


def test_a_manager_may_not_open_a_shared_warehouse(runtime, merchant) -> None:
    manager = sign_in(runtime, Role.MANAGER, (merchant["id"],))
    assert "New warehouse" not in manager.get("/locations").text
    assert manager.post("/locations/new/warehouse", WAREHOUSE_FORM).status_code == 403
    assert rows(runtime, locations) == 0


def test_a_form_without_the_csrf_token_is_refused(office, runtime) -> None:
    response = office.client.post(
        "/locations/new/dropship", data={"code": "DS1", "name": "V"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert rows(runtime, locations) == 0
