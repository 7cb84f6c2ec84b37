"""Bins: scannable barcodes that never pass for a product, pick-path keys and generated grids."""

from __future__ import annotations

import pytest

from ordertower.domain.bins import (
    GRID_MAX_BINS,
    BinInvalid,
    BinRange,
    BinSpec,
    barcode_problems,
    checked_bin,
    grid_codes,
    pick_path_key,
)


def test_aisles_a01_to_a10_by_levels_1_to_4_make_forty_bins_in_walking_order() -> None:
    codes = grid_codes([BinRange("A01", "A10"), BinRange("1", "4")])
    assert len(codes) == 40
    assert codes[:5] == ["A01-1", "A01-2", "A01-3", "A01-4", "A02-1"]
    assert codes[-1] == "A10-4"


def test_letter_ranges_and_fixed_parts_combine() -> None:
    assert grid_codes([BinRange("R"), BinRange("a", "c")], separator="") == ["RA", "RB", "RC"]


def test_numbers_keep_the_width_they_were_written_with() -> None:
    assert grid_codes([BinRange("8", "10")]) == ["8", "9", "10"]
    assert grid_codes([BinRange("08", "10")]) == ["08", "09", "10"]


@pytest.mark.parametrize(
    "part",
    [BinRange("A10", "A01"), BinRange("A01", "B10"), BinRange("A", "3"), BinRange("A-1", "A-3")],
)
def test_a_range_that_does_not_count_upwards_is_refused_naming_the_part(part: BinRange) -> None:
    with pytest.raises(BinInvalid) as caught:
        grid_codes([BinRange("Z"), part])
    assert caught.value.problems[0].field == "parts[1]"


def test_a_grid_is_capped_so_a_typo_cannot_create_a_million_bins() -> None:
    with pytest.raises(BinInvalid) as caught:
        grid_codes([BinRange("1", "100"), BinRange("1", "100")])
    assert caught.value.problems[0].code == "too_many_bins"
    with pytest.raises(BinInvalid):
        grid_codes([BinRange("1", str(GRID_MAX_BINS + 1))])


def test_a_grid_needs_parts_and_a_known_separator() -> None:
    with pytest.raises(BinInvalid) as caught:
        grid_codes([], separator="/")
    assert {p.field for p in caught.value.problems} == {"parts", "separator"}


def test_pick_path_keys_compare_numbers_as_numbers() -> None:
    assert sorted(["A10-1", "A2-1", "A1-10"], key=pick_path_key) == ["A1-10", "A2-1", "A10-1"]


def test_a_bin_gets_its_barcode_and_sort_key_from_its_codes() -> None:
    spec, problems = checked_bin(BinSpec(code="a01-1"), location_code="CHI1")
    assert problems == []
    assert (spec.code, spec.barcode, spec.sort_key) == ("A01-1", "CHI1-A01-1", "A000001-000001")


@pytest.mark.parametrize(
    ("barcode", "code"),
    [
        ("012345678905", "looks_like_product_barcode"),  # a UPC-A
        ("4006381333931", "looks_like_product_barcode"),  # an EAN-13
        ("X001ABC123", "looks_like_product_barcode"),  # an FNSKU
        ("B07XJ8C8F5", "looks_like_product_barcode"),  # an ASIN
        ("HAS SPACE", "invalid_barcode"),
        ("", "required"),
    ],
)
def test_a_bin_barcode_that_a_scanner_could_take_for_a_product_is_refused(
    barcode: str, code: str
) -> None:
    assert [p.code for p in barcode_problems("barcode", barcode)] == [code]


def test_a_short_numeric_bin_barcode_is_fine() -> None:
    assert barcode_problems("barcode", "1234567") == []
