"""Products through the API: create, read, replace, block, bundle, search, page and delete."""

from __future__ import annotations

from decimal import Decimal

import pytest
from listing_fixtures import amazon_credentials
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
from sqlalchemy import text

from ordertower.adapters.db.repositories import catalog_search
from ordertower.domain.tenancy import Role
from queued_jobs import recomputes_waiting


@pytest.fixture
def url(merchant) -> str:
    return products_url(merchant)


@pytest.fixture
def stored_mug(admin, url) -> dict:
    return created(admin.client.post(url, json=mug()))


def test_a_product_keeps_its_measures_as_entered_and_in_inches_and_pounds(admin, url) -> None:
    product = created(admin.client.post(url, json=mug()))

    assert (product["sku"], product["kind"], product["title"]) == (
        "MUG-BLK",
        "item",
        "Black mug 12 oz",
    )
    assert product["dimensions"] == {
        "length": "10",
        "width": "8",
        "height": "12.5",
        "unit": "cm",
        "length_in": "3.937",
        "width_in": "3.150",
        "height_in": "4.921",
    }
    assert product["weight"] == {"value": "12", "unit": "oz", "pounds": "0.7500"}
    assert (product["case_pack_qty"], product["cost"], product["currency"]) == (24, "2.35", "USD")
    assert product["prep"] == {
        "category": "FRAGILE",
        "prep_types": ["ITEM_BUBBLEWRAP"],
        "expiration_dated": False,
        "fragile": True,
        "liquid": False,
        "hazmat": False,
        "notes": "Wrap twice",
    }
    assert (product["barcodes"], product["fnsku"], product["blocked"]) == (
        [upc(1)],
        "X001MUG001",
        False,
    )


def test_a_product_is_found_by_id_and_by_exact_sku(admin, url, stored_mug) -> None:
    assert ok(admin.client.get(f"{url}/{stored_mug['id']}")) == stored_mug
    assert ok(admin.client.get(f"{url}/by-sku", params={"sku": "MUG-BLK"})) == stored_mug
    missing = admin.client.get(f"{url}/by-sku", params={"sku": "mug-blk"})
    assert (missing.status_code, missing.json()["field"]) == (404, "sku")
    assert admin.client.get(f"{url}/999999").status_code == 404


def test_every_bad_field_of_a_new_product_is_named_and_nothing_is_written(
    admin, url, runtime
) -> None:
    response = admin.client.post(
        url,
        json=mug(
            sku="HAS SPACE",
            title=" ",
            barcodes=["036000291453"],
            fnsku="X00TOOLONG11",
            cost="1.5",
            currency=None,
            case_pack_qty=0,
            prep={"category": "NONE", "prep_types": ["ITEM_POLYBAGGING"]},
        ),
    )

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "product_invalid"
    assert {e["field"] for e in problem["errors"]} == {
        "sku",
        "title",
        "barcodes[0]",
        "fnsku",
        "currency",
        "case_pack_qty",
        "prep.prep_types",
    }
    barcode = next(e for e in problem["errors"] if e["field"] == "barcodes[0]")
    assert barcode["code"] == "invalid_barcode"
    assert "check digit" in barcode["message"]
    assert product_count(runtime) == 0


def test_an_unknown_enum_value_is_a_422_naming_the_field(admin, url, runtime) -> None:
    response = admin.client.post(url, json=mug(prep={"category": "SHINY"}))
    assert (response.status_code, response.json()["field"]) == (422, "prep.category")
    response = admin.client.post(url, json=mug(colour="black"))
    assert (response.status_code, response.json()["field"]) == (422, "colour")
    assert product_count(runtime) == 0


def test_a_sku_already_used_is_a_conflict_naming_the_sku(admin, url, stored_mug, runtime) -> None:
    before = snapshot(runtime)
    again = admin.client.post(url, json=mug(barcodes=[], fnsku=None))
    assert (again.status_code, again.json()["code"], again.json()["field"]) == (
        409,
        "sku_taken",
        "sku",
    )
    assert snapshot(runtime) == before


