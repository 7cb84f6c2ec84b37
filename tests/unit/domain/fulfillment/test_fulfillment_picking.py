"""Bin choice and wave planning: FEFO, one covering bin over many, nothing planned twice."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.fulfillment import BinStock, PickNeed, choose_bins, plan_wave, walking_order


def stock(bin_id, free, *, sort_key=None, lot="", expires_on=None, product_id=1):
    return BinStock(
        product_id=product_id,
        bin_id=bin_id,
        bin_code=f"B{bin_id}" if bin_id else "",
        sort_key=sort_key or (f"{bin_id:04d}" if bin_id else ""),
        zone_id=1,
        lot=lot,
        expires_on=expires_on,
        free=free,
    )


def need(allocation_id, quantity, product_id=1):
    return PickNeed(
        allocation_id=allocation_id, product_id=product_id, sku=f"SKU-{product_id}",
        quantity=quantity,
    )  # fmt: skip


def test_one_bin_that_holds_everything_beats_a_nearer_partial_one():
    taken, short = choose_bins(3, [stock(1, 2), stock(2, 5)])
    assert [(s.bin_id, n) for s, n in taken] == [(2, 3)]
    assert short == 0


def test_the_first_covering_bin_on_the_path_wins():
    taken, _ = choose_bins(2, [stock(3, 5), stock(1, 4)])
    assert [s.bin_id for s, _ in taken] == [1]


def test_the_lot_that_expires_first_is_picked_first():
    soon = stock(2, 1, lot="S", expires_on=dt.date(2030, 1, 1))
    late = stock(1, 9, lot="L", expires_on=dt.date(2031, 1, 1))
    undated = stock(3, 9)
    taken, _ = choose_bins(2, [undated, late, soon])
    assert [(s.lot, n) for s, n in taken] == [("S", 1), ("L", 1)]


def test_without_a_covering_bin_the_fullest_go_first():
    taken, short = choose_bins(7, [stock(1, 2), stock(2, 4), stock(3, 3)])
    assert [(s.bin_id, n) for s, n in taken] == [(2, 4), (3, 3)]
    assert short == 0


def test_what_no_bin_holds_is_reported_short():
    _, short = choose_bins(5, [stock(1, 2)])
    assert short == 3


def test_an_order_that_cannot_be_planned_whole_is_left_out_and_takes_nothing():
    plan = plan_wave(
        [(10, [need(1, 3)]), (11, [need(2, 2)])],
        {1: [stock(1, 2)]},
        max_orders=5,
    )
    assert plan.order_ids == [11]
    assert list(plan.left_out) == [10]
    assert [(p.order_id, p.quantity) for p in plan.picks] == [(11, 2)]


def test_planning_stops_at_max_orders():
    plan = plan_wave([(n, [need(n, 1)]) for n in range(5)], {1: [stock(1, 10)]}, max_orders=2)
    assert plan.order_ids == [0, 1]


def test_walking_order_puts_unbinned_units_last():
    plan = plan_wave([(1, [need(1, 2)])], {1: [stock(None, 1), stock(5, 1)]}, max_orders=1)
    assert [p.bin_id for p in walking_order(plan.picks)] == [5, None]


@given(
    frees=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=6),
    wants=st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=8),
)
def test_no_bin_is_ever_planned_beyond_what_it_holds(frees, wants):
    stocks = [stock(i + 1, free) for i, free in enumerate(frees)]
    plan = plan_wave(
        [(order, [need(order, qty)]) for order, qty in enumerate(wants)],
        {1: stocks},
        max_orders=len(wants),
    )
    used: dict[int | None, int] = {}
    for pick in plan.picks:
        used[pick.bin_id] = used.get(pick.bin_id, 0) + pick.quantity
    assert all(used.get(s.bin_id, 0) <= s.free for s in stocks)
    planned = {o: sum(p.quantity for p in plan.picks if p.order_id == o) for o in plan.order_ids}
    assert planned == {o: wants[o] for o in plan.order_ids}
    assert set(plan.order_ids) | set(plan.left_out) == set(range(len(wants)))


def test_only_pick_storage_and_overflow_bins_or_no_bin_are_pickable():
    from dataclasses import replace

    from ordertower.domain.fulfillment import PICK_ZONE_KINDS
    from ordertower.domain.locations import ZoneKind

    assert {str(k) for k in PICK_ZONE_KINDS} == {"pick", "storage", "overflow"}
    for kind in ZoneKind:
        assert replace(stock(1, 1), zone_kind=str(kind)).pickable is (kind in PICK_ZONE_KINDS)
    assert stock(None, 1).pickable  # kept at the warehouse without a bin
