"""Listing pages: filter and page through listings, map a channel product to a SKU, edit its rule."""

from __future__ import annotations

import pytest
from page_session import flash_after, sign_in
from sqlalchemy import insert, select

from ordertower.adapters.db.tables.catalog import products
from ordertower.adapters.db.tables.channels import listing_locations, listings
from ordertower.domain.tenancy import Role

WAREHOUSE = {
    "code": "CHI1",
    "name": "Chicago DC",
    "address": {"line1": "1 Dock St", "city": "Chicago", "postal_code": "60601", "country": "US"},
    "time_zone": "America/Chicago",
}


def add_product(runtime, merchant_id: int, sku: str) -> None:
    with runtime.engine.begin() as connection:
        connection.execute(insert(products).values(merchant_id=merchant_id, sku=sku, title=sku))


def stored(runtime) -> list[dict]:
    with runtime.engine.connect() as connection:
        return [
            dict(r._mapping) for r in connection.execute(select(listings).order_by(listings.c.id))
        ]


def feeding(runtime) -> list[int]:
    with runtime.engine.connect() as connection:
        return list(connection.execute(select(listing_locations.c.location_id)).scalars())


@pytest.fixture
def shop(admin, merchant, runtime) -> dict[str, int]:
    """A merchant with products, a Shopify and an Amazon account, a warehouse and an FBA location."""
    base = f"/api/v1/merchants/{merchant['id']}"
    for sku in ("MUG-BLK", "MUG-WHT", "TEE-M"):
        add_product(runtime, merchant["id"], sku)
    made = {
        "shopify": admin.client.post(
            f"{base}/channel-accounts", json={"kind": "shopify", "name": "Acme Shopify"}
        ),
        "amazon": admin.client.post(
            f"{base}/channel-accounts", json={"kind": "amazon", "name": "Acme Amazon"}
        ),
        "warehouse": admin.client.post("/api/v1/locations", json=WAREHOUSE),
        "fba": admin.client.post(
            f"{base}/locations", json={"kind": "fba", "marketplace_id": "ATVPDKIKX0DER"}
        ),
    }
    return {name: response.json()["id"] for name, response in made.items()}


@pytest.fixture
def manager(runtime, merchant):
    return sign_in(runtime, Role.MANAGER, (merchant["id"],))


def amazon_listing(shop, **changes: object) -> dict[str, object]:
    return {
        "channel_account_id": str(shop["amazon"]),
        "sku": "MUG-BLK",
        "quantity_per": "2",
        "status": "active",
        "channel_sku": "AMZ-MUG-2PK",
        "asin": "B000000001",
        "fnsku": "X000000001",
        "fulfillment_channel": "AFN",
        "stock_rule.safety_buffer": "3",
        "stock_rule.percent_cap": "50",
        "stock_rule.min_shown": "2",
        "stock_rule.max_shown": "100",
        "location_ids": [str(shop["fba"])],
        **changes,
    }


def test_the_new_listing_form_shows_the_identity_fields_of_the_chosen_accounts_channel(
    manager, shop
) -> None:
    shopify = manager.get(f"/listings/new?channel_account_id={shop['shopify']}").text
    assert 'name="external_inventory_id"' in shopify
    assert 'name="asin"' not in shopify
    amazon = manager.get(f"/listings/new?channel_account_id={shop['amazon']}").text
    assert 'name="asin"' in amazon
    assert 'name="fnsku"' in amazon
    assert 'name="fulfillment_channel"' in amazon
    assert 'name="external_inventory_id"' not in amazon
    for name in ("safety_buffer", "percent_cap", "min_shown", "max_shown"):
        assert f'name="stock_rule.{name}"' in amazon
    assert "CHI1 · Chicago DC" in amazon
    assert "FBA-US-M" in amazon


def test_an_amazon_two_pack_is_mapped_with_its_stock_rule_and_feeding_location(
    manager, shop, runtime
) -> None:
    page = flash_after(manager, manager.post("/listings/new", amazon_listing(shop)))
    assert "Listing AMZ-MUG-2PK now sells MUG-BLK." in page
    (listing,) = stored(runtime)
    assert listing["quantity_per"] == 2
    assert listing["fulfillment_channel"] == "AFN"
    assert listing["fnsku"] == "X000000001"
    assert (listing["safety_buffer"], listing["percent_cap"]) == (3, 50)
    assert (listing["min_shown"], listing["max_shown"]) == (2, 100)
    assert feeding(runtime) == [shop["fba"]]
    assert 'value="AMZ-MUG-2PK"' in page
    assert "checked" in page


def test_a_shopify_listing_takes_its_variant_and_inventory_item_ids(manager, shop, runtime) -> None:
    form = {
        "channel_account_id": str(shop["shopify"]),
        "sku": "TEE-M",
        "quantity_per": "1",
        "external_product_id": "4400",
        "external_inventory_id": "gid://shopify/InventoryItem/9900",
    }
    flash_after(manager, manager.post("/listings/new", form))
    (listing,) = stored(runtime)
    assert listing["channel_sku"] == "variant-4400"
    assert listing["external_inventory_id"] == "gid://shopify/InventoryItem/9900"


def test_bad_listing_input_shows_every_field_error_and_writes_nothing(
    manager, shop, runtime
) -> None:
    bad = amazon_listing(
        shop,
        sku="NO-SUCH-SKU",
        fnsku="",
        **{"stock_rule.percent_cap": "150", "stock_rule.min_shown": "lots"},
    )
    response = manager.post("/listings/new", bad)
    assert response.status_code == 422
    assert "Give a whole number." in response.text
    assert stored(runtime) == []
    bad["stock_rule.min_shown"] = "5"
    response = manager.post("/listings/new", bad)
    assert response.status_code == 422
    assert "The merchant has no product NO-SUCH-SKU" in response.text
    assert "needs its FNSKU" in response.text
    assert 'href="#field-stock_rule.percent_cap"' in response.text
    assert 'value="AMZ-MUG-2PK"' in response.text  # what was typed is kept
    assert stored(runtime) == []


