"""Dropship end to end on the real database: routed → allocated with a request → sent (released)
→ shipped by the vendor, with the vendor's stock consumed and the channel told; idempotent steps,
bad input refused naming the field, cancellation reaching the request."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text

from ordertower.entrypoints.workers import app as workers


def requests_of(shop, order_id: int) -> list:
    return shop.sql(
        "SELECT id, status, vendor_location_id, lines, tracking_number FROM dropship_requests"
        " WHERE merchant_id = :m AND order_id = :o ORDER BY id",
        o=order_id,
    )


def jobs(runtime, task: str) -> list:
    with runtime.engine.connect() as c:
        return list(
            c.execute(
                text("SELECT status, args FROM procrastinate_jobs WHERE task_name = :t"),
                {"t": task},
            ).all()
        )


def test_a_vendor_that_tracks_stock_is_allocated_sent_and_ships(runtime, shop, admin, base):
    shop.stock("VEND-STOCK", "SKU-A", 10)
    order_id = shop.order("DS-1", ("SKU-A", 3))

    assert shop.state(order_id) == "allocated"
    assert shop.position("VEND-STOCK", "SKU-A") == (10, 3)
    [request] = requests_of(shop, order_id)
    assert request.status == "requested"
    assert request.vendor_location_id == shop.locations["VEND-STOCK"]
    assert request.lines == [{"line_id": "1", "sku": "SKU-A", "quantity": 3}]
    order = admin.client.get(f"{base}/orders/{order_id}").json()
    assert "VEND-STOCK" in str(order)

    client = admin.client
    po = client.get(f"{base}/dropship-requests.csv", params={"vendor": "VEND-STOCK"})
    assert po.status_code == 200, po.text
    assert po.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(po.text)))
    assert [(r["order_number"], r["sku"], r["quantity"], r["service_level"]) for r in rows] == [
        ("DS-1", "SKU-A", "3", "standard")
    ]
    assert rows[0]["ship_to_name"] == "Grace Hopper"
    assert rows[0]["ship_to_postal_code"] == "22202"
    assert requests_of(shop, order_id)[0].status == "requested"  # the file changes nothing

    sent = client.post(f"{base}/dropship-requests/{request.id}/send")
    assert sent.status_code == 200, sent.text
    assert sent.json()["changed"] is True
    assert sent.json()["order_state"] == "released"
    assert sent.json()["request"]["status"] == "sent"
    again = client.post(f"{base}/dropship-requests/{request.id}/send")
    assert again.status_code == 200
    assert again.json()["changed"] is False
    assert shop.state(order_id) == "released"

    body = {"carrier": "UPS", "tracking_number": "1Z999", "shipped_at": "2026-01-06T10:00:00Z"}
    shipped = client.post(f"{base}/dropship-requests/{request.id}/ship", json=body)
    assert shipped.status_code == 200, shipped.text
    assert shipped.json()["order_state"] == "shipped"
    assert shipped.json()["request"]["tracking_number"] == "1Z999"
    assert shop.state(order_id) == "shipped"
    assert shop.position("VEND-STOCK", "SKU-A") == (7, 0)
    movements = shop.sql(
        "SELECT kind, quantity FROM stock_movements WHERE merchant_id = :m"
        " AND reference_kind = 'order' AND reference_id = :o",
        o=str(order_id),
    )
    assert [(m.kind, m.quantity) for m in movements] == [("shipment", 3)]

    twice = client.post(f"{base}/dropship-requests/{request.id}/ship", json=body)
    assert twice.status_code == 200
    assert twice.json()["changed"] is False
    assert shop.position("VEND-STOCK", "SKU-A") == (7, 0)
    [job] = jobs(runtime, "channels.confirm_dropship_shipment")
    assert job.args == {"merchant_id": shop.merchant_id, "order_id": order_id,
                        "dropship_request_id": request.id}  # fmt: skip
    workers.drain(workers.build(runtime))  # a manual order: nobody to tell, the job succeeds
    assert [j.status for j in jobs(runtime, "channels.confirm_dropship_shipment")] == ["succeeded"]


def test_a_vendor_without_stock_gets_no_allocation_and_ships_without_movements(shop, admin, base):
    order_id = shop.order("DS-2", ("SKU-B", 2))
    assert shop.state(order_id) == "allocated"
    assert shop.sql("SELECT count(*) FROM stock_allocations WHERE merchant_id = :m")[0][0] == 0
    [request] = requests_of(shop, order_id)
    assert request.vendor_location_id == shop.locations["VEND-NONE"]

    client = admin.client
    assert client.post(f"{base}/dropship-requests/{request.id}/send").status_code == 200
    shipped = client.post(
        f"{base}/dropship-requests/{request.id}/ship",
        json={"carrier": "FedEx", "tracking_number": "7777"},
    )
    assert shipped.status_code == 200, shipped.text
    assert shop.state(order_id) == "shipped"
    assert shop.sql("SELECT count(*) FROM stock_movements WHERE merchant_id = :m"
                    " AND kind = 'shipment'")[0][0] == 0  # fmt: skip
    events = shop.sql(
        "SELECT from_state, to_state FROM order_events WHERE merchant_id = :m AND order_id = :o"
        " ORDER BY id",
        o=order_id,
    )
    assert [(e.from_state, e.to_state) for e in events][-2:] == [
        ("allocated", "released"),
        ("released", "shipped"),
    ]


def test_a_vendor_short_of_stock_backorders_the_order_without_a_request(shop):
    shop.stock("VEND-STOCK", "SKU-A", 1)
    order_id = shop.order("DS-3", ("SKU-A", 3))
    assert shop.state(order_id) == "backordered"
    assert requests_of(shop, order_id) == []
    assert shop.position("VEND-STOCK", "SKU-A") == (1, 0)


def test_cancelling_the_order_cancels_its_request(shop, admin, base):
    order_id = shop.order("DS-4", ("SKU-B", 1))
    [request] = requests_of(shop, order_id)
    cancelled = admin.client.post(f"{base}/orders/{order_id}/cancel", json={"reason": "buyer"})
    assert cancelled.status_code == 200, cancelled.text
    assert requests_of(shop, order_id)[0].status == "cancelled"
    refused = admin.client.post(f"{base}/dropship-requests/{request.id}/send")
    assert refused.status_code == 409
    assert refused.json()["field"] == "dropship_request_id"


def test_a_sent_request_is_cancelled_with_its_order_and_stock_given_back(shop, admin, base):
    shop.stock("VEND-STOCK", "SKU-A", 5)
    order_id = shop.order("DS-5", ("SKU-A", 2))
    [request] = requests_of(shop, order_id)
    admin.client.post(f"{base}/dropship-requests/{request.id}/send")
    cancelled = admin.client.post(f"{base}/orders/{order_id}/cancel", json={"reason": "late"})
    assert cancelled.status_code == 200, cancelled.text
    assert requests_of(shop, order_id)[0].status == "cancelled"
    assert shop.position("VEND-STOCK", "SKU-A") == (5, 0)
    refused = admin.client.post(
        f"{base}/dropship-requests/{request.id}/ship",
        json={"carrier": "UPS", "tracking_number": "1Z"},
    )
    assert refused.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tracking_number": "1Z"}, "carrier"),
        ({"carrier": "UPS", "tracking_number": "   "}, "tracking_number"),
        ({"carrier": "UPS", "tracking_number": "1Z", "shipped_at": "2026-01-06T10:00:00"},
         "shipped_at"),
        ({"carrier": "UPS", "tracking_number": "1Z", "shipped_at": "2999-01-01T00:00:00Z"},
         "shipped_at"),
        ({"carrier": "UPS", "tracking_number": "1Z", "colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_a_bad_shipment_is_refused_naming_the_field_and_changes_nothing(
    shop, admin, base, body, field
):
    order_id = shop.order("DS-6", ("SKU-B", 1))
    [request] = requests_of(shop, order_id)
    admin.client.post(f"{base}/dropship-requests/{request.id}/send")
    response = admin.client.post(f"{base}/dropship-requests/{request.id}/ship", json=body)
    assert response.status_code == 422, response.text
    assert field in response.text
    assert shop.state(order_id) == "released"
    assert requests_of(shop, order_id)[0].status == "sent"


def test_shipping_before_sending_and_unknown_requests_are_refused(shop, admin, base):
    order_id = shop.order("DS-7", ("SKU-B", 1))
    [request] = requests_of(shop, order_id)
    early = admin.client.post(
        f"{base}/dropship-requests/{request.id}/ship",
        json={"carrier": "UPS", "tracking_number": "1Z"},
    )
    assert early.status_code == 409
    assert "send the request" in early.json()["detail"]
    assert shop.state(order_id) == "allocated"
    missing = admin.client.post(f"{base}/dropship-requests/999999/send")
    assert missing.status_code == 404
    assert missing.json()["field"] == "dropship_request_id"


def test_the_list_filters_by_vendor_and_status_in_keyset_pages(shop, admin, base):
    shop.stock("VEND-STOCK", "SKU-A", 5)
    ids = [shop.order(f"DS-L{n}", ("SKU-B", 1)) for n in range(3)]
    shop.order("DS-LA", ("SKU-A", 1))
    client = admin.client
    params = {"vendor": "VEND-NONE", "status": "requested", "limit": 2}
    first = client.get(f"{base}/dropship-requests", params=params).json()
    assert [r["order_id"] for r in first["items"]] == ids[:2]
    assert all(r["vendor"] == "VEND-NONE" for r in first["items"])
    rest = client.get(
        f"{base}/dropship-requests", params={**params, "cursor": first["next_cursor"]}
    ).json()
    assert [r["order_id"] for r in rest["items"]] == ids[2:]
    assert rest["next_cursor"] is None
    one = client.get(f"{base}/dropship-requests/{first['items'][0]['id']}")
    assert one.status_code == 200
    assert one.json()["lines"][0]["sku"] == "SKU-B"

    unknown = client.get(f"{base}/dropship-requests", params={"vendor": "WH-DS"})
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "vendor"
    bad_status = client.get(f"{base}/dropship-requests", params={"status": "lost"})
    assert bad_status.status_code == 422
    assert "status" in bad_status.text
    po = client.get(f"{base}/dropship-requests.csv", params={"vendor": "VEND-NONE"})
    assert len(list(csv.DictReader(io.StringIO(po.text)))) == 3


def test_an_order_not_for_a_vendor_gets_no_request(shop):
    order_id = shop.order("DS-8", ("SKU-C", 1))
    assert requests_of(shop, order_id) == []


def test_an_order_routed_again_keeps_one_live_request(shop, admin, base):
    order_id = shop.order("DS-9", ("SKU-B", 1))
    [first] = requests_of(shop, order_id)
    held = admin.client.post(f"{base}/orders/{order_id}/hold", json={"reason": "check address"})
    assert held.status_code == 200, held.text
    released = admin.client.post(f"{base}/orders/{order_id}/release-hold", json={})
    assert released.status_code == 200, released.text
    assert shop.state(order_id) == "allocated"
    assert [(r.id, r.status) for r in requests_of(shop, order_id)][:1] == [(first.id, "cancelled")]
    assert [r.status for r in requests_of(shop, order_id)] == ["cancelled", "requested"]
