"""Product identifiers on the unit: GS1 barcodes (UPC-A, EAN-13, EAN-8, GTIN-14), ASIN and FNSKU.

A GS1 check digit weights the digits 3, 1, 3, 1, … from the right (the digit next to the check
digit weighs 3); the check digit tops the sum up to a multiple of ten. Every GTIN is compared as
its 14-digit form (left-padded with zeros), so a UPC-A and the same number as an EAN-13 with a
leading 0 are one barcode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .errors import InvalidAsin, InvalidBarcode, InvalidFnsku


class BarcodeKind(StrEnum):
    EAN_8 = "ean_8"  # 8 digits: small packages
    UPC_A = "upc_a"  # 12 digits: the North American retail barcode
    EAN_13 = "ean_13"  # 13 digits: the international retail barcode (also JAN, ISBN-13)
    GTIN_14 = "gtin_14"  # 14 digits: cases and other trade units (ITF-14, GS1-128)


_KIND_BY_LENGTH = {
    8: BarcodeKind.EAN_8,
    12: BarcodeKind.UPC_A,
    13: BarcodeKind.EAN_13,
    14: BarcodeKind.GTIN_14,
}


@dataclass(frozen=True, slots=True)
class Barcode:
    """A valid GS1 barcode as printed (`code`) and as compared (`gtin14`)."""

    code: str
    kind: BarcodeKind
    gtin14: str


def gs1_check_digit(body: str) -> int:
    """The GS1 check digit for `body`, the digits of a GTIN without its last (check) digit."""
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"a GS1 body is digits only, got {body!r}")
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(body[::-1]))
    return (10 - total % 10) % 10


def validate_gtin(code: str) -> Barcode:
    """Return the barcode with kind and GTIN-14, or raise InvalidBarcode saying what is wrong."""
    digits = code.strip()
    if not digits:
        raise InvalidBarcode("Barcode is empty; scan or type the digits under the bars.")
    if not digits.isascii() or not digits.isdigit():
        raise InvalidBarcode(f"Barcode {digits!r} must be digits only (no spaces or dashes).")
    kind = _KIND_BY_LENGTH.get(len(digits))
    if kind is None:
        raise InvalidBarcode(
            f"Barcode {digits} has {len(digits)} digits; a barcode has 8 (EAN-8), 12 (UPC-A), "
            "13 (EAN-13) or 14 (GTIN-14) digits."
        )
    if set(digits) == {"0"}:
        raise InvalidBarcode(f"Barcode {digits} is all zeros, which GS1 never assigns.")
    expected = gs1_check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        raise InvalidBarcode(
            f"Barcode {digits} ends in check digit {digits[-1]} but the GS1 check digit for "
            f"{digits[:-1]} is {expected}; scan or type the barcode again.",
            expected_check_digit=expected,
        )
    return Barcode(code=digits, kind=kind, gtin14=digits.zfill(14))


_ASIN_B0 = re.compile(r"B0[A-Z0-9]{8}")
_ISBN_10 = re.compile(r"[0-9]{9}[0-9X]")
_FNSKU = re.compile(r"[A-Z0-9]{1,10}")


def _isbn10_is_valid(isbn: str) -> bool:
    values = [10 if char == "X" else int(char) for char in isbn]
    return (
        sum(weight * value for weight, value in zip(range(10, 0, -1), values, strict=True)) % 11
        == 0
    )


def validate_asin(text: str) -> str:
    """Return the ASIN in upper case: `B0` + 8 letters/digits, or a book's ISBN-10."""
    asin = text.strip().upper()
    if _ASIN_B0.fullmatch(asin):
        return asin
    if _ISBN_10.fullmatch(asin):
        if _isbn10_is_valid(asin):
            return asin
        raise InvalidAsin(
            f"ASIN {asin} looks like an ISBN-10 but its check character is wrong; "
            "copy the ASIN from the Amazon detail page.",
            field="asin",
        )
    raise InvalidAsin(
        f"ASIN {asin!r} is not an ASIN: expected 10 characters, B0 followed by 8 letters or "
        "digits (e.g. B07XJ8C8F5), or a book's ISBN-10.",
        field="asin",
    )


def validate_fnsku(text: str) -> str:
    """Return the FNSKU in upper case: 1 to 10 letters/digits, printable in Code 128.

    Amazon-barcode FNSKUs look like `X00…`; for manufacturer-barcode listings the FNSKU is the
    ASIN (`B0…`) — see /work/shared/reference/fba/fba-prep-research.md §2.1 and rule LBL-06.
    """
    fnsku = text.strip().upper()
    if not _FNSKU.fullmatch(fnsku):
        raise InvalidFnsku(
            f"FNSKU {fnsku!r} is not an FNSKU: use 1 to 10 letters or digits "
            "(e.g. X001ABC123), as shown in Seller Central.",
            field="fnsku",
        )
    return fnsku