def test_a_channel_sku_listed_twice_on_an_account_is_a_conflict(manager, shop, runtime) -> None:
    manager.post("/listings/new", amazon_listing(shop))
    again = manager.post("/listings/new", amazon_listing(shop, sku="MUG-WHT"))
    assert again.status_code == 409
    assert "already listed on this channel account" in again.text
    assert len(stored(runtime)) == 1


def test_editing_a_listing_changes_its_rule_and_locations(manager, shop, runtime) -> None:
    created = manager.post("/listings/new", amazon_listing(shop))
    url = created.headers["location"]
    changed = amazon_listing(
        shop,
        quantity_per="3",
        status="inactive",
        location_ids=[str(shop["warehouse"]), str(shop["fba"])],
        reason="two-pack became a three-pack",
        **{"stock_rule.percent_cap": "", "stock_rule.max_shown": ""},
    )
    page = flash_after(manager, manager.post(url, changed))
    assert "Listing AMZ-MUG-2PK saved." in page
    (listing,) = stored(runtime)
    assert (listing["quantity_per"], listing["status"]) == (3, "inactive")
    assert listing["percent_cap"] is None
    assert listing["max_shown"] is None
    assert sorted(feeding(runtime)) == sorted([shop["warehouse"], shop["fba"]])
    refused = manager.post(url, {**changed, "quantity_per": "0"})
    assert refused.status_code == 422
    assert stored(runtime)[0]["quantity_per"] == 3


def test_the_list_filters_by_account_sku_and_status_and_pages_with_a_cursor(
    manager, shop, runtime
) -> None:
    for n in range(3):
        listing = amazon_listing(shop, channel_sku=f"AMZ-{n}", fulfillment_channel="MFN", fnsku="")
        flash_after(manager, manager.post("/listings/new", listing))
    manager.post(
        "/listings/new",
        {
            "channel_account_id": str(shop["shopify"]),
            "sku": "TEE-M",
            "external_product_id": "4400",
            "external_inventory_id": "9900",
            "status": "inactive",
        },
    )
    everything = manager.get("/listings").text
    assert all(f"AMZ-{n}" in everything for n in range(3))
    assert "variant-4400" in everything
    assert "buffer 3 · cap 50% · min 2 · max 100" in everything
    by_account = manager.get(f"/listings?account={shop['shopify']}").text
    assert "variant-4400" in by_account
    assert "AMZ-0" not in by_account
    by_sku = manager.get("/listings?sku=TEE-M").text
    assert "variant-4400" in by_sku
    assert "AMZ-1" not in by_sku
    inactive = manager.get("/listings?status=inactive").text
    assert "variant-4400" in inactive
    assert "AMZ-2" not in inactive
    assert "No listing matches these filters." in manager.get("/listings?sku=NOPE").text


def test_the_listing_list_pages_with_a_cursor(manager, shop, runtime, monkeypatch) -> None:
    for n in range(3):
        listing = amazon_listing(shop, channel_sku=f"AMZ-{n}", fulfillment_channel="MFN", fnsku="")
        flash_after(manager, manager.post("/listings/new", listing))
    monkeypatch.setattr("ordertower.entrypoints.web.listings.PAGE_SIZE", 2)
    first = manager.get("/listings").text
    assert "AMZ-0" in first
    assert "AMZ-1" in first
    assert "AMZ-2" not in first
    next_url = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = manager.get(next_url).text
    assert "AMZ-2" in second
    assert "AMZ-0" not in second
    assert manager.get("/listings?cursor=not-a-cursor!").status_code == 422


def test_a_client_sees_listings_read_only_and_is_refused_when_posting(
    runtime, merchant, manager, shop
) -> None:
    url = manager.post("/listings/new", amazon_listing(shop)).headers["location"]
    viewer = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    listing_page = viewer.get("/listings")
    one = viewer.get(url)
    assert listing_page.status_code == one.status_code == 200
    assert "AMZ-MUG-2PK" in listing_page.text
    assert "New listing" not in listing_page.text
    assert "Save listing" not in one.text
    assert " disabled>" in one.text
    assert viewer.get("/listings/new").status_code == 403
    refused = viewer.post(url, amazon_listing(shop, quantity_per="9"))
    assert refused.status_code == 403
    assert viewer.post("/listings/new", amazon_listing(shop, channel_sku="X")).status_code == 403
    assert [row["quantity_per"] for row in stored(runtime)] == [2]


def test_another_merchants_listing_is_not_found(runtime, admin, merchant, shop, manager) -> None:
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    add_product(runtime, other["id"], "THEIRS")
    account = admin.client.post(
        f"/api/v1/merchants/{other['id']}/channel-accounts", json={"kind": "manual", "name": "T"}
    ).json()
    theirs = admin.client.post(
        f"/api/v1/merchants/{other['id']}/listings",
        json={"channel_account_id": account["id"], "sku": "THEIRS", "channel_sku": "THEIRS"},
    ).json()
    assert manager.get(f"/listings/{theirs['id']}").status_code == 404
    assert manager.post(f"/listings/{theirs['id']}", {"sku": "MUG-BLK"}).status_code == 404
    their_account = amazon_listing(shop, channel_account_id=str(account["id"]))
    response = manager.post("/listings/new", their_account)
    assert response.status_code == 422
    assert "Choose the channel account." in response.text
    assert len(stored(runtime)) == 1
