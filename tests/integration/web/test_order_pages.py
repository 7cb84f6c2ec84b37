"""The Orders pages: list with search, filters, counts per state and keyset pages; one order with
its routing, allocations and timeline; hold, release, cancel; the CSV upload; who may post."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from order_pages_shop import Store, open_store
from page_session import flash_after, sign_in

from ordertower.domain.tenancy import Role


@pytest.fixture
def store(runtime, merchant, admin) -> Store:
    store = open_store(runtime, merchant["id"], admin.principal)
    store.stock("MUG-RED", 20)
    store.stock("MUG-BLUE", 5, "B-2")
    return store


@pytest.fixture
def manager(runtime, merchant):
    return sign_in(runtime, Role.MANAGER, (merchant["id"],))


def order_ids_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-order-id="(\d+)"', page)]


def test_the_list_shows_orders_newest_first_with_counts_per_state(manager, store) -> None:
    first = store.order("SO-1001", {"MUG-RED": 2}, customer="Ada Lovelace")
    second = store.order("SO-1002", {"LST-UNKNOWN": 1}, customer="Alan Turing")

    page = manager.get("/orders")
    assert page.status_code == 200
    assert order_ids_on(page.text) == [second, first]
    assert 'href="/orders"' in page.text  # in the navigation
    text = html.unescape(page.text)
    assert re.search(r'data-state="allocated">allocated <span class="chip-count">1<', text)
    assert re.search(
        r'data-state="needs_attention">needs attention <span class="chip-count">1<', text
    )
    assert "25.00 USD" in text  # 2 × 12.50


def test_search_and_filters_narrow_the_list(manager, store) -> None:
    today = dt.datetime.now(dt.UTC).replace(hour=23, minute=0, second=0, microsecond=0)
    ada = store.order("SO-2001", {"MUG-RED": 1}, customer="Ada Lovelace", ship_by=today)
    alan = store.order("SO-2002", {"LST-UNKNOWN": 1}, customer="Alan Turing")

    assert order_ids_on(manager.get("/orders?q=SO-2002").text) == [alan]
    assert order_ids_on(manager.get("/orders?q=ada").text) == [ada]
    assert order_ids_on(manager.get("/orders?state=needs_attention").text) == [alan]
    assert order_ids_on(manager.get("/orders?ship_by=today").text) == [ada]
    assert order_ids_on(manager.get("/orders?channel=amazon").text) == []
    assert order_ids_on(manager.get("/orders?age=24").text) == [alan, ada]  # placed in January

    live = manager.get("/orders?q=SO-2001", headers={"HX-Request": "true"})
    assert live.status_code == 200
    assert "<html" not in live.text
    assert order_ids_on(live.text) == [ada]


def test_an_unknown_filter_value_is_refused_with_a_message(manager, store) -> None:
    store.order("SO-3001", {"MUG-RED": 1})
    page = manager.get("/orders?state=lost&channel=ebay")
    assert page.status_code == 422
    assert "Choose a state from the list." in page.text
    assert "Choose a channel from the list." in page.text
    assert order_ids_on(page.text) == []


def test_next_page_follows_the_keyset(manager, store) -> None:
    store.capture(*(store.draft(f"SO-P{n:03}", {"MUG-RED": 1}) for n in range(52)))
    first = manager.get("/orders")
    shown = order_ids_on(first.text)
    assert len(shown) == 50
    next_url = html.unescape(re.search(r'<a class="btn" rel="next" href="([^"]+)"', first.text)[1])
    rest = order_ids_on(manager.get(next_url).text)
    assert len(rest) == 2
    assert max(rest) < min(shown)


def test_an_urgent_ship_by_is_shown_in_red(manager, store) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    order_id = store.order("SO-4001", {"MUG-RED": 1}, ship_by=soon)
    row = re.search(rf'data-order-id="{order_id}".*?</tr>', manager.get("/orders").text, re.S)
    assert row
    assert 'class="nowrap urgent"' in row[0]
    assert "at risk" in row[0]


def test_the_detail_shows_routing_allocations_lines_ship_to_and_timeline(manager, store) -> None:
    order_id = store.order("SO-5001", {"LST-MUG-RED": 2, "MUG-BLUE": 1})
    page = html.unescape(manager.get(f"/orders/{order_id}").text)
    assert "Order SO-5001" in page
    assert "Grace Hopper" in page
    assert "7 Harbor Road" in page
    assert "grace@example.com" in page
    assert '2 × <span class="mono">MUG-RED</span>' in page  # the listing resolved to its SKU
    assert "Ships from WH-WEB" in page
    assert "decided by rule 1" in page
    assert re.search(r"<td>WH-WEB</td><td class=\"num\">2</td>", page)
    assert "received" in page
    assert "allocated" in page
    assert 'id="hold-form"' in page
    assert 'id="cancel-form"' in page
    assert 'id="release-form"' not in page  # not on hold


def test_hold_needs_a_reason_then_release_runs_the_pipeline_again(manager, store) -> None:
    order_id = store.order("SO-6001", {"MUG-RED": 1})

    refused = manager.post(f"/orders/{order_id}/hold", {"reason": " ", "queue": "x y"})
    assert refused.status_code == 422
    assert "Say why (a reason is required)." in html.unescape(refused.text)
    assert store.state(order_id) == "allocated"

    page = flash_after(
        manager,
        manager.post(f"/orders/{order_id}/hold", {"reason": "fraud check", "queue": "fraud"}),
    )
    assert "on hold in queue fraud" in page
    assert store.state(order_id) == "on_hold"
    assert 'id="release-form"' in page
    assert "Held by a person in queue fraud" in page

    page = flash_after(manager, manager.post(f"/orders/{order_id}/release", {"note": "cleared"}))
    assert "now allocated" in page
    assert store.state(order_id) == "allocated"


def test_cancel_asks_for_confirmation(manager, store) -> None:
    order_id = store.order("SO-7001", {"MUG-RED": 1})
    refused = manager.post(f"/orders/{order_id}/cancel", {"reason": "customer asked"})
    assert refused.status_code == 422
    assert "Tick the box to confirm the cancellation." in refused.text
    assert store.state(order_id) == "allocated"

    page = flash_after(
        manager,
        manager.post(f"/orders/{order_id}/cancel", {"reason": "customer asked", "confirm": "on"}),
    )
    assert "is cancelled" in page
    assert store.state(order_id) == "cancelled"
    assert 'id="cancel-form"' not in page
    assert 'id="hold-form"' not in page


def test_a_client_reads_orders_but_cannot_change_them(runtime, merchant, store) -> None:
    order_id = store.order("SO-8001", {"MUG-RED": 1})
    client = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    page = client.get(f"/orders/{order_id}")
    assert page.status_code == 200
    assert 'id="hold-form"' not in page.text
    assert 'href="/fulfillment"' not in page.text  # floor pages are not in a client's menu
    assert client.post(f"/orders/{order_id}/hold", {"reason": "mine"}).status_code == 403
    assert (
        client.post(f"/orders/{order_id}/cancel", {"reason": "x", "confirm": "on"}).status_code
        == 403
    )
    assert store.state(order_id) == "allocated"


def test_another_merchants_order_is_not_found(runtime, admin, store) -> None:
    order_id = store.order("SO-9001", {"MUG-RED": 1})
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    stranger = sign_in(runtime, Role.MANAGER, (other["id"],))
    assert stranger.get(f"/orders/{order_id}").status_code == 404


CSV_HEADER = "external_order_id,placed_at,ship_to_name,ship_to_line1,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,line_id,sku,quantity,unit_price,currency\n"


def test_a_csv_with_errors_is_listed_by_row_and_column_and_nothing_is_taken(manager, store) -> None:
    page = manager.get("/orders/import")
    assert page.status_code == 200
    assert "Web shop (shopify)" in page.text
    bad = CSV_HEADER + (
        "CSV-1,yesterday,Ada,1 Main St,Chicago,IL,60601,US,1,MUG-RED,1,5.00,USD\n"
        "CSV-3,2026-01-05T12:00:00Z,Ada,1 Main St,Chicago,IL,60601,US,1,MUG-RED,0,5.00,USD\n"
    )
    refused = manager.post(
        "/orders/import",
        {"channel_account_id": str(store.account_id)},
        files={"file": ("orders.csv", bad.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert "orders.csv</strong> was not imported" in text
    assert re.search(r'<td class="num">2</td>\s*<td>placed_at</td>', text)
    assert re.search(r'<td class="num">3</td>\s*<td>quantity</td>', text)
    assert order_ids_on(manager.get("/orders").text) == []


def test_a_good_csv_is_captured_and_reported(manager, store) -> None:
    good = CSV_HEADER + (
        "CSV-2,2026-01-05T12:00:00Z,Ada,1 Main St,Chicago,IL,60601,US,1,MUG-RED,2,5.00,USD\n"
        "CSV-2,2026-01-05T12:00:00Z,Ada,1 Main St,Chicago,IL,60601,US,2,MUG-BLUE,1,5.00,USD\n"
    )
    response = manager.post(
        "/orders/import",
        {"channel_account_id": str(store.account_id)},
        files={"file": ("orders.csv", good.encode(), "text/csv")},
    )
    page = flash_after(manager, response)
    assert "1 order(s) created" in page
    assert len(order_ids_on(page)) == 1


def test_the_upload_needs_an_account_and_a_file(manager, store) -> None:
    no_account = manager.post(
        "/orders/import", files={"file": ("orders.csv", CSV_HEADER.encode(), "text/csv")}
    )
    assert no_account.status_code == 422
    assert "Choose the channel account." in no_account.text
    no_file = manager.post("/orders/import", {"channel_account_id": str(store.account_id)})
    assert no_file.status_code == 422
    assert "Choose a CSV file to upload." in no_file.text


def test_the_dashboard_links_order_work_to_its_pages(manager, store) -> None:
    store.order("SO-D1", {"LST-UNKNOWN": 1})
    page = html.unescape(manager.get("/").text)
    assert re.search(
        r'href="/order-exceptions">\s*<span class="counter-label">Orders needing a person</span>\s*'
        r'<span class="counter-value">1</span>',
        page,
    )
    assert 'href="/fulfillment">' in page
