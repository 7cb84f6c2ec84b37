"""The backorder job re-runs only orders routing would now assign: no flapping every minute."""

from __future__ import annotations

import pytest
from order_desk import Shop, line, open_shop

from ordertower.domain.orders import OrderState
from ordertower.domain.routing import RoutingPolicy, RoutingRule, ShipFrom, Shortfall
from ordertower.domain.routing.codec import routing_document
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.orders import backorders
from ordertower.services.routing.policies import save_routing_policy


@pytest.fixture
def shop(runtime) -> Shop:
    return open_shop(runtime)


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    yield
    assert [str(d) for d in verify_inventory(runtime.uow())] == []


def _east_only(shop: Shop) -> None:
    policy = RoutingPolicy(
        rules=(
            RoutingRule(
                name="east only",
                action=ShipFrom(locations=("WH-EAST",), on_shortfall=Shortfall.BACKORDER),
            ),
        )
    )
    save_routing_policy(shop.runtime.uow(), principal=shop.principal,
                        merchant_id=shop.merchant_id, document=routing_document(policy),
                        expected_version=1)  # fmt: skip


def _timeline(shop: Shop, order_id: int) -> list[tuple[str | None, str]]:
    rows = shop.sql(
        "SELECT from_state, to_state FROM order_events WHERE order_id = :o ORDER BY id",
        o=order_id,
    )
    return [tuple(r) for r in rows]


def test_stock_where_routing_may_not_ship_from_leaves_the_backorder_alone(shop):
    _east_only(shop)
    result = shop.one(shop.draft(lines=[line("1", sku="SKU-C", quantity=2)]))
    assert result.state is OrderState.BACKORDERED
    before = _timeline(shop, result.order_id)

    shop.stock("SKU-C", 5, warehouse="WH-WEST")  # enough in total, but not where it may ship
    for _ in range(3):
        assert backorders.retry_backorders(shop.runtime.uow) == 0

    assert _timeline(shop, result.order_id) == before
    assert shop.order_row(result.order_id).state == "backordered"
    assert shop.free("SKU-C", "WH-WEST") == (5, 0)

    shop.stock("SKU-C", 2, warehouse="WH-EAST")
    assert backorders.retry_backorders(shop.runtime.uow) == 1
    assert shop.order_row(result.order_id).state == "allocated"
    assert _timeline(shop, result.order_id) == [
        *before,
        ("backordered", "received"),
        ("received", "allocated"),
    ]


def test_an_order_that_must_ship_complete_waits_until_one_warehouse_has_it_all(shop):
    result = shop.one(
        shop.draft(lines=[line("1", sku="SKU-A", quantity=2), line("2", sku="SKU-B", quantity=1)])
    )
    assert result.state is OrderState.BACKORDERED
    before = _timeline(shop, result.order_id)
    shop.stock("SKU-A", 2, warehouse="WH-EAST")
    shop.stock("SKU-B", 1, warehouse="WH-WEST")  # each SKU somewhere, the order nowhere whole

    assert backorders.retry_backorders(shop.runtime.uow) == 0
    assert _timeline(shop, result.order_id) == before

    shop.stock("SKU-B", 1, warehouse="WH-EAST")
    assert backorders.retry_backorders(shop.runtime.uow) == 1
    assert shop.order_row(result.order_id).state == "allocated"


def test_the_oldest_backorder_takes_the_units_that_arrive(shop):
    first = shop.one(shop.draft(lines=[line("1", sku="SKU-C", quantity=2)]))
    second = shop.one(shop.draft(lines=[line("1", sku="SKU-C", quantity=2)]))
    second_before = _timeline(shop, second.order_id)
    shop.stock("SKU-C", 3)  # enough for one of them: the dry run spends it as the pipeline would

    assert backorders.retry_backorders(shop.runtime.uow) == 1
    assert shop.order_row(first.order_id).state == "allocated"
    assert shop.order_row(second.order_id).state == "backordered"
    assert _timeline(shop, second.order_id) == second_before
