"""In chromium: an order whose listing is not mapped parks in the exception queue; a person maps
the listing in the queue's form and the order, run through the pipeline again, ends allocated."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, expect

from ordertower.services.tenancy import access
from ordertower.services.tenancy.credentials import principal_of

# The shop the order-page tests use (tests/integration/web has no conftest putting it on the path).
sys.path.insert(0, str(Path(__file__).parents[1] / "integration" / "web"))
from order_pages_shop import open_store


def test_an_unmapped_listing_is_resolved_in_the_queue_and_ends_allocated(
    page: Page, live_server, tmp_path: Path
) -> None:
    admin = live_server.sign_in(page)
    runtime = live_server.runtime
    principal = principal_of(admin)
    merchant = access.create_merchant(runtime.uow(), principal=principal, code="SHOP", name="Shop")
    store = open_store(runtime, merchant.id, principal)
    store.stock("MUG-RED", 10)
    order_id = store.order("WEB-1001", {"LST-GIFT-MUG": 3})
    assert store.state(order_id) == "needs_attention"

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Exceptions", exact=True).click()
    expect(page.locator("[data-reason='unmapped_listing']")).to_contain_text("Unmapped listing 1")
    item = page.locator(f"article[data-order-id='{order_id}']")
    expect(item).to_contain_text("Order WEB-1001")
    expect(item).to_contain_text("LST-GIFT-MUG")

    form = item.locator("form[id$='-map_listing_and_retry']")
    form.get_by_label("SKU").fill("NO-SUCH-SKU")
    form.get_by_role("button", name="Map to a SKU and retry").click()
    refused = page.locator(
        f"article[data-order-id='{order_id}'] form[id$='-map_listing_and_retry']"
    )
    expect(refused.get_by_role("alert").first).to_contain_text("SKU NO-SUCH-SKU is not in this")
    assert store.state(order_id) == "needs_attention"

    refused.get_by_label("SKU").fill("MUG-RED")
    refused.get_by_label("Units per listing").fill("1")
    refused.get_by_role("button", name="Map to a SKU and retry").click()

    expect(page.get_by_role("status").first).to_contain_text(f"order {order_id} is now allocated")
    expect(page.locator(f"article[data-order-id='{order_id}']")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "queue-resolved.png"), full_page=True)

    page.get_by_role("link", name="Orders", exact=True).click()
    page.get_by_role("link", name="WEB-1001").click()
    expect(page.locator("h1")).to_contain_text("allocated")
    expect(page.locator("#routing")).to_contain_text("Ships from WH-WEB")
    expect(page.locator("#order-lines")).to_contain_text("3 × MUG-RED")
    expect(page.locator("#timeline")).to_contain_text("needs attention")
    assert store.state(order_id) == "allocated"
