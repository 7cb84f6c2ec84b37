"""Available to sell per listing through the API: the stored quantity, how, and when it is not there."""

import pytest
from inventory_desk import desk_for, problem
from sqlalchemy import insert

from ordertower.adapters.db.tables.channels import channel_accounts, listings
from ordertower.entrypoints.workers import app as workers


@pytest.fixture
def desk(runtime, stockroom, admin):
    return desk_for(runtime, stockroom, admin)


@pytest.fixture
def listed(runtime, stockroom):
    s = stockroom
    with runtime.engine.begin() as c:
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=s.merchant_id, kind="amazon", name="Amazon US")
            .returning(channel_accounts.c.id)
        ).scalar_one()

        def listing(channel_sku, sku, **rules):
            return c.execute(
                insert(listings)
                .values(
                    merchant_id=s.merchant_id,
                    channel_account_id=account,
                    channel_sku=channel_sku,
                    product_id=s.products[sku],
                    **rules,
                )
                .returning(listings.c.id)
            ).scalar_one()

        return {
            "A-2PACK": listing("A-2PACK", "SKU-A", quantity_per=2, safety_buffer=1),
            "KIT": listing("KIT", "BUNDLE-AB"),
            "A-FBA": listing("A-FBA", "SKU-A", fulfillment_channel="AFN"),
            "A-OFF": listing("A-OFF", "SKU-A", status="inactive"),
            "C": listing("C", "SKU-C"),
        }


def _ats(desk, listing_id):
    response = desk.get(f"/listings/{listing_id}/availability")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_listing_no_recompute_has_reached_says_so(desk, listed) -> None:
    body = _ats(desk, listed["C"])
    assert body["state"] == "not_yet_computed"
    assert (body["quantity"], body["explanation"], body["ledger_position"]) == (None, [], None)


def test_a_computed_listing_shows_its_quantity_how_and_the_ledger_position(
    desk, listed, runtime
) -> None:
    desk.receive("SKU-A", 9)
    last = desk.receive("SKU-B", 4)
    workers.drain(workers.build(runtime))

    pack = _ats(desk, listed["A-2PACK"])
    assert pack["state"] == "computed"
    assert pack["quantity"] == 4
    assert pack["explanation"][-1] == "ATS = 4"
    assert "WH-EAST SKU-A: sellable 9 - allocated 0 = 9" in pack["explanation"]
    assert pack["computed_at"]
    kit = _ats(desk, listed["KIT"])
    assert kit["quantity"] == 4
    assert kit["ledger_position"] == last


def test_listings_fulfilled_by_amazon_or_switched_off_show_no_quantity(
    desk, listed, runtime
) -> None:
    desk.receive("SKU-A", 9)
    workers.drain(workers.build(runtime))
    assert _ats(desk, listed["A-FBA"])["state"] == "fulfilled_by_amazon"
    off = _ats(desk, listed["A-OFF"])
    assert (off["state"], off["quantity"]) == ("inactive", None)


def test_every_listing_selling_a_sku_is_listed_with_bundles_that_contain_it(desk, listed) -> None:
    response = desk.get("/listings", sku="SKU-B")
    assert response.status_code == 200, response.text
    assert [(a["channel_sku"], a["sku"]) for a in response.json()] == [("KIT", "BUNDLE-AB")]
    of_a = {a["channel_sku"] for a in desk.get("/listings", sku="SKU-A").json()}
    assert of_a == {"A-2PACK", "KIT", "A-FBA", "A-OFF"}


def test_an_unknown_listing_or_sku_is_a_404(desk, listed) -> None:
    problem(desk.get("/listings/999999/availability"), 404, "listing_id")
    problem(desk.get("/listings", sku="NOPE"), 404, "sku")
    problem(desk.get("/listings"), 422, "sku")
