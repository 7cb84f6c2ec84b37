"""In chromium: receive an advance notice with a scanner (keyboard wedge), see the table update in
place, get a clear message for an unknown code without losing focus, close, see the discrepancy."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import insert

from ordertower.adapters.db.tables.catalog import product_barcodes, products
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.services.receiving import notices
from ordertower.services.tenancy import access
from ordertower.services.tenancy.credentials import principal_of

MUG_UPC = "012345678905"


def _dock(runtime, merchant_id: int) -> int:
    """A warehouse with a receiving bin, and two products (the mug has a UPC)."""
    with runtime.engine.begin() as c:
        warehouse = c.execute(
            insert(locations)
            .values(code="DOCKS", name="Dock warehouse", kind="warehouse")
            .returning(locations.c.id)
        ).scalar_one()
        zone = c.execute(
            insert(zones)
            .values(location_id=warehouse, code="IN", name="Inbound", kind="receiving")
            .returning(zones.c.id)
        ).scalar_one()
        c.execute(
            insert(bins).values(
                location_id=warehouse, zone_id=zone, code="DOOR-1", barcode="DOOR-1", sort_key="1"
            )
        )
        ids = {}
        for sku in ("MUG-BLK", "MUG-WHT"):
            ids[sku] = c.execute(
                insert(products)
                .values(merchant_id=merchant_id, sku=sku, title=sku)
                .returning(products.c.id)
            ).scalar_one()
        c.execute(
            insert(product_barcodes).values(
                merchant_id=merchant_id,
                product_id=ids["MUG-BLK"],
                code=MUG_UPC,
                kind="upc_a",
                gtin14=MUG_UPC.zfill(14),
            )
        )
    return int(warehouse)


def _scan(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: type the code into the focused input, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def test_receiving_by_scanner_updates_the_table_and_closing_shows_the_discrepancy(
    page: Page, live_server, tmp_path: Path
) -> None:
    admin = live_server.sign_in(page)
    runtime = live_server.runtime
    principal = principal_of(admin)
    merchant = access.create_merchant(runtime.uow(), principal=principal, code="ACME", name="Acme")
    warehouse = _dock(runtime, merchant.id)
    notices.create_notice(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant.id,
        draft=notices.NoticeDraft(
            reference="PO-4711",
            location_id=warehouse,
            lines=(notices.LineDraft("MUG-BLK", 3), notices.LineDraft("MUG-WHT", 2)),
        ),
    )

    page.goto(f"{live_server.url}/receiving")
    page.get_by_role("button", name="Receive PO-4711").click()
    scan_input = page.locator("#scan-code")
    expect(scan_input).to_be_focused()
    lines = page.locator("#receipt-lines")
    mug = lines.locator("tr[data-sku='MUG-BLK'] td.received")
    expect(mug).to_have_text("0")

    for _ in range(2):
        _scan(page, MUG_UPC)
    _scan(page, "MUG-WHT")

    expect(mug).to_have_text("2")
    expect(lines.locator("tr[data-sku='MUG-WHT'] td.received")).to_have_text("1")
    expect(page.locator("#scan-message")).to_have_text("1 × MUG-WHT received into sellable.")
    expect(scan_input).to_have_value("")
    expect(scan_input).to_be_focused()

    _scan(page, "NOT-A-MUG")

    message = page.get_by_role("alert")
    expect(message).to_contain_text("'NOT-A-MUG' is not a barcode, FNSKU or SKU")
    expect(page.locator("#scan-form")).to_have_class("scan scan--invalid")
    expect(scan_input).to_be_focused()
    expect(mug).to_have_text("2")

    _scan(page, MUG_UPC)  # the next scan still works, straight after the refusal
    expect(mug).to_have_text("3")
    page.screenshot(path=str(tmp_path / "receiving-scans.png"), full_page=True)

    page.get_by_role("button", name="Close receipt").click()

    discrepancies = page.locator("#discrepancies tbody tr")
    expect(discrepancies).to_have_count(1)
    expect(discrepancies.first).to_contain_text("MUG-WHT")
    expect(discrepancies.first).to_contain_text(
        "1 unit of MUG-WHT arrived, 2 were expected — 1 unit short."
    )
    expect(page.locator("#scan-code")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "receiving-closed.png"), full_page=True)
