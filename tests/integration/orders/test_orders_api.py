"""The order API: capture one, a batch, a CSV file; list, detail, hold, release, cancel; the queues."""

from __future__ import annotations

import pytest
from order_desk import Shop, open_shop
from sqlalchemy import update

from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.domain.tenancy import Role

ORDER = {
    "external_order_id": "API-1",
    "channel_order_number": "#1001",
    "placed_at": "2026-01-05T12:00:00Z",
    "service_level": "standard",
    "ship_to": {
        "name": "Grace Hopper",
        "line1": "1 Navy Way",
        "city": "Arlington",
        "region": "VA",
        "postal_code": "22202",
        "country": "US",
        "phone": "555-0100",
    },
    "customer": {"name": "Grace Hopper", "email": "grace@example.com"},
    "lines": [{"line_id": "1", "sku": "SKU-A", "quantity": 2, "unit_price": "9.50",
               "currency": "USD"}],
}  # fmt: skip


@pytest.fixture
def shop(runtime) -> Shop:
    shop = open_shop(runtime)
    shop.stock("SKU-A", 10)
    return shop


def _orders_url(shop: Shop, suffix: str = "") -> str:
    return f"/api/v1/merchants/{shop.merchant_id}/channel-accounts/{shop.account_id}/orders{suffix}"


def test_one_order_is_created_then_known(admin, shop):
    first = admin.client.post(_orders_url(shop), json=ORDER)
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["outcome"], body["state"]) == ("created", "allocated")
    again = admin.client.post(_orders_url(shop), json=ORDER)
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert again.json()["order_id"] == body["order_id"]
    detail = admin.client.get(f"/api/v1/merchants/{shop.merchant_id}/orders/{body['order_id']}")
    assert detail.status_code == 200
    order = detail.json()
    assert order["lines"][0]["units"] == [["SKU-A", 2]]
    assert "WH-EAST" in order["routing_explanation"]
    assert order["routing"]["kind"] == "assigned"
    assert [a["quantity"] for a in order["allocations"]] == [2]
    assert [e["to_state"] for e in order["timeline"]] == ["received", "allocated"]
    assert order["open_exceptions"] == []


def test_bad_fields_are_422_naming_them_and_the_payload_is_kept(admin, shop):
    bad = {**ORDER, "external_order_id": "API-BAD",
           "lines": [{"line_id": "1", "sku": "SKU-A", "quantity": -1, "unit_price": "1",
                      "currency": "XXX"}]}  # fmt: skip
    response = admin.client.post(_orders_url(shop), json=bad)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"lines[0].quantity", "lines[0].currency"}
    assert shop.sql("SELECT outcome FROM order_payloads")[0][0] == "rejected"
    missing = admin.client.post(_orders_url(shop), json={**ORDER, "lines": [{"sku": "X"}]})
    assert missing.status_code == 422
    assert missing.json()["field"] == "lines.0.quantity"


def test_unknown_account_404_inactive_account_409_other_merchant_404(admin, make_actor, shop,
                                                                     runtime):  # fmt: skip
    url = f"/api/v1/merchants/{shop.merchant_id}/channel-accounts/999999/orders"
    assert admin.client.post(url, json=ORDER).status_code == 404
    with runtime.engine.begin() as c:
        c.execute(update(channel_accounts).values(active=False))
    response = admin.client.post(_orders_url(shop), json=ORDER)
    assert response.status_code == 409
    assert shop.sql("SELECT count(*) FROM order_payloads")[0][0] == 0
    stranger = make_actor(Role.MANAGER, ())
    assert stranger.client.post(_orders_url(shop), json=ORDER).status_code == 404
    client = make_actor(Role.CLIENT, (shop.merchant_id,))
    assert client.client.post(_orders_url(shop), json=ORDER).status_code == 403


def test_a_batch_takes_the_good_and_reports_the_bad_by_index(admin, shop):
    orders = [
        {**ORDER, "external_order_id": "B-1"},
        {**ORDER, "external_order_id": "B-2", "placed_at": "not a date"},
        "not an object",
        {**ORDER, "external_order_id": "B-3", "service_level": "warp"},
        {**ORDER, "external_order_id": "B-4"},
    ]
    response = admin.client.post(_orders_url(shop, ":batch"), json={"orders": orders})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["rejected"]) == (2, 3)
    results = body["results"]
    assert [r["outcome"] for r in results] == ["created", "rejected", "rejected", "rejected",
                                              "created"]  # fmt: skip
    assert results[1]["errors"][0]["field"] == "placed_at"
    assert results[3]["errors"][0]["field"] == "service_level"
    ids = sorted(r[0] for r in shop.sql("SELECT external_order_id FROM orders"))
    assert ids == ["B-1", "B-4"]
    assert shop.sql("SELECT count(*) FROM order_lines")[0][0] == 2
    assert shop.sql("SELECT count(*) FROM order_payloads")[0][0] == 5


