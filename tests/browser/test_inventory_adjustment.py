"""In chromium: sign in, adjust stock through the form (a refusal first), see the balance and the movement."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import insert

from ordertower.adapters.db.tables.catalog import products
from ordertower.adapters.db.tables.locations import bins, locations, zones
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.tenancy import access
from ordertower.services.tenancy.credentials import principal_of


def _stockroom(runtime, merchant_id: int) -> None:
    """A warehouse with bin A-01 and the merchant's SKU MUG-BLK."""
    with runtime.engine.begin() as c:
        warehouse = c.execute(
            insert(locations)
            .values(code="WH-EAST", name="East", kind="warehouse")
            .returning(locations.c.id)
        ).scalar_one()
        zone = c.execute(
            insert(zones)
            .values(location_id=warehouse, code="S", name="Storage", kind="storage")
            .returning(zones.c.id)
        ).scalar_one()
        c.execute(
            insert(bins).values(
                location_id=warehouse,
                zone_id=zone,
                code="A-01",
                barcode="BIN-A-01",
                sort_key="A-01",
            )
        )
        c.execute(
            insert(products).values(merchant_id=merchant_id, sku="MUG-BLK", title="Black mug")
        )


def test_an_adjustment_made_in_the_form_shows_in_the_balance_and_the_history(
    page: Page, live_server, tmp_path: Path
) -> None:
    admin = live_server.sign_in(page)
    runtime = live_server.runtime
    merchant = access.create_merchant(
        runtime.uow(), principal=principal_of(admin), code="ACME", name="Acme Goods"
    )
    _stockroom(runtime, merchant.id)

    page.goto(f"{live_server.url}/inventory")
    page.get_by_role("link", name="Adjust stock").click()
    form = page.locator("#adjust-form")
    form.get_by_label("SKU").fill("MUG-BLK")
    form.get_by_label("Units").fill("12")
    form.get_by_label("Bin").fill("A-01")
    form.get_by_role("button", name="Adjust stock").click()

    expect(page.locator("#field-reason-error")).to_have_text("Choose why the books change.")
    expect(form.get_by_label("SKU")).to_have_value("MUG-BLK")
    form.get_by_label("Reason").select_option("found")
    form.get_by_label("Note").fill("Pallet found behind the dock door")
    form.get_by_role("button", name="Adjust stock").click()

    expect(page).to_have_url(f"{live_server.url}/inventory/skus/MUG-BLK")
    expect(page.get_by_role("status")).to_have_text("Adjusted +12 × MUG-BLK.")
    pools = page.locator("#pools tbody tr")
    expect(pools).to_have_count(1)
    expect(pools.locator("td").nth(0)).to_have_text("WH-EAST")
    expect(pools.locator("td").nth(1)).to_have_text("12")
    expect(page.locator("#balances tbody tr td").nth(1)).to_have_text("A-01")
    movement = page.locator("table.movements tbody tr").first
    expect(movement).to_contain_text("Adjustment")
    expect(movement).to_contain_text("found: Pallet found behind the dock door")
    expect(movement).to_contain_text("WH-EAST/A-01")
    page.screenshot(path=str(tmp_path / "inventory-after-adjustment.png"), full_page=True)

    page.get_by_role("link", name="All movements").click()
    expect(page.locator("table.movements tbody tr")).to_have_count(1)
    assert verify_inventory(runtime.uow()) == []