def test_the_same_gtin_on_another_product_is_a_conflict_naming_the_barcode(
    admin, url, stored_mug, runtime
) -> None:
    before = snapshot(runtime)
    # The stored UPC-A written as an EAN-13 with a leading 0 is the same GTIN.
    response = admin.client.post(
        url, json=mug(sku="MUG-RED", fnsku=None, barcodes=[ean13(5), "0" + upc(1)])
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("barcode_taken", "barcodes[1]")
    assert "MUG-BLK" in response.json()["detail"]
    assert snapshot(runtime) == before


def test_an_fnsku_of_another_product_is_a_conflict_naming_the_fnsku(
    admin, url, stored_mug, runtime
) -> None:
    before = snapshot(runtime)
    response = admin.client.post(url, json=mug(sku="MUG-RED", barcodes=[], fnsku="x001mug001"))
    assert (response.status_code, response.json()["code"]) == (409, "fnsku_taken")
    assert response.json()["field"] == "fnsku"
    assert snapshot(runtime) == before


def test_the_same_barcode_may_be_used_by_two_merchants(admin, url, stored_mug) -> None:
    other = created(admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}))
    created(admin.client.post(products_url(other), json=mug()))


def test_an_update_replaces_the_fields_but_keeps_sku_block_and_components(
    admin, url, stored_mug, runtime
) -> None:
    lid = created(admin.client.post(url, json={"sku": "LID", "title": "Lid"}))
    ok(
        admin.client.put(
            f"{url}/{stored_mug['id']}/components", json={"components": [{"sku": "LID"}]}
        )
    )
    ok(admin.client.post(f"{url}/{stored_mug['id']}/block", json={"reason": "recall"}))

    updated = ok(
        admin.client.put(
            f"{url}/{stored_mug['id']}",
            json={"title": "Black mug, 12 oz", "barcodes": [ean13(7)], "reason": "new packaging"},
        )
    )

    assert (updated["sku"], updated["title"], updated["barcodes"]) == (
        "MUG-BLK",
        "Black mug, 12 oz",
        [ean13(7)],
    )
    assert (updated["fnsku"], updated["dimensions"], updated["cost"]) == (None, None, None)
    assert (updated["blocked"], updated["blocked_reason"]) == (True, "recall")
    assert updated["bundle_components"] == [{"sku": "LID", "quantity": 1}]
    assert updated["kind"] == "bundle"
    assert lid["id"] != updated["id"]
    entry = audit_entries(runtime, "product.updated")[-1]
    assert entry["reason"] == "new packaging"
    assert {"title", "barcodes", "fnsku", "dimensions"} <= set(entry["details"]["changed"])


def test_an_update_may_keep_its_own_barcode_and_fnsku(admin, url, stored_mug) -> None:
    body = {k: v for k, v in mug(title="Renamed").items() if k != "sku"}
    updated = ok(admin.client.put(f"{url}/{stored_mug['id']}", json=body))
    assert (updated["title"], updated["barcodes"], updated["fnsku"]) == (
        "Renamed",
        [upc(1)],
        "X001MUG001",
    )


def test_the_sku_never_changes_and_saying_so_changes_nothing(
    admin, url, stored_mug, runtime
) -> None:
    before = snapshot(runtime)
    response = admin.client.put(f"{url}/{stored_mug['id']}", json=mug(sku="MUG-BLACK"))
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("sku_immutable", "sku")
    assert "cannot change" in response.json()["detail"]
    assert snapshot(runtime) == before


def test_an_update_taking_another_products_barcode_changes_nothing(
    admin, url, stored_mug, runtime
) -> None:
    red = created(admin.client.post(url, json={"sku": "MUG-RED", "title": "Red mug"}))
    before = snapshot(runtime)
    response = admin.client.put(f"{url}/{red['id']}", json={"title": "Red", "barcodes": [upc(1)]})
    assert (response.status_code, response.json()["field"]) == (409, "barcodes[0]")
    assert snapshot(runtime) == before


def test_blocking_needs_a_reason_and_both_moves_are_audited(
    admin, url, stored_mug, runtime
) -> None:
    one = f"{url}/{stored_mug['id']}"
    refused = admin.client.post(f"{one}/block", json={"reason": "  "})
    assert (refused.status_code, refused.json()["field"]) == (422, "reason")

    blocked = ok(admin.client.post(f"{one}/block", json={"reason": "Supplier recall"}))
    assert (blocked["blocked"], blocked["blocked_reason"]) == (True, "Supplier recall")
    unblocked = ok(admin.client.post(f"{one}/unblock", json={"reason": "Recall over"}))
    assert (unblocked["blocked"], unblocked["blocked_reason"]) == (False, None)
    again = admin.client.post(f"{one}/unblock", json={})
    assert (again.status_code, again.json()["code"]) == (409, "product_not_blocked")

    entries = audit_entries(runtime, "product.")
    moves = [(e["action"], e["reason"]) for e in entries if "block" in e["action"]]
    assert moves == [("product.blocked", "Supplier recall"), ("product.unblocked", "Recall over")]
    assert all(e["actor_user_id"] == admin.principal.user_id for e in entries)