CSV = (
    "external_order_id,placed_at,ship_to_name,ship_to_line1,ship_to_city,ship_to_region,"
    "ship_to_postal_code,ship_to_country,line_id,sku,quantity,unit_price,currency\n"
    "C-1,2026-01-05T12:00:00Z,Ann,1 Main St,Chicago,IL,60601,US,1,SKU-A,1,5.00,USD\n"
    "C-1,,,,,,,,2,SKU-A,2,5.00,USD\n"
    "C-2,2026-01-05T12:00:00Z,Bob,2 Main St,Chicago,IL,60601,US,1,SKU-A,1,5.00,USD\n"
)


def test_a_csv_file_is_taken_whole_grouped_by_order(admin, shop):
    response = admin.client.post(
        _orders_url(shop, ".csv"), content=CSV, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2
    lines = shop.sql("SELECT o.external_order_id, l.quantity FROM order_lines l JOIN orders o"
                     " ON o.id = l.order_id ORDER BY o.external_order_id, l.position")  # fmt: skip
    assert [tuple(r) for r in lines] == [("C-1", 1), ("C-1", 2), ("C-2", 1)]
    again = admin.client.post(
        _orders_url(shop, ".csv"), content=CSV, headers={"content-type": "text/csv"}
    )
    assert again.json()["unchanged"] == 2


def test_csv_errors_are_reported_by_row_and_column_and_nothing_is_taken(admin, shop):
    bad = CSV.replace("C-1,,,,,,,,2,SKU-A,2,", "C-1,,,,,,,,2,SKU-A,zero,").replace(
        "C-2,2026-01-05T12:00:00Z", "C-2,yesterday"
    )
    response = admin.client.post(
        _orders_url(shop, ".csv"), content=bad, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 422
    errors = [(e["row"], e["column"]) for e in response.json()["errors"]]
    assert errors == [(3, "quantity"), (4, "placed_at")]
    assert shop.sql("SELECT count(*) FROM orders")[0][0] == 0
    domain = CSV.replace(",1,SKU-A,1,5.00,USD\nC-1", ",1,SKU-A,1,5.00,EUR\nC-1")
    response = admin.client.post(
        _orders_url(shop, ".csv"), content=domain, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(3, "currency")]


def test_list_filters_search_and_pages_newest_first(admin, shop):
    for n in range(3):
        order = {**ORDER, "external_order_id": f"L-{n}", "channel_order_number": f"#{n}"}
        admin.client.post(_orders_url(shop), json=order)
    base = f"/api/v1/merchants/{shop.merchant_id}/orders"
    page = admin.client.get(base, params={"limit": 2}).json()
    assert [o["external_order_id"] for o in page["items"]] == ["L-2", "L-1"]
    rest = admin.client.get(base, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [o["external_order_id"] for o in rest["items"]] == ["L-0"]
    assert [o["external_order_id"] for o in admin.client.get(
        base, params={"q": "L-1"}).json()["items"]] == ["L-1"]  # fmt: skip
    assert len(admin.client.get(base, params={"q": "grace"}).json()["items"]) == 3
    assert admin.client.get(base, params={"state": "backordered"}).json()["items"] == []
    assert admin.client.get(base, params={"ship_by_today": True}).json()["items"] == []
    assert len(admin.client.get(base, params={"channel": "shopify"}).json()["items"]) == 3


def test_hold_release_cancel_and_the_queue(admin, shop):
    order_id = admin.client.post(_orders_url(shop), json=ORDER).json()["order_id"]
    base = f"/api/v1/merchants/{shop.merchant_id}"
    held = admin.client.post(f"{base}/orders/{order_id}/hold", json={"reason": "check"})
    assert held.json()["state"] == "on_hold"
    queues = admin.client.get(f"{base}/order-exceptions").json()
    assert queues["counts"] == [
        {
            "reason_code": "manual_hold",
            "open_items": 1,
            "oldest_at": queues["counts"][0]["oldest_at"],
        }
    ]
    item = queues["items"][0]
    assert item["order_id"] == order_id
    assert item["age_seconds"] >= 0
    wrong = admin.client.post(
        f"{base}/order-exceptions/{item['id']}/resolve", json={"action": "split"}
    )
    assert wrong.status_code == 409
    resolved = admin.client.post(
        f"{base}/order-exceptions/{item['id']}/resolve", json={"action": "release_hold"}
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["state"] == "allocated"
    assert admin.client.post(f"{base}/orders/{order_id}/release-hold", json={}).status_code == 409
    cancelled = admin.client.post(f"{base}/orders/{order_id}/cancel", json={"reason": "asked"})
    assert cancelled.json()["state"] == "cancelled"
    assert shop.free("SKU-A") == (10, 0)
    again = admin.client.post(f"{base}/orders/{order_id}/cancel", json={"reason": "again"})
    assert again.json()["state"] == "cancelled"  # cancelling twice changes nothing more
    assert admin.client.post(f"{base}/orders/{order_id}/hold", json={"reason": "x"}
                             ).status_code == 409  # fmt: skip
    assert admin.client.get(f"{base}/orders/987654").status_code == 404
