"""What a scanned code may name: a product barcode (compared as GTIN-14), an FNSKU, or a SKU.

A scanner sends whatever the label holds, so one code is looked up every way it could be read; the
caller resolves the lookups against the catalog and refuses a code that names no product or several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ordertower.domain.catalog.barcodes import validate_gtin
from ordertower.domain.catalog.errors import InvalidBarcode
from ordertower.domain.errors import InvalidInput

MAX_CODE_LENGTH = 64
_FNSKU = re.compile(r"[A-Z0-9]{1,10}")
_GTIN_LENGTHS = frozenset({8, 12, 13, 14})


class UnknownCode(InvalidInput):
    code = "unknown_code"


class AmbiguousCode(InvalidInput):
    code = "ambiguous_code"


@dataclass(frozen=True, slots=True)
class ScanLookup:
    """The ways to read one scanned code."""

    code: str  # as scanned, without surrounding blanks
    gtin14: str | None  # a valid GS1 barcode, as its 14-digit form
    fnsku: str | None  # upper-cased, when it could be an FNSKU
    barcode_problem: str | None  # why digits that look like a barcode are not a valid one

    @property
    def sku(self) -> str:
        return self.code


def read_scan(scanned: str, *, field: str = "code") -> ScanLookup:
    """Every reading of a scanned code; refuse an empty or over-long one."""
    code = scanned.strip()
    if not code:
        raise InvalidInput("Scan a barcode, or type a SKU or FNSKU.", field=field)
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidInput(
            f"A scanned code has at most {MAX_CODE_LENGTH} characters; this one has {len(code)}.",
            field=field,
        )
    gtin14 = problem = None
    if code.isascii() and code.isdigit() and len(code) in _GTIN_LENGTHS:
        try:
            gtin14 = validate_gtin(code).gtin14
        except InvalidBarcode as error:
            problem = error.message
    upper = code.upper()
    return ScanLookup(code, gtin14, upper if _FNSKU.fullmatch(upper) else None, problem)


def unknown_code(lookup: ScanLookup, *, field: str = "code") -> UnknownCode:
    """The refusal for a code that names no product of the merchant."""
    hint = f" ({lookup.barcode_problem})" if lookup.barcode_problem else ""
    return UnknownCode(
        f"{lookup.code!r} is not a barcode, FNSKU or SKU of any of this merchant's products"
        f"{hint}. Check the label, or type the SKU.",
        field=field,
    )


def ambiguous_code(lookup: ScanLookup, skus: list[str], *, field: str = "code") -> AmbiguousCode:
    """The refusal for a code that names several products: the person must type the SKU."""
    listed = ", ".join(sorted(skus))
    return AmbiguousCode(
        f"{lookup.code!r} matches several products ({listed}); type the SKU instead.",
        field=field,
    )
