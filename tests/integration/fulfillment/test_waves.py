"""Waves take the most urgent matching orders, plan every unit onto a bin once, and walk in order."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from ordertower.domain.errors import NotFound
from ordertower.domain.fulfillment import WaveCriteria, WaveInvalid
from ordertower.domain.pagination import PageRequest
from ordertower.domain.shipping import ServiceLevel
from ordertower.services.fulfillment import waves

NOW = dt.datetime.now(dt.UTC)


def release(runtime, floor, **criteria):
    return waves.release_wave(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        criteria=WaveCriteria(location_id=floor.warehouse_id, **criteria),
    )


def test_a_wave_takes_the_most_urgent_matching_orders(runtime, floor):
    floor.stock("SKU-A", 10, "A-10")
    late = floor.order({"SKU-A": 1}, ship_by=NOW + dt.timedelta(days=3))
    soon = floor.order({"SKU-A": 1}, ship_by=NOW + dt.timedelta(hours=2))
    express = floor.order(
        {"SKU-A": 1}, ship_by=NOW + dt.timedelta(hours=1), service_level="next_day"
    )
    undated = floor.order({"SKU-A": 1})
    wave = release(runtime, floor, ship_by_before=NOW + dt.timedelta(days=1), max_orders=1,
                   service_levels=frozenset({ServiceLevel.STANDARD}))  # fmt: skip
    assert wave.wave.order_count == 1
    assert {t.order_id for t in wave.tasks} == {soon}
    states = {o: floor.state(o) for o in (late, soon, express, undated)}
    assert states == {late: "allocated", soon: "released", express: "allocated",
                      undated: "allocated"}  # fmt: skip


def test_two_waves_never_plan_the_same_units(runtime, floor):
    floor.stock("SKU-A", 2, "A-2")
    floor.stock("SKU-A", 2, "A-10")
    first = floor.order({"SKU-A": 2})
    second = floor.order({"SKU-A": 2})
    one = release(runtime, floor, max_orders=1)
    two = release(runtime, floor, max_orders=1)
    assert [(t.order_id, t.bin_code) for t in one.tasks] == [(first, "A-2")]
    assert [(t.order_id, t.bin_code) for t in two.tasks] == [(second, "A-10")]


def test_the_pick_list_walks_the_bins_in_path_order_each_once(runtime, floor):
    floor.stock("SKU-A", 5, "A-10")
    floor.stock("SKU-B", 5, "A-2")
    floor.stock("SKU-C", 5, "B-1")
    orders = [floor.order({"SKU-C": 1, "SKU-A": 1}), floor.order({"SKU-A": 2, "SKU-B": 1})]
    wave = release(runtime, floor)
    assert [s.bin_code for s in wave.stops] == ["A-2", "A-10", "B-1"]
    a10 = wave.stops[1]
    assert sorted((t.order_id, t.quantity) for t in a10.lines) == [(orders[0], 1), (orders[1], 2)]


def test_the_first_expiring_lot_is_picked_first_and_one_bin_beats_several(runtime, floor):
    floor.stock("SKU-A", 5, "A-2", lot="LATE", expires_on=dt.date(2031, 1, 1))
    floor.stock("SKU-A", 1, "A-10", lot="SOON", expires_on=dt.date(2030, 1, 1))
    floor.stock("SKU-B", 1, "A-2")
    floor.stock("SKU-B", 3, "B-1")
    floor.order({"SKU-A": 3, "SKU-B": 3})
    wave = release(runtime, floor)
    picks = sorted((t.sku, t.bin_code, t.lot, t.quantity) for t in wave.tasks)
    assert picks == [("SKU-A", "A-10", "SOON", 1), ("SKU-A", "A-2", "LATE", 2),
                     ("SKU-B", "B-1", "", 3)]  # fmt: skip


def test_an_order_whose_units_are_not_in_the_chosen_zones_is_left_out(runtime, floor):
    floor.stock("SKU-A", 1, "A-10")
    floor.stock("SKU-C", 1, "C-5")  # the BULK zone
    in_pick = floor.order({"SKU-A": 1})
    in_bulk = floor.order({"SKU-C": 1})
    wave = release(runtime, floor, zone_ids=frozenset({floor.zone_ids["PICK"]}))
    assert {t.order_id for t in wave.tasks} == {in_pick}
    assert [x["order_id"] for x in wave.wave.left_out] == [in_bulk]
    assert floor.state(in_bulk) == "allocated"


def test_units_on_the_receiving_dock_or_the_packing_bench_are_never_picked(runtime, floor):
    floor.stock("SKU-A", 5, "DOCK-1")  # received, not yet put away; first on the path
    floor.stock("SKU-A", 5, "PACK-1")
    floor.stock("SKU-A", 1, "A-10")
    floor.stock("SKU-B", 1, "DOCK-1")
    dock_only = floor.order({"SKU-B": 1})
    first = floor.order({"SKU-A": 1})
    second = floor.order({"SKU-A": 1})  # allocated (the position counts the dock) but unpickable
    wave = release(runtime, floor)
    assert [(t.order_id, t.bin_code) for t in wave.tasks] == [(first, "A-10")]
    assert {x["order_id"] for x in wave.wave.left_out} == {dock_only, second}
    assert floor.state(second) == "allocated"


def test_units_without_a_bin_are_picked_last(runtime, floor):
    floor.stock("SKU-A", 1, None)
    floor.stock("SKU-B", 1, "B-1")
    floor.order({"SKU-A": 1, "SKU-B": 1})
    wave = release(runtime, floor)
    assert [s.bin_code for s in wave.stops] == ["B-1", None]


def test_nothing_to_release_is_a_clear_not_found(runtime, floor):
    with pytest.raises(NotFound, match="No allocated order"):
        release(runtime, floor)


def test_bad_criteria_are_refused_naming_the_field(runtime, floor):
    with pytest.raises(WaveInvalid) as refused:
        release(runtime, floor, max_orders=0)
    assert refused.value.field == "max_orders"


def test_the_wave_list_shows_progress(runtime, floor):
    floor.stock("SKU-A", 1, "A-10")
    floor.order({"SKU-A": 1})
    wave = release(runtime, floor)
    page = waves.list_waves(
        runtime.uow(),
        principal=floor.principal,
        merchant_id=floor.merchant_id,
        page=PageRequest(),
    )
    assert [(w.id, w.unit_count, w.units_picked, w.done) for w in page.items] == [
        (wave.wave.id, 1, 0, False)
    ]


def test_waves_released_at_the_same_moment_never_share_units(runtime, floor):
    floor.stock("SKU-A", 2, "A-2")
    floor.stock("SKU-A", 2, "A-10")
    for channel in ("manual", "shopify"):  # two waves over different orders, same bins
        floor.order({"SKU-A": 2}, channel=channel)
    barrier = threading.Barrier(2)
    released: list = []

    def release_one(channel: str) -> None:
        barrier.wait()
        released.append(release(runtime, floor, channels=frozenset({channel})))

    threads = [threading.Thread(target=release_one, args=(c,)) for c in ("manual", "shopify")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bins = sorted(t.bin_code for wave in released for t in wave.tasks)
    assert bins == ["A-10", "A-2"]
