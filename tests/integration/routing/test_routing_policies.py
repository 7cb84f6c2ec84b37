"""Routing-policy use cases against the database: versions, the locations a policy may name,
permissions, the pipeline's one-query load, trying an order on real free stock, the sample."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from ordertower.adapters.credential_vault import FernetVault
from ordertower.adapters.db.tables.catalog import products
from ordertower.adapters.db.tables.inventory import stock_positions
from ordertower.adapters.db.tables.locations import locations
from ordertower.adapters.db.tables.tenancy import audit_log, merchants
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import Conflict, Forbidden, NotFound
from ordertower.domain.routing import (
    Assigned,
    DefaultWarehouse,
    Destination,
    Held,
    HoldOrder,
    HoldReason,
    RoutingLine,
    RoutingOrder,
    RoutingPolicy,
    RoutingPolicyInvalid,
    ShipFrom,
)
from ordertower.domain.shipping import ServiceLevel
from ordertower.domain.tenancy import Role
from ordertower.services import sample_data
from ordertower.services.routing import policies


@pytest.fixture
def shop(runtime, admin) -> dict[str, Any]:
    """A merchant, two shared warehouses, its own dropship vendor, another merchant's vendor."""
    with runtime.engine.begin() as c:
        ids = {
            code: c.execute(
                insert(merchants).values(code=code, name=code).returning(merchants.c.id)
            ).scalar_one()
            for code in ("SHOP", "RIVAL")
        }
        places: dict[str, int] = {}
        for code, kind, owner in (
            ("P-EAST", "warehouse", None),
            ("P-WEST", "warehouse", None),
            ("P-VEND", "dropship", ids["SHOP"]),
            ("P-RIVAL", "dropship", ids["RIVAL"]),
        ):
            places[code] = c.execute(
                insert(locations)
                .values(code=code, name=f"Place {code}", kind=kind, merchant_id=owner)
                .returning(locations.c.id)
            ).scalar_one()
    return {
        "merchant_id": ids["SHOP"],
        "rival_id": ids["RIVAL"],
        "places": places,
        "admin": admin.principal,
    }


def document(**changes: Any) -> dict[str, Any]:
    return {
        "rules": [
            {
                "name": "Two-day from the east",
                "when": {"service_levels": ["two_day"]},
                "action": {"kind": "ship_from", "locations": ["P-EAST", "P-WEST"]},
            }
        ],
        "default": {"kind": "warehouse", "location": "P-EAST"},
        **changes,
    }


def save(runtime, shop, doc, version, principal=None):
    return policies.save_routing_policy(
        runtime.uow(),
        principal=principal or shop["admin"],
        merchant_id=shop["merchant_id"],
        document=doc,
        expected_version=version,
    )


def refused_fields(runtime, shop, doc) -> dict[str, str]:
    with pytest.raises(RoutingPolicyInvalid) as refused:
        save(runtime, shop, doc, 0)
    return {p.field: p.code for p in refused.value.problems}


def test_the_default_policy_until_one_is_saved_then_each_save_bumps_the_version(
    runtime, shop
) -> None:
    first = policies.routing_policy(
        runtime.uow(), principal=shop["admin"], merchant_id=shop["merchant_id"]
    )
    assert first.policy == RoutingPolicy()
    assert first.policy.default == HoldOrder(queue="unrouted")
    assert (first.version, first.updated_at) == (0, None)

    saved = save(runtime, shop, document(), 0)
    assert saved.version == 1
    assert saved.policy.rules[0].action == ShipFrom(locations=("P-EAST", "P-WEST"))
    again = save(runtime, shop, document(rules=[]), 1)
    assert again.version == 2
    read = policies.routing_policy(
        runtime.uow(), principal=shop["admin"], merchant_id=shop["merchant_id"]
    )
    assert (read.version, read.policy.rules, read.updated_at) == (2, (), again.updated_at)

    with pytest.raises(Conflict, match="version 2, not 1"):
        save(runtime, shop, document(), 1)
    with pytest.raises(Conflict):
        save(runtime, shop, document(), 0)
    with runtime.engine.connect() as c:
        saves = c.execute(
            select(audit_log.c.details).where(audit_log.c.action == "routing_policy.saved")
        ).scalars()
        assert [d["version"] for d in saves] == [1, 2]


def test_locations_must_exist_be_open_be_this_merchants_and_suit_their_place(runtime, shop) -> None:
    with runtime.engine.begin() as c:
        c.execute(update(locations).where(locations.c.code == "P-WEST").values(active=False))
    doc = document(
        rules=[
            {"action": {"kind": "ship_from", "locations": ["P-EAST", "P-WEST", "P-NONE"]}},
            {"action": {"kind": "dropship", "vendor_location": "P-RIVAL", "require_stock": True}},
            {"action": {"kind": "ship_from", "locations": ["P-VEND"]}},
        ],
        default={"kind": "warehouse", "location": "P-VEND"},
        zones=[{"location": "P-GONE", "country": "US", "rank": 1}],
    )
    assert refused_fields(runtime, shop, doc) == {
        "rules[0].action.locations[1]": "inactive_location",
        "rules[0].action.locations[2]": "unknown_location",
        "rules[1].action.vendor_location": "unknown_location",
        "rules[2].action.locations[0]": "wrong_location_kind",
        "default.location": "wrong_location_kind",
        "zones[0].location": "unknown_location",
    }
    stored = policies.routing_policy(
        runtime.uow(), principal=shop["admin"], merchant_id=shop["merchant_id"]
    )
    assert stored.version == 0


