"""The Routing page: rules in words, the JSON editor with every problem by field, "try an order"."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from page_session import flash_after, sign_in
from sqlalchemy import insert, select

from ordertower.adapters.db.tables.catalog import products
from ordertower.adapters.db.tables.inventory import stock_positions
from ordertower.adapters.db.tables.locations import locations
from ordertower.adapters.db.tables.orders import routing_policies
from ordertower.domain.tenancy import Role

DOCUMENT: dict[str, Any] = {
    "rules": [
        {
            "name": "Walmart TwoDay",
            "when": {"channel_kinds": ["walmart"], "service_levels": ["two_day"]},
            "action": {"kind": "ship_from", "locations": ["W-EAST"], "on_shortfall": "backorder"},
        }
    ],
    "default": {"kind": "warehouse", "location": "W-WEST"},
}


@pytest.fixture
def places(runtime, merchant) -> dict[str, int]:
    with runtime.engine.begin() as c:
        ids = {
            code: c.execute(
                insert(locations)
                .values(code=code, name=code, kind="warehouse")
                .returning(locations.c.id)
            ).scalar_one()
            for code in ("W-EAST", "W-WEST")
        }
        product = c.execute(
            insert(products)
            .values(merchant_id=merchant["id"], sku="MUG-1", title="Mug")
            .returning(products.c.id)
        ).scalar_one()
        c.execute(
            insert(stock_positions).values(
                merchant_id=merchant["id"],
                product_id=product,
                location_id=ids["W-WEST"],
                sellable_on_hand=4,
                allocated=1,
            )
        )
    return ids


@pytest.fixture
def manager(runtime, merchant):
    return sign_in(runtime, Role.MANAGER, (merchant["id"],))


def stored(runtime) -> list[dict[str, Any]]:
    with runtime.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(select(routing_policies))]


def test_the_page_shows_the_default_until_rules_are_saved_then_the_rules_in_words(
    manager, places, runtime
) -> None:
    page = manager.get("/routing").text
    assert 'href="/routing"' in page
    assert "Not set yet" in page
    assert "Hold in queue unrouted for a person to route." in page

    response = manager.post("/routing", {"document": json.dumps(DOCUMENT), "version": "0"})
    page = html.unescape(flash_after(manager, response))
    assert "Routing policy saved (version 1)." in page
    assert "Walmart TwoDay" in page
    assert "When channel=walmart, service=two_day: ship from W-EAST (whole)" in page
    assert "Ship whole from the default warehouse W-WEST" in page
    assert "Version 1, saved" in page
    assert stored(runtime)[0]["version"] == 1


def test_a_refused_save_lists_every_problem_by_field_keeps_the_text_and_changes_nothing(
    manager, places, runtime
) -> None:
    bad = {
        "rules": [{"action": {"kind": "ship_from", "locations": ["W-NOWHERE"], "max_splits": 1}}],
        "default": {"kind": "hold", "queue": "Bad Queue"},
    }
    text = json.dumps(bad)
    response = manager.post("/routing", {"document": text, "version": "0"})
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "<code>rules[0].action.max_splits</code>" in page
    assert (
        "<code>rules[0].action.locations[0]</code>: Rule 1: There is no location W-NOWHERE" in page
    )
    assert "<code>default.queue</code>" in page
    assert text in page
    assert stored(runtime) == []

    broken = manager.post("/routing", {"document": '{"rules": [', "version": "0"})
    assert broken.status_code == 422
    assert "This is not JSON: line 1, column 12" in broken.text


def test_a_save_from_a_stale_page_is_a_conflict(manager, places, runtime) -> None:
    manager.post("/routing", {"document": json.dumps(DOCUMENT), "version": "0"})
    response = manager.post("/routing", {"document": json.dumps(DOCUMENT), "version": "0"})
    assert response.status_code == 409
    assert "changed meanwhile" in response.text
    assert stored(runtime)[0]["version"] == 1


def test_a_client_reads_the_rules_but_cannot_edit_them(runtime, merchant, places) -> None:
    client = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    page = client.get("/routing")
    assert page.status_code == 200
    assert 'action="/routing"' not in page.text
    refused = client.post("/routing", {"document": json.dumps(DOCUMENT), "version": "0"})
    assert refused.status_code == 403
    assert stored(runtime) == []


def test_trying_an_order_shows_the_decision_and_why(manager, places) -> None:
    manager.post("/routing", {"document": json.dumps(DOCUMENT), "version": "0"})
    form = {
        "country": "us",
        "region": "NJ",
        "postal_code": "08837",
        "channel": "shopify",
        "service_level": "standard",
        "value": "30",
        "currency": "USD",
        "lines": "MUG-1 x2\n",
    }
    page = html.unescape(manager.post("/routing/try", form).text)
    assert "Ships from W-WEST" in page
    assert "decided by the default" in page
    assert "no rule matched → W-WEST (the merchant's default warehouse)" in page

    short = html.unescape(manager.post("/routing/try", {**form, "lines": "MUG-1 4"}).text)
    assert "Held in queue backorder" in short
    assert "the default warehouse W-WEST lacked 1 of MUG-1" in short

    unsaved = {
        **form,
        "use_editor": "on",
        "document": json.dumps({**DOCUMENT, "default": {"kind": "hold"}}),
    }
    page = html.unescape(manager.post("/routing/try", unsaved).text)
    assert "Held in queue unrouted" in page


def test_an_order_that_cannot_be_read_is_refused_field_by_field(manager, places) -> None:
    response = manager.post(
        "/routing/try",
        {
            "country": "USA",
            "channel": "ebay",
            "service_level": "standard",
            "value": "x",
            "lines": "",
        },
    )
    assert response.status_code == 422
    for name in ("country", "channel", "value", "lines"):
        assert f"<code>{name}</code>" in response.text