def test_bundle_components_are_set_by_sku_and_cleared_to_an_item(
    admin, url, stored_mug, runtime
) -> None:
    created(admin.client.post(url, json={"sku": "SPOON", "title": "Spoon"}))
    gift = created(admin.client.post(url, json={"sku": "GIFT-SET", "title": "Gift set"}))
    assert recomputes_waiting(runtime) == []

    bundle = ok(
        admin.client.put(
            f"{url}/{gift['id']}/components",
            json={"components": [{"sku": "SPOON", "quantity": 2}, {"sku": "MUG-BLK"}]},
        )
    )
    assert bundle["kind"] == "bundle"
    assert recomputes_waiting(runtime) == [gift["id"]]  # its listings sell what the parts allow
    assert bundle["bundle_components"] == [
        {"sku": "MUG-BLK", "quantity": 1},
        {"sku": "SPOON", "quantity": 2},
    ]
    item = ok(admin.client.put(f"{url}/{gift['id']}/components", json={"components": []}))
    assert (item["kind"], item["bundle_components"]) == ("item", [])


def test_unknown_components_and_bad_quantities_are_named_and_nothing_changes(
    admin, url, stored_mug, runtime
) -> None:
    gift = created(admin.client.post(url, json={"sku": "GIFT-SET", "title": "Gift set"}))
    before = snapshot(runtime)
    bad_quantity = admin.client.put(
        f"{url}/{gift['id']}/components",
        json={"components": [{"sku": "MUG-BLK", "quantity": 0}]},
    )
    assert bad_quantity.status_code == 422
    assert [e["field"] for e in bad_quantity.json()["errors"]] == ["bundle_components[0].quantity"]
    unknown = admin.client.put(
        f"{url}/{gift['id']}/components",
        json={"components": [{"sku": "MUG-BLK"}, {"sku": "NO-SUCH"}]},
    )
    assert unknown.status_code == 422
    assert [(e["field"], e["code"]) for e in unknown.json()["errors"]] == [
        ("bundle_components[1].sku", "unknown_component_sku")
    ]
    assert snapshot(runtime) == before


def test_a_bundle_cycle_through_another_bundle_is_rejected_naming_the_path(
    admin, url, stored_mug, runtime
) -> None:
    outer = created(
        admin.client.post(
            url, json={"sku": "OUTER", "title": "Outer", "bundle_components": [{"sku": "MUG-BLK"}]}
        )
    )
    inner = created(admin.client.post(url, json={"sku": "INNER", "title": "Inner"}))
    ok(admin.client.put(f"{url}/{inner['id']}/components", json={"components": [{"sku": "OUTER"}]}))
    before = snapshot(runtime)

    response = admin.client.put(
        f"{url}/{outer['id']}/components", json={"components": [{"sku": "INNER", "quantity": 2}]}
    )

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "bundle_cycle",
        "bundle_components",
    )
    assert "OUTER → INNER → OUTER" in response.json()["detail"]
    assert snapshot(runtime) == before


def test_a_bundle_cannot_contain_itself(admin, url, stored_mug, runtime) -> None:
    before = snapshot(runtime)
    response = admin.client.put(
        f"{url}/{stored_mug['id']}/components", json={"components": [{"sku": "MUG-BLK"}]}
    )
    assert (response.status_code, response.json()["code"]) == (422, "bundle_cycle")
    assert snapshot(runtime) == before


def test_a_new_bundle_naming_an_unknown_component_is_refused(admin, url, runtime) -> None:
    response = admin.client.post(
        url, json={"sku": "KIT", "title": "Kit", "bundle_components": [{"sku": "GHOST"}]}
    )
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["unknown_component_sku"]
    assert product_count(runtime) == 0


def _skus(page: dict) -> list[str]:
    return [item["sku"] for item in page["items"]]


