"""The product CSV file through the API: all or nothing, errors by row and column, upsert by SKU."""

from __future__ import annotations

import pytest
from product_fixtures import (
    audit_entries,
    created,
    ean13,
    mug,
    ok,
    product_count,
    products_url,
    snapshot,
    upc,
)

from ordertower.domain.tenancy import Role
from queued_jobs import recomputes_waiting

HEADER = "sku,title,barcodes,fnsku,weight,weight_unit,bundle_components,blocked,blocked_reason"


@pytest.fixture
def url(merchant) -> str:
    return products_url(merchant)


def upload(client, url: str, *rows: str, header: str = HEADER):
    return client.post(
        f"{url}/import",
        content="\r\n".join((header, *rows)) + "\r\n",
        headers={"content-type": "text/csv"},
    )


def errors(response) -> list[tuple[int, str, str]]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "product_file_invalid"
    return [(e["row"], e["column"], e["code"]) for e in body["errors"]]


def test_a_valid_file_creates_every_product_in_one_audited_import(admin, url, runtime) -> None:
    response = upload(
        admin.client,
        url,
        f"CUP-1,Cup one,{upc(1)}|{ean13(2)},X00CUP0001,8,oz,,,",
        "CUP-2,Cup two,,,,,,true,Cracked glaze",
        "CUP-SET,Two cups,,,,,CUP-1*2|CUP-2,,",
    )

    report = ok(response)
    assert (report["created"], report["updated"]) == (3, 0)
    assert report["created_skus"] == ["CUP-1", "CUP-2", "CUP-SET"]
    cup = ok(admin.client.get(f"{url}/by-sku", params={"sku": "CUP-1"}))
    assert (cup["barcodes"], cup["fnsku"], cup["weight"]["pounds"]) == (
        [upc(1), ean13(2)],
        "X00CUP0001",
        "0.5000",
    )
    cracked = ok(admin.client.get(f"{url}/by-sku", params={"sku": "CUP-2"}))
    assert (cracked["blocked"], cracked["blocked_reason"]) == (True, "Cracked glaze")
    kit = ok(admin.client.get(f"{url}/by-sku", params={"sku": "CUP-SET"}))
    assert (kit["kind"], kit["bundle_components"]) == (
        "bundle",
        [{"sku": "CUP-1", "quantity": 2}, {"sku": "CUP-2", "quantity": 1}],
    )
    [entry] = audit_entries(runtime, "products.imported")
    assert entry["details"] == {"rows": 3, "created": 3, "updated": 0}
    assert entry["actor_user_id"] == admin.principal.user_id
    assert recomputes_waiting(runtime) == [kit["id"]]  # a bundle's listings: its parts changed
    ok(upload(admin.client, url, "CUP-SET,Two cups,,,,,,,"))  # now an item: parts gone
    ok(upload(admin.client, url, "CUP-1,Cup one renamed,,,,,,,"))  # an item stays an item
    assert recomputes_waiting(runtime) == [kit["id"]]


def test_one_bad_row_writes_nothing_and_is_named_by_row_and_column(admin, url, runtime) -> None:
    response = upload(
        admin.client,
        url,
        f"CUP-1,Cup one,{upc(1)},,,,,,",
        "CUP-2,Cup two,036000291453,,,,,,",
        "CUP-3,Cup three,,,,,,,",
    )
    assert errors(response) == [(3, "barcodes", "invalid_barcode")]
    message = response.json()["errors"][0]["message"]
    assert "check digit" in message
    assert product_count(runtime) == 0


def test_every_error_of_the_file_is_reported_at_once_in_row_order(admin, url, runtime) -> None:
    response = upload(
        admin.client,
        url,
        "CUP 1,,,,,,,,",
        "CUP-2,Cup,,X00TOOLONG11,heavy,lb,,,",
        "CUP-3,Cup,,,,,GHOST*2,yes,",
        "CUP-2,Again,,,,,,,",
    )
    assert errors(response) == [
        (2, "sku", "invalid_sku"),
        (2, "title", "required"),
        (3, "fnsku", "invalid_fnsku"),
        (3, "weight", "not_a_number"),
        (4, "blocked_reason", "blocked_reason_required"),
        (4, "bundle_components", "unknown_component_sku"),
        (5, "sku", "duplicate_sku"),
    ]
    assert product_count(runtime) == 0


def test_an_existing_sku_in_the_file_replaces_that_product(admin, url, runtime) -> None:
    stored = created(admin.client.post(url, json=mug()))
    response = upload(
        admin.client,
        url,
        "MUG-BLK,Black mug (new box),,,1,lb,,,",
        "MUG-RED,Red mug,,,,,,,",
    )
    report = ok(response)
    assert (report["created_skus"], report["updated_skus"]) == (["MUG-RED"], ["MUG-BLK"])
    replaced = ok(admin.client.get(f"{url}/{stored['id']}"))
    assert (replaced["title"], replaced["barcodes"], replaced["fnsku"]) == (
        "Black mug (new box)",
        [],
        None,
    )
    assert (replaced["weight"]["value"], replaced["dimensions"], replaced["prep"]["category"]) == (
        "1",
        None,
        None,
    )
    assert product_count(runtime) == 2


def test_a_barcode_or_fnsku_of_a_product_outside_the_file_is_named_by_row(
    admin, url, runtime
) -> None:
    created(admin.client.post(url, json=mug()))
    before = snapshot(runtime)
    response = upload(
        admin.client,
        url,
        "CUP-1,Cup,,,,,,,",
        f"CUP-2,Cup,{ean13(9)}|0{upc(1)},,,,,,",
        "CUP-3,Cup,,x001mug001,,,,,",
    )
    assert errors(response) == [(3, "barcodes", "barcode_taken"), (4, "fnsku", "fnsku_taken")]
    assert "MUG-BLK" in response.json()["errors"][0]["message"]
    assert snapshot(runtime) == before


