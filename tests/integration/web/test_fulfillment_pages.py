"""The Fulfillment pages: release a wave and walk its pick list in bin order; at the station, scan
units (a wrong one refused), short-pick, pack, print the label and confirm the shipment."""

from __future__ import annotations

import html
import re

import pytest
from order_pages_shop import BARCODES, Store, open_store
from page_session import flash_after, sign_in

from ordertower.domain.tenancy import Role

HTMX = {"HX-Request": "true"}


@pytest.fixture
def store(runtime, merchant, admin) -> Store:
    store = open_store(runtime, merchant["id"], admin.principal)
    store.stock("MUG-RED", 5, "B-10")
    store.stock("MUG-BLUE", 5, "B-2")
    store.stock("CAP-GRN", 5, "A-1")
    return store


@pytest.fixture
def operator(runtime, merchant):
    return sign_in(runtime, Role.OPERATOR, (merchant["id"],))


def release(browser, store: Store, **fields: str) -> object:
    return browser.post(
        "/fulfillment/waves",
        {"location_id": str(store.warehouses["WH-WEB"]), "max_orders": "10", **fields},
    )


def scan(browser, order_id: int, code: str, n: int) -> object:
    return browser.post(
        f"/fulfillment/orders/{order_id}/scan",
        {"code": code, "client_scan_id": f"scan-{order_id}-{n}"},
        headers=HTMX,
    )


def test_a_released_wave_lists_its_picks_in_walking_order(operator, store) -> None:
    first = store.order("FL-1", {"MUG-RED": 2, "CAP-GRN": 1})
    second = store.order("FL-2", {"MUG-BLUE": 1})
    home = operator.get("/fulfillment")
    assert home.status_code == 200
    assert 'id="wave-form"' in home.text

    page = flash_after(operator, release(operator, store))
    assert "released: 2 order(s), 4 unit(s)" in page
    assert re.findall(r'data-bin="([^"]*)"', page) == ["A-1", "B-2", "B-10"]
    assert "Print the pick list" in page
    assert f'href="/fulfillment/orders/{first}"' in page
    assert f'href="/fulfillment/orders/{second}"' in page
    assert store.state(first) == "released"


def test_a_wave_release_refuses_bad_criteria_and_says_when_nothing_matches(operator, store) -> None:
    store.order("FL-5", {"MUG-RED": 1})
    bad = release(operator, store, max_orders="0")
    assert bad.status_code == 422
    assert "Release 1 to 500 orders in one wave, not 0." in html.unescape(bad.text)

    nothing = release(operator, store, service_levels="next_day")
    assert nothing.status_code == 422
    assert "nothing released" in html.unescape(nothing.text)

    no_place = operator.post("/fulfillment/waves", {"max_orders": "5"})
    assert no_place.status_code == 422
    assert "Choose the warehouse." in no_place.text


def test_pick_pack_and_ship_at_the_station(operator, store) -> None:
    order_id = store.order("FL-10", {"MUG-RED": 2, "MUG-BLUE": 1})
    release(operator, store)
    page = operator.get(f"/fulfillment/orders/{order_id}").text
    assert 'id="scan-code"' in page
    assert "autofocus" in page

    wrong = scan(operator, order_id, BARCODES["CAP-GRN"], 1)
    assert wrong.status_code == 422
    assert "<html" not in wrong.text  # only the panel, swapped in place
    assert "scan-refusal" in wrong.text
    assert "CAP-GRN is not in this order" in wrong.text

    for n, code in enumerate([BARCODES["MUG-RED"], BARCODES["MUG-RED"], "MUG-BLUE"], start=2):
        accepted = scan(operator, order_id, code, n)
        assert accepted.status_code == 200, accepted.text
    assert "every unit scanned" in accepted.text
    assert 'id="pack-form"' in accepted.text
    assert store.state(order_id) == "picking"

    too_many = scan(operator, order_id, BARCODES["MUG-RED"], 9)
    assert too_many.status_code == 422
    assert "already scanned" in too_many.text
    again = scan(operator, order_id, BARCODES["MUG-RED"], 2)  # a scanner bounce: same id
    assert again.status_code == 200
    assert "Already recorded" in again.text

    no_weight = operator.post(f"/fulfillment/orders/{order_id}/packages", {"weight_unit": "lb"})
    assert no_weight.status_code == 422
    assert "Weigh the package." in no_weight.text

    packed = flash_after(
        operator,
        operator.post(
            f"/fulfillment/orders/{order_id}/packages",
            {"weight": "1.5", "weight_unit": "lb", "length": "10", "width": "8", "height": "4",
             "dimension_unit": "in"},
        ),
    )  # fmt: skip
    tracking = re.search(r"tracking (PT\w+)", packed)[1]
    package_id = int(re.search(r'data-package-id="(\d+)"', packed)[1])
    assert store.state(order_id) == "packed"

    pdf = operator.get(f"/fulfillment/packages/{package_id}/label.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    zpl = operator.get(f"/fulfillment/packages/{package_id}/label.zpl")
    assert zpl.text.startswith("^XA")
    assert tracking in zpl.text

    shipped = flash_after(operator, operator.post(f"/fulfillment/orders/{order_id}/confirm"))
    assert f"Shipped: the order is shipped; tracking {tracking}." in shipped
    assert 'id="shipped"' in shipped
    assert 'id="confirm-form"' not in shipped
    assert store.state(order_id) == "shipped"


def test_a_short_pick_parks_the_order_for_a_person(operator, store) -> None:
    order_id = store.order("FL-20", {"MUG-BLUE": 2})
    release(operator, store)
    page = operator.get(f"/fulfillment/orders/{order_id}").text
    task_id = re.search(r'name="pick_task_id" value="(\d+)"', page)[1]

    too_many = operator.post(
        f"/fulfillment/orders/{order_id}/short-pick", {"pick_task_id": task_id, "quantity": "5"}
    )
    assert too_many.status_code == 422
    assert "report 1 to that many" in too_many.text

    page = flash_after(
        operator,
        operator.post(
            f"/fulfillment/orders/{order_id}/short-pick", {"pick_task_id": task_id, "quantity": "1"}
        ),
    )
    assert "Short pick recorded" in page
    assert store.state(order_id) == "needs_attention"


def test_the_station_lookup_opens_an_order_by_its_number(operator, store) -> None:
    order_id = store.order("FL-30", {"MUG-RED": 1})
    found = operator.get("/fulfillment/station?order=FL-30", follow_redirects=False)
    assert found.headers["location"] == f"/fulfillment/orders/{order_id}"
    missing = operator.get("/fulfillment/station?order=NOPE", follow_redirects=False)
    assert "No order is numbered" in flash_after(operator, missing)


def test_a_client_may_look_but_not_scan(runtime, merchant, operator, store) -> None:
    order_id = store.order("FL-40", {"MUG-RED": 1})
    release(operator, store)
    client = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    page = client.get(f"/fulfillment/orders/{order_id}")
    assert page.status_code == 200
    assert 'id="scan-code"' not in page.text
    assert scan(client, order_id, BARCODES["MUG-RED"], 1).status_code == 403
    assert client.post("/fulfillment/waves", {"location_id": "1"}).status_code == 403
    assert store.state(order_id) == "released"