@pytest.fixture
def catalog(admin, url) -> None:
    for body in (
        mug(),
        {"sku": "MUG-RED", "title": "Red mug 12 oz", "asin": "B07XJ8C8F6"},
        {"sku": "mug-lowercase", "title": "Tiny espresso cup"},
        {"sku": "PLATE-1", "title": "Dinner plate, stoneware", "barcodes": [ean13(3)]},
        {"sku": "PLATE-10", "title": "Side plate", "fnsku": "X00PLATE10"},
        {"sku": "SET-DINNER", "title": "Dinner set", "bundle_components": [{"sku": "PLATE-1"}]},
    ):
        created(admin.client.post(url, json=body))
    plate = ok(admin.client.get(f"{url}/by-sku", params={"sku": "PLATE-10"}))
    ok(admin.client.post(f"{url}/{plate['id']}/block", json={"reason": "chipped batch"}))


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("params", "skus"),
    [
        ({}, ["MUG-BLK", "MUG-RED", "PLATE-1", "PLATE-10", "SET-DINNER", "mug-lowercase"]),
        ({"q": "MUG"}, ["MUG-BLK", "MUG-RED"]),
        ({"q": "mug"}, ["MUG-BLK", "MUG-RED", "mug-lowercase"]),
        ({"q": "PLATE-1"}, ["PLATE-1", "PLATE-10"]),
        ({"q": "dinn"}, ["PLATE-1", "SET-DINNER"]),
        ({"q": "stoneware plate"}, ["PLATE-1"]),
        ({"q": "0" + ean13(3)}, ["PLATE-1"]),
        ({"q": "x00plate10"}, ["PLATE-10"]),
        ({"q": "B07XJ8C8F6"}, ["MUG-RED"]),
        ({"sku": "MUG"}, ["MUG-BLK", "MUG-RED"]),
        ({"title": "mug 12"}, ["MUG-BLK", "MUG-RED"]),
        ({"barcode": ean13(3)}, ["PLATE-1"]),
        ({"fnsku": "X001MUG001"}, ["MUG-BLK"]),
        ({"asin": "b07xj8c8f5"}, ["MUG-BLK"]),
        ({"blocked": "true"}, ["PLATE-10"]),
        ({"blocked": "false", "q": "plate"}, ["PLATE-1"]),
        ({"kind": "bundle"}, ["SET-DINNER"]),
        ({"q": "espresso", "kind": "bundle"}, []),
        ({"q": "%"}, []),
    ],
)
def test_search_finds_by_sku_prefix_title_words_and_identifiers(admin, url, params, skus) -> None:
    assert _skus(ok(admin.client.get(url, params=params))) == skus


@pytest.mark.usefixtures("catalog")
def test_pages_follow_the_sku_order_without_repeats_or_gaps(admin, url) -> None:
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = ok(admin.client.get(url, params=params))
        seen += _skus(page)
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 2
    assert seen == ["MUG-BLK", "MUG-RED", "PLATE-1", "PLATE-10", "SET-DINNER", "mug-lowercase"]
    searched = ok(admin.client.get(url, params={"q": "mug", "limit": 2}))
    rest = ok(
        admin.client.get(url, params={"q": "mug", "limit": 2, "cursor": searched["next_cursor"]})
    )
    assert (_skus(searched), _skus(rest), rest["next_cursor"]) == (
        ["MUG-BLK", "MUG-RED"],
        ["mug-lowercase"],
        None,
    )


def test_a_malformed_barcode_filter_or_cursor_is_a_422_naming_it(admin, url) -> None:
    response = admin.client.get(url, params={"barcode": "123"})
    assert (response.status_code, response.json()["field"]) == (422, "barcode")
    response = admin.client.get(url, params={"cursor": "zz"})
    assert (response.status_code, response.json()["field"]) == (422, "cursor")


def test_deleting_a_product_nothing_uses_removes_it_with_an_audit_entry(
    admin, url, stored_mug, runtime
) -> None:
    response = admin.client.delete(f"{url}/{stored_mug['id']}", params={"reason": "typo"})
    assert response.status_code == 204
    assert product_count(runtime) == 0
    entry = audit_entries(runtime, "product.deleted")[-1]
    assert (entry["reason"], entry["details"]["sku"]) == ("typo", "MUG-BLK")


def test_a_component_of_a_bundle_is_not_deleted_and_the_bundle_is_named(
    admin, url, stored_mug, runtime
) -> None:
    created(
        admin.client.post(
            url, json={"sku": "KIT", "title": "Kit", "bundle_components": [{"sku": "MUG-BLK"}]}
        )
    )
    before = snapshot(runtime)
    response = admin.client.delete(f"{url}/{stored_mug['id']}")
    assert (response.status_code, response.json()["code"]) == (409, "product_in_use")
    assert "bundle(s) KIT" in response.json()["detail"]
    assert "block" in response.json()["detail"]
    assert snapshot(runtime) == before


