"""Posting movements: balances follow the ledger, replays change nothing, overdrafts are refused."""

import pytest
from sqlalchemy import select

from ordertower.adapters.db.tables.inventory import stock_balances, stock_movements, stock_positions
from ordertower.domain.errors import NotFound
from ordertower.domain.inventory import InventoryStatus, MovementKind, ReasonCode
from ordertower.domain.inventory.errors import IdempotencyKeyReused, InsufficientStock
from ordertower.services.inventory.posting import post_movements

S = InventoryStatus


def _post(runtime, stockroom, *requests):
    return post_movements(
        runtime.uow(),
        principal=stockroom.principal,
        merchant_id=stockroom.merchant_id,
        requests=list(requests),
    )


def _on_hand(runtime, stockroom):
    with runtime.engine.connect() as c:
        rows = c.execute(
            select(
                stock_balances.c.product_id,
                stock_balances.c.bin_id,
                stock_balances.c.status,
                stock_balances.c.on_hand,
            ).where(stock_balances.c.on_hand > 0)
        ).all()
    names = {v: k for k, v in stockroom.products.items()}
    bins = {v: k for k, v in stockroom.bins.items()}
    return {(names[r.product_id], bins.get(r.bin_id), r.status): r.on_hand for r in rows}


def _position(runtime, stockroom, sku):
    with runtime.engine.connect() as c:
        row = c.execute(
            select(stock_positions).where(stock_positions.c.product_id == stockroom.products[sku])
        ).first()
    return (row.sellable_on_hand, row.allocated) if row else (0, 0)


def test_a_receipt_then_a_transfer_moves_units_between_bins(runtime, stockroom) -> None:
    s = stockroom
    _post(
        runtime,
        s,
        s.receive("SKU-A", 10),
        s.move("SKU-A", 4, MovementKind.TRANSFER, src=s.place("A-01"), dst=s.place("A-02")),
    )
    assert _on_hand(runtime, s) == {
        ("SKU-A", "A-01", "sellable"): 6,
        ("SKU-A", "A-02", "sellable"): 4,
    }
    assert _position(runtime, s, "SKU-A") == (10, 0)


def test_a_replayed_request_is_a_no_op(runtime, stockroom) -> None:
    s = stockroom
    request = s.receive("SKU-A", 5, key="receipt-1")
    first = _post(runtime, s, request)
    again = _post(runtime, s, request)
    assert again[0].movement_id == first[0].movement_id
    assert again[0].replayed
    assert _on_hand(runtime, s) == {("SKU-A", "A-01", "sellable"): 5}


def test_a_key_reused_for_another_movement_is_refused(runtime, stockroom) -> None:
    s = stockroom
    _post(runtime, s, s.receive("SKU-A", 5, key="same"))
    with pytest.raises(IdempotencyKeyReused):
        _post(runtime, s, s.receive("SKU-A", 6, key="same"))


def test_taking_more_than_is_there_refuses_the_whole_batch(runtime, stockroom) -> None:
    s = stockroom
    _post(runtime, s, s.receive("SKU-A", 3))
    with pytest.raises(InsufficientStock, match=r"SKU-A at WH-EAST/A-01 .sellable. has 3 on hand"):
        _post(
            runtime,
            s,
            s.receive("SKU-B", 1),
            s.move("SKU-A", 4, MovementKind.TRANSFER, src=s.place("A-01"), dst=s.place("A-02")),
        )
    assert _on_hand(runtime, s) == {("SKU-A", "A-01", "sellable"): 3}


def test_a_batch_is_judged_in_order_not_by_its_net_effect(runtime, stockroom) -> None:
    s = stockroom
    with pytest.raises(InsufficientStock):
        _post(
            runtime,
            s,
            s.move("SKU-A", 2, MovementKind.TRANSFER, src=s.place("A-01"), dst=s.place("A-02")),
            s.receive("SKU-A", 2),
        )


def test_a_status_change_out_of_sellable_leaves_the_sellable_position(runtime, stockroom) -> None:
    s = stockroom
    _post(
        runtime,
        s,
        s.receive("SKU-A", 10),
        s.move(
            "SKU-A", 3, MovementKind.STATUS_CHANGE, src=s.place("A-01"), dst=s.place("A-01", S.HOLD)
        ),
    )
    assert _position(runtime, s, "SKU-A") == (7, 0)
    assert _on_hand(runtime, s)[("SKU-A", "A-01", "hold")] == 3


def test_an_unknown_sku_or_a_foreign_bin_is_refused_naming_the_field(runtime, stockroom) -> None:
    s = stockroom
    with pytest.raises(NotFound) as unknown:
        _post(runtime, s, s.receive("NOPE", 1))
    assert unknown.value.field == "movements[0].sku"
    with pytest.raises(NotFound) as foreign:
        _post(runtime, s, s.receive("SKU-A", 1, location=s.other_warehouse_id))
    assert foreign.value.field == "movements[0].to_place.bin_id"
    with runtime.engine.connect() as c:
        assert c.execute(select(stock_movements)).first() is None


def test_an_adjustment_down_needs_a_reason_that_removes(runtime, stockroom) -> None:
    s = stockroom
    _post(runtime, s, s.receive("SKU-A", 5))
    _post(
        runtime,
        s,
        s.move(
            "SKU-A",
            2,
            MovementKind.ADJUSTMENT,
            src=s.place("A-01"),
            dst=None,
            reason=ReasonCode.DAMAGED,
        ),
    )
    assert _position(runtime, s, "SKU-A") == (3, 0)
