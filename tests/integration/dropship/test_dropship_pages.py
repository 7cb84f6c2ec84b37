"""The Dropship page: a vendor's requests, the purchase-order file, send and record tracking."""

from __future__ import annotations

import csv
import io

from page_session import flash_after, sign_in

from ordertower.domain.tenancy import Role


def test_a_manager_sends_a_request_and_records_the_vendors_tracking(runtime, merchant, shop):
    order_id = shop.order("WEB-DS-1", ("SKU-B", 2))
    shop.order("WEB-DS-2", ("SKU-C", 1))  # not dropshipped: not listed
    browser = sign_in(runtime, Role.MANAGER, (merchant["id"],))

    page = browser.get("/dropship?vendor=VEND-NONE")
    assert page.status_code == 200
    assert 'href="/dropship"' in page.text  # in the navigation
    assert f'href="/orders/{order_id}"' in page.text
    assert "2 × SKU-B" in page.text
    [request_id] = [
        r.id for r in shop.sql("SELECT id FROM dropship_requests WHERE merchant_id = :m")
    ]

    po = browser.get("/dropship/purchase-order.csv?vendor=VEND-NONE")
    assert po.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(po.text)))
    assert (row["order_number"], row["sku"], row["quantity"]) == ("WEB-DS-1", "SKU-B", "2")

    sent = flash_after(
        browser, browser.post(f"/dropship/{request_id}/send", {"vendor": "VEND-NONE"})
    )
    assert f"order {order_id} is released" in sent
    assert 'name="tracking_number"' in sent

    refused = flash_after(browser, browser.post(f"/dropship/{request_id}/ship", {"carrier": "UPS"}))
    assert "tracking_number" in refused
    assert shop.state(order_id) == "released"

    shipped = flash_after(
        browser,
        browser.post(
            f"/dropship/{request_id}/ship",
            {"carrier": "UPS", "tracking_number": "1ZWEB", "vendor": "VEND-NONE"},
        ),
    )
    assert "1ZWEB" in shipped
    assert shop.state(order_id) == "shipped"


def test_a_client_sees_the_requests_without_the_forms(runtime, merchant, shop):
    shop.order("WEB-DS-3", ("SKU-B", 1))
    browser = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    page = browser.get("/dropship")
    assert page.status_code == 200
    assert "Mark sent" not in page.text
    assert "1 × SKU-B" in page.text