def test_a_listed_product_is_not_deleted_and_the_listing_is_named(
    admin, url, merchant, stored_mug, runtime
) -> None:
    account = created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/channel-accounts",
            json={"kind": "amazon", "name": "Amazon US", "credentials": amazon_credentials()},
        )
    )
    created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/listings",
            json={"channel_account_id": account["id"], "sku": "MUG-BLK", "channel_sku": "MUG-1"},
        )
    )
    response = admin.client.delete(f"{url}/{stored_mug['id']}")
    assert (response.status_code, response.json()["code"]) == (409, "product_in_use")
    assert "1 channel listing(s)" in response.json()["detail"]
    assert product_count(runtime) == 1


def test_a_product_other_stored_data_refers_to_is_not_deleted(
    admin, url, stored_mug, runtime
) -> None:
    with runtime.engine.begin() as connection:  # stands for stock history and later areas
        connection.execute(
            text(
                "CREATE TABLE pallet_labels (merchant_id bigint, product_id bigint, FOREIGN KEY"
                " (merchant_id, product_id) REFERENCES products (merchant_id, id))"
            )
        )
        connection.execute(
            text("INSERT INTO pallet_labels VALUES (:m, :p)"),
            {"m": stored_mug["merchant_id"], "p": stored_mug["id"]},
        )
    response = admin.client.delete(f"{url}/{stored_mug['id']}")
    assert (response.status_code, response.json()["code"]) == (409, "product_in_use")
    assert "pallet labels" in response.json()["detail"]
    assert product_count(runtime) == 1


def test_a_client_may_read_products_but_not_change_them(
    admin, make_actor, merchant, url, stored_mug, runtime
) -> None:
    client = make_actor(Role.CLIENT, (merchant["id"],)).client
    assert _skus(ok(client.get(url))) == ["MUG-BLK"]
    before = snapshot(runtime)
    for method, path, body in (
        ("POST", url, mug(sku="NEW")),
        ("PUT", f"{url}/{stored_mug['id']}", {"title": "x"}),
        ("POST", f"{url}/{stored_mug['id']}/block", {"reason": "x"}),
        ("PUT", f"{url}/{stored_mug['id']}/components", {"components": []}),
        ("DELETE", f"{url}/{stored_mug['id']}", None),
    ):
        response = client.request(method, path, json=body)
        assert response.status_code == 403, (method, path, response.text)
    assert snapshot(runtime) == before


def test_another_merchants_product_is_not_found(admin, make_actor, url, stored_mug) -> None:
    other = created(admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}))
    manager = make_actor(Role.MANAGER, (other["id"],)).client
    response = manager.get(f"{products_url(other)}/{stored_mug['id']}")
    assert response.status_code == 404
    assert manager.get(f"{url}/{stored_mug['id']}").status_code == 404


def test_measures_with_more_decimals_than_stored_are_rounded_not_refused(admin, url) -> None:
    body = mug(weight={"value": "0.123456", "unit": "kg"}, dimensions=None)
    product = created(admin.client.post(url, json=body))
    assert Decimal(product["weight"]["value"]) == Decimal("0.1235")


def test_rare_title_words_beyond_the_walked_window_are_found_in_sku_order(
    admin, url, monkeypatch
) -> None:
    monkeypatch.setattr(catalog_search, "WINDOW", 2)  # walk 2 products before the full-text index
    for sku, title in (
        ("A-1", "Plain thing"),
        ("A-2", "Plain thing"),
        ("A-3", "Plain thing"),
        ("B-1", "Rare teapot"),
        ("B-2", "Another plain thing"),
        ("C-1", "Rare teapot, large"),
    ):
        created(admin.client.post(url, json={"sku": sku, "title": title}))

    def walk(**params) -> list[str]:
        seen, cursor = [], None
        while True:
            page = ok(admin.client.get(url, params={**params, "limit": 1, "cursor": cursor}))
            seen += _skus(page)
            if (cursor := page["next_cursor"]) is None:
                return seen

    assert walk(title="teapot") == ["B-1", "C-1"]
    assert walk(q="rare tea") == ["B-1", "C-1"]
    assert walk(title="plain") == ["A-1", "A-2", "A-3", "B-2"]
    assert walk(title="teapot", sku="C") == ["C-1"]
