"""The product file's layout: its columns, the header row, and how cells are spelled."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .product_csv_checks import RowError

COLUMNS: tuple[str, ...] = (
    "sku",
    "title",
    "barcodes",
    "asin",
    "fnsku",
    "length",
    "width",
    "height",
    "dimension_unit",
    "weight",
    "weight_unit",
    "uom",
    "case_pack_qty",
    "cost",
    "currency",
    "blocked",
    "blocked_reason",
    "bundle_components",
    "prep_category",
    "prep_types",
    "expiration_dated",
    "fragile",
    "liquid",
    "hazmat",
    "prep_notes",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("sku", "title")
LIST_SEPARATOR = "|"  # between barcodes, bundle components, prep types
QUANTITY_SEPARATOR = "*"  # between a component's SKU and its quantity
# A leading = + - @ makes spreadsheets run the cell as a formula; a ' in front keeps it text.
_FORMULA_START = re.compile(r"'*[=+\-@]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@]")
_COLUMN_BY_FIELD = {
    "dimensions.unit": "dimension_unit",
    "weight.value": "weight",
    "weight.unit": "weight_unit",
    "prep.category": "prep_category",
    "prep.notes": "prep_notes",
}
_INDEX = re.compile(r"\[\d+\]")


def escape_cell(value: str) -> str:
    return "'" + value if _FORMULA_START.match(value) else value


def unescape_cell(value: str) -> str:
    return value[1:] if _ESCAPED_FORMULA.match(value) else value


def column_for_field(field: str) -> str:
    """The column holding a ProductSpec field path: `dimensions.length` → `length`."""
    path = _INDEX.sub("", field)
    if path in _COLUMN_BY_FIELD:
        return _COLUMN_BY_FIELD[path]
    head, _, tail = path.partition(".")
    return tail if head in ("dimensions", "prep") else head


@dataclass(frozen=True, slots=True)
class Header:
    """Where each known column sits; `ignored` positions were already reported as bad columns."""

    columns: dict[int, str]
    ignored: frozenset[int]

    def cells(self, row: int, record: Sequence[str]) -> tuple[dict[str, str], list[RowError]]:
        """The row's cells by column name, and an error for each value under no column."""
        cells = {name: record[index] for index, name in self.columns.items() if index < len(record)}
        stray = [
            index
            for index, value in enumerate(record)
            if value.strip() and index not in self.columns and index not in self.ignored
        ]
        if not stray:
            return cells, []
        message = (
            f"Row has a value in column {stray[0] + 1}, which has no header; "
            "name the column in the header or remove the value."
        )
        return cells, [RowError(row, "", "value_without_column", message)]


def read_header(record: Sequence[str]) -> tuple[Header, list[RowError]]:
    """The header's columns, and an error for each unknown, repeated or missing column."""
    columns: dict[int, str] = {}
    ignored: set[int] = set()
    errors: list[RowError] = []
    for index, raw in enumerate(record):
        name = raw.strip().lower()
        if name in columns.values():
            message = f"Column {name} appears twice in the header; keep one."
            errors.append(RowError(1, name, "duplicate_column", message))
            ignored.add(index)
        elif name in COLUMNS:
            columns[index] = name
        elif name:
            message = f"Column {raw.strip()!r} is not a product column; use: {', '.join(COLUMNS)}."
            errors.append(RowError(1, raw.strip(), "unknown_column", message))
            ignored.add(index)
    for name in REQUIRED_COLUMNS:
        if name not in columns.values():
            message = f"Column {name} is missing from the header; every file needs sku and title."
            errors.append(RowError(1, name, "missing_column", message))
    return Header(columns, frozenset(ignored)), errors
