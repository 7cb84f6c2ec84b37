"""Product pages: the list with live search, one product, blocking, CSV import and export."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from page_session import flash_after, sign_in

from ordertower.domain.tenancy import Role

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))
from product_fixtures import (
    created,
    ean13,
    mug,
    product_count,
    products_url,
    snapshot,
    upc,
)

GOOD_FILE = f"sku,title,barcodes,weight,weight_unit\r\nCUP-1,Cup one,{upc(5)},8,oz\r\n"


@pytest.fixture
def office(runtime, merchant):
    """An admin signed in to the web UI, working on the merchant."""
    return sign_in(runtime, Role.ADMIN)


@pytest.fixture
def catalog(admin, merchant) -> dict[str, dict]:
    url = products_url(merchant)
    return {
        "mug": created(admin.client.post(url, json=mug())),
        "plate": created(
            admin.client.post(
                url, json={"sku": "PLATE-1", "title": "Dinner plate", "barcodes": [ean13(3)]}
            )
        ),
        "set": created(
            admin.client.post(
                url,
                json={
                    "sku": "SET-1",
                    "title": "Breakfast set",
                    "bundle_components": [{"sku": "MUG-BLK", "quantity": 2}, {"sku": "PLATE-1"}],
                },
            )
        ),
    }


def upload(office, content: bytes, name: str = "products.csv"):
    return office.post("/products/import", files={"file": (name, content, "text/csv")})


def test_the_list_shows_the_merchants_products_with_search_and_filters(office, catalog) -> None:
    page = office.get("/products")
    assert page.status_code == 200
    for text in ("MUG-BLK", "Black mug 12 oz", "PLATE-1", "SET-1", "Bundle", upc(1), "X001MUG001"):
        assert text in page.text
    assert 'name="q"' in page.text
    assert 'hx-get="/products"' in page.text

    searched = office.get("/products", params={"q": "plate"})
    assert "PLATE-1" in searched.text
    assert "MUG-BLK" not in searched.text
    bundles = office.get("/products", params={"kind": "bundle"})
    assert "SET-1" in bundles.text
    assert "PLATE-1" not in bundles.text.split("<tbody>")[1]


def test_live_search_answers_htmx_with_the_results_table_only(office, catalog) -> None:
    fragment = office.get("/products", params={"q": "mug"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "MUG-BLK" in fragment.text
    assert "PLATE-1" not in fragment.text
    assert "<html" not in fragment.text
    assert 'name="q"' not in fragment.text


def test_the_list_pages_by_cursor(office, admin, merchant) -> None:
    for n in range(55):
        created(
            admin.client.post(products_url(merchant), json={"sku": f"SKU-{n:03d}", "title": "T"})
        )
    first = office.get("/products")
    assert "SKU-049" in first.text
    assert "SKU-050" not in first.text
    next_url = first.text.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = office.get(next_url)
    assert "SKU-050" in second.text
    assert "SKU-054" in second.text
    assert "SKU-049" not in second.text


def test_a_product_page_shows_identity_measures_prep_and_components(office, catalog) -> None:
    page = office.get(f"/products/{catalog['mug']['id']}")
    assert page.status_code == 200
    for text in (
        "MUG-BLK",
        "X001MUG001",
        "B07XJ8C8F5",
        upc(1),
        "UPC-A",
        "10 × 8 × 12.5 cm",
        "3.937 × 3.150 × 4.921 in",
        "12 oz",
        "0.7500 lb",
        "FRAGILE",
        "ITEM_BUBBLEWRAP",
        "Wrap twice",
        "24 per case",
        "2.35 USD",
    ):
        assert text in page.text, text
    kit = office.get(f"/products/{catalog['set']['id']}")
    assert "Bundle components" in kit.text
    assert "/products/by-sku?sku=MUG-BLK" in kit.text
    component = office.get("/products/by-sku", params={"sku": "MUG-BLK"}, follow_redirects=False)
    assert component.headers["location"] == f"/products/{catalog['mug']['id']}"


def test_blocking_from_the_product_page_needs_a_reason(office, catalog, runtime) -> None:
    url = f"/products/{catalog['plate']['id']}"
    refused = office.post(f"{url}/block", {"reason": ""})
    assert refused.status_code == 422
    assert "needs a reason" in refused.text
    page = flash_after(office, office.post(f"{url}/block", {"reason": "Chipped batch"}))
    assert "PLATE-1 is blocked." in page
    assert "Chipped batch" in page
    page = flash_after(office, office.post(f"{url}/unblock", {}))
    assert "no longer blocked" in page


def test_a_file_with_a_bad_row_shows_the_report_and_imports_nothing(office, runtime) -> None:
    bad = b"sku,title,barcodes\r\nCUP-1,Cup one,\r\nCUP-2,Cup two,036000291453\r\n"
    page = upload(office, bad, "cups.csv")
    assert page.status_code == 422
    assert "nothing was imported" in page.text
    assert "cups.csv" in page.text
    row = page.text.split("<tbody>")[1]
    assert ">3<" in row
    assert "barcodes" in row
    assert "invalid_barcode" in row
    assert product_count(runtime) == 0


def test_a_valid_file_is_imported_and_the_counts_are_flashed(office, runtime) -> None:
    page = flash_after(office, upload(office, GOOD_FILE.encode()))
    assert "1 product(s) created, 0 updated" in page
    assert "CUP-1" in page
    assert product_count(runtime) == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [("sku,title\r\nCafé,Tasse\r\n".encode("latin-1"), "file_not_utf8"), (b"", "no_file")],
)
def test_a_file_that_cannot_be_read_is_refused_by_name(office, runtime, content, code) -> None:
    response = (
        upload(office, content)
        if content
        else office.post("/products/import", files={"file": ("", b"", "text/csv")})
    )
    assert response.status_code == 422
    assert code in response.text
    assert product_count(runtime) == 0


def test_the_export_link_downloads_the_catalog_as_csv(office, catalog) -> None:
    page = office.get("/products")
    assert 'href="/products/export"' in page.text
    exported = office.get("/products/export")
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[0].startswith("sku,title")
    assert "SET-1" in exported.text
    assert "MUG-BLK*2|PLATE-1*1" in exported.text


def test_a_client_sees_products_but_no_import(runtime, merchant, catalog) -> None:
    client = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    assert "MUG-BLK" in client.get("/products").text
    assert 'href="/products/import"' not in client.get("/products").text
    assert client.get("/products/import").status_code == 403
    before = snapshot(client.client.app.state.runtime)
    assert upload(client, GOOD_FILE.encode()).status_code == 403
    assert (
        client.post(f"/products/{catalog['mug']['id']}/block", {"reason": "x"}).status_code == 403
    )
    assert snapshot(client.client.app.state.runtime) == before


def test_another_merchants_product_page_is_not_found(runtime, admin, catalog) -> None:
    other = created(admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}))
    stranger = sign_in(runtime, Role.MANAGER, (other["id"],))
    assert stranger.get(f"/products/{catalog['mug']['id']}").status_code == 404
    assert "MUG-BLK" not in stranger.get("/products").text
    assert stranger.get("/products/by-sku", params={"sku": "MUG-BLK"}).status_code == 404


def test_the_dashboard_counts_the_merchants_products(office, catalog) -> None:
    page = office.get("/").text
    counter = page.split('class="counter" href="/products">', 1)[1].split("</a>", 1)[0]
    assert "Products" in counter
    assert '<span class="counter-value">3</span>' in counter