def test_identifiers_may_move_between_products_of_the_same_file(admin, url) -> None:
    created(admin.client.post(url, json=mug()))
    response = upload(
        admin.client,
        url,
        "MUG-BLK,Black mug,,,,,,,",
        f"MUG-NEW,New black mug,{upc(1)},X001MUG001,,,,,",
    )
    assert ok(response)["created_skus"] == ["MUG-NEW"]
    moved = ok(admin.client.get(f"{url}/by-sku", params={"sku": "MUG-NEW"}))
    assert (moved["barcodes"], moved["fnsku"]) == ([upc(1)], "X001MUG001")


def test_two_rows_with_one_barcode_are_refused_on_the_later_row(admin, url, runtime) -> None:
    response = upload(admin.client, url, f"CUP-1,Cup,{upc(4)},,,,,,", f"CUP-2,Cup,0{upc(4)},,,,,,")
    assert errors(response) == [(3, "barcodes", "duplicate_barcode")]
    assert product_count(runtime) == 0


def test_components_may_name_catalog_skus(admin, url) -> None:
    created(admin.client.post(url, json=mug()))
    response = upload(admin.client, url, "GIFT,Gift box,,,,,MUG-BLK*4,,")
    assert ok(response)["created"] == 1
    gift = ok(admin.client.get(f"{url}/by-sku", params={"sku": "GIFT"}))
    assert gift["bundle_components"] == [{"sku": "MUG-BLK", "quantity": 4}]


def test_a_cycle_through_a_stored_bundle_is_reported_on_its_row(admin, url, runtime) -> None:
    created(admin.client.post(url, json=mug()))
    created(
        admin.client.post(
            url, json={"sku": "GIFT", "title": "Gift", "bundle_components": [{"sku": "MUG-BLK"}]}
        )
    )
    before = snapshot(runtime)
    response = upload(admin.client, url, "OK-1,Fine,,,,,,,", "MUG-BLK,Black mug,,,,,GIFT*1,,")
    assert errors(response) == [(3, "bundle_components", "bundle_cycle")]
    assert "MUG-BLK → GIFT → MUG-BLK" in response.json()["errors"][0]["message"]
    assert snapshot(runtime) == before


def test_a_file_without_the_required_columns_is_refused_on_the_header(admin, url, runtime) -> None:
    response = upload(admin.client, url, "Cup", header="title")
    assert errors(response) == [(1, "sku", "missing_column")]
    assert product_count(runtime) == 0


def test_a_multipart_upload_works_like_a_csv_body(admin, url) -> None:
    file = b"sku,title\r\nCUP-1,Cup\r\n"
    response = admin.client.post(
        f"{url}/import", files={"file": ("products.csv", file, "text/csv")}
    )
    assert ok(response)["created_skus"] == ["CUP-1"]
    bad = admin.client.post(
        f"{url}/import", files={"file": ("products.csv", b"sku,title\r\nCUP 2,Cup\r\n", "text/csv")}
    )
    assert errors(bad) == [(2, "sku", "invalid_sku")]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("sku,title\nCafé,Tasse".encode("latin-1"), "text/csv"),
        (b"{}", "application/json"),
    ],
)
def test_a_file_the_api_cannot_read_is_a_422_naming_the_file(
    admin, url, runtime, content, content_type
) -> None:
    response = admin.client.post(
        f"{url}/import", content=content, headers={"content-type": content_type}
    )
    assert (response.status_code, response.json()["field"]) == (422, "file")
    assert product_count(runtime) == 0


def test_a_multipart_form_without_the_file_field_is_a_422_naming_it(admin, url) -> None:
    response = admin.client.post(f"{url}/import", data={"other": "x"}, files={"x": ("a", b"")})
    assert (response.status_code, response.json()["field"]) == (422, "file")


def test_an_exported_file_imports_back_without_changing_anything(admin, url, runtime) -> None:
    created(admin.client.post(url, json=mug()))
    created(
        admin.client.post(
            url,
            json={
                "sku": "-MINUS-1",
                "title": '+Formula-looking, "quoted" title',
                "blocked": True,
                "blocked_reason": "Line\u00a0break free",
                "bundle_components": [{"sku": "MUG-BLK", "quantity": 3}],
            },
        )
    )
    exported = admin.client.get(f"{url}/export")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    before = snapshot(runtime)

    again = admin.client.post(
        f"{url}/import", content=exported.content, headers={"content-type": "text/csv"}
    )

    assert ok(again)["updated"] == 2
    after = snapshot(runtime)
    strip = lambda rows: [row[:-2] for row in rows]  # noqa: E731 (created_at, updated_at)
    assert strip(after["products"]) == strip(before["products"])
    assert after["bundle_components"] == before["bundle_components"]
    assert [r[2:] for r in after["product_barcodes"]] == [r[2:] for r in before["product_barcodes"]]
    assert admin.client.get(f"{url}/export").content == exported.content


def test_an_empty_catalog_exports_just_the_header(admin, url) -> None:
    exported = admin.client.get(f"{url}/export")
    assert exported.text.splitlines()[0].startswith("sku,title,barcodes")
    assert len(exported.text.splitlines()) == 1


def test_a_client_may_export_but_not_import(admin, make_actor, merchant, url, runtime) -> None:
    created(admin.client.post(url, json=mug()))
    client = make_actor(Role.CLIENT, (merchant["id"],)).client
    assert "MUG-BLK" in client.get(f"{url}/export").text
    response = upload(client, url, "CUP-1,Cup,,,,,,,")
    assert response.status_code == 403
    assert product_count(runtime) == 1
