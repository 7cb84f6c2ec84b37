"""Listings through the API: a channel's product mapped to a SKU, with quantity-per and stock rules."""

from __future__ import annotations

import pytest
from listing_fixtures import WAREHOUSE, amazon_credentials, created, insert_product
from sqlalchemy import func, select

from ordertower.adapters.db.tables.channels import listings
from ordertower.adapters.db.tables.inventory import listing_availability
from ordertower.domain.tenancy import Role
from ordertower.entrypoints.workers import app as workers
from queued_jobs import recomputes_waiting


@pytest.fixture
def mug(runtime, merchant) -> int:
    return insert_product(runtime, merchant_id=merchant["id"], sku="MUG-BLK")


@pytest.fixture
def amazon(admin, merchant) -> dict:
    return created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/channel-accounts",
            json={"kind": "amazon", "name": "Amazon US", "credentials": amazon_credentials()},
        )
    )


@pytest.fixture
def shopify(admin, merchant) -> dict:
    return created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/channel-accounts",
            json={"kind": "shopify", "name": "Shopify"},
        )
    )


def url(merchant: dict) -> str:
    return f"/api/v1/merchants/{merchant['id']}/listings"


def listing_count(runtime) -> int:
    with runtime.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(listings)).scalar_one())


def test_a_two_pack_amazon_listing_maps_to_two_units_of_the_sku(
    admin, merchant, amazon, mug
) -> None:
    listing = created(
        admin.client.post(
            url(merchant),
            json={
                "channel_account_id": amazon["id"],
                "sku": "MUG-BLK",
                "channel_sku": "MUG-BLK-2PK",
                "asin": "B07XJ8C8F5",
                "quantity_per": 2,
                "stock_rule": {"safety_buffer": 3, "percent_cap": 80, "max_shown": 50},
                "reason": "new bundle",
            },
        )
    )
    assert (listing["product_id"], listing["sku"], listing["quantity_per"]) == (mug, "MUG-BLK", 2)
    assert (listing["channel_kind"], listing["fulfillment_channel"]) == ("amazon", "MFN")
    assert listing["stock_rule"] == {
        "safety_buffer": 3,
        "percent_cap": 80,
        "min_shown": None,
        "max_shown": 50,
    }
    assert listing["location_ids"] == []
    assert listing["status"] == "active"


def test_a_shopify_listing_stores_the_variant_and_inventory_item(
    admin, merchant, shopify, mug
) -> None:
    listing = created(
        admin.client.post(
            url(merchant),
            json={
                "channel_account_id": shopify["id"],
                "sku": "MUG-BLK",
                "external_product_id": "45011111111111",
                "external_inventory_id": "gid://shopify/InventoryItem/55",
            },
        )
    )
    assert listing["external_product_id"] == "gid://shopify/ProductVariant/45011111111111"
    assert listing["external_inventory_id"] == "gid://shopify/InventoryItem/55"
    assert listing["channel_sku"] == "variant-45011111111111"


def test_a_channel_sku_is_listed_once_per_account(admin, merchant, amazon, mug) -> None:
    body = {"channel_account_id": amazon["id"], "sku": "MUG-BLK", "channel_sku": "MUG-1"}
    created(admin.client.post(url(merchant), json=body))
    again = admin.client.post(url(merchant), json=body)
    assert again.status_code == 409
    assert again.json()["field"] == "channel_sku"


def test_every_problem_of_a_listing_is_named_and_nothing_is_written(
    admin, merchant, amazon, mug, runtime
) -> None:
    response = admin.client.post(
        url(merchant),
        json={
            "channel_account_id": amazon["id"],
            "sku": "NO-SUCH-SKU",
            "fulfillment_channel": "AFN",
            "quantity_per": 0,
            "stock_rule": {"min_shown": 9, "max_shown": 3},
            "external_inventory_id": "1",
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "listing_invalid"
    assert {e["field"] for e in response.json()["errors"]} == {
        "quantity_per",
        "stock_rule.min_shown",
        "external_inventory_id",
        "sku",
    }
    assert listing_count(runtime) == 0


def test_an_afn_listing_without_an_fnsku_names_the_field(admin, merchant, amazon, mug) -> None:
    response = admin.client.post(
        url(merchant),
        json={
            "channel_account_id": amazon["id"],
            "sku": "MUG-BLK",
            "channel_sku": "MUG-FBA",
            "fulfillment_channel": "AFN",
        },
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["fnsku"]


def test_an_account_of_another_merchant_is_unknown(admin, merchant, mug) -> None:
    other = created(admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "O"}))
    foreign = created(
        admin.client.post(
            f"/api/v1/merchants/{other['id']}/channel-accounts",
            json={"kind": "manual", "name": "M"},
        )
    )
    response = admin.client.post(
        url(merchant),
        json={"channel_account_id": foreign["id"], "sku": "MUG-BLK", "channel_sku": "X"},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["channel_account_id"]


def test_feeding_locations_are_warehouses_or_the_merchants_own(
    admin, merchant, amazon, mug
) -> None:
    warehouse = created(admin.client.post("/api/v1/locations", json=WAREHOUSE))
    own = created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/locations",
            json={"kind": "dropship", "code": "VEND", "name": "Vendor"},
        )
    )
    other = created(admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "O"}))
    foreign = created(
        admin.client.post(
            f"/api/v1/merchants/{other['id']}/locations",
            json={"kind": "dropship", "code": "THEIRS", "name": "Theirs"},
        )
    )
    body = {"channel_account_id": amazon["id"], "sku": "MUG-BLK", "channel_sku": "M"}
    refused = admin.client.post(url(merchant), json={**body, "location_ids": [foreign["id"]]})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "location_ids"
    fed = created(
        admin.client.post(
            url(merchant), json={**body, "location_ids": [own["id"], warehouse["id"]]}
        )
    )
    assert fed["location_ids"] == sorted([own["id"], warehouse["id"]])


