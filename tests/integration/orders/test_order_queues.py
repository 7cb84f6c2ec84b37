"""The pipeline parks what cannot go (each reason), and each resolve action moves the order on."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from order_desk import ADDRESS, Shop, line, open_shop, policy_document

from ordertower.domain.errors import Conflict
from ordertower.domain.orders import HoldNeedsAPerson, OrderState, ResolveAction
from ordertower.entrypoints.workers import app as workers
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.orders import backorders, order_actions
from ordertower.services.orders.order_exceptions import ResolveRequest, resolve_order_exception
from ordertower.services.orders.transitions import move_order
from ordertower.services.routing.policies import save_routing_policy
from queued_jobs import recomputes_waiting


@pytest.fixture
def shop(runtime) -> Shop:
    return open_shop(runtime)


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    yield
    assert [str(d) for d in verify_inventory(runtime.uow())] == []


def _items(shop: Shop, order_id: int, status: str = "open") -> list[tuple[str, str | None]]:
    rows = shop.sql(
        "SELECT reason_code, details ->> 'line_id' FROM exception_items WHERE subject_id = :o"
        " AND status = :s ORDER BY id",
        o=str(order_id),
        s=status,
    )
    return [tuple(r) for r in rows]


def _item_id(shop: Shop, order_id: int, reason: str) -> int:
    return shop.sql(
        "SELECT id FROM exception_items WHERE subject_id = :o AND reason_code = :r"
        " AND status = 'open'",
        o=str(order_id),
        r=reason,
    )[0][0]


def _resolve(shop: Shop, order_id: int, reason: str, action: ResolveAction, **fields):
    return resolve_order_exception(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        item_id=_item_id(shop, order_id, reason),
        request=ResolveRequest(action=action, **fields),
    )


def test_an_unmapped_listing_parks_the_order_and_mapping_it_retries(shop):
    shop.stock("SKU-B", 5)
    result = shop.one(shop.draft(lines=[line("L1", channel_sku="NEW-LISTING", quantity=2)]))
    assert result.state is OrderState.NEEDS_ATTENTION
    assert _items(shop, result.order_id) == [("unmapped_listing", "L1")]
    resolution = _resolve(shop, result.order_id, "unmapped_listing",
                          ResolveAction.MAP_LISTING_AND_RETRY, sku="SKU-B", note="mapped")  # fmt: skip
    assert resolution.state is OrderState.ALLOCATED
    assert shop.free("SKU-B") == (5, 2)
    assert _items(shop, result.order_id) == []
    listing = shop.sql("SELECT quantity_per FROM listings WHERE channel_sku = 'NEW-LISTING'")
    assert listing[0][0] == 1


def test_a_listing_mapped_from_the_queue_has_its_available_to_sell_queued(shop):
    """Mapping is a listing created (or re-pointed): its product's recompute is queued even when
    the order then waits for stock (no allocation to queue it)."""
    result = shop.one(shop.draft(lines=[line("L1", channel_sku="NEW-LISTING", quantity=2)]))
    resolution = _resolve(shop, result.order_id, "unmapped_listing",
                          ResolveAction.MAP_LISTING_AND_RETRY, sku="SKU-C", note="mapped")  # fmt: skip
    assert resolution.state is OrderState.BACKORDERED
    assert recomputes_waiting(shop.runtime) == [shop.products["SKU-C"]]


def test_a_blocked_sku_parks_the_order(shop):
    result = shop.one(shop.draft(lines=[line("1", sku="BLOCKED-1")]))
    assert result.state is OrderState.NEEDS_ATTENTION
    assert _items(shop, result.order_id) == [("blocked_sku", "1")]


def test_a_bad_address_parks_the_order_and_correcting_it_retries(shop):
    shop.stock("SKU-A", 5)
    bad = dataclasses.replace(ADDRESS, region="ZZ", postal_code="abc")
    result = shop.one(shop.draft(address=bad))
    assert result.state is OrderState.NEEDS_ATTENTION
    assert _items(shop, result.order_id) == [("invalid_address", None)]
    resolution = _resolve(shop, result.order_id, "invalid_address",
                          ResolveAction.CORRECT_ADDRESS, address=ADDRESS)  # fmt: skip
    assert resolution.state is OrderState.ALLOCATED
    assert shop.order_row(result.order_id).ship_to["region"] == "IL"


def test_a_po_box_with_a_next_day_service_is_an_address_problem(shop):
    box = dataclasses.replace(ADDRESS, line1="PO Box 123")
    result = shop.one(shop.draft(address=box, service_level="next_day"))
    assert result.state is OrderState.NEEDS_ATTENTION
    assert _items(shop, result.order_id) == [("invalid_address", None)]


def test_no_stock_backorders_and_stock_arriving_wakes_the_order(shop):
    result = shop.one(shop.draft(lines=[line("1", sku="SKU-C", quantity=3)]))
    assert result.state is OrderState.BACKORDERED
    assert _items(shop, result.order_id) == [("insufficient_stock", None)]
    assert "backorder" in shop.order_row(result.order_id).routing_explanation
    assert backorders.retry_backorders(shop.runtime.uow) == 0  # nothing arrived yet
    shop.stock("SKU-C", 3, warehouse="WH-WEST")
    assert backorders.retry_backorders(shop.runtime.uow) == 1
    assert shop.order_row(result.order_id).state == "allocated"
    assert shop.free("SKU-C", "WH-WEST") == (3, 3)
    assert _items(shop, result.order_id) == []
    assert _items(shop, result.order_id, "resolved") == [("insufficient_stock", None)]


def test_the_backorder_job_runs_from_the_worker(shop, runtime):
    result = shop.one(shop.draft(lines=[line("1", sku="SKU-C", quantity=1)]))
    shop.stock("SKU-C", 1)
    with runtime.engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args)"
            " VALUES ('orders', 'orders.retry_backorders', '{\"timestamp\": 0}')"
        )
    workers.drain(workers.build(runtime))
    assert shop.order_row(result.order_id).state == "allocated"


def test_allocating_from_another_location(shop):
    shop.stock("SKU-A", 1, warehouse="WH-WEST")
    result = shop.one(shop.draft(lines=[line("1", sku="SKU-A", quantity=1)]))
    assert result.state is OrderState.ALLOCATED  # east has none, the rule falls to west
    shop.stock("SKU-C", 2, warehouse="WH-WEST")
    short = shop.one(shop.draft(lines=[line("1", sku="SKU-C", quantity=2)],
                                ship_by=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)))  # fmt: skip
    assert short.state is OrderState.ALLOCATED
    assert ("ship_by_at_risk", None) in _items(shop, short.order_id)
    resolution = _resolve(shop, short.order_id, "ship_by_at_risk",
                          ResolveAction.ALLOCATE_FROM_ANOTHER_LOCATION, location_code="WH-EAST")  # fmt: skip
    assert resolution.state is OrderState.BACKORDERED  # east has no SKU-C
    assert shop.free("SKU-C", "WH-WEST") == (2, 0)


def test_split_keeps_what_can_ship_and_backorders_the_rest(shop):
    shop.stock("SKU-A", 5)
    result = shop.one(
        shop.draft("SPLIT-1", lines=[line("1", sku="SKU-A", quantity=2),
                                     line("2", sku="SKU-C", quantity=1)])
    )  # fmt: skip
    assert result.state is OrderState.BACKORDERED
    resolution = _resolve(shop, result.order_id, "insufficient_stock", ResolveAction.SPLIT)
    assert resolution.state is OrderState.ALLOCATED
    assert shop.free("SKU-A") == (5, 2)
    child = shop.order_row(resolution.split_order_id)
    assert child.external_order_id == "SPLIT-1~2"
    assert child.state == "backordered"
    lines = shop.sql("SELECT order_id, sku FROM order_lines ORDER BY order_id, position")
    assert [tuple(r) for r in lines] == [(result.order_id, "SKU-A"),
                                         (resolution.split_order_id, "SKU-C")]  # fmt: skip


def test_a_bundle_allocates_its_components(shop):
    shop.stock("SKU-A", 10)
    shop.stock("SKU-B", 10)
    result = shop.one(shop.draft(lines=[line("1", channel_sku="LST-KIT", quantity=2),
                                        line("2", channel_sku="LST-A6", quantity=1)]))  # fmt: skip
    assert result.state is OrderState.ALLOCATED
    assert shop.free("SKU-A") == (10, 4 + 6)
    assert shop.free("SKU-B") == (10, 2)
    units = shop.sql("SELECT line_id, units FROM order_lines WHERE order_id = :o ORDER BY position",
                     o=result.order_id)  # fmt: skip
    assert [tuple(u) for u in units] == [("1", [["SKU-A", 4], ["SKU-B", 2]]), ("2", [["SKU-A", 6]])]


def test_a_hold_is_released_only_by_a_person_and_cancel_releases_stock(shop):
    shop.stock("SKU-A", 5)
    result = shop.one(shop.draft(lines=[line("1", sku="SKU-A", quantity=2)]))
    order_actions.hold_order(shop.runtime.uow(), principal=shop.principal,
                             merchant_id=shop.merchant_id, order_id=result.order_id,
                             reason="fraud check", queue="fraud")  # fmt: skip
    assert shop.order_row(result.order_id).state == "on_hold"
    assert _items(shop, result.order_id) == [("manual_hold", None)]
    from ordertower.domain.orders import Actor, ActorKind

    with pytest.raises(HoldNeedsAPerson), shop.runtime.uow() as uow:
        move_order(uow, merchant_id=shop.merchant_id, order_id=result.order_id,
                   to=OrderState.RECEIVED, actor=Actor(ActorKind.SYSTEM, "job"))  # fmt: skip
    resolution = _resolve(shop, result.order_id, "manual_hold", ResolveAction.RELEASE_HOLD,
                          note="looks fine")  # fmt: skip
    assert resolution.state is OrderState.ALLOCATED
    assert shop.free("SKU-A") == (5, 2)
    order_actions.cancel_order(shop.runtime.uow(), principal=shop.principal,
                               merchant_id=shop.merchant_id, order_id=result.order_id,
                               reason="customer asked")  # fmt: skip
    assert shop.free("SKU-A") == (5, 0)
    assert shop.order_row(result.order_id).state == "cancelled"


def test_cancel_and_acknowledge_from_the_queue(shop):
    result = shop.one(shop.draft(lines=[line("1", sku="SKU-C")]))
    item_id = _item_id(shop, result.order_id, "insufficient_stock")
    resolution = _resolve(shop, result.order_id, "insufficient_stock", ResolveAction.CANCEL)
    assert resolution.state is OrderState.CANCELLED
    assert _items(shop, result.order_id) == []
    shop.stock("SKU-A", 1)
    late = shop.one(shop.draft(ship_by=dt.datetime(2026, 1, 6, tzinfo=dt.UTC)))
    assert _items(shop, late.order_id) == [("ship_by_at_risk", None)]
    with pytest.raises(Exception, match="note is required"):
        _resolve(shop, late.order_id, "ship_by_at_risk", ResolveAction.ACKNOWLEDGE)
    done = _resolve(shop, late.order_id, "ship_by_at_risk", ResolveAction.ACKNOWLEDGE,
                    note="customer told")  # fmt: skip
    assert done.state is OrderState.ALLOCATED
    with pytest.raises(Conflict, match="already resolved"):
        resolve_order_exception(shop.runtime.uow(), principal=shop.principal,
                                merchant_id=shop.merchant_id, item_id=item_id,
                                request=ResolveRequest(action=ResolveAction.CANCEL))  # fmt: skip


def test_a_rule_hold_parks_in_its_queue_and_a_rerun_does_not_duplicate(shop, runtime):
    save_routing_policy(runtime.uow(), principal=shop.principal, merchant_id=shop.merchant_id,
                        document={"rules": [], "default": {"kind": "hold", "queue": "review"}},
                        expected_version=1)  # fmt: skip
    result = shop.one(shop.draft())
    row = shop.order_row(result.order_id)
    assert (row.state, row.hold_queue) == ("on_hold", "review")
    assert _items(shop, result.order_id) == [("manual_hold", None)]
    save_routing_policy(runtime.uow(), principal=shop.principal, merchant_id=shop.merchant_id,
                        document=policy_document(), expected_version=2)  # fmt: skip
    shop.stock("SKU-A", 1)
    order_actions.release_hold(runtime.uow(), principal=shop.principal,
                               merchant_id=shop.merchant_id, order_id=result.order_id)  # fmt: skip
    assert shop.order_row(result.order_id).state == "allocated"
    assert _items(shop, result.order_id) == []


def test_stock_taken_between_routing_and_allocation_backorders_not_errors(shop, monkeypatch):
    from ordertower.adapters.db.repositories.orders import SqlOrderBook

    shop.stock("SKU-A", 1)
    seen = SqlOrderBook.free_stock

    def stale(self, merchant_id, product_ids, location_ids):  # routing sees 5, stock holds 1
        return dict.fromkeys(seen(self, merchant_id, product_ids, location_ids), 5)

    monkeypatch.setattr(SqlOrderBook, "free_stock", stale)
    first, second = shop.capture(
        shop.draft(lines=[line("1", sku="SKU-A")]), shop.draft(lines=[line("1", sku="SKU-A")])
    )
    assert first.state is OrderState.ALLOCATED
    assert second.state is OrderState.BACKORDERED
    assert _items(shop, second.order_id) == [("insufficient_stock", None)]
    assert shop.free("SKU-A") == (1, 1)
