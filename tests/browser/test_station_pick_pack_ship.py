"""In chromium: release a wave, then pick, pack and ship an order at the station by typing barcodes
into the scan input as a keyboard-wedge scanner does (a wrong item refused on screen), print the
label (a PDF) and confirm the shipment."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, expect

from ordertower.services.tenancy import access
from ordertower.services.tenancy.credentials import principal_of

sys.path.insert(0, str(Path(__file__).parents[1] / "integration" / "web"))
from order_pages_shop import BARCODES, open_store


def _scan(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: type the code into the focused input, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def test_pick_pack_and_ship_an_order_with_the_scanner(
    page: Page, live_server, tmp_path: Path
) -> None:
    admin = live_server.sign_in(page)
    runtime = live_server.runtime
    principal = principal_of(admin)
    merchant = access.create_merchant(runtime.uow(), principal=principal, code="SHIP", name="Ship")
    store = open_store(runtime, merchant.id, principal)
    store.stock("MUG-RED", 4, "B-10")
    store.stock("MUG-BLUE", 4, "B-2")
    store.stock("CAP-GRN", 4, "A-1")
    order_id = store.order("WEB-2001", {"MUG-RED": 2, "MUG-BLUE": 1})

    page.goto(f"{live_server.url}/fulfillment")
    page.get_by_label("Warehouse").select_option(label="WH-WEB · WH-WEB")
    page.get_by_role("button", name="Release the wave").click()
    expect(page.locator("#pick-list tbody tr")).to_have_count(2)
    expect(page.locator("#pick-list tbody tr").first).to_contain_text("B-2")
    page.get_by_role("link", name="Pick & pack").click()

    scan_input = page.locator("#scan-code")
    expect(scan_input).to_be_focused()
    red = page.locator("#station-lines tr[data-sku='MUG-RED'] td.still-needed")
    expect(red).to_have_text("2")

    _scan(page, BARCODES["CAP-GRN"])
    refusal = page.locator("#scan-message")
    expect(refusal).to_contain_text("CAP-GRN is not in this order: put it back.")
    expect(refusal).to_have_class("flash flash--error scan-refusal")
    expect(page.locator("#station-scan-form")).to_have_class("scan scan--invalid")
    expect(scan_input).to_be_focused()
    expect(red).to_have_text("2")
    page.screenshot(path=str(tmp_path / "station-refused.png"), full_page=True)

    _scan(page, BARCODES["MUG-RED"])
    _scan(page, BARCODES["MUG-RED"])
    _scan(page, "MUG-BLUE")
    expect(red).to_have_text("0")
    expect(page.locator("#station-lines tr[data-sku='MUG-BLUE'] td.still-needed")).to_have_text("0")
    expect(page.locator("#station-scan-form")).to_have_class("scan scan--ok")

    _scan(page, BARCODES["MUG-RED"])
    expect(refusal).to_contain_text("already scanned: put this one back")
    expect(red).to_have_text("0")

    page.get_by_label("Weight").fill("2.25")
    page.get_by_label("Length").fill("12")
    page.get_by_label("Width").fill("9")
    page.get_by_label("Height").fill("5")
    page.get_by_role("button", name="Pack and print label").click()
    expect(page.get_by_role("status").first).to_contain_text("packed and labelled")
    tracking = page.locator("#packages td.tracking").first.inner_text()
    assert tracking.startswith("PT")

    label = page.get_by_role("link", name="Print label (PDF)")
    pdf = page.request.get(f"{live_server.url}{label.get_attribute('href')}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("button", name="Confirm shipment").click()
    expect(page.locator("#shipped")).to_contain_text(tracking)
    expect(page.locator("h1")).to_contain_text("shipped")
    page.screenshot(path=str(tmp_path / "station-shipped.png"), full_page=True)
    assert store.state(order_id) == "shipped"
