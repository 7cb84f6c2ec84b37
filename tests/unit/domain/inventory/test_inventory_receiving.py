import datetime as dt

import pytest

from ordertower.domain.inventory import (
    AdvanceNotice,
    Discrepancy,
    DiscrepancyKind,
    ExpectedLine,
    InboundPackage,
    InvalidReceipt,
    PackageKind,
    ReceiptLine,
    ReceivingScan,
    close_receipt,
    dock_to_stock,
    tally_receipt,
)

D = DiscrepancyKind


def notice(*lines, packages=()):
    return AdvanceNotice(
        notice_id="ASN-1",
        merchant_id=7,
        expected_on=dt.date(2026, 6, 1),
        lines=lines,
        packages=packages,
    )


PALLET_WITH_TWO_CARTONS = (
    InboundPackage("PAL-1", PackageKind.PALLET),
    InboundPackage("CTN-1", PackageKind.CARTON, parent_id="PAL-1"),
    InboundPackage("CTN-2", PackageKind.CARTON, parent_id="PAL-1"),
)
TEES_IN_TWO_CARTONS = notice(
    ExpectedLine("TEE", 6, "CTN-1"),
    ExpectedLine("TEE", 4, "CTN-2"),
    ExpectedLine("CAP", 5, "CTN-2"),
    packages=PALLET_WITH_TWO_CARTONS,
)


def test_expected_units_are_totalled_per_sku_over_every_package():
    assert TEES_IN_TWO_CARTONS.expected_by_sku() == {"TEE": 10, "CAP": 5}


def test_scans_are_tallied_per_sku_against_the_notice():
    scans = [ReceivingScan("TEE", 6), ReceivingScan("CAP"), ReceivingScan("TEE", 4)]

    assert tally_receipt(TEES_IN_TWO_CARTONS, scans) == (
        ReceiptLine("TEE", expected=10, good=10, damaged=0),
        ReceiptLine("CAP", expected=5, good=1, damaged=0),
    )


def test_a_receipt_that_matches_its_notice_has_no_discrepancies():
    scans = [ReceivingScan("TEE", 10), ReceivingScan("CAP", 5)]

    assert close_receipt(TEES_IN_TWO_CARTONS, scans) == ()


def test_closing_a_receipt_reports_over_short_damaged_and_unexpected_units():
    scans = [
        ReceivingScan("TEE", 11),
        ReceivingScan("CAP", 3),
        ReceivingScan("CAP", 1, damaged=True),
        ReceivingScan("MUG", 2),
    ]

    assert close_receipt(TEES_IN_TWO_CARTONS, scans) == (
        Discrepancy(D.OVER, "TEE", expected=10, received=11, quantity=1),
        Discrepancy(D.SHORT, "CAP", expected=5, received=4, quantity=1),
        Discrepancy(D.DAMAGED, "CAP", expected=5, received=4, quantity=1),
        Discrepancy(D.UNEXPECTED_SKU, "MUG", expected=0, received=2, quantity=2),
    )


def test_damaged_units_arrived_so_they_do_not_also_count_as_short():
    scans = [
        ReceivingScan("TEE", 8),
        ReceivingScan("TEE", 2, damaged=True),
        ReceivingScan("CAP", 5),
    ]

    assert close_receipt(TEES_IN_TWO_CARTONS, scans) == (
        Discrepancy(D.DAMAGED, "TEE", expected=10, received=10, quantity=2),
    )


def test_a_sku_that_never_arrived_is_short_by_everything_expected():
    assert close_receipt(TEES_IN_TWO_CARTONS, [ReceivingScan("TEE", 10)]) == (
        Discrepancy(D.SHORT, "CAP", expected=5, received=0, quantity=5),
    )


def test_a_blind_receipt_has_nothing_to_be_over_or_short_against():
    scans = [ReceivingScan("TEE", 3), ReceivingScan("TEE", 1, damaged=True)]

    assert tally_receipt(None, scans) == (ReceiptLine("TEE", expected=None, good=3, damaged=1),)
    assert close_receipt(None, scans) == (
        Discrepancy(D.DAMAGED, "TEE", expected=None, received=4, quantity=1),
    )


@pytest.mark.parametrize("quantity", [0, -2, True])
def test_a_scan_counts_at_least_one_unit(quantity):
    with pytest.raises(InvalidReceipt) as refused:
        ReceivingScan("TEE", quantity)

    assert refused.value.field == "quantity"


@pytest.mark.parametrize(
    ("packages", "lines", "field"),
    [
        (
            (InboundPackage("C1", PackageKind.CARTON), InboundPackage("C1", PackageKind.CARTON)),
            (),
            "packages[1].package_id",
        ),
        (
            (
                InboundPackage("C1", PackageKind.CARTON, parent_id="P1"),
                InboundPackage("P1", PackageKind.PALLET),
            ),
            (),
            "packages[0].parent_id",
        ),
        ((), (ExpectedLine("TEE", 1, "C9"),), "lines[0].package_id"),
        ((), (ExpectedLine("TEE", 0),), "lines[0].quantity"),
        ((), (ExpectedLine("TEE", 1), ExpectedLine("TEE", 2)), "lines[1].sku"),
    ],
)
def test_a_notice_that_does_not_add_up_is_refused_by_field(packages, lines, field):
    with pytest.raises(InvalidReceipt) as refused:
        notice(*lines, packages=packages)

    assert refused.value.field == field


def test_the_same_sku_may_come_in_several_packages():
    assert TEES_IN_TWO_CARTONS.expected_by_sku()["TEE"] == 10


ARRIVED = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


def test_dock_to_stock_runs_from_arrival_to_putaway_complete():
    done = ARRIVED + dt.timedelta(hours=26, minutes=30)

    assert dock_to_stock(arrived_at=ARRIVED, putaway_completed_at=done) == dt.timedelta(
        hours=26, minutes=30
    )


def test_dock_to_stock_compares_instants_whatever_the_timezone():
    eastern = dt.timezone(dt.timedelta(hours=-4))
    done = dt.datetime(2026, 6, 1, 6, 0, tzinfo=eastern)

    assert dock_to_stock(arrived_at=ARRIVED, putaway_completed_at=done) == dt.timedelta(hours=2)


def test_dock_to_stock_refuses_times_without_a_timezone():
    with pytest.raises(InvalidReceipt) as refused:
        dock_to_stock(arrived_at=dt.datetime(2026, 6, 1, 8, 0), putaway_completed_at=ARRIVED)

    assert refused.value.field == "arrived_at"


def test_putaway_cannot_complete_before_the_goods_arrived():
    with pytest.raises(InvalidReceipt) as refused:
        dock_to_stock(arrived_at=ARRIVED, putaway_completed_at=ARRIVED - dt.timedelta(minutes=1))

    assert refused.value.field == "putaway_completed_at"
