"""The inventory pages: stock by SKU, one SKU, movement history, adjustment and transfer forms."""

import re

import pytest
from fastapi.testclient import TestClient
from inventory_desk import desk_for
from sqlalchemy import insert

from ordertower.adapters.db.tables.channels import channel_accounts, listings
from ordertower.domain.tenancy import Role
from ordertower.entrypoints.api.app import create_app
from ordertower.entrypoints.workers import app as workers


@pytest.fixture
def desk(runtime, stockroom, admin):
    return desk_for(runtime, stockroom, admin)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _signed_in(runtime, actor) -> TestClient:
    browser = TestClient(create_app(runtime))
    token = _csrf(browser.get("/login").text)
    email = actor.client.get("/api/v1/me").json()["email"]
    response = browser.post(
        "/login",
        data={"username": email, "password": "a long test password", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return browser


@pytest.fixture
def web(runtime, admin, desk):
    return _signed_in(runtime, admin)


def _form(web, path: str) -> dict[str, str]:
    """The hidden fields of the form on `path` (CSRF token, idempotency key)."""
    html = web.get(path).text
    key = re.search(r'name="idempotency_key" value="([^"]*)"', html).group(1)
    return {"csrf_token": _csrf(html), "idempotency_key": key}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_navigation_leads_to_inventory(web) -> None:
    assert '<a href="/inventory"' in web.get("/").text


def test_inventory_lists_skus_with_pools_side_by_side_per_location(web, desk) -> None:
    desk.receive("SKU-A", 10)
    desk.receive("SKU-A", 3, status="hold")
    desk.receive("SKU-B", 4, bin=None, location=desk.other_warehouse_id)

    page = web.get("/inventory")
    assert page.status_code == 200
    text = _text(page.text)
    assert re.search(r"SKU-A SKU-A WH-EAST 10 0 10 0 0 3 0 0 0", text), text
    assert re.search(r"SKU-B SKU-B WH-WEST 4 0 4", text)
    assert re.search(r"SKU-C SKU-C — —", text)

    searched = _text(web.get("/inventory", params={"q": "SKU-B"}).text)
    assert "SKU-A" not in searched
    assert "SKU-B" in searched
    in_stock = _text(web.get("/inventory", params={"in_stock": "on"}).text)
    assert "SKU-C" not in in_stock


def test_inventory_pages_through_skus(web, desk) -> None:
    first = web.get("/inventory", params={"cursor": None}).text
    assert 'rel="next"' not in first
    problems = web.get("/inventory", params={"cursor": "bad!"})
    assert "cursor" in _text(problems.text)


def test_a_sku_page_shows_its_pools_bins_movements_and_listing_ats(
    web, desk, runtime, stockroom
) -> None:
    with runtime.engine.begin() as c:
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=stockroom.merchant_id, kind="shopify", name="Shop")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        for channel_sku, sku in (("A-EACH", "SKU-A"), ("KIT", "BUNDLE-AB")):
            c.execute(
                insert(listings).values(
                    merchant_id=stockroom.merchant_id,
                    channel_account_id=account,
                    channel_sku=channel_sku,
                    product_id=stockroom.products[sku],
                )
            )
    desk.receive("SKU-A", 10)
    desk.receive("SKU-A", 2, bin="A-02", status="damaged")
    workers.drain(workers.build(runtime))

    page = web.get("/inventory/skus/SKU-A")
    assert page.status_code == 200
    text = _text(page.text)
    assert re.search(r"WH-EAST 10 0 10 0 0 0 2 0 0", text), text
    assert "A-02 Damaged — — 2" in text
    assert "Receipt" in text
    assert "A-EACH" in text
    assert "KIT" in text
    assert "WH-EAST SKU-A: sellable 10 - allocated 0 = 10" in text
    assert web.get("/inventory/skus/NO-SUCH").status_code == 404


def test_movement_history_is_filtered_and_paged(web, desk) -> None:
    for quantity in range(1, 4):
        desk.receive("SKU-A", quantity)
    desk.receive("SKU-B", 9, bin="A-02")

    everything = _text(web.get("/inventory/movements").text)
    assert everything.count("receipt R-1") == 4
    by_bin = _text(
        web.get(
            "/inventory/movements", params={"location_id": desk.warehouse_id, "bin": "A-02"}
        ).text
    )
    assert "SKU-B" in by_bin
    assert "SKU-A" not in by_bin
    bad = web.get("/inventory/movements", params={"sku": "NO-SUCH", "from": "not a day"})
    assert "Give a date as YYYY-MM-DD" in bad.text
    unknown = web.get("/inventory/movements", params={"sku": "NO-SUCH"})
    assert "SKU NO-SUCH is not in this merchant" in unknown.text
    orphan_bin = web.get("/inventory/movements", params={"bin": "A-02"})
    assert "Choose the bin" in orphan_bin.text


def test_movement_history_continues_on_the_next_page(web, desk) -> None:
    desk.post(
        "/movements",
        {"movements": [desk.receipt("SKU-A", 1, f"m{i}") for i in range(55)]},
    )
    first = web.get("/inventory/movements").text
    next_url = re.search(r'href="([^"]+)" rel="next"|rel="next" href="([^"]+)"', first)
    assert next_url
    url = (next_url.group(1) or next_url.group(2)).replace("&amp;", "&")
    second = _text(web.get(url).text)
    assert second.count("receipt R-1") == 5


def test_the_adjustment_form_adds_units_and_shows_them(web, desk) -> None:
    form = _form(web, "/inventory/adjust?sku=SKU-A")
    response = web.post(
        "/inventory/adjust",
        data={
            **form,
            "sku": "SKU-A",
            "direction": "add",
            "quantity": "6",
            "location_id": str(desk.warehouse_id),
            "bin_code": "A-01",
            "status": "sellable",
            "reason": "found",
            "note": "behind the shelf",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/inventory/skus/SKU-A"
    page = web.get("/inventory/skus/SKU-A")
    assert "Adjusted +6 × SKU-A." in page.text
    assert "behind the shelf" in page.text
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 6}


def test_sending_the_adjustment_form_twice_adjusts_once(web, desk) -> None:
    data = {
        **_form(web, "/inventory/adjust"),
        "sku": "SKU-A",
        "direction": "add",
        "quantity": "6",
        "location_id": str(desk.warehouse_id),
        "bin_code": "BIN-A-01",
        "status": "sellable",
        "reason": "found",
    }
    web.post("/inventory/adjust", data=data)
    again = web.post("/inventory/adjust", data=data)
    assert "nothing changed" in again.text
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 6}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": ""}, "reason", "Choose why the books change."),
        ({"quantity": "many"}, "quantity", "Give a whole number."),
        ({"quantity": "0"}, "quantity", "quantity must be between 1"),
        ({"bin_code": "Z-99"}, "bin_code", "has no bin"),
        ({"sku": "NO-SUCH"}, "sku", "is not in this merchant"),
        ({"direction": "remove", "reason": "lost"}, "quantity", "has 0 on hand"),
        ({"reason": "lost"}, "reason", "An adjustment that adds units needs one of"),
    ],
)
def test_a_refused_adjustment_shows_the_problem_at_its_field_and_writes_nothing(
    web, desk, changes, field, message
) -> None:
    data = {
        **_form(web, "/inventory/adjust"),
        "sku": "SKU-A",
        "direction": "add",
        "quantity": "6",
        "location_id": str(desk.warehouse_id),
        "bin_code": "A-01",
        "status": "sellable",
        "reason": "found",
        **changes,
    }
    response = web.post("/inventory/adjust", data=data)

    assert response.status_code in (404, 409, 422)
    assert "Nothing was saved" in response.text
    error = re.search(rf'id="field-{field}-error">([^<]*)<', response.text)
    assert error is not None, response.text
    assert message in error.group(1)
    assert f'value="{data["idempotency_key"]}"' in response.text
    assert desk.movement_count() == 0


