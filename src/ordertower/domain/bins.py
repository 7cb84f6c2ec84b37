"""Bins inside a warehouse zone: codes, scannable barcodes, pick-path sort keys and generated grids."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import FieldProblem, FieldsInvalid
from .field_rules import code_problems, normalise_code

BARCODE_MAX_LENGTH = 64
SORT_KEY_MAX_LENGTH = 64
GRID_MAX_BINS = 5_000
GRID_MAX_PARTS = 5
SEPARATORS = ("-", "_", "")
# Code 128 prints these and every scanner types them back unchanged (no spaces, no lower case).
_BARCODE = re.compile(r"[A-Z0-9][A-Z0-9./-]*")
_PRODUCT_GTIN_LENGTHS = frozenset({8, 12, 13, 14})
_AMAZON_ID = re.compile(r"[XB]0[A-Z0-9]{8}")  # FNSKU (X0…) or ASIN (B0…)
_NUMBERED = re.compile(r"([A-Z]*)([0-9]+)")
_PART = re.compile(r"[A-Z0-9]+")


class BinInvalid(FieldsInvalid):
    code = "bin_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"The bins are not valid: {listed}{more}", problems)


def barcode_problems(field: str, barcode: str) -> list[FieldProblem]:
    """A bin barcode is scanned at the same stations as products, so it must never look like one."""
    if not barcode:
        return [FieldProblem(field, "required", "Give the bin a barcode.")]
    if len(barcode) > BARCODE_MAX_LENGTH or not _BARCODE.fullmatch(barcode):
        return [
            FieldProblem(
                field,
                "invalid_barcode",
                f"Use 1 to {BARCODE_MAX_LENGTH} of A–Z, 0–9, '-', '.' and '/' (no spaces).",
            )
        ]
    if (barcode.isdigit() and len(barcode) in _PRODUCT_GTIN_LENGTHS) or _AMAZON_ID.fullmatch(
        barcode
    ):
        return [
            FieldProblem(
                field,
                "looks_like_product_barcode",
                f"{barcode} could be read as a product's UPC/EAN/GTIN, FNSKU or ASIN; add letters "
                "or a dash, e.g. the warehouse code as a prefix.",
            )
        ]
    return []


def default_barcode(location_code: str, bin_code: str) -> str:
    """The barcode printed when none is given: unique because location codes are."""
    return f"{location_code}-{bin_code}"


def pick_path_key(code: str) -> str:
    """Sorts bins in walking order: numbers compare as numbers (A2 before A10)."""
    return re.sub(r"[0-9]+", lambda m: m.group().zfill(6), code)[:SORT_KEY_MAX_LENGTH]


@dataclass(frozen=True, slots=True, kw_only=True)
class BinSpec:
    code: str
    barcode: str | None = None  # None: the location code and the bin code
    sort_key: str | None = None  # None: the code, with numbers compared as numbers


def checked_bin(
    spec: BinSpec, *, location_code: str, prefix: str = ""
) -> tuple[BinSpec, list[FieldProblem]]:
    """The spec with its defaults filled in, and what is wrong with it."""
    code = normalise_code(spec.code)
    barcode = normalise_code(spec.barcode) if spec.barcode else default_barcode(location_code, code)
    sort_key = spec.sort_key.strip() if spec.sort_key else pick_path_key(code)
    problems = code_problems(f"{prefix}code", code)
    if not problems:
        problems += barcode_problems(f"{prefix}barcode", barcode)
    if not sort_key or len(sort_key) > SORT_KEY_MAX_LENGTH:
        problems.append(
            FieldProblem(
                f"{prefix}sort_key",
                "invalid_sort_key",
                f"Use 1 to {SORT_KEY_MAX_LENGTH} characters.",
            )
        )
    return BinSpec(code=code, barcode=barcode, sort_key=sort_key), problems


@dataclass(frozen=True, slots=True)
class BinRange:
    """One part of generated bin codes: `A01`–`A10`, `1`–`4`, `A`–`D`, or a fixed `R` (no end)."""

    start: str
    end: str | None = None


def _range_values(part: BinRange, field: str) -> tuple[list[str], list[FieldProblem]]:
    start = normalise_code(part.start)
    end = normalise_code(part.end) if part.end else start
    bad_range = FieldProblem(
        field,
        "invalid_range",
        f"{start}–{end} is not a range: use the same letters then numbers (A01 to A10), "
        "numbers (1 to 4) or single letters (A to D), counting upwards.",
    )
    if not _PART.fullmatch(start) or not _PART.fullmatch(end):
        return [], [FieldProblem(field, "invalid_range", "Use only A–Z and 0–9 in a range.")]
    if start == end:
        return [start], []
    first, last = _NUMBERED.fullmatch(start), _NUMBERED.fullmatch(end)
    if first and last and first.group(1) == last.group(1):
        low, high, width = int(first.group(2)), int(last.group(2)), len(first.group(2))
        if low > high or high - low >= GRID_MAX_BINS:
            return [], [bad_range] if low > high else [_too_many(field)]
        return [f"{first.group(1)}{n:0{width}d}" for n in range(low, high + 1)], []
    if len(start) == len(end) == 1 and start.isalpha() and end.isalpha() and start < end:
        return [chr(c) for c in range(ord(start), ord(end) + 1)], []
    return [], [bad_range]


def _too_many(field: str) -> FieldProblem:
    return FieldProblem(field, "too_many_bins", f"Create at most {GRID_MAX_BINS} bins at a time.")


def grid_codes(parts: Sequence[BinRange], *, separator: str = "-") -> list[str]:
    """Every code of the grid, in walking order (first part slowest): A01-1, A01-2, … A10-4."""
    problems: list[FieldProblem] = []
    if not 1 <= len(parts) <= GRID_MAX_PARTS:
        problems.append(
            FieldProblem(
                "parts", "invalid_parts", f"Give 1 to {GRID_MAX_PARTS} parts (e.g. aisle, level)."
            )
        )
    if separator not in SEPARATORS:
        problems.append(FieldProblem("separator", "invalid_separator", "Use '-', '_' or nothing."))
    values: list[list[str]] = []
    for index, part in enumerate(parts[:GRID_MAX_PARTS]):
        found, part_problems = _range_values(part, f"parts[{index}]")
        values.append(found)
        problems += part_problems
    if not problems and math.prod(len(v) for v in values) > GRID_MAX_BINS:
        problems.append(_too_many("parts"))
    if problems:
        raise BinInvalid(problems)
    codes = [""]
    for part_values in values:
        codes = [
            f"{code}{separator}{value}" if code else value
            for code in codes
            for value in part_values
        ]
    return codes