def test_reading_needs_read_and_saving_needs_manage_catalog(runtime, shop, make_actor) -> None:
    mine = (shop["merchant_id"],)
    for role in (Role.OPERATOR, Role.CLIENT):
        reader = make_actor(role, mine).principal
        policies.routing_policy(runtime.uow(), principal=reader, merchant_id=shop["merchant_id"])
        with pytest.raises(Forbidden):
            save(runtime, shop, document(), 0, principal=reader)
    manager = make_actor(Role.MANAGER, mine).principal
    assert save(runtime, shop, document(), 0, principal=manager).version == 1
    outsider = make_actor(Role.MANAGER, ()).principal
    with pytest.raises(NotFound):
        policies.routing_policy(runtime.uow(), principal=outsider, merchant_id=shop["merchant_id"])


def test_the_pipeline_loads_the_policy_and_zones_inside_its_own_unit(runtime, shop) -> None:
    with runtime.uow() as uow:
        policy, zones = policies.load_policy(uow, shop["merchant_id"])
    assert policy == RoutingPolicy()
    save(
        runtime,
        shop,
        document(zones=[{"location": "P-WEST", "country": "US", "rank": 3, "region": "US-CA"}]),
        0,
    )
    with runtime.uow() as uow:
        policy, zones = policies.load_policy(uow, shop["merchant_id"])
    assert policy.default == DefaultWarehouse(location="P-EAST")
    assert zones.rank("P-WEST", Destination(country="US", region="US-CA")) == 3


def put_stock(runtime, shop, stock: dict[tuple[str, str], tuple[int, int]]) -> None:
    with runtime.engine.begin() as c:
        product_ids = {}
        for _, sku in stock:
            if sku not in product_ids:
                product_ids[sku] = c.execute(
                    insert(products)
                    .values(merchant_id=shop["merchant_id"], sku=sku, title=sku)
                    .returning(products.c.id)
                ).scalar_one()
        for (place, sku), (on_hand, allocated) in stock.items():
            c.execute(
                insert(stock_positions).values(
                    merchant_id=shop["merchant_id"],
                    product_id=product_ids[sku],
                    location_id=shop["places"][place],
                    sellable_on_hand=on_hand,
                    allocated=allocated,
                )
            )


def two_day(*lines: tuple[str, int]) -> RoutingOrder:
    return RoutingOrder(
        channel_kind=ChannelKind.WALMART,
        channel_account_id=1,
        service_level=ServiceLevel.TWO_DAY,
        destination=Destination(country="US", region="US-NJ", postal_code="08837"),
        lines=tuple(RoutingLine(line_id=sku, sku=sku, units=units) for sku, units in lines),
        order_value=Decimal("20"),
        currency="USD",
    )


def test_trying_an_order_uses_free_units_and_the_stored_or_edited_rules(runtime, shop) -> None:
    put_stock(runtime, shop, {("P-EAST", "SKU-9"): (3, 2), ("P-WEST", "SKU-9"): (5, 0)})
    save(runtime, shop, document(), 0)

    def tried(doc: dict[str, Any] | None = None):
        return policies.try_order(
            runtime.uow(),
            principal=shop["admin"],
            merchant_id=shop["merchant_id"],
            order=two_day(("SKU-9", 2)),
            document=doc,
        )

    decision = tried()
    assert isinstance(decision, Assigned)
    assert [a.location for a in decision.assignments] == ["P-WEST"]
    assert decision.text == "rule 1 matched: service=two_day → P-WEST; P-EAST lacked 1 of SKU-9"

    edited = tried(document(rules=[]))
    assert isinstance(edited, Held)
    assert edited.reason is HoldReason.INSUFFICIENT_STOCK
    assert "the default warehouse P-EAST lacked 1 of SKU-9" in edited.text


def test_the_sample_merchant_routes_walmart_two_day_from_edison(runtime, admin) -> None:
    with runtime.atomic() as uow:
        sample_data.seed_sample(
            uow, runtime.hasher, FernetVault(runtime.cipher), password="sample password 1"
        )
    with runtime.uow() as uow:
        merchant = uow.merchants.get_by_code(sample_data.SAMPLE_MERCHANT)
        assert merchant is not None
        policy, _ = policies.load_policy(uow, merchant.id)
    assert [rule.name for rule in policy.rules] == [
        "Large orders get a look first",
        "Walmart TwoDay from Edison",
        "Amazon Prime and next day from Edison, or wait for stock",
    ]
    assert policy.default == DefaultWarehouse(location="WH-NJ")
    order = RoutingOrder(
        channel_kind=ChannelKind.WALMART,
        channel_account_id=1,
        service_level=ServiceLevel.TWO_DAY,
        destination=Destination(country="US", region="US-NY", postal_code="10001"),
        lines=(RoutingLine(line_id="1", sku="SOAP-LAV", units=1),),
        order_value=Decimal("12.00"),
        currency="USD",
    )
    decision = policies.try_order(
        runtime.uow(), principal=admin.principal, merchant_id=merchant.id, order=order
    )
    assert decision.rule == 2