def test_the_transfer_form_moves_units_and_a_missing_reason_is_refused(web, desk) -> None:
    desk.receive("SKU-A", 10)
    data = {
        **_form(web, "/inventory/transfer?sku=SKU-A"),
        "sku": "SKU-A",
        "quantity": "4",
        "status": "sellable",
        "from_location_id": str(desk.warehouse_id),
        "from_bin_code": "A-01",
        "to_location_id": str(desk.warehouse_id),
        "to_bin_code": "A-03",
        "reason": "",
    }
    refused = web.post("/inventory/transfer", data=data)
    assert refused.status_code == 422
    assert 'id="field-reason-error">Say why the units move.' in refused.text
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 10}

    moved = web.post("/inventory/transfer", data={**data, "reason": "re-slotting"})
    assert moved.status_code == 200
    assert "Moved 4 × SKU-A." in moved.text
    assert desk.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 6,
        ("SKU-A", "A-03", "sellable"): 4,
    }


def test_a_transfer_of_units_that_are_not_there_is_refused_at_the_quantity(web, desk) -> None:
    data = {
        **_form(web, "/inventory/transfer"),
        "sku": "SKU-A",
        "quantity": "4",
        "status": "sellable",
        "from_location_id": str(desk.warehouse_id),
        "from_bin_code": "A-01",
        "to_location_id": str(desk.other_warehouse_id),
        "to_bin_code": "A-01",
        "reason": "rebalancing",
    }
    refused = web.post("/inventory/transfer", data=data)
    assert refused.status_code == 422
    assert 'id="field-to_bin_code-error">Location WH-WEST has no bin' in refused.text
    refused = web.post("/inventory/transfer", data={**data, "to_bin_code": ""})
    assert refused.status_code == 409
    assert 'id="field-quantity-error">SKU-A at WH-EAST (sellable) has 0 on hand' in refused.text
    assert desk.movement_count() == 0


def test_someone_who_may_only_read_sees_stock_but_no_forms(runtime, desk, make_actor) -> None:
    reader = make_actor(Role.CLIENT, (desk.merchant_id,))
    web = _signed_in(runtime, reader)
    page = web.get("/inventory")
    assert page.status_code == 200
    assert "/inventory/adjust" not in page.text
    assert web.get("/inventory/adjust").status_code == 403
    assert web.get("/inventory/transfer").status_code == 403
