"""GS1 barcodes, ASINs and FNSKUs: what the product master accepts and how it explains a refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.catalog import (
    BarcodeKind,
    InvalidAsin,
    InvalidBarcode,
    InvalidFnsku,
    gs1_check_digit,
    validate_asin,
    validate_fnsku,
    validate_gtin,
)
from ordertower.domain.errors import InvalidInput


def reference_check_digit(body: str) -> int:
    """GS1's table method: pad the body to 17 digits, weight 3,1,3,… from the left."""
    padded = body.zfill(17)
    total = sum(int(digit) * weight for digit, weight in zip(padded, [3, 1] * 9, strict=False))
    return -total % 10


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("036000291452", BarcodeKind.UPC_A),
        ("4006381333931", BarcodeKind.EAN_13),
        ("96385074", BarcodeKind.EAN_8),
        ("10012345000017", BarcodeKind.GTIN_14),
    ],
)
def test_published_example_barcodes_are_accepted_with_their_kind(
    code: str, kind: BarcodeKind
) -> None:
    barcode = validate_gtin(code)

    assert barcode.kind is kind
    assert barcode.code == code
    assert barcode.gtin14 == code.zfill(14)


def test_a_upc_a_and_the_same_number_as_ean_13_compare_as_one_gtin() -> None:
    assert validate_gtin("036000291452").gtin14 == validate_gtin("0036000291452").gtin14


def test_surrounding_whitespace_is_ignored() -> None:
    assert validate_gtin("  036000291452\t").code == "036000291452"


def test_a_wrong_check_digit_names_the_expected_one() -> None:
    with pytest.raises(InvalidBarcode) as refused:
        validate_gtin("036000291453")

    assert refused.value.code == "invalid_barcode"
    assert refused.value.expected_check_digit == 2
    assert "check digit for 03600029145 is 2" in refused.value.message


@pytest.mark.parametrize("code", ["1234567", "12345678901", "123456789012345", "0306406152"])
def test_a_barcode_of_the_wrong_length_is_refused(code: str) -> None:
    with pytest.raises(InvalidBarcode, match=f"has {len(code)} digits"):
        validate_gtin(code)


@pytest.mark.parametrize(
    "code", ["03600029145X", "036 000 291 452", "036000-291452", "٠٣٦٠٠٠٢٩١٤٥٢"]
)
def test_a_barcode_with_anything_but_ascii_digits_is_refused(code: str) -> None:
    with pytest.raises(InvalidBarcode, match="digits only"):
        validate_gtin(code)


def test_an_empty_barcode_is_refused() -> None:
    with pytest.raises(InvalidBarcode, match="empty"):
        validate_gtin("  ")


def test_an_all_zero_barcode_is_refused_although_its_check_digit_fits() -> None:
    with pytest.raises(InvalidBarcode, match="all zeros"):
        validate_gtin("000000000000")


def test_barcode_errors_are_invalid_input_for_the_api() -> None:
    assert issubclass(InvalidBarcode, InvalidInput)


bodies = st.sampled_from([7, 11, 12, 13]).flatmap(
    lambda length: st.text(alphabet="0123456789", min_size=length, max_size=length)
)


@given(bodies)
def test_the_check_digit_matches_gs1s_table_method(body: str) -> None:
    assert gs1_check_digit(body) == reference_check_digit(body)


@given(bodies.filter(lambda body: body.strip("0")))
def test_a_body_with_its_check_digit_is_a_valid_barcode(body: str) -> None:
    code = body + str(gs1_check_digit(body))

    barcode = validate_gtin(code)

    assert barcode.gtin14 == code.zfill(14)
    assert len(barcode.gtin14) == 14


@given(bodies, st.data())
def test_any_single_mistyped_digit_is_caught(body: str, data: st.DataObject) -> None:
    code = body + str(gs1_check_digit(body))
    position = data.draw(st.integers(min_value=0, max_value=len(code) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    mistyped = code[:position] + wrong + code[position + 1 :]

    with pytest.raises(InvalidBarcode):
        validate_gtin(mistyped)


@pytest.mark.parametrize("text", ["B07XJ8C8F5", "b07xj8c8f5", " B000000001 "])
def test_an_asin_starting_b0_is_accepted_in_upper_case(text: str) -> None:
    assert validate_asin(text) == text.strip().upper()


@pytest.mark.parametrize("isbn", ["0306406152", "080442957X", "080442957x"])
def test_a_book_asin_is_an_isbn_10_with_a_valid_check_character(isbn: str) -> None:
    assert validate_asin(isbn) == isbn.upper()


def test_a_book_asin_with_a_wrong_check_character_is_refused() -> None:
    with pytest.raises(InvalidAsin, match="check character"):
        validate_asin("0306406153")


@pytest.mark.parametrize(
    "text", ["", "B07XJ8C8F", "B07XJ8C8F56", "A07XJ8C8F5", "B1XJ8C8F55", "B07XJ8C8F-"]
)
def test_anything_else_is_not_an_asin(text: str) -> None:
    with pytest.raises(InvalidAsin) as refused:
        validate_asin(text)

    assert refused.value.code == "invalid_asin"
    assert refused.value.field == "asin"


@pytest.mark.parametrize("text", ["X001ABC123", "x001abc123", "B07XJ8C8F5", "X0"])
def test_an_fnsku_of_up_to_ten_letters_and_digits_is_accepted_in_upper_case(text: str) -> None:
    assert validate_fnsku(text) == text.upper()


@pytest.mark.parametrize("text", ["", "X001ABC1234", "X001-ABC12", "X001 ABC12", "X001ÄBC123"])
def test_anything_else_is_not_an_fnsku(text: str) -> None:
    with pytest.raises(InvalidFnsku) as refused:
        validate_fnsku(text)

    assert refused.value.code == "invalid_fnsku"
