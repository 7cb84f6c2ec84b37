"""The order exception queues: counts per reason, the items, and resolving them from a form (the
pipeline runs again and the flash says where the order ended); refusals keep the form."""

from __future__ import annotations

import html
import re

import pytest
from order_pages_shop import ADDRESS, Store, open_store
from page_session import flash_after, sign_in

from ordertower.domain.orders import Address
from ordertower.domain.tenancy import Role


@pytest.fixture
def store(runtime, merchant, admin) -> Store:
    store = open_store(runtime, merchant["id"], admin.principal)
    store.stock("MUG-RED", 10)
    store.stock("MUG-BLUE", 3, where="WH-ALT")
    return store


@pytest.fixture
def manager(runtime, merchant):
    return sign_in(runtime, Role.MANAGER, (merchant["id"],))


def item_ids_on(page: str) -> list[int]:
    return [
        int(n) for n in re.findall(r'<article class="card exception-item" id="item-(\d+)"', page)
    ]


def test_the_queues_count_items_per_reason_and_filter_by_one(manager, store) -> None:
    store.order("EX-1", {"LST-NEW-MUG": 1})
    store.order("EX-2", {"LST-OTHER": 1})
    store.order("EX-3", {"MUG-BLUE": 1})  # none at WH-WEB: backordered

    page = html.unescape(manager.get("/order-exceptions").text)
    assert re.search(
        r'data-reason="unmapped_listing"[^>]*>Unmapped listing <span class="chip-count">2<', page
    )
    assert re.search(
        r'data-reason="insufficient_stock"[^>]*>Backordered <span class="chip-count">1<', page
    )
    assert len(item_ids_on(page)) == 3
    assert "Order EX-1" in page
    assert "line 1" in page
    # every resolve form carries the session's CSRF token (the macro is imported with context)
    assert re.search(
        r'action="/order-exceptions/\d+/resolve"[^>]*>\s*<input type="hidden" name="csrf_token" '
        r'value="[^"]+"',
        page,
    )

    only = manager.get("/order-exceptions?reason=insufficient_stock").text
    assert len(item_ids_on(only)) == 1
    assert "Order EX-3" in only
    assert len(item_ids_on(manager.get("/order-exceptions?reason=nonsense").text)) == 3


def test_mapping_the_listing_resolves_the_item_and_allocates_the_order(manager, store) -> None:
    order_id = store.order("EX-10", {"LST-NEW-MUG": 2})
    [item_id] = item_ids_on(manager.get("/order-exceptions").text)

    refused = manager.post(
        f"/order-exceptions/{item_id}/resolve",
        {
            "action": "map_listing_and_retry",
            "sku": "NO-SUCH",
            "quantity_per": "1",
            "back": "queue:",
        },
    )
    assert refused.status_code == 422
    assert "SKU NO-SUCH is not in this merchant" in html.unescape(refused.text)
    assert 'value="NO-SUCH"' in refused.text  # the form keeps what was typed
    assert store.state(order_id) == "needs_attention"

    not_a_number = manager.post(
        f"/order-exceptions/{item_id}/resolve",
        {
            "action": "map_listing_and_retry",
            "sku": "MUG-RED",
            "quantity_per": "two",
            "back": "queue:",
        },
    )
    assert not_a_number.status_code == 422
    assert "Give a whole number." in not_a_number.text

    done = manager.post(
        f"/order-exceptions/{item_id}/resolve",
        {
            "action": "map_listing_and_retry",
            "sku": "MUG-RED",
            "quantity_per": "1",
            "back": "queue:",
        },
    )
    page = flash_after(manager, done)
    assert f"order {order_id} is now allocated" in page
    assert item_ids_on(page) == []
    assert store.state(order_id) == "allocated"


def test_allocating_from_another_location_from_the_order_page(manager, store) -> None:
    order_id = store.order("EX-20", {"MUG-BLUE": 1})
    page = manager.get(f"/orders/{order_id}").text
    item_id = int(re.search(r'id="item-(\d+)"', page)[1])
    assert '<option value="WH-ALT">WH-ALT</option>' in page

    done = manager.post(
        f"/order-exceptions/{item_id}/resolve",
        {"action": "allocate_from_another_location", "location_code": "WH-ALT",
         "back": f"order:{order_id}"},
    )  # fmt: skip
    assert done.headers["location"] == f"/orders/{order_id}"
    page = html.unescape(flash_after(manager, done))
    assert "is now allocated" in page
    assert "Ships from WH-ALT" in page
    assert store.state(order_id) == "allocated"


def test_a_corrected_address_reruns_the_pipeline(manager, store) -> None:
    bad = Address(name="Grace Hopper", line1="7 Harbor Road", city="Springfield", region="ZZ",
                  postal_code="62701", country="US")  # fmt: skip
    order_id = store.order("EX-30", {"MUG-RED": 1}, address=bad)
    assert store.state(order_id) == "needs_attention"
    page = manager.get(f"/orders/{order_id}").text
    item_id = int(re.search(r'id="item-(\d+)"', page)[1])
    assert 'value="ZZ"' in page  # the form starts from the address as it is

    fields = {name: getattr(ADDRESS, name) for name in
              ("name", "line1", "city", "region", "postal_code", "country")}  # fmt: skip
    done = manager.post(
        f"/order-exceptions/{item_id}/resolve",
        {"action": "correct_address", **fields, "back": f"order:{order_id}"},
    )
    assert "is now allocated" in flash_after(manager, done)
    assert store.state(order_id) == "allocated"


def test_acknowledge_needs_a_note_and_cancel_needs_confirmation(manager, store) -> None:
    order_id = store.order("EX-40", {"LST-NEW-MUG": 1})
    [item_id] = item_ids_on(manager.get("/order-exceptions").text)

    wrong = manager.post(
        f"/order-exceptions/{item_id}/resolve", {"action": "acknowledge", "back": "queue:"}
    )
    assert wrong.status_code == 409 or wrong.status_code == 422
    assert "cannot be resolved by acknowledge" in html.unescape(wrong.text)

    unconfirmed = manager.post(
        f"/order-exceptions/{item_id}/resolve", {"action": "cancel", "back": "queue:"}
    )
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm the cancellation." in unconfirmed.text
    assert store.state(order_id) == "needs_attention"

    done = manager.post(
        f"/order-exceptions/{item_id}/resolve",
        {"action": "cancel", "confirm": "on", "note": "duplicate", "back": "queue:"},
    )
    assert "is now cancelled" in flash_after(manager, done)
    assert store.state(order_id) == "cancelled"


def test_a_client_sees_the_queue_but_cannot_resolve(runtime, merchant, store) -> None:
    order_id = store.order("EX-50", {"LST-NEW-MUG": 1})
    client = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    page = client.get("/order-exceptions").text
    [item_id] = item_ids_on(page)
    assert "resolve-form" not in page
    refused = client.post(
        f"/order-exceptions/{item_id}/resolve",
        {"action": "map_listing_and_retry", "sku": "MUG-RED", "back": "queue:"},
    )
    assert refused.status_code == 403
    assert store.state(order_id) == "needs_attention"


def test_resolving_an_unknown_item_is_not_found(manager, store) -> None:
    response = manager.post(
        "/order-exceptions/999999/resolve", {"action": "cancel", "confirm": "on", "back": "queue:"}
    )
    assert response.status_code == 404
