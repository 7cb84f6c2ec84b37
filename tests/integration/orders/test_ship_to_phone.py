"""The recipient's phone is kept on the order's ship-to, and a new phone alone re-routes nothing."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from order_desk import Shop, open_shop

from ordertower.domain.orders import OrderState, ResolveAction
from ordertower.services.orders.order_exceptions import ResolveRequest, resolve_order_exception

ORDER = {
    "external_order_id": "PH-1",
    "placed_at": "2026-01-05T12:00:00Z",
    "ship_to": {
        "name": "Grace Hopper",
        "line1": "1 Navy Way",
        "city": "Arlington",
        "region": "VA",
        "postal_code": "22202",
        "country": "US",
        "phone": " +1 703  555 0100 ",
    },
    "lines": [{"line_id": "1", "sku": "SKU-A", "quantity": 1, "unit_price": "9.50",
               "currency": "USD"}],
}  # fmt: skip


@pytest.fixture
def shop(runtime) -> Shop:
    shop = open_shop(runtime)
    shop.stock("SKU-A", 10)
    return shop


def _url(shop: Shop) -> str:
    return f"/api/v1/merchants/{shop.merchant_id}/channel-accounts/{shop.account_id}/orders"


def _detail(admin, shop: Shop, order_id: int) -> dict:
    response = admin.client.get(f"/api/v1/merchants/{shop.merchant_id}/orders/{order_id}")
    assert response.status_code == 200, response.text
    return response.json()


def test_the_phone_is_kept_on_the_ship_to_and_changing_it_re_routes_nothing(admin, shop):
    created = admin.client.post(_url(shop), json=ORDER)
    assert created.status_code == 201, created.text
    order_id = created.json()["order_id"]
    order = _detail(admin, shop, order_id)
    assert order["ship_to"]["phone"] == "+1 703 555 0100"  # tidied like the other fields
    assert [e["to_state"] for e in order["timeline"]] == ["received", "allocated"]

    changed = copy.deepcopy(ORDER)
    changed["ship_to"]["phone"] = "+1 703 555 0199"
    again = admin.client.post(_url(shop), json=changed)
    assert again.status_code == 200, again.text
    assert (again.json()["outcome"], again.json()["state"]) == ("updated", "allocated")
    assert "customer" in again.json()["explanation"]
    order = _detail(admin, shop, order_id)
    assert order["ship_to"]["phone"] == "+1 703 555 0199"
    assert [e["to_state"] for e in order["timeline"]] == ["received", "allocated"]
    assert [a["quantity"] for a in order["allocations"]] == [1]


def test_a_corrected_address_keeps_the_phone(admin, shop):
    bad = copy.deepcopy(ORDER)
    bad["external_order_id"] = "PH-2"
    bad["ship_to"]["region"] = "Atlantis"
    created = admin.client.post(_url(shop), json=bad)
    assert created.json()["state"] == "needs_attention"
    order_id = created.json()["order_id"]
    [item] = _detail(admin, shop, order_id)["open_exceptions"]
    corrected = {k: v for k, v in ORDER["ship_to"].items() if k != "phone"}
    response = admin.client.post(
        f"/api/v1/merchants/{shop.merchant_id}/order-exceptions/{item['id']}/resolve",
        json={"action": "correct_address", "address": corrected, "note": "region fixed"},
    )
    assert response.status_code == 200, response.text
    order = _detail(admin, shop, order_id)
    assert (order["state"], order["ship_to"]["region"]) == ("allocated", "VA")
    assert order["ship_to"]["phone"] == "+1 703 555 0100"


def test_the_service_keeps_a_phone_given_with_the_correction(shop):
    bad = shop.draft("PH-3")
    result = shop.one(replace(bad, ship_to=replace(bad.ship_to, region="Atlantis", phone="1")))
    [item_id] = [
        r[0] for r in shop.sql("SELECT id FROM exception_items WHERE subject_id = :o",
                               o=str(result.order_id))
    ]  # fmt: skip
    resolution = resolve_order_exception(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        item_id=item_id,
        request=ResolveRequest(
            action=ResolveAction.CORRECT_ADDRESS,
            address=replace(bad.ship_to, phone="555-0142"),
        ),
    )
    assert resolution.state is OrderState.ALLOCATED
    assert shop.order_row(result.order_id).ship_to["phone"] == "555-0142"
