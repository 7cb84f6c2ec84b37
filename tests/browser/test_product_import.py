"""In chromium: sign in, import a product file with a bad row, read the report, fix it, import."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from ordertower.domain.catalog import gs1_check_digit
from ordertower.services.catalog import products
from ordertower.services.tenancy import access
from ordertower.services.tenancy.credentials import principal_of


def upc(n: int) -> str:
    body = f"0{n:010d}"
    return body + str(gs1_check_digit(body))


def product_file(directory: Path, name: str, second_barcode: str) -> Path:
    path = directory / name
    path.write_text(
        "sku,title,barcodes,weight,weight_unit\n"
        f"CUP-1,Stoneware cup,{upc(1)},9,oz\n"
        f"CUP-2,Espresso cup,{second_barcode},3,oz\n",
        encoding="utf-8",
    )
    return path


def test_an_import_with_a_bad_row_is_reported_then_fixed_and_listed(
    page: Page, live_server, tmp_path: Path
) -> None:
    admin = live_server.sign_in(page)
    runtime = live_server.runtime
    merchant = access.create_merchant(
        runtime.uow(), principal=principal_of(admin), code="ACME", name="Acme Goods"
    )

    page.goto(f"{live_server.url}/products")
    page.get_by_role("link", name="Import CSV").click()
    bad_check_digit = upc(2)[:-1] + str((int(upc(2)[-1]) + 1) % 10)
    page.set_input_files("input[name=file]", product_file(tmp_path, "cups.csv", bad_check_digit))
    page.get_by_role("button", name="Import").click()

    report = page.get_by_role("region", name="Problems found")
    expect(report).to_contain_text("nothing was imported")
    row = report.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("3")
    expect(row.locator("td").nth(1)).to_have_text("barcodes")
    expect(row.locator("td").nth(2)).to_have_text("invalid_barcode")
    page.screenshot(path=str(tmp_path / "product-import-errors.png"), full_page=True)
    principal = principal_of(admin)
    assert products.count_products(runtime.uow(), principal=principal, merchant_id=merchant.id) == 0

    page.set_input_files("input[name=file]", product_file(tmp_path, "cups-fixed.csv", upc(2)))
    page.get_by_role("button", name="Import").click()

    expect(page).to_have_url(f"{live_server.url}/products")
    expect(page.get_by_role("status")).to_contain_text("2 product(s) created, 0 updated")
    table = page.locator("#product-results table")
    expect(table).to_contain_text("CUP-1")
    expect(table).to_contain_text("Espresso cup")
    page.screenshot(path=str(tmp_path / "product-list-after-import.png"), full_page=True)

    page.get_by_role("searchbox", name="Search").fill("espresso")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).not_to_contain_text("CUP-1")
    expect(page).to_have_url(re.compile(r"/products\?q=espresso"))
    page.get_by_role("link", name="CUP-2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CUP-2")
    expect(page.locator("main")).to_contain_text("0.1875 lb")
    page.screenshot(path=str(tmp_path / "product-detail.png"), full_page=True)
