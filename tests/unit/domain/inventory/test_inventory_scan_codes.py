"""Reading a scanned code every way it could name a product."""

import pytest

from ordertower.domain.errors import IllegalTransition, InvalidInput
from ordertower.domain.inventory.inbound_states import (
    NOTICE_CHANGES,
    RECEIPT_CHANGES,
    NoticeStatus,
    ReceiptStatus,
    check_change,
)
from ordertower.domain.inventory.scan_codes import read_scan, unknown_code


def test_a_upc_is_looked_up_as_its_gtin_14_and_also_as_a_sku() -> None:
    lookup = read_scan(" 012345678905\n")
    assert lookup.code == "012345678905"
    assert lookup.gtin14 == "00012345678905"
    assert lookup.sku == "012345678905"
    assert lookup.barcode_problem is None


def test_the_same_number_as_ean_13_reads_as_the_same_gtin() -> None:
    assert read_scan("0012345678905").gtin14 == read_scan("012345678905").gtin14


def test_digits_with_a_wrong_check_digit_are_no_barcode_and_the_refusal_says_why() -> None:
    lookup = read_scan("012345678901")
    assert lookup.gtin14 is None
    assert "check digit" in (lookup.barcode_problem or "")
    assert "check digit" in unknown_code(lookup).message


def test_a_short_alphanumeric_code_may_be_an_fnsku_in_any_case() -> None:
    assert read_scan("x001abc123").fnsku == "X001ABC123"
    assert read_scan("MUG-BLK-LARGE").fnsku is None


@pytest.mark.parametrize("code", ["", "   ", "X" * 65])
def test_an_empty_or_over_long_scan_is_refused(code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_scan(code)
    assert refused.value.field == "code"


def test_a_notice_being_received_can_no_longer_be_cancelled() -> None:
    check_change("n", NOTICE_CHANGES, NoticeStatus.OPEN, NoticeStatus.CANCELLED, field="f")
    with pytest.raises(IllegalTransition):
        check_change("n", NOTICE_CHANGES, NoticeStatus.RECEIVING, NoticeStatus.CANCELLED, field="f")


def test_a_receipt_put_away_before_closing_goes_straight_to_put_away() -> None:
    check_change("r", RECEIPT_CHANGES, ReceiptStatus.RECEIVING, ReceiptStatus.PUT_AWAY, field="f")
    with pytest.raises(IllegalTransition, match="is put_away; it cannot become received"):
        check_change(
            "r", RECEIPT_CHANGES, ReceiptStatus.PUT_AWAY, ReceiptStatus.RECEIVED, field="f"
        )
