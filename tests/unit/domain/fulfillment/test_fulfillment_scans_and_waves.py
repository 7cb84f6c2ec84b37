"""Scan judgements, wave selection and package measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ordertower.domain.catalog.measures import Dimensions, LengthUnit, Weight, WeightUnit
from ordertower.domain.fulfillment import (
    PackageInvalid,
    PackageMeasures,
    WaveCandidate,
    WaveCriteria,
    WaveInvalid,
    check_criteria,
    check_measures,
    judge_scan,
    select_orders,
)
from ordertower.domain.shipping import ServiceLevel

T0 = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def test_a_needed_unit_is_accepted():
    judged = judge_scan(code="X", sku="A", still_needed={"A": 2}, ordered={"A": 2})
    assert judged.accepted
    assert "1 more" in judged.message


def test_an_item_not_in_the_order_is_a_wrong_item_naming_what_is_still_needed():
    judged = judge_scan(code="X", sku="C", still_needed={"A": 1, "B": 0}, ordered={"A": 1, "B": 1})
    assert judged.outcome == "wrong_item"
    assert judged.message == "C is not in this order: put it back. Still needed: 1 × A."


def test_a_unit_beyond_the_ordered_quantity_is_too_many():
    judged = judge_scan(code="X", sku="A", still_needed={"A": 0}, ordered={"A": 2})
    assert judged.outcome == "too_many"


def test_a_code_naming_no_product_is_unknown():
    assert judge_scan(code="??", sku=None, still_needed={}, ordered={}).outcome == "unknown_code"


def candidate(order_id, *, ship_by=None, level=ServiceLevel.STANDARD, channel="manual", age=0):
    return WaveCandidate(
        order_id=order_id,
        channel=channel,
        service_level=level,
        ship_by=ship_by,
        placed_at=T0 - dt.timedelta(hours=age),
    )


def test_selection_puts_the_earliest_ship_by_first_and_undated_orders_last():
    chosen = select_orders(
        [candidate(1), candidate(2, ship_by=T0), candidate(3, ship_by=T0 - dt.timedelta(hours=1)),
         candidate(4, age=5)],
        WaveCriteria(location_id=1),
    )  # fmt: skip
    assert [c.order_id for c in chosen] == [3, 2, 4, 1]


def test_selection_filters_by_due_time_level_and_channel():
    criteria = WaveCriteria(
        location_id=1,
        ship_by_before=T0,
        service_levels=frozenset({ServiceLevel.NEXT_DAY}),
        channels=frozenset({"amazon"}),
    )
    chosen = select_orders(
        [
            candidate(
                1, ship_by=T0 - dt.timedelta(1), level=ServiceLevel.NEXT_DAY, channel="amazon"
            ),
            candidate(2, ship_by=T0, level=ServiceLevel.NEXT_DAY, channel="amazon"),
            candidate(3, ship_by=T0 - dt.timedelta(1), channel="amazon"),
            candidate(4, ship_by=T0 - dt.timedelta(1), level=ServiceLevel.NEXT_DAY),
            candidate(5, level=ServiceLevel.NEXT_DAY, channel="amazon"),
        ],
        criteria,
    )
    assert [c.order_id for c in chosen] == [1]


def test_criteria_without_a_time_zone_or_with_too_many_orders_are_refused():
    with pytest.raises(WaveInvalid) as refused:
        check_criteria(
            WaveCriteria(location_id=1, ship_by_before=dt.datetime(2026, 1, 1), max_orders=501)
        )
    assert [p.field for p in refused.value.problems] == ["max_orders", "ship_by_before"]


def test_a_parcel_over_150_lb_or_108_in_is_refused():
    with pytest.raises(PackageInvalid) as refused:
        check_measures(
            PackageMeasures(
                weight=Weight(Decimal(70), WeightUnit.KILOGRAM),
                dimensions=Dimensions(
                    Decimal(300), Decimal(10), Decimal(10), LengthUnit.CENTIMETRE
                ),
            )
        )
    assert [p.code for p in refused.value.problems] == [
        "too_heavy_for_a_parcel",
        "too_long_for_a_parcel",
    ]


def test_a_normal_parcel_passes():
    check_measures(PackageMeasures(weight=Weight(Decimal(12), WeightUnit.OUNCE)))