def test_a_listing_is_changed_and_its_rules_still_hold(admin, merchant, amazon, mug) -> None:
    listing = created(
        admin.client.post(
            url(merchant),
            json={
                "channel_account_id": amazon["id"],
                "sku": "MUG-BLK",
                "channel_sku": "MUG-1",
                "asin": "B07XJ8C8F5",
            },
        )
    )
    created(
        admin.client.post(
            url(merchant),
            json={"channel_account_id": amazon["id"], "sku": "MUG-BLK", "channel_sku": "MUG-2"},
        )
    )
    one = f"{url(merchant)}/{listing['id']}"
    changed = admin.client.patch(
        one,
        json={
            "status": "inactive",
            "asin": None,
            "stock_rule": {"safety_buffer": 5},
            "reason": "x",
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["status"], body["asin"], body["stock_rule"]["safety_buffer"]) == (
        "inactive",
        None,
        5,
    )
    assert body["channel_sku"] == "MUG-1"
    clash = admin.client.patch(one, json={"channel_sku": "MUG-2"})
    assert clash.status_code == 409
    assert clash.json()["field"] == "channel_sku"
    afn = admin.client.patch(one, json={"fulfillment_channel": "AFN"})
    assert afn.status_code == 422
    assert afn.json()["errors"][0]["field"] == "fnsku"
    assert admin.client.get(one).json()["fulfillment_channel"] == "MFN"


def test_listings_are_filtered_by_account_and_sku(
    admin, merchant, amazon, shopify, mug, runtime
) -> None:
    insert_product(runtime, merchant_id=merchant["id"], sku="CUP")
    for sku, channel_sku in (("MUG-BLK", "A1"), ("CUP", "A2")):
        created(
            admin.client.post(
                url(merchant),
                json={"channel_account_id": amazon["id"], "sku": sku, "channel_sku": channel_sku},
            )
        )
    created(
        admin.client.post(
            url(merchant),
            json={
                "channel_account_id": shopify["id"],
                "sku": "MUG-BLK",
                "external_product_id": "1",
                "external_inventory_id": "2",
            },
        )
    )
    by_account = admin.client.get(url(merchant), params={"channel_account_id": amazon["id"]}).json()
    assert [i["channel_sku"] for i in by_account["items"]] == ["A1", "A2"]
    by_sku = admin.client.get(url(merchant), params={"sku": "MUG-BLK"}).json()
    assert [i["channel_kind"] for i in by_sku["items"]] == ["amazon", "shopify"]
    first = admin.client.get(url(merchant), params={"limit": 2}).json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]


def test_a_client_reads_listings_but_may_not_create_them(
    admin, merchant, amazon, mug, make_actor
) -> None:
    client = make_actor(Role.CLIENT, (merchant["id"],))
    assert client.client.get(url(merchant)).status_code == 200
    response = client.client.post(
        url(merchant),
        json={"channel_account_id": amazon["id"], "sku": "MUG-BLK", "channel_sku": "X"},
    )
    assert response.status_code == 403


def test_a_new_or_changed_listing_queues_its_available_to_sell(
    admin, merchant, shopify, mug, runtime
) -> None:
    """Creating a listing, or changing its stock rule, SKU or status, changes what it may sell:
    one recompute of its product is queued in the same transaction (coalesced), and the worker
    stores the result."""
    cup = insert_product(runtime, merchant_id=merchant["id"], sku="CUP-RED")
    listing = created(
        admin.client.post(
            url(merchant),
            json={
                "channel_account_id": shopify["id"],
                "sku": "MUG-BLK",
                "channel_sku": "MUG",
                "external_product_id": "1",
                "external_inventory_id": "2",
            },
        )
    )
    assert recomputes_waiting(runtime) == [mug]
    one = f"{url(merchant)}/{listing['id']}"
    assert admin.client.patch(one, json={"stock_rule": {"safety_buffer": 2}}).status_code == 200
    assert recomputes_waiting(runtime) == [mug]
    assert admin.client.patch(one, json={"sku": "CUP-RED"}).status_code == 200
    assert recomputes_waiting(runtime) == sorted([mug, cup])
    queue = workers.build(runtime)
    workers.drain(queue)
    with runtime.engine.connect() as c:
        stored = c.execute(
            select(listing_availability.c.product_id, listing_availability.c.quantity).where(
                listing_availability.c.listing_id == listing["id"]
            )
        ).all()
    assert [tuple(r) for r in stored] == [(cup, 0)]
